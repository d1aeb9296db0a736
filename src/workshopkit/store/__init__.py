"""The store: the only package that speaks SQL.

The engine and its PRAGMAs, the schema and its migrations, the fast standard-library read
and insert paths the terminal UI starts on, one module per thing stored, the merge of
another store, the folding of duplicate points and the writing of imports. ``Store`` in
``facade`` is the one door the CLI and the UI use. This file imports nothing: the UI's
first screen reads through ``sqlite_read`` before the database layer has loaded.
"""
