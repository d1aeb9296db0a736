"""Turning rows into the plain values the store hands out, and captured points into rows."""

import json
import uuid
from datetime import datetime

from sqlalchemy import Row

from workshopkit.core.capture import Captured
from workshopkit.core.dates import due_date
from workshopkit.core.kinds import KIND_OF_VALUE
from workshopkit.core.room import RoomState
from workshopkit.core.views import BreakoutView, PointView, WorkshopView


def point_view(
    row: Row, letter: str, voters: tuple[tuple[str, int], ...] = (), rev: int = 0
) -> PointView:
    """A point row (with its voters) as a plain value, read or written at revision ``rev``
    (0: not known)."""
    # Voters by name in code point order, as SQLite compares text. Not ORDER BY: that
    # follows the database's collation, which on PostgreSQL is often a language's.
    voters = tuple(sorted(voters))
    return PointView(
        id=row.id,
        ref=f"{letter}{row.number}",
        letter=letter,
        number=row.number,
        text=row.text,
        kind=KIND_OF_VALUE[row.kind],
        owner=row.owner,
        due=row.due,
        due_date=row.due_date,
        themes=tuple(row.themes.split()),
        tally=row.tally,
        dots=sum(dots for _, dots in voters),
        voters=voters,
        captured_by=row.captured_by,
        created_at=row.created_at,
        updated_at=row.updated_at,
        changed_by=row.changed_by,
        deleted=row.deleted_at is not None,
        score=row.score,
        done_at=row.done_at,
        carried_from=row.carried_from,
        absorbed=row.absorbed,
        plan_ref=row.plan_ref,
        status=row.status,
        status_at=row.status_at,
        progress=row.progress,
        rev=rev,
    )


def breakout_view(row: Row, points: tuple[PointView, ...] = ()) -> BreakoutView:
    """A breakout row as a plain value."""
    return BreakoutView(
        row.id,
        row.letter,
        row.title,
        row.prompt,
        points,
        timer_minutes=row.timer_minutes,
        timer_ends_at=row.timer_ends_at,
        blind=bool(row.blind),
        rev=row.rev or 0,
    )


def workshop_view(row: Row, breakouts: tuple[BreakoutView, ...] = (), rev: int = 0) -> WorkshopView:
    """A workshop row as a plain value."""
    return WorkshopView(
        id=row.id,
        slug=row.slug,
        title=row.title,
        date=row.date,
        venue=row.venue,
        dots_per_voter=row.dots_per_voter,
        cap_per_point=row.cap_per_point,
        created_at=row.created_at,
        updated_at=row.updated_at,
        breakouts=breakouts,
        rev=rev,
        template=row.template,
        room=RoomState.from_columns(row._mapping),
    )


def new_point_row(breakout_id: uuid.UUID, by: str, now: datetime) -> dict:
    """The columns of a new point row before anything is said of it: the one place the
    defaults of a point are written down, for a capture, an import and a carry alike."""
    return {
        "id": uuid.uuid4(),
        "breakout_id": breakout_id,
        "tally": 0,
        "captured_by": by,
        "created_at": now,
        "updated_at": now,
        "changed_by": by,
        "deleted_at": None,
        "field_times": "",
        "score": None,
        "done_at": None,
        "carried_from": None,
        "merged_into": None,
        "absorbed": "",
        "plan_ref": None,
        "status": "open",
        "status_at": None,
        "progress": None,
    }


def point_values(captured: Captured) -> dict:
    """The columns a captured point sets."""
    return {
        "text": captured.text,
        "kind": captured.kind.value,
        "owner": captured.owner,
        "due": captured.due,
        "due_date": due_date(captured.due) if captured.due else None,
        "themes": " ".join(captured.themes),
        "score": captured.score,
    }


class Values:
    """Attribute access over a dict, so a just-inserted row builds a view like a read one."""

    def __init__(self, values: dict) -> None:
        self.__dict__.update(values)


# Fields set only together with another one: they carry no time of their own, and a
# merge takes them from whichever copy won the field they follow.
FOLLOWERS = {"due_date": "due", "status_at": "status"}


def field_times(row: Row, values: dict, now: datetime) -> str:
    """``row``'s field times with every field that ``values`` changes stamped ``now``.

    Merging two copies of a store keeps, field by field, the value changed last; a field
    never changed since the row was made counts from ``created_at``.
    """
    times = json.loads(row.field_times or "{}")
    stamp = now.isoformat()
    for name, value in values.items():
        if name not in FOLLOWERS and getattr(row, name) != value:
            times[name] = stamp
    # "" when nothing has changed, as a new row has it: two copies compare equal.
    return json.dumps(times, sort_keys=True, separators=(",", ":")) if times else ""
