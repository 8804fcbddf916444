"""The original CIIP question bank: data files, their schema, loader and linter."""
