"""The core of workshopkit: models, capture language, voting, store and export.

Nothing in this package imports Textual, so the CLI, the tests and any future
front end can use it without paying for the UI.
"""
