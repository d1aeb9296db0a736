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
import json
import re
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Select,
    Table,
    create_engine,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.exc import SQLAlchemyError

from workshopkit.core.errors import NotFound, StoreError, WorkshopkitError
from workshopkit.core.refs import breakout_letter, letter_index
from workshopkit.core.text import clean, one_line, slugify
from workshopkit.store import lookup, schema
from workshopkit.store.core import StoreCore, retrying
from workshopkit.store.models import Breakout, Meta, Point, Vote, Workshop
from workshopkit.store.row_views import FOLLOWERS

# A store of more points than this is merged only when asked to (``--force``): at a few
# thousand points a second that is a long job (and often the wrong file), and whoever
# runs it should know first.
MERGE_LIMIT = 50_000
# Rows read from the other store at a time: what the merge holds in memory at once.
BATCH_ROWS = 2_000
# How long one write transaction goes on: a writer that waits for the merge waits this.
BATCH_SECONDS = 0.2
# Rows written between two looks at the clock, and ids in one IN (…) list.
_STEP = 250

# The fields merged by "last change wins", table by table. Identity fields (ids, the
# workshop of a breakout, the breakout of a point, the point and voter of a vote) never
# change; numbers, letters and slugs are settled by the collision rules above.
_FIELDS = {
    "workshop": (
        "title",
        "date",
        "venue",
        "dots_per_voter",
        "cap_per_point",
        "template",
        "deleted_at",
    ),
    "breakout": ("title", "prompt", "timer_minutes", "timer_ends_at", "blind", "deleted_at"),
    "point": (
        "text",
        "kind",
        "owner",
        "due",
        "themes",
        "tally",
        "score",
        "done_at",
        "carried_from",
        "merged_into",
        "absorbed",
        "deleted_at",
    ),
    "vote": ("dots", "deleted_at"),
}
# Set together with another field: they take the winner of that field.
_FOLLOWS = {"point": FOLLOWERS}
_TABLES: dict[str, Table] = {
    "workshop": Workshop.__table__,
    "breakout": Breakout.__table__,
    "point": Point.__table__,
    "vote": Vote.__table__,
}
KINDS = ("workshops", "breakouts", "points", "votes")

Progress = Callable[[int, int], None]  # (rows of the other store done, rows in all)
# Runs ``apply(connection, revision)`` in one short write transaction of this store (run
# again from the start when another writer was in the way) and returns what it returns.
Write = Callable[[Callable[[Connection, int], Any]], Any]


class TooBig(WorkshopkitError):
    """The other store has more points than a merge takes without being forced."""


@dataclass
class MergeReport:
    """What a merge did, for the person who ran it."""

    added: Counter = field(default_factory=Counter)  # kind → rows new to this store
    updated: Counter = field(default_factory=Counter)  # kind → rows changed here
    unchanged: Counter = field(default_factory=Counter)  # kind → rows already as merged
    moved: list[str] = field(default_factory=list)  # refs, letters and slugs that moved
    skipped: list[str] = field(default_factory=list)  # rows left out, and why
    excess: list[str] = field(default_factory=list)  # dots over a budget or a cap

    @property
    def changed(self) -> bool:
        return bool(sum(self.added.values()) or sum(self.updated.values()))

    def take(self, part: "MergeReport") -> None:
        """Add what one transaction did (once it has committed)."""
        self.added.update(part.added)
        self.updated.update(part.updated)
        self.unchanged.update(part.unchanged)
        self.moved += part.moved
        self.skipped += part.skipped
        self.excess += part.excess


# -- reading the other store -----------------------------------------------------------


@dataclass
class Rows:
    """Workshops and breakouts, by id, as plain dicts: what is settled all at once."""

    workshop: dict[uuid.UUID, dict] = field(default_factory=dict)
    breakout: dict[uuid.UUID, dict] = field(default_factory=dict)


def _other_engine(location: schema.Location) -> Engine:
    """A read-only engine on the other store; refuses what is not a current store."""
    if location.path is not None:
        if not location.path.is_file():
            raise StoreError(f"There is no store at {location.path} to merge from.")
        version = schema.check_sqlite_file(location)  # refuses newer and foreign files
        if version is None:
            raise StoreError(f"{location.path} is an empty store; there is nothing to merge.")
        uri = f"{location.path.resolve().as_uri()}?mode=ro"
        engine = create_engine("sqlite://", creator=lambda: _read_only_sqlite(uri))
    else:
        engine = create_engine(location.url)
    try:
        with engine.connect() as connection:
            value = connection.execute(
                select(Meta.value).where(Meta.key == "schema_version")
            ).scalar_one_or_none()
    except SQLAlchemyError as error:
        engine.dispose()
        raise StoreError(
            f"Cannot read the store {location}: {schema.describe_error(error)}"
        ) from None
    if value != str(schema.SCHEMA_VERSION):
        engine.dispose()
        raise StoreError(
            f"{location} is a store of schema {value} and this workshopkit merges schema "
            f"{schema.SCHEMA_VERSION}: open it once with this workshopkit (it is backed up, "
            "then upgraded), then merge."
        )
    return engine


def _read_only_sqlite(uri: str):
    import sqlite3

    return sqlite3.connect(uri, uri=True, check_same_thread=False)


def _rows(connection: Connection, table: Table, *where) -> dict[uuid.UUID, dict]:
    return {
        row["id"]: dict(row) for row in connection.execute(select(table).where(*where)).mappings()
    }


def _by_ids(connection: Connection, table: Table, ids: Iterable[uuid.UUID]) -> dict:
    """The rows of ``ids``, a sane number of ids per IN (…) list."""
    ids, found = list(ids), {}
    for start in range(0, len(ids), _STEP):
        found.update(_rows(connection, table, table.c.id.in_(ids[start : start + _STEP])))
    return found


class _Other:
    """The other store, read in one snapshot, so that its pages add up to one state of it.

    Its errors name it, also when it is read inside a transaction of this store.
    """

    def __init__(self, connection: Connection, location: schema.Location) -> None:
        self.connection, self.location = connection, location
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN")  # the driver would read statement by statement
        else:
            connection.execution_options(isolation_level="REPEATABLE READ")

    @contextmanager
    def _reading(self) -> Iterator[None]:
        try:
            yield
        except SQLAlchemyError as error:
            raise StoreError(
                f"Cannot read the store {self.location}: {schema.describe_error(error)}"
            ) from None
        except ValueError as error:
            raise StoreError(
                f"Cannot read the store {self.location}: a stored value is unreadable ({error})."
            ) from None

    def rows(self, query: Select) -> list[dict]:
        with self._reading():
            return [dict(row) for row in self.connection.execute(query).mappings()]

    def projection(self, query: Select) -> dict[uuid.UUID, tuple[int, datetime]]:
        """(number, created) by id: what numbering a breakout needs, and no more."""
        with self._reading():
            return {row.id: (row.number, row.created_at) for row in self.connection.execute(query)}

    def by_ids(self, kind: str, ids: list[uuid.UUID]) -> dict[uuid.UUID, dict]:
        """Rows of ``ids``, as this store writes them."""
        table, found = _TABLES[kind], {}
        for start in range(0, len(ids), _STEP):
            chunk = ids[start : start + _STEP]
            found.update(
                (r["id"], r) for r in self.rows(select(table).where(table.c.id.in_(chunk)))
            )
        return _as_written(kind, found)

    def pages(self, kind: str, *where) -> Iterator[dict[uuid.UUID, dict]]:
        """Every row of ``kind`` that ``where`` picks, ``BATCH_ROWS`` at a time, by id."""
        table, last = _TABLES[kind], None
        while True:
            query = select(table).where(*where).order_by(table.c.id).limit(BATCH_ROWS)
            if last is not None:
                query = query.where(table.c.id > last)
            page = {row["id"]: row for row in self.rows(query)}
            if not page:
                return
            last = next(reversed(page))
            yield _as_written(kind, page)


# The other store is a file someone handed over: it may hold what workshopkit never
# writes (an ESC or a bidi override in a title, a slug that is a path). Its text comes in
# as the store writes text: cleaned, and on one line where the store keeps one line.
_ONE_LINE = {
    "workshop": ("title", "date", "venue"),
    "breakout": ("title", "prompt"),
    "point": ("owner", "due", "carried_from"),
    "vote": ("voter",),
}
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _as_written(kind: str, rows: dict[uuid.UUID, dict]) -> dict[uuid.UUID, dict]:
    for row in rows.values():
        for name in _ONE_LINE[kind]:
            if row[name] is not None:
                row[name] = one_line(row[name])
        if kind == "point":
            row["text"] = clean(row["text"])
            row["themes"] = " ".join(clean(row["themes"]).split())
        if kind == "workshop" and not _SLUG.fullmatch(row["slug"]):
            row["slug"] = slugify(row["slug"])  # a slug names files: never a path
    return rows


# -- settling one row ------------------------------------------------------------------


def _order(value: Any) -> tuple:
    """A total order on field values, for ties: None first, then by their text."""
    return (value is not None, repr(value))


def _times(row: dict) -> dict[str, datetime]:
    times = json.loads(row.get("field_times") or "{}")
    return {name: datetime.fromisoformat(stamp) for name, stamp in times.items()}


def merge_row(kind: str, mine: dict, theirs: dict) -> dict:
    """``mine`` with each field taken from whichever copy changed it last."""
    merged = dict(mine)
    my_times, their_times = _times(mine), _times(theirs)
    times: dict[str, datetime] = {}
    for name in _FIELDS[kind]:
        my_time = my_times.get(name, mine["created_at"])
        their_time = their_times.get(name, theirs["created_at"])
        mine_wins = (my_time, _order(mine[name])) >= (their_time, _order(theirs[name]))
        winner = mine if mine_wins else theirs
        merged[name] = winner[name]
        for follower, leader in _FOLLOWS.get(kind, {}).items():
            if leader == name:
                merged[follower] = winner[follower]
        if name in my_times or name in their_times:
            times[name] = max(my_time, their_time)
    # As the store writes them: nothing for a row never changed since it was made.
    merged["field_times"] = (
        json.dumps(
            {name: stamp.isoformat() for name, stamp in times.items()},
            sort_keys=True,
            separators=(",", ":"),
        )
        if times
        else ""
    )
    merged["created_at"] = min(mine["created_at"], theirs["created_at"])
    latest = max((mine, theirs), key=lambda row: (row["updated_at"], row["changed_by"]))
    merged["updated_at"], merged["changed_by"] = latest["updated_at"], latest["changed_by"]
    return merged


# -- numbering, worked out before anything is written -----------------------------------


@dataclass
class _Numbers:
    """How the points of one breakout are numbered once merged (see the module's rules)."""

    losers: list[tuple[uuid.UUID, int]] = field(default_factory=list)  # (id, number it
    # claimed), in order of creation: each takes the next number when it is placed
    raises: list[tuple[uuid.UUID, int]] = field(default_factory=list)  # (id, number):
    # this store's copies that an earlier merge moved elsewhere, highest first
    top: tuple[uuid.UUID, int] | None = None  # the point that keeps the highest number


def _number_points(
    mine: dict[uuid.UUID, tuple[int, datetime]], theirs: dict[uuid.UUID, tuple[int, datetime]]
) -> _Numbers:
    """The collision rule on one breakout's points of both stores: (number, created)."""
    claims = {row_id: value for row_id, value in theirs.items() if row_id not in mine}
    for row_id, (number, created) in mine.items():
        # The same point numbered differently here and there: an earlier merge moved it
        # in one copy; moves only go up, so the larger number is the later one.
        there = theirs.get(row_id)
        claims[row_id] = (max(number, there[0]) if there else number, created)
    numbers = _Numbers()
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


# -- the merge -------------------------------------------------------------------------


class _Unchanged(Exception):
    """A transaction that found nothing to write: rolled back, so it takes no revision."""

    def __init__(self, result: Any) -> None:
        self.result = result


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
    engine = _other_engine(other)
    try:
        with engine.connect() as connection:
            theirs = _Other(connection, other)
            ids = None if key is None else [find_workshop(connection, key).id]
            return _Merge(read, write, theirs, ids, force, progress).run()
    except SQLAlchemyError as error:
        raise StoreError(f"Cannot read the store {other}: {schema.describe_error(error)}") from None
    finally:
        engine.dispose()


Step = Callable[[Connection, int, list, dict, MergeReport], bool]  # wrote anything?


class _Merge:
    def __init__(self, read, write: Write, theirs: _Other, ids, force: bool, progress) -> None:
        self.read, self.write, self.theirs = read, write, theirs
        self.force, self.progress = force, progress or (lambda _done, _total: None)
        self.report = MergeReport()
        self.done = self.total = 0
        self.committed = False  # once one has, a failure leaves a part-merged store
        workshop, breakout = _TABLES["workshop"], _TABLES["breakout"]
        where = () if ids is None else (workshop.c.id.in_(ids),)
        self.workshops = self._read_all("workshop", select(workshop).where(*where))
        self.breakouts = self._read_all(
            "breakout", select(breakout).where(breakout.c.workshop_id.in_(list(self.workshops)))
        )
        self.letters: dict[uuid.UUID, str] = {}  # breakout id → its letter once merged
        self.numbers: dict[uuid.UUID, _Numbers] = {}  # breakout id → how to number it
        self.placed: set[uuid.UUID] = set()  # points written before the rest (steps 1–3)

    def _read_all(self, kind: str, query: Select) -> dict[uuid.UUID, dict]:
        return _as_written(kind, {row["id"]: row for row in self.theirs.rows(query)})

    def run(self) -> MergeReport:
        point, vote = _TABLES["point"], _TABLES["vote"]
        in_breakouts = point.c.breakout_id.in_(list(self.breakouts))
        counts = self.theirs.rows(
            select(point.c.breakout_id, func.count().label("n"))
            .where(in_breakouts)
            .group_by(point.c.breakout_id)
        )
        points = sum(row["n"] for row in counts)
        if points > MERGE_LIMIT and not self.force:
            raise TooBig(
                f"{self.theirs.location} has {points:,} points, more than the {MERGE_LIMIT:,} "
                "a merge takes unless asked: it runs a long while (others can go on working "
                "meanwhile). Add --force to merge it; nothing was changed."
            )
        their_votes = vote.c.point_id.in_(select(point.c.id).where(in_breakouts))
        votes = self.theirs.rows(select(func.count().label("n")).where(their_votes))[0]["n"]
        self.total = len(self.workshops) + len(self.breakouts) + points + votes
        self.progress(0, self.total)
        with self.read() as connection:
            # Read first: a point written after this is looked at again in step 1.
            self.since = schema.current_revision(connection)
            for row in sorted(counts, key=lambda r: self._breakout_order(r["breakout_id"])):
                self.numbers[row["breakout_id"]] = self._plan(connection, row["breakout_id"])
        try:
            self._first()
            for breakout_id, numbers in self.numbers.items():
                losers = [item for item in numbers.losers if item[0] not in self.placed]
                self._write_all("point", losers, self._losers(breakout_id))
                self.placed.update(row_id for row_id, _number in losers)
                raises = [item for item in numbers.raises if item[0] not in self.placed]
                self._write_all("point", raises, _write_points)
                self.placed.update(row_id for row_id, _number in raises)
            for page in self.theirs.pages("point", in_breakouts):
                rest = [(row_id, None) for row_id in page if row_id not in self.placed]
                self._write_all("point", rest, _write_points, page)
            for page in self.theirs.pages("vote", their_votes):
                self._write_all("vote", [(row_id, None) for row_id in page], _write_votes, page)
        except StoreError as error:
            if not self.committed:
                raise
            raise StoreError(
                f"The merge stopped part way ({self.done:,} of {self.total:,} rows in). "
                f"{error} Run the same merge again: it carries on where this one stopped."
            ) from None
        with self.read() as connection:
            self.report.excess = _excess(connection, list(self.workshops))
        return self.report

    def _breakout_order(self, breakout_id: uuid.UUID) -> tuple:
        """Breakouts as people read them, by workshop and letter: the order of "Moved"."""
        row = self.breakouts[breakout_id]
        return (self.workshops[row["workshop_id"]]["slug"], len(row["letter"]), row["letter"])

    def _plan(self, connection: Connection, breakout_id: uuid.UUID) -> _Numbers:
        """How one breakout's points are numbered, from what both stores hold now."""
        point = _TABLES["point"]
        columns = select(point.c.id, point.c.number, point.c.created_at).where(
            point.c.breakout_id == breakout_id
        )
        mine = {row.id: (row.number, row.created_at) for row in connection.execute(columns)}
        if not mine:  # nothing here to collide with: only the top number to keep
            top = self.theirs.rows(columns.order_by(point.c.number.desc()).limit(1))
            return _Numbers(top=(top[0]["id"], top[0]["number"]) if top else None)
        return _number_points(mine, self.theirs.projection(columns))

    # -- transactions ------------------------------------------------------------------

    def _batch(self, apply: Callable[[Connection, int], Any]) -> Any:
        try:
            result = self.write(apply)
        except _Unchanged as unchanged:
            return unchanged.result
        self.committed = True
        return result

    def _tick(self, rows: int) -> None:
        self.done += rows
        self.progress(self.done, self.total)

    def _write_all(self, kind: str, items: list, step: Step, page: dict | None = None) -> None:
        """Write ``items``, (id, number) pairs, in short transactions. The other store's rows
        of them are in ``page``, or are read here ``BATCH_ROWS`` at a time, before a lock."""
        for start in range(0, len(items), BATCH_ROWS):
            chunk = items[start : start + BATCH_ROWS]
            theirs = page if page is not None else self.theirs.by_ids(kind, [i for i, _ in chunk])
            done = 0
            while done < len(chunk):
                done = self._transaction(chunk, done, step, theirs)

    def _transaction(self, chunk: list, start: int, step: Step, theirs: dict) -> int:
        """One write transaction: ``_STEP`` items at a time from ``start``, until
        ``BATCH_SECONDS`` have gone by. Returns where the next one starts."""

        def apply(connection: Connection, rev: int) -> tuple[int, MergeReport]:
            report, began, end, wrote = MergeReport(), time.monotonic(), start, False
            while end < len(chunk) and (end == start or time.monotonic() - began < BATCH_SECONDS):
                part = chunk[end : end + _STEP]
                wrote = step(connection, rev, part, theirs, report) or wrote
                end += len(part)
            if not wrote:
                raise _Unchanged((end, report))
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
        tree = _Tree(connection, rev, theirs, report)
        tree.run()
        wrote = tree.wrote
        numbers = dict(self.numbers)
        point = _TABLES["point"]
        planned = point.c.breakout_id.in_(list(numbers))
        # Points captured here since the numbering was worked out: work it out again.
        for breakout_id in connection.execute(
            select(point.c.breakout_id).where(point.c.rev > self.since, planned).distinct()
        ).scalars():
            numbers[breakout_id] = self._plan(connection, breakout_id)
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
            wrote = _write_points(connection, rev, tops, their_points, report) or wrote
        letters = {row_id: row["letter"] for row_id, row in tree.mine.breakout.items()}
        result = (report, letters, numbers, [row_id for row_id, _number in tops])
        if not wrote:
            raise _Unchanged(result)
        return result

    # -- 2. the points that lose their number ------------------------------------------

    def _losers(self, breakout_id: uuid.UUID) -> Step:
        letter = self.letters[breakout_id]

        def step(connection, rev, chunk, theirs, report) -> bool:
            point = _TABLES["point"]
            # The next numbers now, not as planned: a point captured meanwhile keeps its own.
            top = connection.execute(
                select(func.max(point.c.number)).where(point.c.breakout_id == breakout_id)
            ).scalar_one()
            top = top or 0
            mine = _by_ids(connection, point, [row_id for row_id, _claim in chunk])
            numbered = []
            for row_id, claim in chunk:
                top += 1
                text = (mine.get(row_id) or theirs[row_id])["text"]
                report.moved.append(
                    f"{letter}{claim} '{_short(text)}' is now {letter}{top} "
                    f"({letter}{claim} was taken)."
                )
                numbered.append((row_id, top))
            return _write_points(connection, rev, numbered, theirs, report, mine)

        return step


def _write_points(
    connection: Connection,
    rev: int,
    items: list[tuple[uuid.UUID, int | None]],
    theirs: dict[uuid.UUID, dict],
    report: MergeReport,
    mine: dict[uuid.UUID, dict] | None = None,
) -> bool:
    """Bring in points: (id, number), None for the number it has (here, or there when it
    is new). Returns whether anything was written."""
    table = _TABLES["point"]
    if mine is None:
        mine = _by_ids(connection, table, [row_id for row_id, _number in items])
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


def _write_votes(
    connection: Connection,
    rev: int,
    items: list[tuple[uuid.UUID, None]],
    theirs: dict[uuid.UUID, dict],
    report: MergeReport,
) -> bool:
    """Bring in votes. One row per point and voter: when both stores have one, the row
    changed last stands for both."""
    table = _TABLES["vote"]
    ids = [row_id for row_id, _none in items]
    mine = _by_ids(connection, table, ids)
    points = list({theirs[i]["point_id"] for i in ids if i not in mine})
    pairs = {}
    for start in range(0, len(points), _STEP):
        chunk = points[start : start + _STEP]
        for row in _rows(connection, table, table.c.point_id.in_(chunk)).values():
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


def _excess(connection: Connection, workshop_ids: list[uuid.UUID]) -> list[str]:
    """Dots over a point's cap, then over a voter's budget in a breakout, once merged."""
    workshop, breakout = _TABLES["workshop"], _TABLES["breakout"]
    point, vote = _TABLES["point"], _TABLES["vote"]

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


class _Tree:
    """Workshops and breakouts (they are few), settled in the merge's first transaction:
    slugs and letters first, on both stores' rows alike, then fields."""

    def __init__(self, connection: Connection, rev: int, theirs: Rows, report: MergeReport):
        self.connection, self.rev, self.theirs, self.report = connection, rev, theirs, report
        self.wrote = False
        self.mine = Rows()
        # Every workshop of this store takes part in settling slugs, not only the shared.
        self.mine.workshop = _rows(connection, _TABLES["workshop"])
        breakout = _TABLES["breakout"]
        self.mine.breakout = _rows(
            connection, breakout, breakout.c.workshop_id.in_(list(theirs.workshop))
        )

    def run(self) -> None:
        self._slugs()
        self._settle("workshop", "workshops")
        self._letters()
        self._settle("breakout", "breakouts")

    # Rows new here are inserted; rows in both get their fields merged.
    def _settle(self, kind: str, label: str) -> None:
        table = _TABLES[kind]
        mine, theirs = getattr(self.mine, kind), getattr(self.theirs, kind)
        for row_id in sorted(theirs, key=str):
            if row_id in mine:
                merged = merge_row(kind, mine[row_id], theirs[row_id])
                if merged == mine[row_id]:
                    self.report.unchanged[label] += 1
                    continue
                changes = {k: v for k, v in merged.items() if mine[row_id][k] != v}
                changes["rev"] = self.rev
                self.connection.execute(update(table).where(table.c.id == row_id).values(**changes))
                self.wrote = True
                mine[row_id] = merged
                self.report.updated[label] += 1
            else:
                row = dict(theirs[row_id], rev=self.rev)
                self.connection.execute(insert(table).values(**row))
                self.wrote = True
                mine[row_id] = row
                self.report.added[label] += 1

    def _move(self, kind: str, column: str, moves: dict[uuid.UUID, Any]) -> None:
        """Give rows of this store new slugs, letters or numbers without a moment where
        two rows hold the same one (the unique constraints check each statement)."""
        table = _TABLES[kind]
        mine = getattr(self.mine, kind)
        mine_moving = [i for i, value in moves.items() if i in mine and mine[i][column] != value]
        for n, row_id in enumerate(mine_moving):  # first out of the way…
            parked = -(n + 1) if column == "number" else f"~{row_id}"
            self.connection.execute(
                update(table).where(table.c.id == row_id).values(**{column: parked})
            )
        self.wrote = self.wrote or bool(mine_moving)
        for row_id in mine_moving:  # …then where they go
            self.connection.execute(
                update(table)
                .where(table.c.id == row_id)
                .values(**{column: moves[row_id], "rev": self.rev})
            )
            mine[row_id][column] = moves[row_id]
        theirs = getattr(self.theirs, kind)
        for row_id, value in moves.items():
            if row_id in theirs:
                theirs[row_id][column] = value

    def _union(self, kind: str) -> dict[uuid.UUID, dict]:
        return {**getattr(self.theirs, kind), **getattr(self.mine, kind)}

    def _slugs(self) -> None:
        union = self._union("workshop")
        taken: set[str] = set()
        by_slug: dict[str, list[dict]] = {}
        for row in union.values():
            by_slug.setdefault(row["slug"], []).append(row)
        moves = {}
        for slug in sorted(by_slug):
            rows = sorted(by_slug[slug], key=lambda r: (r["created_at"], str(r["id"])))
            taken.add(slug)
            for row in rows[1:]:
                n = 2
                while f"{slug}-{n}" in taken or f"{slug}-{n}" in by_slug:
                    n += 1
                moves[row["id"]] = f"{slug}-{n}"
                taken.add(f"{slug}-{n}")
                self.report.moved.append(
                    f"Workshop '{one_line(row['title'])}' is now {slug}-{n} ({slug} was taken)."
                )
        self._move("workshop", "slug", moves)

    def _letters(self) -> None:

        union = self._union("breakout")
        for row_id, row in self.mine.breakout.items():  # moved by an earlier merge: later
            theirs = self.theirs.breakout.get(row_id)
            if theirs is not None and theirs["letter"] != row["letter"]:
                latest = max(row["letter"], theirs["letter"], key=letter_index)
                union[row_id] = dict(row, letter=latest)
        by_workshop: dict[uuid.UUID, list[dict]] = {}
        for row in union.values():
            by_workshop.setdefault(row["workshop_id"], []).append(row)
        moves = {row_id: row["letter"] for row_id, row in union.items()}
        for rows in by_workshop.values():
            rows.sort(key=lambda r: (r["created_at"], str(r["id"])))
            used: set[str] = set()
            losers = []
            for row in rows:
                if row["letter"] in used:
                    losers.append(row)
                else:
                    used.add(row["letter"])
            index = max((letter_index(letter) for letter in used), default=-1)
            for row in losers:
                index += 1
                letter = breakout_letter(index)
                moves[row["id"]] = letter
                self.report.moved.append(
                    f"Breakout {row['letter']} '{_short(row['title'])}' is now {letter} "
                    f"({row['letter']} was taken)."
                )
        self._move("breakout", "letter", moves)


def _short(text: str, width: int = 40) -> str:
    text = one_line(text)
    return text if len(text) <= width else text[: width - 1] + "…"


__all__ = [
    "KINDS",
    "MERGE_LIMIT",
    "MergeReport",
    "TooBig",
    "WorkshopkitError",
    "merge_row",
    "merge_store",
]


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
        store._read, partial(_write_batch, store), where, workshop, find_workshop, force, progress
    )


# Each transaction of a merge is run again on its own when another writer was in the way:
# running the whole merge again would count what it had already written twice.
@retrying
def _write_batch(store: StoreCore, apply: Callable[[Connection, int], object]) -> object:
    with store._write() as connection:
        return apply(connection, connection.info["wk_rev"])


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
