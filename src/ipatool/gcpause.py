"""Pausing Python's cyclic garbage collector around work that makes many objects and no cycles.

Reading thousands of transcripts, decoding the cache and converting tables to JSON each make
millions of short- or long-lived objects that hold no reference cycles; collections triggered
by them walk every live object again and again, for nothing (a quarter to a half of the time).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection inside the block; the collector is left as it was found."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
