"""Rendering: Jinja environments per format, escaping, template lookup and the writers."""

from __future__ import annotations

from ipatool.render.core import RenderResult, prepare, render_study, write_formats
from ipatool.render.formats import FORMATS
from ipatool.render.templates import RenderError

__all__ = ["FORMATS", "RenderError", "RenderResult", "prepare", "render_study", "write_formats"]
