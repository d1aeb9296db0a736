"""Reading a workshop from a SQLite store with the standard library alone.

The TUI draws a breakout's points before the database layer has loaded (importing
SQLAlchemy and SQLModel takes over half a second). This reads the same rows through
``sqlite3``, read-only, and builds the same values as ``Store.workshop``; a test keeps
the two equal. Anything out of the ordinary (another schema version, a file that is not
a store, an unclear workshop name, a lock) gives None, and the caller asks the Store,
which explains the problem properly.
"""

import contextlib
import sqlite3
import uuid
from datetime import date, datetime
from pathlib import Path

from workshopkit.core.kinds import KIND_OF_VALUE
from workshopkit.core.room import RoomState
from workshopkit.core.views import BreakoutView, PointView, WorkshopView
from workshopkit.store.version import SCHEMA_VERSION


def _when(value: str | None) -> datetime | None:
    # Stored as naive UTC; one parse of the string with its offset is quicker than two steps.
    return None if value is None else datetime.fromisoformat(value + "+00:00")


def _workshop_row(connection: sqlite3.Cursor, key: str) -> sqlite3.Row | None:
    key = key.strip().lower()
    live = "SELECT * FROM workshop WHERE deleted_at IS NULL AND "
    exact = connection.execute(live + "slug = ?", (key,)).fetchone()
    if exact is not None or not key:
        return exact
    pattern = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    matches = connection.execute(live + "slug LIKE ? ESCAPE '\\'", (pattern,)).fetchall()
    # LIKE ignores case for ASCII only; slugs are lowercase ASCII, so this is startswith.
    return matches[0] if len(matches) == 1 else None


def read_workshop(path: Path, key: str) -> WorkshopView | None:
    """The workshop ``key`` names, as ``Store.workshop`` returns it; None if unsure."""
    if not path.is_file():
        return None
    with contextlib.suppress(sqlite3.Error, OSError, ValueError, KeyError):
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=2)
        try:
            return _read(connection, key)
        finally:
            connection.close()
    return None


def _read(connection: sqlite3.Connection, key: str) -> WorkshopView | None:
    version = connection.execute(
        "SELECT value FROM wk_meta WHERE key = 'schema_version'"
    ).fetchone()
    if version is None or version[0] != str(SCHEMA_VERSION):
        return None
    # Read first, as the Store does: a write committed during this read shows up as newer.
    rev = connection.execute("SELECT rev FROM wk_revision WHERE id = 1").fetchone()[0]
    return read_in(connection, key, rev)


def read_in(connection: sqlite3.Connection, key: str, rev: int) -> WorkshopView | None:
    """The workshop ``key`` names, read on ``connection`` (in the caller's transaction,
    if it has begun one) and stamped with revision ``rev``; None if ``key`` is unclear.

    ``Store.workshop`` reads a SQLite store this way too: it builds ten thousand points
    in about a third of the time SQLAlchemy's typed rows take.
    """
    cursor = connection.cursor()
    cursor.row_factory = sqlite3.Row
    workshop = _workshop_row(cursor, key)
    if workshop is None:
        return None
    breakouts = cursor.execute(
        "SELECT * FROM breakout WHERE workshop_id = ? AND deleted_at IS NULL "
        "ORDER BY length(letter), letter",
        (workshop["id"],),
    ).fetchall()
    letters = {b["id"]: b["letter"] for b in breakouts}
    voters: dict[str, list[tuple[str, int]]] = {}
    plain = connection.cursor()  # tuples: the many rows below are read by position
    for point_id, voter, dots in plain.execute(
        "SELECT vote.point_id, vote.voter, vote.dots FROM vote JOIN point "
        "ON point.id = vote.point_id JOIN breakout ON breakout.id = point.breakout_id "
        "WHERE breakout.workshop_id = ? AND vote.deleted_at IS NULL AND vote.dots > 0 "
        "ORDER BY vote.voter",
        (workshop["id"],),
    ):
        voters.setdefault(point_id, []).append((voter, dots))
    points: dict[str, list[PointView]] = {b["id"]: [] for b in breakouts}
    rows = plain.execute(_POINTS, (workshop["id"],)).fetchall()
    for row in rows:
        mine = tuple(voters.get(row[0], ()))
        letter = letters[row[1]]
        points[row[1]].append(_point(row, letter, mine))
    return WorkshopView(
        id=uuid.UUID(workshop["id"]),
        slug=workshop["slug"],
        title=workshop["title"],
        date=workshop["date"],
        venue=workshop["venue"],
        dots_per_voter=workshop["dots_per_voter"],
        cap_per_point=workshop["cap_per_point"],
        created_at=_when(workshop["created_at"]),
        updated_at=_when(workshop["updated_at"]),
        breakouts=tuple(
            BreakoutView(
                uuid.UUID(b["id"]),
                b["letter"],
                b["title"],
                b["prompt"],
                tuple(points[b["id"]]),
                timer_minutes=b["timer_minutes"],
                timer_ends_at=_when(b["timer_ends_at"]) if b["timer_ends_at"] else None,
                blind=bool(b["blind"]),
            )
            for b in breakouts
        ),
        rev=rev,
        template=workshop["template"],
        room=RoomState.from_columns(workshop),
    )


# The columns ``_point`` reads, by position.
_POINTS = (
    "SELECT point.id, point.breakout_id, point.number, point.text, point.kind, point.owner, "
    "point.due, point.due_date, point.themes, point.tally, point.captured_by, "
    "point.created_at, point.updated_at, point.changed_by, point.score, point.done_at, "
    "point.carried_from, point.absorbed, point.plan_ref, point.status, point.status_at, "
    "point.progress FROM point JOIN breakout ON breakout.id = point.breakout_id "
    "WHERE breakout.workshop_id = ? AND breakout.deleted_at IS NULL "
    "AND point.deleted_at IS NULL ORDER BY point.number"
)


def _point(row: tuple, letter: str, voters: tuple[tuple[str, int], ...]) -> PointView:
    (
        point_id,
        _,
        number,
        text,
        kind,
        owner,
        due,
        due_day,
        themes,
        tally,
        captured_by,
        created_at,
        updated_at,
        changed_by,
        score,
        done_at,
        carried_from,
        absorbed,
        plan_ref,
        status,
        status_at,
        progress,
    ) = row
    return PointView(
        uuid.UUID(point_id),
        f"{letter}{number}",
        letter,
        number,
        text,
        KIND_OF_VALUE[kind],
        owner,
        due,
        date.fromisoformat(due_day) if due_day else None,
        tuple(themes.split()),
        tally,
        sum(dots for _, dots in voters),
        voters,
        captured_by,
        _when(created_at),
        _when(updated_at),
        changed_by,
        False,
        score,
        _when(done_at),
        carried_from,
        absorbed,
        plan_ref,
        status,
        _when(status_at),
        progress,
    )
