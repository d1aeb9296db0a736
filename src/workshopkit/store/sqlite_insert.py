"""Inserting captured points: the hot path of every Enter in the capture bar.

On SQLite the statement runs straight on the pooled driver connection: one
``INSERT … SELECT max(number) + 1 … RETURNING number`` per point inside ``BEGIN
IMMEDIATE``. Going through SQLAlchemy's execution machinery for the same statement costs
about as much again as the commit's own disk sync on a fast disk, and the capture bar's
budget is twice a raw insert. Values are converted by the columns' own SQLAlchemy types,
so rows written here read back exactly like any other.
"""

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, PoolProxiedConnection, bindparam, event, func, insert, select

from workshopkit.store.models import Point

_COLUMNS = [c for c in Point.__table__.columns if c.name != "number"]
_NEXT_REVISION = "UPDATE wk_revision SET rev = rev + 1 WHERE id = 1 RETURNING rev"


class SqlitePointInserter:
    """Insert points on a SQLite engine, numbering them in the same statement."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._held: PoolProxiedConnection | None = None
        self._lock = threading.Lock()
        # The Store's close disposes of the engine: the kept connection goes with it.
        event.listen(engine, "engine_disposed", lambda _engine: self.close())
        dialect = engine.dialect
        self._processors: list[tuple[str, Callable | None]] = [
            (c.name, c.type.dialect_impl(dialect).bind_processor(dialect)) for c in _COLUMNS
        ]
        names = ", ".join(f'"{c.name}"' for c in _COLUMNS)
        marks = ", ".join("?" for _ in _COLUMNS)
        self._sql = (
            f"INSERT INTO point ({names}, number) SELECT {marks}, coalesce(max(number), 0) + 1 "
            "FROM point WHERE breakout_id = ? RETURNING number"
        )
        breakout_type = Point.__table__.c.breakout_id.type
        self._breakout_id = breakout_type.dialect_impl(dialect).bind_processor(dialect)

    @contextmanager
    def transaction(self) -> Iterator[Callable[[dict], int]]:
        """A write transaction; yields ``insert(values) -> number``. Commits on exit."""
        # One connection is kept for captures: checking one out of the pool and back in
        # (with its reset) was a sixth of an Enter's time. Another thread capturing
        # meanwhile takes one from the pool as before.
        held = self._lock.acquire(blocking=False)
        try:
            if held and self._held is None:
                self._held = self._engine.raw_connection()
            connection = self._held if held else self._engine.raw_connection()
            try:
                yield from self._in_transaction(connection)
            except sqlite3.Error:
                if held:  # a connection that failed is not kept
                    self._held, failed = None, connection
                    failed.invalidate()
                raise
            finally:
                if not held:
                    connection.close()
        finally:
            if held:
                self._lock.release()

    def _in_transaction(self, connection) -> Iterator[Callable[[dict], int]]:
        cursor = connection.cursor()
        cursor.execute("BEGIN IMMEDIATE")
        try:
            # The store's next revision, as every write takes it (see schema.next_revision).
            rev = cursor.execute(_NEXT_REVISION).fetchone()[0]
            yield lambda values: self._insert(cursor, {**values, "rev": rev})
            cursor.execute("COMMIT")
        except BaseException:
            if connection.driver_connection.in_transaction:
                cursor.execute("ROLLBACK")
            raise

    def close(self) -> None:
        """Give back the connection kept for captures (the Store is closing)."""
        with self._lock:
            held, self._held = self._held, None
        if held is not None:
            # The pool is gone by now: closed there, it would stay open (and a copy of
            # the file made next could miss what its write-ahead log holds).
            held.detach()
            held.close()

    def _insert(self, cursor: sqlite3.Cursor, values: dict) -> int:
        params = [
            process(values[name]) if process else values[name] for name, process in self._processors
        ]
        breakout = values["breakout_id"]
        params.append(self._breakout_id(breakout) if self._breakout_id else breakout)
        return cursor.execute(self._sql, params).fetchone()[0]


# The portable form, for PostgreSQL and anything else SQLAlchemy speaks.
NEXT_NUMBER = select(func.coalesce(func.max(Point.number), 0)).where(
    Point.breakout_id == bindparam("breakout_id")
)
INSERT_POINT = insert(Point.__table__)
