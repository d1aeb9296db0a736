"""The four tables a merge brings across, and this store's rows of them by id."""

import uuid
from collections.abc import Iterable

from sqlalchemy import Connection, Table, select

from workshopkit.store.bulk.other_stores import batches
from workshopkit.store.models import Breakout, Point, Vote, Workshop

TABLES: dict[str, Table] = {
    "workshop": Workshop.__table__,
    "breakout": Breakout.__table__,
    "point": Point.__table__,
    "vote": Vote.__table__,
}


def rows_by_id(connection: Connection, table: Table, *where) -> dict[uuid.UUID, dict]:
    return {
        row["id"]: dict(row) for row in connection.execute(select(table).where(*where)).mappings()
    }


def by_ids(connection: Connection, table: Table, ids: Iterable[uuid.UUID]) -> dict:
    """The rows of ``ids``, a sane number of ids per IN (…) list."""
    ids, found = list(ids), {}
    for start in range(0, len(ids), batches._STEP):
        found.update(
            rows_by_id(connection, table, table.c.id.in_(ids[start : start + batches._STEP]))
        )
    return found
