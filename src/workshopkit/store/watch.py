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


class CommitNotices:
    """PostgreSQL: each write announces itself as it commits (``schema.next_revision``);
    ``wait`` returns as soon as one has. A look for changes can then follow another's
    commit at once, instead of at the next of its regular looks.

    One connection of its own, in autocommit, that only listens. If it cannot be made,
    ``open_notices`` returns None and the regular looks carry on alone.
    """

    def __init__(self, connection) -> None:
        self._connection = connection

    def wait(self, timeout: float) -> bool:
        """True once at least one commit was announced (all announced so far are taken),
        False when ``timeout`` seconds passed without one."""
        import psycopg  # the driver of every PostgreSQL store

        try:
            heard = any(True for _ in self._connection.notifies(timeout=timeout, stop_after=1))
            if heard:  # the rest of a burst: one look reads them all
                for _ in self._connection.notifies(timeout=0):
                    pass
        except psycopg.Error:
            return False  # the connection was lost: the regular looks go on
        return heard

    def close(self) -> None:
        self._connection.close()


def open_notices(url, channel: str) -> CommitNotices | None:
    """Listen on the store's ``channel`` (an SQL expression naming it) of the PostgreSQL
    database at ``url`` (a SQLAlchemy URL)."""
    import psycopg  # the driver of every PostgreSQL store

    conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        connection = psycopg.connect(conninfo, autocommit=True, connect_timeout=5)
        (name,) = connection.execute(f"SELECT {channel}").fetchone()
        connection.execute(f'LISTEN "{name}"')  # letters and hex digits
    except psycopg.Error:
        return None
    return CommitNotices(connection)
