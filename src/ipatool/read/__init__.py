"""Reading a study: YAML with positions, the models of each file, shape errors, the loaded
study, the loader and the cache of read transcripts."""
