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
from datetime import UTC, date, datetime
from pathlib import Path

from workshopkit.core.kinds import Kind
from workshopkit.core.room import RoomState
from workshopkit.core.views import BreakoutView, PointView, WorkshopView
from workshopkit.store.version import SCHEMA_VERSION


def _when(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value).replace(tzinfo=UTC)


def _workshop_row(connection: sqlite3.Connection, key: str) -> sqlite3.Row | None:
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
            connection.row_factory = sqlite3.Row
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
    workshop = _workshop_row(connection, key)
    if workshop is None:
        return None
    breakouts = connection.execute(
        "SELECT * FROM breakout WHERE workshop_id = ? AND deleted_at IS NULL "
        "ORDER BY length(letter), letter",
        (workshop["id"],),
    ).fetchall()
    letters = {b["id"]: b["letter"] for b in breakouts}
    voters: dict[str, list[tuple[str, int]]] = {}
    for vote in connection.execute(
        "SELECT vote.point_id, vote.voter, vote.dots FROM vote JOIN point "
        "ON point.id = vote.point_id JOIN breakout ON breakout.id = point.breakout_id "
        "WHERE breakout.workshop_id = ? AND vote.deleted_at IS NULL AND vote.dots > 0 "
        "ORDER BY vote.voter",
        (workshop["id"],),
    ):
        voters.setdefault(vote["point_id"], []).append((vote["voter"], vote["dots"]))
    points: dict[str, list[PointView]] = {b["id"]: [] for b in breakouts}
    for row in connection.execute(
        "SELECT point.* FROM point JOIN breakout ON breakout.id = point.breakout_id "
        "WHERE breakout.workshop_id = ? AND breakout.deleted_at IS NULL "
        "AND point.deleted_at IS NULL ORDER BY point.number",
        (workshop["id"],),
    ):
        mine = tuple(voters.get(row["id"], ()))
        letter = letters[row["breakout_id"]]
        points[row["breakout_id"]].append(
            PointView(
                id=uuid.UUID(row["id"]),
                ref=f"{letter}{row['number']}",
                letter=letter,
                number=row["number"],
                text=row["text"],
                kind=Kind(row["kind"]),
                owner=row["owner"],
                due=row["due"],
                due_date=date.fromisoformat(row["due_date"]) if row["due_date"] else None,
                themes=tuple(row["themes"].split()),
                tally=row["tally"],
                dots=sum(dots for _, dots in mine),
                voters=mine,
                captured_by=row["captured_by"],
                created_at=_when(row["created_at"]),
                updated_at=_when(row["updated_at"]),
                changed_by=row["changed_by"],
                deleted=False,
                score=row["score"],
                done_at=_when(row["done_at"]) if row["done_at"] else None,
                carried_from=row["carried_from"],
                absorbed=row["absorbed"],
                plan_ref=row["plan_ref"],
                status=row["status"],
                status_at=_when(row["status_at"]) if row["status_at"] else None,
                progress=row["progress"],
            )
        )
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
