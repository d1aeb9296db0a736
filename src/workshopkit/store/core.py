"""What the store's modules need of the Store (its transactions, who is writing) and how
a write that met another writer is run again."""

import functools
import random
import time
from contextlib import AbstractContextManager
from typing import Any, Protocol

from sqlalchemy import Connection, Engine

from workshopkit.core.errors import StoreError
from workshopkit.store.schema import Location


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
