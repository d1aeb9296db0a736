"""Noticing, cheaply, that someone has written to the store.

Open screens ask several times a second. On SQLite the answer comes from ``PRAGMA
data_version`` on one connection of its own that never writes: the number changes when
any other connection (another process, or this one's store) commits, and asking costs no
disk read. On other engines the store's revision counter is read instead.
"""

import sqlite3
from typing import Protocol


class _Revisioned(Protocol):
    def revision(self) -> int: ...


class ChangeWatcher:
    """``changed()`` is True the first time, then whenever a write committed since."""

    def __init__(self, store: _Revisioned, sqlite_path=None) -> None:
        self._store = store
        self._connection = None
        if sqlite_path is not None:
            # Autocommit, so that every PRAGMA sees the latest commit.
            self._connection = sqlite3.connect(
                sqlite_path, isolation_level=None, check_same_thread=False, timeout=5
            )
        self._seen: int | None = None

    def changed(self) -> bool:
        if self._connection is not None:
            version = self._connection.execute("PRAGMA data_version").fetchone()[0]
        else:
            version = self._store.revision()
        changed, self._seen = version != self._seen, version
        return changed

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
