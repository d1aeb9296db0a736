"""Merging another store into this one: laptops that worked without a network.

Rows are matched by UUID. Field by field, the value changed last wins (``field_times``
says when each field changed; a field never changed counts from ``created_at``); a tie
goes to the larger value, so that both directions pick the same one. A deletion is a
field like the others: a deletion newer than the other copy's last change to it wins, and
a restore newer than the deletion wins.

What two laptops can both create resolves the same way whichever store is merged into
which:
- the same ref (both captured an A5): the point created first keeps it, the others take
  the next numbers after the largest in the breakout, in order of creation; a point that
  an earlier merge moved keeps its larger number;
- the same breakout letter: the same rule, with letters;
- the same slug on two different workshops: the one created later gets a numbered slug;
- the same voter's dots on the same point, kept in two vote rows: the row changed last.

Votes are unioned as they are; dots over a voter's budget or a point's cap after the
merge are kept and reported, never dropped silently.

A merge writes in short transactions (at most a few thousand rows, a fifth of a second
each), so that the people capturing into this store meanwhile get their turn between
them; the other store is read a page at a time, in one snapshot. What the rules above
settle for a whole breakout is worked out first, outside any lock, and written in this
order, each step leaving a store that a merge of the same other store completes to the
same result (a merge that was stopped, killed or out of disk is finished by running it
again):

1. one transaction: the workshops and breakouts (slugs, letters), and in each breakout
   the point with the highest number the merge keeps, so that a point captured from now
   on is numbered above everything the merge places and never has to move;
2. the points that lose their number, in order of creation, each taking the next number
   after the largest in the breakout at the time;
3. the points an earlier merge moved in one copy only, moving up, highest first;
4. every other point, then the votes.

A store of more than ``MERGE_LIMIT`` points is refused unless the merge is forced: it
runs a long while, and whoever runs it should know that first.
"""

import copy
import time
import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager
from functools import partial
from typing import Any

from sqlalchemy import Connection, Select, func, select
from sqlalchemy.exc import SQLAlchemyError

from workshopkit.core.errors import NotFound, StoreError, WorkshopkitError
from workshopkit.core.text import one_line
from workshopkit.store import lookup, schema
from workshopkit.store.bulk.other_stores import batches
from workshopkit.store.bulk.other_stores.batches import (
    MergeReport,
    Progress,
    Step,
    TooBig,
    Unchanged,
    Write,
)
from workshopkit.store.bulk.other_stores.numbering import Numbers, plan_numbers
from workshopkit.store.bulk.other_stores.points_and_votes import (
    excess,
    renumber_losers,
    write_points,
    write_votes,
)
from workshopkit.store.bulk.other_stores.reading import OtherStore, as_written, open_other
from workshopkit.store.bulk.other_stores.tables import TABLES
from workshopkit.store.bulk.other_stores.workshops_and_breakouts import Rows, Tree
from workshopkit.store.core import StoreCore


def merge_into(
    store: StoreCore,
    other: str,
    workshop: str | None,
    force: bool,
    progress: Progress | None,
) -> MergeReport:
    """``Store.merge_store``: refuse the store itself, then merge in short transactions."""
    where = schema.resolve_location(other)
    if _same_store(store.location, where):
        raise WorkshopkitError(f"{where} is this store; merge another laptop's store into it.")

    def find_workshop(connection: Connection, key: str):
        try:
            return lookup.find_workshop(connection, key)
        except NotFound:
            raise NotFound(f"No workshop '{one_line(key)}' in {where}.") from None

    return merge_store(
        store._read,
        partial(batches._write_batch, store),
        where,
        workshop,
        find_workshop,
        force,
        progress,
    )


def _same_store(mine: schema.Location, where: schema.Location) -> bool:
    if where.path is not None and mine.path is not None:
        try:
            return where.path.resolve() == mine.path.resolve() or (
                where.path.exists() and where.path.samefile(mine.path)
            )
        except OSError:
            return False
    return (
        where.path is None
        and mine.path is None
        and (
            where.url.render_as_string(hide_password=False)
            == mine.url.render_as_string(hide_password=False)
        )
    )


def merge_store(
    read: Callable[[], AbstractContextManager[Connection]],
    write: Write,
    other: schema.Location,
    key: str | None,
    find_workshop,
    force: bool = False,
    progress: Progress | None = None,
) -> MergeReport:
    """Merge the store at ``other`` (one workshop of it when ``key`` is given) into this
    store, which ``read`` opens a read transaction on and ``write`` writes to.

    Raises ``TooBig`` for a store of more than ``MERGE_LIMIT`` points unless ``force``;
    ``progress(done, total)`` hears of every transaction committed.
    """
    engine = open_other(other)
    try:
        with engine.connect() as connection:
            theirs = OtherStore(connection, other)
            ids = None if key is None else [find_workshop(connection, key).id]
            return _Merge(read, write, theirs, ids, force, progress).run()
    except SQLAlchemyError as error:
        raise StoreError(f"Cannot read the store {other}: {schema.describe_error(error)}") from None
    finally:
        engine.dispose()


class _Merge:
    def __init__(self, read, write: Write, theirs: OtherStore, ids, force: bool, progress) -> None:
        self.read, self.write, self.theirs = read, write, theirs
        self.force, self.progress = force, progress or (lambda _done, _total: None)
        self.report = MergeReport()
        self.done = self.total = 0
        self.committed = False  # once one has, a failure leaves a part-merged store
        workshop, breakout = TABLES["workshop"], TABLES["breakout"]
        where = () if ids is None else (workshop.c.id.in_(ids),)
        self.workshops = self._read_all("workshop", select(workshop).where(*where))
        self.breakouts = self._read_all(
            "breakout", select(breakout).where(breakout.c.workshop_id.in_(list(self.workshops)))
        )
        self.letters: dict[uuid.UUID, str] = {}  # breakout id → its letter once merged
        self.numbers: dict[uuid.UUID, Numbers] = {}  # breakout id → how to number it
        self.placed: set[uuid.UUID] = set()  # points written before the rest (steps 1–3)

    def _read_all(self, kind: str, query: Select) -> dict[uuid.UUID, dict]:
        return as_written(kind, {row["id"]: row for row in self.theirs.rows(query)})

    def run(self) -> MergeReport:
        point, vote = TABLES["point"], TABLES["vote"]
        in_breakouts = point.c.breakout_id.in_(list(self.breakouts))
        counts = self.theirs.rows(
            select(point.c.breakout_id, func.count().label("n"))
            .where(in_breakouts)
            .group_by(point.c.breakout_id)
        )
        points = sum(row["n"] for row in counts)
        if points > batches.MERGE_LIMIT and not self.force:
            raise TooBig(
                f"{self.theirs.location} has {points:,} points, more than the "
                f"{batches.MERGE_LIMIT:,} a merge takes unless asked: it runs a long while "
                "(others can go on working meanwhile). Add --force to merge it; nothing was "
                "changed."
            )
        their_votes = vote.c.point_id.in_(select(point.c.id).where(in_breakouts))
        votes = self.theirs.rows(select(func.count().label("n")).where(their_votes))[0]["n"]
        self.total = len(self.workshops) + len(self.breakouts) + points + votes
        self.progress(0, self.total)
        with self.read() as connection:
            # Read first: a point written after this is looked at again in step 1.
            self.since = schema.current_revision(connection)
            for row in sorted(counts, key=lambda r: self._breakout_order(r["breakout_id"])):
                self.numbers[row["breakout_id"]] = plan_numbers(
                    connection, self.theirs, row["breakout_id"]
                )
        try:
            self._first()
            for breakout_id, numbers in self.numbers.items():
                losers = [item for item in numbers.losers if item[0] not in self.placed]
                self._write_all(
                    "point", losers, renumber_losers(breakout_id, self.letters[breakout_id])
                )
                self.placed.update(row_id for row_id, _number in losers)
                raises = [item for item in numbers.raises if item[0] not in self.placed]
                self._write_all("point", raises, write_points)
                self.placed.update(row_id for row_id, _number in raises)
            for page in self.theirs.pages("point", in_breakouts):
                rest = [(row_id, None) for row_id in page if row_id not in self.placed]
                self._write_all("point", rest, write_points, page)
            for page in self.theirs.pages("vote", their_votes):
                self._write_all("vote", [(row_id, None) for row_id in page], write_votes, page)
        except StoreError as error:
            if not self.committed:
                raise
            raise StoreError(
                f"The merge stopped part way ({self.done:,} of {self.total:,} rows in). "
                f"{error} Run the same merge again: it carries on where this one stopped."
            ) from None
        with self.read() as connection:
            self.report.excess = excess(connection, list(self.workshops))
        return self.report

    def _breakout_order(self, breakout_id: uuid.UUID) -> tuple:
        """Breakouts as people read them, by workshop and letter: the order of "Moved"."""
        row = self.breakouts[breakout_id]
        return (self.workshops[row["workshop_id"]]["slug"], len(row["letter"]), row["letter"])

    # -- transactions ------------------------------------------------------------------

    def _batch(self, apply: Callable[[Connection, int], Any]) -> Any:
        try:
            result = self.write(apply)
        except Unchanged as unchanged:
            return unchanged.result
        self.committed = True
        return result

    def _tick(self, rows: int) -> None:
        self.done += rows
        self.progress(self.done, self.total)

    def _write_all(self, kind: str, items: list, step: Step, page: dict | None = None) -> None:
        """Write ``items``, (id, number) pairs, in short transactions. The other store's rows
        of them are in ``page``, or are read here ``BATCH_ROWS`` at a time, before a lock."""
        for start in range(0, len(items), batches.BATCH_ROWS):
            chunk = items[start : start + batches.BATCH_ROWS]
            theirs = page if page is not None else self.theirs.by_ids(kind, [i for i, _ in chunk])
            done = 0
            while done < len(chunk):
                done = self._transaction(chunk, done, step, theirs)

    def _transaction(self, chunk: list, start: int, step: Step, theirs: dict) -> int:
        """One write transaction: ``_STEP`` items at a time from ``start``, until
        ``BATCH_SECONDS`` have gone by. Returns where the next one starts."""

        def apply(connection: Connection, rev: int) -> tuple[int, MergeReport]:
            report, began, end, wrote = MergeReport(), time.monotonic(), start, False
            while end < len(chunk) and (
                end == start or time.monotonic() - began < batches.BATCH_SECONDS
            ):
                part = chunk[end : end + batches._STEP]
                wrote = step(connection, rev, part, theirs, report) or wrote
                end += len(part)
            if not wrote:
                raise Unchanged((end, report))
            return end, report

        end, report = self._batch(apply)
        self.report.take(report)  # only once committed: a transaction run again counts once
        self._tick(sum(1 for row_id, _number in chunk[start:end] if row_id in theirs))
        return end

    # -- 1. workshops, breakouts and the top numbers -----------------------------------

    def _first(self) -> None:
        report, self.letters, self.numbers, placed = self._batch(self._settle_first)
        self.report.take(report)
        self.placed.update(placed)
        self._tick(len(self.workshops) + len(self.breakouts) + len(placed))

    def _settle_first(self, connection: Connection, rev: int) -> tuple:
        report = MergeReport()
        # Copies: settling changes the rows, and the transaction may be run again.
        theirs = Rows(copy.deepcopy(self.workshops), copy.deepcopy(self.breakouts))
        tree = Tree(connection, rev, theirs, report)
        tree.run()
        wrote = tree.wrote
        numbers = dict(self.numbers)
        point = TABLES["point"]
        planned = point.c.breakout_id.in_(list(numbers))
        # Points captured here since the numbering was worked out: work it out again.
        for breakout_id in connection.execute(
            select(point.c.breakout_id).where(point.c.rev > self.since, planned).distinct()
        ).scalars():
            numbers[breakout_id] = plan_numbers(connection, self.theirs, breakout_id)
        highest = dict(
            connection.execute(
                select(point.c.breakout_id, func.max(point.c.number))
                .where(planned)
                .group_by(point.c.breakout_id)
            ).all()
        )
        # The top number of each breakout, unless a point here has it or a higher one.
        tops = [
            n.top
            for breakout_id, n in numbers.items()
            if n.top is not None and (highest.get(breakout_id) or 0) < n.top[1]
        ]
        if tops:
            their_points = self.theirs.by_ids("point", [row_id for row_id, _number in tops])
            wrote = write_points(connection, rev, tops, their_points, report) or wrote
        letters = {row_id: row["letter"] for row_id, row in tree.mine.breakout.items()}
        result = (report, letters, numbers, [row_id for row_id, _number in tops])
        if not wrote:
            raise Unchanged(result)
        return result
