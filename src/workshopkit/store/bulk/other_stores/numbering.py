"""Numbering a breakout's points once merged, worked out before anything is written (the
rules are in ``merge.py``)."""

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Connection, select

from workshopkit.store.bulk.other_stores.reading import OtherStore
from workshopkit.store.bulk.other_stores.tables import TABLES


@dataclass
class Numbers:
    """How the points of one breakout are numbered once merged (see ``merge.py``)."""

    losers: list[tuple[uuid.UUID, int]] = field(default_factory=list)  # (id, number it
    # claimed), in order of creation: each takes the next number when it is placed
    raises: list[tuple[uuid.UUID, int]] = field(default_factory=list)  # (id, number):
    # this store's copies that an earlier merge moved elsewhere, highest first
    top: tuple[uuid.UUID, int] | None = None  # the point that keeps the highest number


def number_points(
    mine: dict[uuid.UUID, tuple[int, datetime]], theirs: dict[uuid.UUID, tuple[int, datetime]]
) -> Numbers:
    """The collision rule on one breakout's points of both stores: (number, created)."""
    claims = {row_id: value for row_id, value in theirs.items() if row_id not in mine}
    for row_id, (number, created) in mine.items():
        # The same point numbered differently here and there: an earlier merge moved it
        # in one copy; moves only go up, so the larger number is the later one.
        there = theirs.get(row_id)
        claims[row_id] = (max(number, there[0]) if there else number, created)
    numbers = Numbers()
    holders: dict[int, uuid.UUID] = {}
    for row_id in sorted(claims, key=lambda i: (claims[i][1], str(i))):
        number = claims[row_id][0]
        if number in holders:
            numbers.losers.append((row_id, number))
        else:
            holders[number] = row_id
    lost = {row_id for row_id, _ in numbers.losers}
    numbers.raises = sorted(
        (
            (row_id, claims[row_id][0])
            for row_id, (number, _created) in mine.items()
            if row_id not in lost and claims[row_id][0] != number
        ),
        key=lambda item: item[1],
        reverse=True,
    )
    if holders:
        top = max(holders)
        numbers.top = (holders[top], top)
    return numbers


def plan_numbers(connection: Connection, theirs: OtherStore, breakout_id: uuid.UUID) -> Numbers:
    """How one breakout's points are numbered, from what both stores hold now."""
    point = TABLES["point"]
    columns = select(point.c.id, point.c.number, point.c.created_at).where(
        point.c.breakout_id == breakout_id
    )
    mine = {row.id: (row.number, row.created_at) for row in connection.execute(columns)}
    if not mine:  # nothing here to collide with: only the top number to keep
        top = theirs.rows(columns.order_by(point.c.number.desc()).limit(1))
        return Numbers(top=(top[0]["id"], top[0]["number"]) if top else None)
    return number_points(mine, theirs.projection(columns))
