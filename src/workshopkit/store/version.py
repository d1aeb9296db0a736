"""The store's schema version, in a module light enough for the fast start-up path."""

SCHEMA_VERSION = 8
