"""Writing the other store's points and votes into this one, a transaction's share at a
time, and the dots over a budget or a cap once they are in."""

import uuid

from sqlalchemy import Connection, delete, func, insert, select, update

from workshopkit.store.bulk.other_stores import batches
from workshopkit.store.bulk.other_stores.batches import MergeReport, Step, short
from workshopkit.store.bulk.other_stores.last_change_wins import merge_row
from workshopkit.store.bulk.other_stores.tables import TABLES, by_ids, rows_by_id


def renumber_losers(breakout_id: uuid.UUID, letter: str) -> Step:
    """Step 2 of a merge: the points that lose their number, each taking the next number
    after the largest in the breakout at the time."""

    def step(connection, rev, chunk, theirs, report) -> bool:
        point = TABLES["point"]
        # The next numbers now, not as planned: a point captured meanwhile keeps its own.
        top = connection.execute(
            select(func.max(point.c.number)).where(point.c.breakout_id == breakout_id)
        ).scalar_one()
        top = top or 0
        mine = by_ids(connection, point, [row_id for row_id, _claim in chunk])
        numbered = []
        for row_id, claim in chunk:
            top += 1
            text = (mine.get(row_id) or theirs[row_id])["text"]
            report.moved.append(
                f"{letter}{claim} '{short(text)}' is now {letter}{top} ({letter}{claim} was taken)."
            )
            numbered.append((row_id, top))
        return write_points(connection, rev, numbered, theirs, report, mine)

    return step


def write_points(
    connection: Connection,
    rev: int,
    items: list[tuple[uuid.UUID, int | None]],
    theirs: dict[uuid.UUID, dict],
    report: MergeReport,
    mine: dict[uuid.UUID, dict] | None = None,
) -> bool:
    """Bring in points: (id, number), None for the number it has (here, or there when it
    is new). Returns whether anything was written."""
    table = TABLES["point"]
    if mine is None:
        mine = by_ids(connection, table, [row_id for row_id, _number in items])
    new, wrote = [], False
    for row_id, number in items:
        row, their = mine.get(row_id), theirs.get(row_id)
        if row is None:
            new.append(dict(their, rev=rev) | ({} if number is None else {"number": number}))
            report.added["points"] += 1
            continue
        moved = row if number is None else dict(row, number=number)
        merged = moved
        if their is not None:
            merged = merge_row("point", moved, their)
            # A number moved, and nothing else: the row is as merged, as it always was.
            counter = report.unchanged if merged == moved else report.updated
            counter["points"] += 1
        changes = {name: value for name, value in merged.items() if row[name] != value}
        if changes:
            changes["rev"] = rev
            connection.execute(update(table).where(table.c.id == row_id).values(**changes))
            wrote = True
    if new:
        connection.execute(insert(table), new)
    return wrote or bool(new)


def write_votes(
    connection: Connection,
    rev: int,
    items: list[tuple[uuid.UUID, None]],
    theirs: dict[uuid.UUID, dict],
    report: MergeReport,
) -> bool:
    """Bring in votes. One row per point and voter: when both stores have one, the row
    changed last stands for both."""
    table = TABLES["vote"]
    ids = [row_id for row_id, _none in items]
    mine = by_ids(connection, table, ids)
    points = list({theirs[i]["point_id"] for i in ids if i not in mine})
    pairs = {}
    for start in range(0, len(points), batches._STEP):
        chunk = points[start : start + batches._STEP]
        for row in rows_by_id(connection, table, table.c.point_id.in_(chunk)).values():
            pairs[(row["point_id"], row["voter"])] = row
    new, wrote = [], False
    for row_id in ids:
        their, row = theirs[row_id], mine.get(row_id)
        if row is not None:
            merged = merge_row("vote", row, their)
            if merged == row:
                report.unchanged["votes"] += 1
                continue
            changes = {name: value for name, value in merged.items() if row[name] != value}
            connection.execute(update(table).where(table.c.id == row_id).values(**changes, rev=rev))
            report.updated["votes"] += 1
            wrote = True
            continue
        here = pairs.get((their["point_id"], their["voter"]))
        if here is not None:
            if (here["updated_at"], str(here["id"])) > (their["updated_at"], str(row_id)):
                report.skipped.append(
                    f"{their['voter']}'s dots on one point were in two vote rows; "
                    "the one changed last was kept."
                )
                continue
            connection.execute(delete(table).where(table.c.id == here["id"]))
            wrote = True
        new.append(dict(their, rev=rev))
        report.added["votes"] += 1
    if new:
        connection.execute(insert(table), new)
    return wrote or bool(new)


def excess(connection: Connection, workshop_ids: list[uuid.UUID]) -> list[str]:
    """Dots over a point's cap, then over a voter's budget in a breakout, once merged."""
    workshop, breakout = TABLES["workshop"], TABLES["breakout"]
    point, vote = TABLES["point"], TABLES["vote"]

    def counted(*columns):
        return (
            select(*columns)
            .join_from(vote, point, point.c.id == vote.c.point_id)
            .join(breakout, breakout.c.id == point.c.breakout_id)
            .join(workshop, workshop.c.id == breakout.c.workshop_id)
            .where(
                workshop.c.id.in_(workshop_ids),
                vote.c.deleted_at.is_(None),
                point.c.deleted_at.is_(None),
                vote.c.dots > 0,
            )
        )

    found = []
    capped = connection.execute(
        counted(
            workshop.c.id,
            workshop.c.cap_per_point,
            breakout.c.letter,
            point.c.number,
            vote.c.voter,
            vote.c.dots,
        ).where(vote.c.dots > workshop.c.cap_per_point)
    ).all()
    for row in sorted(
        capped, key=lambda r: (str(r.id), len(r.letter), r.letter, r.number, r.voter)
    ):
        found.append(
            f"{row.voter} has {row.dots} dots on {row.letter}{row.number}, "
            f"{row.dots - row.cap_per_point} over the cap of {row.cap_per_point}."
        )
    total = func.sum(vote.c.dots).label("dots")
    keys = (
        workshop.c.id,
        workshop.c.slug,
        workshop.c.dots_per_voter,
        breakout.c.letter,
        vote.c.voter,
    )
    spent = connection.execute(
        counted(*keys, total).group_by(*keys).having(total > workshop.c.dots_per_voter)
    ).all()
    # Ordered as they always were: by (workshop id, letter, voter) and dots, as text.
    for row in sorted(spent, key=lambda r: str(((r.id, r.letter, r.voter), r.dots))):
        allowed = row.dots_per_voter
        found.append(
            f"{row.voter} has {row.dots} dots in breakout {row.letter} of {row.slug}, "
            f"{row.dots - allowed} over the {allowed} allowed."
        )
    return found
