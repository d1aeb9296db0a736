"""What the store's modules need of the Store (its transactions, who is writing), those
transactions, and how a write that met another writer is run again."""

import functools
import random
import sqlite3
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any, Protocol

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from workshopkit.core.errors import StoreError
from workshopkit.store.schema import DAMAGED, Location, describe_error, is_busy, next_revision


class StoreCore(Protocol):
    """The Store as its modules see it: a read, a write at the next revision, the stamp
    every changed row carries, and the fast insert path of SQLite."""

    location: Location
    user: str
    _engine: Engine
    _inserter: Any

    def _read(self) -> AbstractContextManager[Connection]: ...

    def _write(self) -> AbstractContextManager[Connection]: ...

    def _stamp(self, connection: Connection) -> dict: ...


class Busy(StoreError):
    """Another writer held the store; the write changed nothing and may be run again."""


@contextmanager
def reading(engine: Engine, location: Location) -> Iterator[Connection]:
    """``Store._read``: a connection to read with; its errors name the store."""
    try:
        with engine.connect() as connection:
            yield connection
    # sqlite3's own errors: a SQLite store's workshop is read through sqlite3 directly.
    except (SQLAlchemyError, sqlite3.Error) as error:
        raise StoreError(f"Could not read {location}: {describe_error(error)}.") from None
    except ValueError as error:
        raise _unreadable(f"Could not read {location}", error) from None


@contextmanager
def writing(writer: Engine, location: Location) -> Iterator[Connection]:
    """``Store._write``: a write transaction at the store's next revision."""
    try:
        with writer.begin() as connection:
            connection.info["wk_rev"] = next_revision(connection)
            yield connection
    except SQLAlchemyError as error:
        if is_busy(error):
            raise Busy(str(location)) from None
        raise StoreError(
            f"Could not save to {location} (nothing was changed): {describe_error(error)}."
        ) from None
    except ValueError as error:
        message = f"Could not save to {location} (nothing was changed)"
        raise _unreadable(message, error) from None


def _unreadable(what: str, error: ValueError) -> StoreError:
    """A row that no longer reads as its type (a bad UUID, say) means damage."""
    return StoreError(f"{what}: a stored value is unreadable ({error}). {DAMAGED}.")


WRITE_ATTEMPTS = 6


def retrying(method):
    """Run a write again (after a short random pause) when another writer was in the way.

    A write is one transaction that either committed or changed nothing, so running it
    again is safe. The busy timeout covers ordinary queues; this covers the rest (a
    PostgreSQL serialization failure, a SQLite lock that the timeout cannot wait out).
    """

    @functools.wraps(method)
    def wrapper(self: StoreCore, *args, **kwargs):
        for attempt in range(WRITE_ATTEMPTS):
            try:
                return method(self, *args, **kwargs)
            except Busy:
                if attempt == WRITE_ATTEMPTS - 1:
                    break
                time.sleep(random.uniform(0.01, 0.05) * 2**attempt)
        raise StoreError(
            f"The store {self.location} stayed busy with other people's saves; "
            "nothing was changed. Try again."
        )

    return wrapper
