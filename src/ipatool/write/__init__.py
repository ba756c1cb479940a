"""Writing study files: YAML out with comments kept, ``fmt``, ``init``'s scaffold and the
JSON Schema."""
