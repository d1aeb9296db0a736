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
merge are kept and reported, never dropped silently. Everything happens in one write
transaction: all of it, or nothing.
"""

import json
import re
import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, Table, create_engine, delete, insert, select, update
from sqlalchemy.exc import SQLAlchemyError

from workshopkit.core import schema
from workshopkit.core.errors import StoreError, WorkshopkitError
from workshopkit.core.models import Breakout, Meta, Point, Vote, Workshop
from workshopkit.core.rows import FOLLOWERS
from workshopkit.core.text import clean, one_line, slugify

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
    "breakout": ("title", "prompt", "timer_minutes", "timer_ends_at", "deleted_at"),
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


# -- reading the other store -----------------------------------------------------------


@dataclass
class Rows:
    """Rows of the four tables, by id, as plain dicts."""

    workshop: dict[uuid.UUID, dict] = field(default_factory=dict)
    breakout: dict[uuid.UUID, dict] = field(default_factory=dict)
    point: dict[uuid.UUID, dict] = field(default_factory=dict)
    vote: dict[uuid.UUID, dict] = field(default_factory=dict)


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


def read_rows(connection: Connection, workshop_ids: Iterable[uuid.UUID] | None) -> Rows:
    """Every row of the given workshops (all workshops for None), tombstones included."""
    workshop, breakout = _TABLES["workshop"], _TABLES["breakout"]
    point, vote = _TABLES["point"], _TABLES["vote"]
    found = Rows()
    if workshop_ids is None:
        found.workshop = _rows(connection, workshop)
    else:
        found.workshop = _rows(connection, workshop, workshop.c.id.in_(list(workshop_ids)))
    ids = list(found.workshop)
    found.breakout = _rows(connection, breakout, breakout.c.workshop_id.in_(ids))
    breakout_ids = list(found.breakout)
    found.point = _rows(connection, point, point.c.breakout_id.in_(breakout_ids))
    found.vote = _rows(
        connection,
        vote,
        vote.c.point_id.in_(select(point.c.id).where(point.c.breakout_id.in_(breakout_ids))),
    )
    return found


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


# -- the merge -------------------------------------------------------------------------


def merge(
    connection: Connection, rev: int, other: schema.Location, key: str | None, find_workshop
) -> MergeReport:
    """Merge the store at ``other`` (one workshop of it when ``key`` is given) into the
    store of ``connection``, inside its write transaction at revision ``rev``."""
    engine = _other_engine(other)
    try:
        with engine.connect() as theirs_connection:
            ids = None
            if key is not None:
                ids = [find_workshop(theirs_connection, key).id]
            theirs = _as_written(read_rows(theirs_connection, ids))
    except SQLAlchemyError as error:
        raise StoreError(f"Cannot read the store {other}: {schema.describe_error(error)}") from None
    finally:
        engine.dispose()
    return _Merge(connection, rev, theirs).run()


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


def _as_written(rows: Rows) -> Rows:
    for kind, names in _ONE_LINE.items():
        for row in getattr(rows, kind).values():
            for name in names:
                if row[name] is not None:
                    row[name] = one_line(row[name])
    for row in rows.point.values():
        row["text"] = clean(row["text"])
        row["themes"] = " ".join(clean(row["themes"]).split())
    for row in rows.workshop.values():
        if not _SLUG.fullmatch(row["slug"]):
            row["slug"] = slugify(row["slug"])  # a slug names files: never a path
    return rows


class _Merge:
    def __init__(self, connection: Connection, rev: int, theirs: Rows) -> None:
        self.connection, self.rev, self.theirs = connection, rev, theirs
        self.report = MergeReport()
        self.mine = read_rows(connection, list(theirs.workshop))
        # Every workshop of this store takes part in settling slugs, not only the shared.
        self.mine.workshop = _rows(connection, _TABLES["workshop"])

    def run(self) -> MergeReport:
        self._slugs()
        self._settle("workshop", "workshops")
        self._letters()
        self._settle("breakout", "breakouts")
        self._numbers()
        self._settle("point", "points")
        self._votes()
        self._settle("vote", "votes")
        self._excess()
        return self.report

    # Rows new here are inserted; rows in both get their fields merged. Collision rules
    # run first and fix slugs, letters and numbers on both sides' rows alike.
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
                mine[row_id] = merged
                self.report.updated[label] += 1
            else:
                row = dict(theirs[row_id], rev=self.rev)
                self.connection.execute(insert(table).values(**row))
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
        from workshopkit.core.store import breakout_letter

        union = self._union("breakout")
        for row_id, row in self.mine.breakout.items():  # moved by an earlier merge: later
            theirs = self.theirs.breakout.get(row_id)
            if theirs is not None and theirs["letter"] != row["letter"]:
                latest = max(row["letter"], theirs["letter"], key=_letter_index)
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
            index = max((_letter_index(letter) for letter in used), default=-1)
            for row in losers:
                index += 1
                letter = breakout_letter(index)
                moves[row["id"]] = letter
                self.report.moved.append(
                    f"Breakout {row['letter']} '{_short(row['title'])}' is now {letter} "
                    f"({row['letter']} was taken)."
                )
        self._move("breakout", "letter", moves)

    def _numbers(self) -> None:
        union = self._union("point")
        # The same point numbered differently here and there: an earlier merge moved it
        # in one copy; moves only go up, so the larger number is the later one.
        for row_id, row in self.mine.point.items():
            theirs = self.theirs.point.get(row_id)
            if theirs is not None and theirs["number"] != row["number"]:
                union[row_id] = dict(row, number=max(row["number"], theirs["number"]))
        letters = {b["id"]: b["letter"] for b in self._union("breakout").values()}
        by_breakout: dict[uuid.UUID, list[dict]] = {}
        for row in union.values():
            by_breakout.setdefault(row["breakout_id"], []).append(row)
        # Every point's number as merged; _move changes the copies that differ.
        moves = {row_id: row["number"] for row_id, row in union.items()}
        for breakout_id, rows in by_breakout.items():
            rows.sort(key=lambda r: (r["created_at"], str(r["id"])))
            used: set[int] = set()
            losers = []
            for row in rows:
                if row["number"] in used:
                    losers.append(row)
                else:
                    used.add(row["number"])
            top = max(used, default=0)
            letter = letters.get(breakout_id, "?")
            for row in losers:
                top += 1
                moves[row["id"]] = top
                self.report.moved.append(
                    f"{letter}{row['number']} '{_short(row['text'])}' is now {letter}{top} "
                    f"({letter}{row['number']} was taken)."
                )
        self._move("point", "number", moves)

    def _votes(self) -> None:
        """One row per point and voter: the one changed last stands for both."""
        union = self._union("vote")
        by_pair: dict[tuple, list[dict]] = {}
        for row in union.values():
            by_pair.setdefault((row["point_id"], row["voter"]), []).append(row)
        for rows in by_pair.values():
            if len(rows) < 2:
                continue
            rows.sort(key=lambda r: (r["updated_at"], str(r["id"])), reverse=True)
            for loser in rows[1:]:
                if loser["id"] in self.mine.vote:
                    table = _TABLES["vote"]
                    self.connection.execute(delete(table).where(table.c.id == loser["id"]))
                    del self.mine.vote[loser["id"]]
                if loser["id"] in self.theirs.vote:
                    del self.theirs.vote[loser["id"]]
                    self.report.skipped.append(
                        f"{loser['voter']}'s dots on one point were in two vote rows; "
                        "the one changed last was kept."
                    )

    def _excess(self) -> None:
        workshops = self.mine.workshop
        breakouts = self.mine.breakout
        points = self.mine.point
        used: Counter = Counter()
        for vote in self.mine.vote.values():
            point = points.get(vote["point_id"])
            if vote["deleted_at"] or point is None or point["deleted_at"] or vote["dots"] <= 0:
                continue
            breakout = breakouts[point["breakout_id"]]
            workshop = workshops[breakout["workshop_id"]]
            used[(workshop["id"], breakout["letter"], vote["voter"])] += vote["dots"]
            if vote["dots"] > workshop["cap_per_point"]:
                self.report.excess.append(
                    f"{vote['voter']} has {vote['dots']} dots on {breakout['letter']}"
                    f"{point['number']}, {vote['dots'] - workshop['cap_per_point']} over the cap "
                    f"of {workshop['cap_per_point']}."
                )
        for (workshop_id, letter, voter), dots in sorted(used.items(), key=str):
            allowed = workshops[workshop_id]["dots_per_voter"]
            if dots > allowed:
                self.report.excess.append(
                    f"{voter} has {dots} dots in breakout {letter} of "
                    f"{workshops[workshop_id]['slug']}, {dots - allowed} over the {allowed} "
                    "allowed."
                )


def _letter_index(letter: str) -> int:
    """A → 0, Z → 25, AA → 26: the inverse of ``breakout_letter``."""
    index = 0
    for character in letter:
        index = index * 26 + (ord(character) - ord("A") + 1)
    return index - 1


def _short(text: str, width: int = 40) -> str:
    text = one_line(text)
    return text if len(text) <= width else text[: width - 1] + "…"


__all__ = ["KINDS", "MergeReport", "WorkshopkitError", "merge", "merge_row"]
