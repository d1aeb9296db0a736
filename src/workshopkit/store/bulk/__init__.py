"""Writes of many rows at once, each in short transactions others can save between:
merging another store, folding duplicate points, writing an import, the demo workshop."""
