"""REFI-QDA exchange: export a study as a .qdpx project or .qdc codebook, import a .qdpx project."""
