"""The workshops and breakouts of both stores, as one tree settled in a merge's first
transaction: the slugs and letters both used (the rules are in ``merge.py``), then the
fields of each."""

import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, insert, update

from workshopkit.core.refs import breakout_letter, letter_index
from workshopkit.core.text import one_line
from workshopkit.store.bulk.other_stores.batches import MergeReport, short
from workshopkit.store.bulk.other_stores.last_change_wins import merge_row
from workshopkit.store.bulk.other_stores.tables import TABLES, rows_by_id


@dataclass
class Rows:
    """Workshops and breakouts, by id, as plain dicts: what is settled all at once."""

    workshop: dict[uuid.UUID, dict] = field(default_factory=dict)
    breakout: dict[uuid.UUID, dict] = field(default_factory=dict)


CLOSED_ROOM = {"room_open": False, "room_code": "", "room_secret": "", "room_phones": 0}


class Tree:
    """Workshops and breakouts (they are few), settled in the merge's first transaction:
    slugs and letters first, on both stores' rows alike, then fields."""

    def __init__(self, connection: Connection, rev: int, theirs: Rows, report: MergeReport):
        self.connection, self.rev, self.theirs, self.report = connection, rev, theirs, report
        self.wrote = False
        self.mine = Rows()
        # Every workshop of this store takes part in settling slugs, not only the shared.
        self.mine.workshop = rows_by_id(connection, TABLES["workshop"])
        breakout = TABLES["breakout"]
        self.mine.breakout = rows_by_id(
            connection, breakout, breakout.c.workshop_id.in_(list(theirs.workshop))
        )

    def run(self) -> None:
        self._slugs()
        self._settle("workshop", "workshops")
        self._letters()
        self._settle("breakout", "breakouts")

    # Rows new here are inserted; rows in both get their fields merged.
    def _settle(self, kind: str, label: str) -> None:
        table = TABLES[kind]
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
                if kind == "workshop":
                    # A room is this machine's to open: a merged workshop arrives closed.
                    row.update(CLOSED_ROOM)
                self.connection.execute(insert(table).values(**row))
                self.wrote = True
                mine[row_id] = row
                self.report.added[label] += 1

    def _move(self, kind: str, column: str, moves: dict[uuid.UUID, Any]) -> None:
        """Give rows of this store new slugs, letters or numbers without a moment where
        two rows hold the same one (the unique constraints check each statement)."""
        table = TABLES[kind]
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
                    f"Breakout {row['letter']} '{short(row['title'])}' is now {letter} "
                    f"({row['letter']} was taken)."
                )
        self._move("breakout", "letter", moves)
