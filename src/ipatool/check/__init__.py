"""Checking a study: every rule, single-file (:mod:`~ipatool.check.transcripts`) and cross-file
(one module per family, listed in :mod:`~ipatool.check.registry`), the quote matcher, the
de-identification scan and the orchestrator (:mod:`~ipatool.check.validate`).

Kept empty, so that importing one part (the de-identification scan, say) does not import them all.
"""
