"""Finding rows by what people type: a workshop by slug or its start, a breakout by
letter or title, a point by ref; and loading a whole workshop as plain values."""

import re
import uuid

from sqlalchemy import Connection, Row, bindparam, func, select

from workshopkit.core.errors import Ambiguous, NotFound
from workshopkit.core.text import one_line, slugify
from workshopkit.core.views import (
    PointView,
    WorkshopView,
)
from workshopkit.store.models import Breakout, Point, Vote, Workshop
from workshopkit.store.row_views import (
    breakout_view,
    point_view,
    workshop_view,
)

_REF = re.compile(r"([A-Za-z]+)(\d+)")


# Built once, with bound parameters: the statements a room's taps run hundreds of times a
# second, which would otherwise be built and keyed for the cache anew every time.
_LIVE_WORKSHOPS = select(Workshop).where(Workshop.deleted_at.is_(None))
_WORKSHOP_BY_SLUG = _LIVE_WORKSHOPS.where(Workshop.slug == bindparam("slug"))
_POINT_BY_REF = (
    select(Point)
    .join(Breakout, Breakout.id == Point.breakout_id)
    .where(
        Breakout.workshop_id == bindparam("workshop"),
        Breakout.letter == bindparam("letter"),
        Breakout.deleted_at.is_(None),
        Point.number == bindparam("number"),
    )
)
_VOTES_ON_POINT = select(Vote.voter, Vote.dots).where(
    Vote.point_id == bindparam("point"), Vote.deleted_at.is_(None), Vote.dots > 0
)


def find_workshop(connection: Connection, key: str) -> Row:
    key = one_line(key).lower()  # slugs are lowercase; "Harbour-Day" means harbour-day
    live = _LIVE_WORKSHOPS
    exact = connection.execute(_WORKSHOP_BY_SLUG, {"slug": key}).first()
    if exact is not None:
        return exact
    # Sorted here, not by ORDER BY, whose order follows the database's collation.
    matches = sorted(
        connection.execute(live.where(Workshop.slug.startswith(key, autoescape=True))),
        key=lambda m: m.slug,
    )
    if not key or not matches:
        raise NotFound(f"No workshop '{key}'. See the list with: workshopkit list")
    if len(matches) > 1:
        slugs = ", ".join(m.slug for m in matches[:5])
        raise Ambiguous(f"'{key}' matches several workshops ({slugs}); type more of it.")
    return matches[0]


def load_workshop(
    connection: Connection, workshop: Row, with_deleted: bool, rev: int = 0
) -> WorkshopView:
    breakouts = connection.execute(
        select(Breakout)
        .where(Breakout.workshop_id == workshop.id, Breakout.deleted_at.is_(None))
        .order_by(func.length(Breakout.letter), Breakout.letter)
    ).all()
    ids = [b.id for b in breakouts]
    point_query = select(Point).where(Point.breakout_id.in_(ids)).order_by(Point.number)
    if not with_deleted:
        point_query = point_query.where(Point.deleted_at.is_(None))
    points = connection.execute(point_query).all()
    votes = connection.execute(
        select(Vote.point_id, Vote.voter, Vote.dots)
        .join(Point, Point.id == Vote.point_id)
        .where(
            Point.breakout_id.in_(ids),
            Vote.deleted_at.is_(None),
            Vote.dots > 0,
        )
    ).all()
    voters: dict[uuid.UUID, list[tuple[str, int]]] = {}
    for vote in votes:
        voters.setdefault(vote.point_id, []).append((vote.voter, vote.dots))
    by_breakout: dict[uuid.UUID, list[PointView]] = {b.id: [] for b in breakouts}
    letters = {b.id: b.letter for b in breakouts}
    for point in points:
        view = point_view(point, letters[point.breakout_id], tuple(voters.get(point.id, ())))
        by_breakout[point.breakout_id].append(view)
    return workshop_view(
        workshop, tuple(breakout_view(b, tuple(by_breakout[b.id])) for b in breakouts), rev
    )


def find_breakout(connection: Connection, workshop: Row, key: str) -> Row:
    key = one_line(key)
    rows = connection.execute(
        select(Breakout)
        .where(Breakout.workshop_id == workshop.id, Breakout.deleted_at.is_(None))
        .order_by(Breakout.letter)
    ).all()
    for row in rows:
        if row.letter == key.upper():
            return row
    matches = [r for r in rows if key and r.title.casefold().startswith(key.casefold())]
    if len(matches) == 1:
        return matches[0]
    letters = ", ".join(f"{r.letter} {r.title}" for r in rows) or "none yet"
    if matches:
        raise Ambiguous(f"'{key}' matches several breakouts; use a letter ({letters}).")
    raise NotFound(f"No breakout '{key}' in {workshop.slug}; breakouts: {letters}.")


def find_point(
    connection: Connection, workshop: str | Row, ref: str, allow_deleted: bool = False
) -> tuple[Row, str]:
    """A point by ref in ``workshop``: what was typed, or its row already found."""
    workshop_row = workshop if isinstance(workshop, Row) else find_workshop(connection, workshop)
    match = _REF.fullmatch(one_line(ref))
    if not match:
        raise NotFound(f"'{one_line(ref)}' is not a ref; refs look like A1 or B7.")
    letter, number = match[1].upper(), int(match[2])
    where = {"workshop": workshop_row.id, "letter": letter, "number": number}
    row = connection.execute(_POINT_BY_REF, where).first()
    if row is None:
        raise NotFound(f"No point {letter}{number} in {workshop_row.slug}.")
    if row.deleted_at is not None and not allow_deleted:
        raise NotFound(
            f"{letter}{number} was deleted; bring it back with: "
            f"workshopkit restore {workshop_row.slug} {letter}{number}"
        )
    return row, letter


def point_with_votes(connection: Connection, row: Row, letter: str) -> PointView:
    votes = connection.execute(_VOTES_ON_POINT, {"point": row.id}).all()
    # Written in this transaction: at its revision. Read: not known.
    rev = connection.info.get("wk_rev", 0)
    return point_view(row, letter, tuple((v.voter, v.dots) for v in votes), rev)


def free_slug(connection: Connection, title: str) -> str:
    """``title``'s slug, or the first of ``slug-2``, ``slug-3``… not taken in the store.

    Tombstoned workshops keep their slugs: a restored one must find its own.
    """
    base = slugify(title)
    taken = set(
        connection.execute(
            select(Workshop.slug).where(Workshop.slug.startswith(base, autoescape=True))
        ).scalars()
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug
