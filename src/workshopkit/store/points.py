"""Points: capturing them (one transaction for many), editing, tagging, deleting,
restoring and marking actions done, and finding near-duplicates among a workshop's."""

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Row, select, update

from workshopkit.core import dupes
from workshopkit.core.capture import Captured, parse, theme_word
from workshopkit.core.carry import (
    DONE,
    STATUSES,
    read_status,
)
from workshopkit.core.dates import due_date
from workshopkit.core.errors import StoreError, WorkshopkitError
from workshopkit.core.kinds import Kind, parse_kind
from workshopkit.core.text import one_line
from workshopkit.core.views import (
    BreakoutView,
    PointView,
)
from workshopkit.store import lookup, schema, workshops
from workshopkit.store.core import Busy, StoreCore
from workshopkit.store.models import Point, utcnow
from workshopkit.store.row_views import (
    Values,
    field_times,
    new_point_row,
    point_values,
    point_view,
)
from workshopkit.store.sqlite_insert import INSERT_POINT, NEXT_NUMBER

if TYPE_CHECKING:
    from workshopkit.core.dupes import Pair


def add_point(store: "StoreCore", breakout: BreakoutView, point: str | Captured) -> PointView:
    """Capture one point; returns it once committed. See ``add_points``."""
    return store.add_points(breakout, [point])[0]


def add_points(
    store: "StoreCore",
    breakout: BreakoutView,
    points: Iterable[str | Captured],
    by: str | None = None,
) -> list[PointView]:
    """Capture several points in one transaction: all are saved, or none.

    A point is a text in the capture language, or what ``parse`` already made of one
    (the capture bar parses as it is typed, and hands that over rather than the text).
    ``by``: who captured them, when not the store's user (a phone in the room).
    """
    parsed = [point if isinstance(point, Captured) else parse(point) for point in points]
    for captured in parsed:
        require_text(captured)
    rows = []
    with insert_transaction(store) as insert_point:
        for captured in parsed:
            values = new_point_row(breakout.id, by or store.user, utcnow()) | point_values(captured)
            values["number"] = insert_point(values)
            rows.append(values)
    return [point_view(Values(v), breakout.letter) for v in rows]


@contextmanager
def insert_transaction(store: "StoreCore") -> Iterator[Callable[[dict], int]]:
    """A write transaction that numbers and inserts points (fast path on SQLite)."""
    if store._inserter is None:
        with store._write() as connection:

            def insert_point(values: dict) -> int:
                values["rev"] = connection.info["wk_rev"]
                number = connection.execute(
                    NEXT_NUMBER, {"breakout_id": values["breakout_id"]}
                ).scalar_one()
                connection.execute(INSERT_POINT, {**values, "number": number + 1})
                return number + 1

            yield insert_point
        return
    try:
        with store._inserter.transaction() as insert_point:
            yield insert_point
    except sqlite3.Error as error:
        if schema.is_busy(error):
            raise Busy(str(store.location)) from None
        raise StoreError(
            f"Could not save to {store.location} (nothing was changed): "
            f"{schema.describe_error(error)}."
        ) from None


def point(store: "StoreCore", workshop: str, ref: str) -> PointView:
    """One point by ref, deleted or not."""
    with store._read() as connection:
        row, letter = lookup.find_point(connection, workshop, ref, allow_deleted=True)
        return lookup.point_with_votes(connection, row, letter)


def find_duplicates(store: "StoreCore", workshop: str, threshold: float | None) -> "list[Pair]":
    """Near-duplicate pairs among a workshop's live points; see ``dupes.py``."""
    threshold = dupes.check_threshold(dupes.THRESHOLD if threshold is None else threshold)
    return dupes.find_duplicates(workshops.workshop(store, workshop).points, threshold)


def update_point(
    store: "StoreCore", connection: Connection, row: Row, letter: str, **values
) -> PointView:
    stamp = store._stamp(connection)
    times = field_times(row, values, stamp["updated_at"])
    connection.execute(
        update(Point).where(Point.id == row.id).values(**values, **stamp, field_times=times)
    )
    fresh = connection.execute(select(Point).where(Point.id == row.id)).one()
    return lookup.point_with_votes(connection, fresh, letter)


def edit_point(store: "StoreCore", workshop: str, ref: str, text: str) -> PointView:
    """Replace a point's text and tags with ``text`` in the capture language."""
    captured = parse(text)
    require_text(captured)
    with store._write() as connection:
        row, letter = lookup.find_point(connection, workshop, ref)
        return update_point(store, connection, row, letter, **point_values(captured))


def tag_point(
    store: "StoreCore",
    workshop: str,
    ref: str,
    kind: str | None = None,
    owner: str | None = None,
    due: str | None = None,
    themes: Iterable[str] = (),
) -> PointView:
    """Change a point's tags. ``owner``/``due`` of "" clear them; themes are added."""
    values: dict = {}
    if kind is not None:
        found = parse_kind(kind)
        if found is None:
            names = ", ".join(k.value for k in Kind)
            raise WorkshopkitError(f"'{one_line(kind)}' is not a kind; use one of {names}.")
        values["kind"] = found.value
    if owner is not None:
        values["owner"] = one_line(owner) or None
    if due is not None:
        values["due"] = one_line(due) or None
        values["due_date"] = due_date(values["due"]) if values["due"] else None
    new_themes = []
    for theme in themes:
        word = theme_word(one_line(theme))
        if word is None:
            raise WorkshopkitError(
                f"'{one_line(theme)}' is not a theme: one word starting with a letter, "
                "and not a kind (use --kind for that)."
            )
        new_themes.append(word)
    with store._write() as connection:
        row, letter = lookup.find_point(connection, workshop, ref)
        if new_themes:
            merged = row.themes.split()
            known = {t.casefold() for t in merged}  # a set: a pasted 100 KB stays linear
            for word in new_themes:
                if word.casefold() not in known:
                    known.add(word.casefold())
                    merged.append(word)
            values["themes"] = " ".join(merged)
        return update_point(store, connection, row, letter, **values)


def delete_point(store: "StoreCore", workshop: str, ref: str) -> PointView:
    """Tombstone a point. Its ref is never reused; ``restore_point`` brings it back."""
    with store._write() as connection:
        row, letter = lookup.find_point(connection, workshop, ref)
        return update_point(store, connection, row, letter, deleted_at=utcnow())


def restore_point(store: "StoreCore", workshop: str, ref: str) -> PointView:
    """Bring a deleted point back, with its tags and votes."""
    with store._write() as connection:
        row, letter = lookup.find_point(connection, workshop, ref, allow_deleted=True)
        if row.deleted_at is None:
            raise WorkshopkitError(f"{letter}{row.number} is not deleted; nothing to restore.")
        if row.merged_into is not None:  # its dots and tags live on in the kept point
            slug = lookup.find_workshop(connection, workshop).slug
            raise WorkshopkitError(
                f"{letter}{row.number} was merged into another point as a duplicate; put "
                f"it back with: workshopkit dupes {slug} --undo {letter}{row.number}"
            )
        return update_point(store, connection, row, letter, deleted_at=None)


def set_status(
    store: "StoreCore", workshop: str, ref: str, status: str, note: str | None = None
) -> PointView:
    """Say where an action stands (one of ``STATUSES``), since now, and with ``note``
    its progress note ("" clears it; None keeps it)."""
    chosen = read_status(status)
    if chosen is None:
        raise WorkshopkitError(
            f"'{one_line(status)}' is not a status; use one of: {', '.join(STATUSES)}."
        )
    with store._write() as connection:
        row, letter = lookup.find_point(connection, workshop, ref)
        shown = f"{letter}{row.number}"
        if row.kind != Kind.NEXT.value:
            raise WorkshopkitError(
                f"{shown} is a {row.kind}, not a next step: only actions have a status "
                "(tag it #next first)."
            )
        values: dict = {}
        if chosen != row.status:
            now = utcnow()
            values.update(status=chosen, status_at=now, done_at=now if chosen == DONE else None)
        if note is not None and (one_line(note) or None) != row.progress:
            values["progress"] = one_line(note) or None
        if not values:
            raise WorkshopkitError(f"{shown} is already {chosen}; nothing was changed.")
        return update_point(store, connection, row, letter, **values)


def require_text(captured: Captured) -> None:
    if not captured.text.strip():
        raise WorkshopkitError("A point needs some text besides its tags; nothing was saved.")
