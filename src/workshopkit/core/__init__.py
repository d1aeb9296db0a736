"""workshopkit's pure rules: the capture language, kinds, refs and breakout letters,
dates, voting and ranking, templates, duplicate scoring, the rendering of exports and the
reading of imported notes.

Nothing here imports Textual, Rich, SQLAlchemy, SQLModel or sqlite3: the rules are the
same for the terminal UI, the CLI, the server and the store, and quick to test.
"""
