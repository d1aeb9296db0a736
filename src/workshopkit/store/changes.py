"""What changed since a revision: the feed open screens read to show others' saves."""

import uuid

from sqlalchemy import Connection, bindparam, select

from workshopkit.core.views import (
    Changes,
    PointView,
)
from workshopkit.store import schema
from workshopkit.store.core import StoreCore
from workshopkit.store.models import Breakout, Point, Vote, Workshop
from workshopkit.store.row_views import (
    breakout_view,
    point_view,
    workshop_view,
)
from workshopkit.store.watch import ChangeWatcher, CommitNotices, open_notices

# Built once, with bound parameters: an open screen or the room asks ten times a second.
_WORKSHOP = select(Workshop).where(Workshop.id == bindparam("workshop"))
_BREAKOUTS = select(Breakout).where(Breakout.workshop_id == bindparam("workshop"))
_CHANGED_POINTS = (
    select(Point.id)
    .join(Breakout, Breakout.id == Point.breakout_id)
    .where(Breakout.workshop_id == bindparam("workshop"), Point.rev > bindparam("since"))
)
_CHANGED_VOTES = (
    select(Vote.point_id)
    .join(Point, Point.id == Vote.point_id)
    .join(Breakout, Breakout.id == Point.breakout_id)
    .where(Breakout.workshop_id == bindparam("workshop"), Vote.rev > bindparam("since"))
)
_VOTES_ON = select(Vote.point_id, Vote.voter, Vote.dots).where(
    Vote.point_id.in_(bindparam("ids", expanding=True)),
    Vote.deleted_at.is_(None),
    Vote.dots > 0,
)
_POINTS = select(Point).where(Point.id.in_(bindparam("ids", expanding=True)))


def watcher(store: "StoreCore") -> ChangeWatcher:
    """A cheap way to ask, again and again, whether anyone has written since."""
    return ChangeWatcher(store, store.location.path)


def commit_notices(store: "StoreCore") -> CommitNotices | None:
    """PostgreSQL: a way to wait for another's commit (None on SQLite, whose looks are
    cheap enough to make ten times a second)."""
    if store.location.path is not None:
        return None
    return open_notices(store.location.url, schema.COMMIT_CHANNEL)


def revision(store: "StoreCore") -> int:
    """The revision of the store's last committed write."""
    with store._read() as connection:
        return schema.current_revision(connection)


def changes(store: "StoreCore", workshop_id: uuid.UUID, since: int) -> Changes:
    """What was written to one workshop after revision ``since``: for open screens.

    Only rows written after ``since`` are read, so a 10,000-point breakout costs no
    more than a small one. The revision is read first: a write that commits while this
    reads comes again next time rather than being missed.
    """
    with store._read() as connection:
        rev = schema.current_revision(connection)
        if rev <= since:
            return Changes(rev)
        asked = {"workshop": workshop_id, "since": since}
        workshop = connection.execute(_WORKSHOP, asked).one_or_none()
        if workshop is None:
            return Changes(rev)
        breakouts = connection.execute(_BREAKOUTS, asked).all()
        letters = {b.id: b.letter for b in breakouts}
        ids = set(connection.execute(_CHANGED_POINTS, asked).scalars())
        ids.update(connection.execute(_CHANGED_VOTES, asked).scalars())
        points = points_by_id(store, connection, sorted(ids), letters, rev)
    return Changes(
        rev,
        workshop=workshop_view(workshop, rev=rev) if workshop.rev > since else None,
        breakouts=tuple(
            breakout_view(b) for b in breakouts if b.rev > since and b.deleted_at is None
        ),
        points=tuple(points),
    )


def points_by_id(
    store: "StoreCore",
    connection: Connection,
    ids: list[uuid.UUID],
    letters: dict[uuid.UUID, str],
    rev: int = 0,
) -> list[PointView]:
    views: list[PointView] = []
    for start in range(0, len(ids), 500):  # keeps each IN (…) list a sane size
        chunk = ids[start : start + 500]
        voters: dict[uuid.UUID, list[tuple[str, int]]] = {}
        for vote in connection.execute(_VOTES_ON, {"ids": chunk}):
            voters.setdefault(vote.point_id, []).append((vote.voter, vote.dots))
        for row in connection.execute(_POINTS, {"ids": chunk}):
            letter = letters.get(row.breakout_id)
            if letter is not None:
                views.append(point_view(row, letter, tuple(voters.get(row.id, ())), rev))
    return sorted(views, key=lambda p: (p.letter, p.number))
