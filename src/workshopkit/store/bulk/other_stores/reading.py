"""Reading the other store: opened read-only, read in one snapshot a page at a time, its
rows brought in as this store writes them."""

import re
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import Connection, Engine, Select, create_engine, select
from sqlalchemy.exc import SQLAlchemyError

from workshopkit.core.carry import STATUSES
from workshopkit.core.errors import StoreError
from workshopkit.core.text import clean, one_line, slugify
from workshopkit.store import schema
from workshopkit.store.bulk.other_stores import batches
from workshopkit.store.bulk.other_stores.tables import TABLES
from workshopkit.store.models import Meta


def open_other(location: schema.Location) -> Engine:
    """A read-only engine on the other store; refuses what is not a current store."""
    if location.path is not None:
        if not location.path.is_file():
            raise StoreError(f"There is no store at {location.path} to merge from.")
        version = schema.check_sqlite_file(location)  # refuses newer and foreign files
        if version is None:
            raise StoreError(f"{location.path} is an empty store; there is nothing to merge.")
        uri = f"{location.path.resolve().as_uri()}?mode=ro"
        engine = create_engine("sqlite://", creator=lambda: _read_only_sqlite(uri))
    else:
        engine = create_engine(location.url)
    try:
        with engine.connect() as connection:
            value = connection.execute(
                select(Meta.value).where(Meta.key == "schema_version")
            ).scalar_one_or_none()
    except SQLAlchemyError as error:
        engine.dispose()
        raise StoreError(
            f"Cannot read the store {location}: {schema.describe_error(error)}"
        ) from None
    if value != str(schema.SCHEMA_VERSION):
        engine.dispose()
        raise StoreError(
            f"{location} is a store of schema {value} and this workshopkit merges schema "
            f"{schema.SCHEMA_VERSION}: open it once with this workshopkit (it is backed up, "
            "then upgraded), then merge."
        )
    return engine


def _read_only_sqlite(uri: str):
    return sqlite3.connect(uri, uri=True, check_same_thread=False)


class OtherStore:
    """The other store, read in one snapshot, so that its pages add up to one state of it.

    Its errors name it, also when it is read inside a transaction of this store.
    """

    def __init__(self, connection: Connection, location: schema.Location) -> None:
        self.connection, self.location = connection, location
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN")  # the driver would read statement by statement
        else:
            connection.execution_options(isolation_level="REPEATABLE READ")

    @contextmanager
    def _reading(self) -> Iterator[None]:
        try:
            yield
        except SQLAlchemyError as error:
            raise StoreError(
                f"Cannot read the store {self.location}: {schema.describe_error(error)}"
            ) from None
        except ValueError as error:
            raise StoreError(
                f"Cannot read the store {self.location}: a stored value is unreadable ({error})."
            ) from None

    def rows(self, query: Select) -> list[dict]:
        with self._reading():
            return [dict(row) for row in self.connection.execute(query).mappings()]

    def projection(self, query: Select) -> dict[uuid.UUID, tuple[int, datetime]]:
        """(number, created) by id: what numbering a breakout needs, and no more."""
        with self._reading():
            return {row.id: (row.number, row.created_at) for row in self.connection.execute(query)}

    def by_ids(self, kind: str, ids: list[uuid.UUID]) -> dict[uuid.UUID, dict]:
        """Rows of ``ids``, as this store writes them."""
        table, found = TABLES[kind], {}
        for start in range(0, len(ids), batches._STEP):
            chunk = ids[start : start + batches._STEP]
            found.update(
                (r["id"], r) for r in self.rows(select(table).where(table.c.id.in_(chunk)))
            )
        return as_written(kind, found)

    def pages(self, kind: str, *where) -> Iterator[dict[uuid.UUID, dict]]:
        """Every row of ``kind`` that ``where`` picks, ``BATCH_ROWS`` at a time, by id."""
        table, last = TABLES[kind], None
        while True:
            query = select(table).where(*where).order_by(table.c.id).limit(batches.BATCH_ROWS)
            if last is not None:
                query = query.where(table.c.id > last)
            page = {row["id"]: row for row in self.rows(query)}
            if not page:
                return
            last = next(reversed(page))
            yield as_written(kind, page)


# The other store is a file someone handed over: it may hold what workshopkit never
# writes (an ESC or a bidi override in a title, a slug that is a path). Its text comes in
# as the store writes text: cleaned, and on one line where the store keeps one line.
_ONE_LINE = {
    "workshop": ("title", "date", "venue"),
    "breakout": ("title", "prompt"),
    "point": ("owner", "due", "carried_from", "plan_ref", "progress"),
    "vote": ("voter",),
}
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def as_written(kind: str, rows: dict[uuid.UUID, dict]) -> dict[uuid.UUID, dict]:
    for row in rows.values():
        for name in _ONE_LINE[kind]:
            if row[name] is not None:
                row[name] = one_line(row[name])
        if kind == "point":
            row["text"] = clean(row["text"])
            if row["status"] not in STATUSES:
                row["status"] = "done" if row["done_at"] else "open"
            row["themes"] = " ".join(clean(row["themes"]).split())
        if kind == "workshop" and not _SLUG.fullmatch(row["slug"]):
            row["slug"] = slugify(row["slug"])  # a slug names files: never a path
    return rows
