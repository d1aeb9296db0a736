"""Dots and room tallies, with the budget and the cap checked in the same transaction
as the write."""

import uuid

from sqlalchemy import Connection, Row, bindparam, insert, select, update

from workshopkit.core.errors import WorkshopkitError
from workshopkit.core.room import RoomRefused
from workshopkit.core.text import one_line
from workshopkit.core.views import (
    PointView,
    VoteResult,
)
from workshopkit.core.voting import (
    VoteRules,
    check_add_dot,
    check_remove_dot,
    check_tally,
    voter_key,
)
from workshopkit.store import lookup, points
from workshopkit.store.core import StoreCore
from workshopkit.store.models import Point, Vote, utcnow
from workshopkit.store.row_views import (
    field_times,
)

# Built once, with bound parameters: a room of phones places hundreds of dots a second,
# and building and keying these statements anew cost more than running them.
_LIVE_IN_BREAKOUT = (
    Point.breakout_id == bindparam("breakout"),
    Point.deleted_at.is_(None),
    Vote.deleted_at.is_(None),
)
_ON_POINTS = select(Vote.voter).join(Point, Point.id == Vote.point_id)
_VOTER_NAMES = _ON_POINTS.where(*_LIVE_IN_BREAKOUT).distinct()
_VOTES_OF_VOTER = _ON_POINTS.with_only_columns(
    Vote.id, Vote.point_id, Vote.dots, Vote.field_times
).where(*_LIVE_IN_BREAKOUT, Vote.voter == bindparam("voter"))
_NEW_VOTE = insert(Vote.__table__)
_SET_DOTS = update(Vote.__table__).where(Vote.__table__.c.id == bindparam("vote"))


def vote(
    store: "StoreCore",
    workshop: str,
    ref: str,
    voter: str,
    remove: bool = False,
    from_room: bool = False,
) -> VoteResult:
    """Place (or take back) one dot of ``voter`` on a point, within budget and cap.
    ``from_room``: a phone's dot, refused unless the room is open and voting on the
    point's breakout, checked in the same transaction."""
    voter = _voter_named(voter)
    with store._write() as connection:
        workshop_row = lookup.find_workshop(connection, workshop)
        return _vote_in(store, connection, workshop_row, ref, voter, remove, from_room)


def votes_together(
    store: "StoreCore", workshop: str, dots: list[tuple[str, str, bool]], from_room: bool
) -> list[VoteResult | WorkshopkitError]:
    """Several voters' dots, each (ref, voter, remove), in one transaction: for a room of
    phones tapping at once. Each is checked as ``vote`` checks one, in order, against
    the ones before it; a refused dot changes nothing and is answered with its refusal,
    and the others are saved."""
    results: list[VoteResult | WorkshopkitError] = []
    with store._write() as connection:
        workshop_row = lookup.find_workshop(connection, workshop)
        for ref, voter, remove in dots:
            try:
                voter = _voter_named(voter)
                results.append(
                    _vote_in(store, connection, workshop_row, ref, voter, remove, from_room)
                )
            except WorkshopkitError as refused:  # refused before it wrote anything
                results.append(refused)
    return results


def _voter_named(voter: str) -> str:
    voter = one_line(voter)
    if not voter:
        raise WorkshopkitError("A vote needs a voter's name (--voter NAME).")
    return voter


def _vote_in(
    store: "StoreCore",
    connection: Connection,
    workshop_row: Row,
    ref: str,
    voter: str,
    remove: bool,
    from_room: bool,
) -> VoteResult:
    """One dot, in a write transaction: every check comes before the one write."""
    row, letter = lookup.find_point(connection, workshop_row, ref)
    if from_room:
        check_room_vote(workshop_row, letter)
    mine = connection.execute(_VOTES_OF_VOTER, {"breakout": row.breakout_id, "voter": voter})
    mine = mine.all()
    if not mine and not from_room:
        # "sam" and "Sam" are one voter: keep the spelling first used. Names, not rows:
        # a breakout a whole room voted in holds a thousand votes. A phone's name is
        # spelled by the room itself, with its number, the same at every tap.
        key = voter_key(voter)
        names = connection.execute(_VOTER_NAMES, {"breakout": row.breakout_id}).scalars()
        spelled = next((name for name in names if voter_key(name) == key), voter)
        if spelled != voter:
            voter = spelled
            where = {"breakout": row.breakout_id, "voter": voter}
            mine = connection.execute(_VOTES_OF_VOTER, where).all()
    used = sum(v.dots for v in mine)
    existing = next((v for v in mine if v.point_id == row.id), None)
    on_point = existing.dots if existing else 0
    rules = VoteRules(workshop_row.dots_per_voter, workshop_row.cap_per_point)
    ref_text = f"{letter}{row.number}"
    if remove:
        check_remove_dot(voter, ref_text, on_point)
        on_point, used = on_point - 1, used - 1
    else:
        check_add_dot(rules, voter, ref_text, letter, used, on_point)
        on_point, used = on_point + 1, used + 1
    if existing is None:
        connection.execute(
            _NEW_VOTE,
            {
                "id": uuid.uuid4(),
                "point_id": row.id,
                "voter": voter,
                "dots": on_point,
                "created_at": utcnow(),
                **store._stamp(connection),
            },
        )
    else:
        stamp = store._stamp(connection)
        times = field_times(existing, {"dots": on_point}, stamp["updated_at"])
        values = {"dots": on_point, "field_times": times, **stamp}
        connection.execute(_SET_DOTS, {"vote": existing.id, **values})
    point = lookup.point_with_votes(connection, row, letter)
    return VoteResult(point, voter, on_point, rules.dots_per_voter - used)


def check_room_vote(workshop: Row, letter: str) -> None:
    if not workshop.room_open:
        raise RoomRefused("The room is closed: ask the facilitator to open it.")
    if letter != workshop.room_letter:
        raise RoomRefused(f"Breakout {letter} is not on the room now; reload to see what is.")
    if not workshop.room_voting:
        raise RoomRefused("Voting is closed: the facilitator opens it when the room is ready.")


def set_tally(store: "StoreCore", workshop: str, ref: str, count: int) -> PointView:
    """Set the room tally (a counted show of hands) of a point."""
    check_tally(count)
    with store._write() as connection:
        row, letter = lookup.find_point(connection, workshop, ref)
        return points.update_point(store, connection, row, letter, tally=count)
