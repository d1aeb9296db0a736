"""Where the store is: ``--db`` wins, then ``WORKSHOPKIT_DB``, then a file under sessions/.

The one reading of those, used by the store's engine and, before the database layer has
loaded, by the first screen and the draft of the bar.
"""

import os
from pathlib import Path

DEFAULT_FILE = Path("sessions") / "workshopkit.db"


def chosen_store(db: str | None) -> str:
    """The ``--db`` value, else ``WORKSHOPKIT_DB``; "" when neither is set."""
    return db or os.environ.get("WORKSHOPKIT_DB") or ""


def sqlite_file(db: str | None) -> Path | None:
    """The SQLite file a ``--db`` value (or ``WORKSHOPKIT_DB``) names; None for a URL."""
    chosen = chosen_store(db)
    if chosen.startswith("sqlite:///") and len(chosen) > len("sqlite:///"):
        chosen = chosen[len("sqlite:///") :]  # sqlite:///a.db is a.db, sqlite:////a.db is /a.db
    if "://" in chosen:
        return None
    return Path(chosen).expanduser() if chosen else DEFAULT_FILE
