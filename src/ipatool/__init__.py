"""ipatool: check and render qualitative (IPA / thematic analysis) studies kept as YAML in git."""

__version__ = "0.1.0"
