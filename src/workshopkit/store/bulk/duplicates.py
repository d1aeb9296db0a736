"""Merging duplicate points, and undoing it. Called by the Store inside one write transaction.

A merge keeps one point and folds the other into it:

- The kept point keeps its text and takes in the other's tags: its kind when the kept one
  is a plain note; its owner when the kept one has none (two different owners are both
  kept, "Sam, Ana", as ``@Sam @Ana`` gives); its due when the kept one has none; every
  theme; its room tally, added; its force score and where it was carried from, when the
  kept one has none.
- Each voter's dots move to the kept point, as many as fit under the cap per point and
  the voter's budget in the kept point's breakout. Dots that do not fit are reported and
  stay on the absorbed point, whose dots no longer count: the voter has them back to spend.
- The absorbed point is tombstoned (``deleted_at``) with ``merged_into`` naming the kept
  one. Nothing else of it changes: its text, tags and vote rows stay exactly as they were.
- The kept point's ``absorbed`` (JSON, a list) records for each point it took in what the
  merge changed: each field before and after, the themes and tally it added, the dots
  it moved.

``unmerge`` brings the absorbed point back as it was and takes from the kept point what
the merge gave it. A field still as the merge left it goes back; one changed since is
left alone and reported. Added themes, tally and dots come off, never below zero.
"""

import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, Row, insert, select, update

from workshopkit.core.dates import due_date
from workshopkit.core.dupes import THRESHOLD, Pair, check_threshold, find_duplicates, plan_merges
from workshopkit.core.errors import NotFound, WorkshopkitError
from workshopkit.core.kinds import Kind
from workshopkit.core.views import PointView
from workshopkit.core.voting import MAX_TALLY, voter_key
from workshopkit.store import lookup
from workshopkit.store.core import StoreCore
from workshopkit.store.models import Breakout, Point, Vote
from workshopkit.store.row_views import field_times, point_view

# Fields a merge may fill in on the kept point, recorded before and after for the undo.
_FIELDS = ("kind", "owner", "due", "score", "carried_from")


@dataclass(frozen=True)
class Merged:
    """What one merge did."""

    kept: PointView
    absorbed: PointView  # tombstoned, with its own tags and votes as they were
    changes: tuple[str, ...]  # what the kept point took in, in words
    moved: tuple[tuple[str, int], ...]  # (voter, dots moved to the kept point)
    excess: tuple[str, ...]  # dots (or tally) that did not fit, in words

    @property
    def points(self) -> list[PointView]:
        """Both points as they are now, for a screen to show."""
        return [self.kept, self.absorbed]


@dataclass(frozen=True)
class Unmerged:
    """What undoing one merge did."""

    restored: PointView
    kept: PointView
    left: tuple[str, ...]  # changes made to the kept point since the merge, kept as they are

    @property
    def points(self) -> list[PointView]:
        """Both points as they are now, for a screen to show."""
        return [self.restored, self.kept]


def _ref(connection: Connection, point_id: uuid.UUID) -> tuple[Row, str]:
    row = connection.execute(
        select(Point, Breakout.letter)
        .join(Breakout, Breakout.id == Point.breakout_id)
        .where(Point.id == point_id)
    ).first()
    if row is None:
        raise NotFound("A point this merge refers to is missing from the store.")
    return row, row.letter


def _view(connection: Connection, point_id: uuid.UUID) -> PointView:
    row, letter = _ref(connection, point_id)
    votes = connection.execute(
        select(Vote.voter, Vote.dots).where(
            Vote.point_id == point_id, Vote.deleted_at.is_(None), Vote.dots > 0
        )
    ).all()
    return point_view(row, letter, tuple((v.voter, v.dots) for v in votes))


def _update(connection: Connection, table, row: Row, stamp: dict, values: dict) -> None:
    times = field_times(row, values, stamp["updated_at"])
    connection.execute(
        update(table).where(table.id == row.id).values(**values, **stamp, field_times=times)
    )


def _refuse_deleted(connection: Connection, row: Row, ref: str) -> None:
    if row.deleted_at is None:
        return
    if row.merged_into is not None:
        _keeper, letter = _ref(connection, row.merged_into)
        raise WorkshopkitError(
            f"{ref} was already merged into {letter}{_keeper.number}; undo that merge first "
            "to merge it elsewhere."
        )
    raise WorkshopkitError(f"{ref} is deleted; restore it first, then merge.")


def _owners(kept: str | None, other: str | None) -> str | None:
    if not other:
        return kept
    if not kept:
        return other
    if other.casefold() in {name.strip().casefold() for name in kept.split(",")}:
        return kept
    return f"{kept}, {other}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def fold(
    connection: Connection,
    stamp: dict,
    workshop: Row,
    keep: tuple[Row, str],
    absorb: tuple[Row, str],
) -> Merged:
    """Fold point ``absorb`` into ``keep`` (each a point row and its breakout letter)."""
    (kept, kept_letter), (gone, gone_letter) = keep, absorb
    kref, gref = f"{kept_letter}{kept.number}", f"{gone_letter}{gone.number}"
    if kept.id == gone.id:
        raise WorkshopkitError(f"{kref} cannot be merged with itself; name two different points.")
    _refuse_deleted(connection, kept, kref)
    _refuse_deleted(connection, gone, gref)

    values: dict = {}
    changes: list[str] = []
    excess: list[str] = []
    if kept.kind == Kind.NOTE.value and gone.kind != Kind.NOTE.value:
        values["kind"] = gone.kind
    owner = _owners(kept.owner, gone.owner)
    if owner != kept.owner:
        values["owner"] = owner
    if gone.due and not kept.due:
        values["due"], values["due_date"] = gone.due, gone.due_date
    elif gone.due and gone.due != kept.due:
        changes.append(f"kept due {kept.due} ({gref} had {gone.due})")
    for name in ("score", "carried_from"):
        if getattr(kept, name) is None and getattr(gone, name) is not None:
            values[name] = getattr(gone, name)
    changes += [f"{name.replace('_', ' ')} {values[name]}" for name in _FIELDS if name in values]
    have = {t.casefold() for t in kept.themes.split()}
    themes = [t for t in gone.themes.split() if t.casefold() not in have]
    if themes:
        values["themes"] = " ".join([*kept.themes.split(), *themes])
        changes.append(" ".join(f"#{t}" for t in themes))
    tally = max(0, min(gone.tally, MAX_TALLY - kept.tally))
    if tally:
        values["tally"] = kept.tally + tally
        changes.append(f"room tally +{tally}")
    if tally < gone.tally:
        excess.append(
            f"the room tally of {gref} would pass {MAX_TALLY:,} on {kref}: "
            f"{gone.tally - tally} of it stays with {gref}."
        )

    moved = _move_dots(connection, stamp, workshop, keep, gone, gref, excess)
    if moved:
        total = sum(moved.values())
        changes.append(_plural(total, "dot") + " moved")

    entry = {
        "id": str(gone.id),
        "ref": gref,
        "at": stamp["updated_at"].isoformat(),
        "by": stamp["changed_by"],
        "fields": {name: [getattr(kept, name), values[name]] for name in _FIELDS if name in values},
        "themes": themes,
        "tally": tally,
        "dots": moved,
    }
    record = [*json.loads(kept.absorbed or "[]"), entry]
    values["absorbed"] = json.dumps(record, sort_keys=True, separators=(",", ":"))
    _update(connection, Point, kept, stamp, values)
    _update(
        connection, Point, gone, stamp, {"deleted_at": stamp["updated_at"], "merged_into": kept.id}
    )
    return Merged(
        kept=_view(connection, kept.id),
        absorbed=_view(connection, gone.id),
        changes=tuple(changes),
        moved=tuple(sorted(moved.items())),
        excess=tuple(excess),
    )


def _move_dots(
    connection: Connection,
    stamp: dict,
    workshop: Row,
    keep: tuple[Row, str],
    gone: Row,
    gref: str,
    excess: list[str],
) -> dict[str, int]:
    """Move each voter's dots from ``gone`` to ``kept`` within the cap and the budget."""
    kept, kept_letter = keep
    kref = f"{kept_letter}{kept.number}"
    cap, budget = workshop.cap_per_point, workshop.dots_per_voter
    # What each voter has spent in the kept point's breakout; the absorbed point's dots
    # are about to stop counting, so they are left out.
    used: dict[str, int] = {}
    for vote in connection.execute(
        select(Vote.voter, Vote.dots)
        .join(Point, Point.id == Vote.point_id)
        .where(
            Point.breakout_id == kept.breakout_id,
            Point.deleted_at.is_(None),
            Point.id != gone.id,
            Vote.deleted_at.is_(None),
        )
    ):
        used[voter_key(vote.voter)] = used.get(voter_key(vote.voter), 0) + vote.dots
    mine = {
        voter_key(v.voter): v
        for v in connection.execute(select(Vote).where(Vote.point_id == kept.id)).all()
    }
    # "sam" and "Sam" are one voter: add up their dots, under the spelling first seen.
    theirs: dict[str, tuple[str, int]] = {}
    for vote in connection.execute(
        select(Vote.voter, Vote.dots)
        .where(Vote.point_id == gone.id, Vote.deleted_at.is_(None), Vote.dots > 0)
        .order_by(Vote.created_at, Vote.voter)
    ):
        name, dots = theirs.get(voter_key(vote.voter), (vote.voter, 0))
        theirs[voter_key(vote.voter)] = (name, dots + vote.dots)
    moved: dict[str, int] = {}
    for key in sorted(theirs):
        name, dots = theirs[key]
        existing = mine.get(key)
        on_point = existing.dots if existing is not None and existing.deleted_at is None else 0
        room_cap, room_budget = cap - on_point, budget - used.get(key, 0)
        move = max(0, min(dots, room_cap, room_budget))
        if move:
            voter = existing.voter if existing is not None else name
            moved[voter] = move
            if existing is None:
                connection.execute(
                    insert(Vote).values(
                        id=uuid.uuid4(),
                        point_id=kept.id,
                        voter=voter,
                        dots=move,
                        created_at=stamp["updated_at"],
                        **stamp,
                    )
                )
            else:
                _update(
                    connection, Vote, existing, stamp, {"dots": on_point + move, "deleted_at": None}
                )
        if move < dots:
            why = (
                f"at most {cap} on one point"
                if room_cap <= room_budget
                else f"{budget} per voter in breakout {kept_letter}"
            )
            excess.append(
                f"{name}: {move} of {_plural(dots, 'dot')} on {gref} moved to {kref}; "
                f"{dots - move} did not fit ({why}) and {name} has "
                f"{'it' if dots - move == 1 else 'them'} back to spend."
            )
    return moved


def unfold(connection: Connection, stamp: dict, absorbed: tuple[Row, str]) -> Unmerged:
    """Put back a point that a merge absorbed, and take from the kept point what it gave."""
    gone, letter = absorbed
    ref = f"{letter}{gone.number}"
    if gone.merged_into is None:
        took = [entry["ref"] for entry in json.loads(gone.absorbed or "[]")]
        if took:
            raise WorkshopkitError(
                f"{ref} is the point that was kept; it took in {', '.join(took)}: "
                "name one of those to put it back."
            )
        raise WorkshopkitError(f"{ref} was not merged into another point; nothing to undo.")
    kept, kept_letter = _ref(connection, gone.merged_into)
    kref = f"{kept_letter}{kept.number}"
    if kept.deleted_at is not None:
        if kept.merged_into is not None:
            outer, outer_letter = _ref(connection, kept.merged_into)
            raise WorkshopkitError(
                f"{ref} was merged into {kref}, which was then merged into "
                f"{outer_letter}{outer.number}: put back {kref} first."
            )
        raise WorkshopkitError(f"{ref} was merged into {kref}, which is deleted: restore it first.")
    record = json.loads(kept.absorbed or "[]")
    entry = next((e for e in record if e["id"] == str(gone.id)), None)
    remaining = [e for e in record if e is not entry]
    values: dict = {}
    left: list[str] = []
    if entry is not None:
        for name, (before, after) in entry["fields"].items():
            if getattr(kept, name) == after:
                values[name] = before
                if name == "due":
                    values["due_date"] = due_date(before) if before else None
            else:
                left.append(f"the {name.replace('_', ' ')} of {kref} changed since; it stays")
        _take_back_themes(connection, kept, entry, remaining, values)
        if entry["tally"]:
            values["tally"] = max(0, kept.tally - entry["tally"])
        _take_back_dots(connection, stamp, kept, entry["dots"])
    values["absorbed"] = (
        json.dumps(remaining, sort_keys=True, separators=(",", ":")) if remaining else ""
    )
    _update(connection, Point, kept, stamp, values)
    _update(connection, Point, gone, stamp, {"deleted_at": None, "merged_into": None})
    return Unmerged(_view(connection, gone.id), _view(connection, kept.id), tuple(left))


def _take_back_themes(
    connection: Connection, kept: Row, entry: dict, remaining: list[dict], values: dict
) -> None:
    # A theme that another point still folded in here carries stays: that point would have
    # brought it. Its record takes the theme over, so undoing that one takes it off.
    carried = {}
    ids = [uuid.UUID(e["id"]) for e in remaining]
    if ids:
        rows = connection.execute(select(Point.id, Point.themes).where(Point.id.in_(ids)))
        carried = {str(row.id): {t.casefold() for t in row.themes.split()} for row in rows}
    drop = []
    for theme in entry["themes"]:
        heir = next((e for e in remaining if theme.casefold() in carried.get(e["id"], ())), None)
        if heir is None:
            drop.append(theme.casefold())
        elif theme.casefold() not in {t.casefold() for t in heir["themes"]}:
            heir["themes"].append(theme)
    if drop:
        values["themes"] = " ".join(t for t in kept.themes.split() if t.casefold() not in drop)


def _take_back_dots(connection: Connection, stamp: dict, kept: Row, moved: dict) -> None:
    for vote in connection.execute(select(Vote).where(Vote.point_id == kept.id)).all():
        if moved.get(vote.voter) and vote.deleted_at is None:
            dots = max(0, vote.dots - moved[vote.voter])
            _update(connection, Vote, vote, stamp, {"dots": dots})


def fold_all(
    connection: Connection,
    stamp: dict,
    workshop: Row,
    points: Iterable[PointView],
    threshold: float = THRESHOLD,
) -> tuple[list[tuple[Pair, Merged]], list[tuple[Pair, str]]]:
    """Merge every near-duplicate pair, keeping the earlier point; see ``plan_merges``."""
    merges, left = plan_merges(find_duplicates(points, threshold))
    done = []
    for pair in merges:
        keep = _ref(connection, pair.first.id)
        absorb = _ref(connection, pair.second.id)
        done.append((pair, fold(connection, stamp, workshop, keep, absorb)))
    return done, left


def fold_points(store: StoreCore, workshop: str, keep: str, absorb: str) -> Merged:
    """``Store.merge_points``: fold ``absorb`` into ``keep`` in one transaction."""
    with store._write() as connection:
        row = lookup.find_workshop(connection, workshop)
        kept = lookup.find_point(connection, row.slug, keep, allow_deleted=True)
        gone = lookup.find_point(connection, row.slug, absorb, allow_deleted=True)
        return fold(connection, store._stamp(connection), row, kept, gone)


def fold_every_pair(store: StoreCore, workshop: str, threshold: float | None):
    """``Store.merge_duplicates``: every near-duplicate pair folded, all or none."""
    threshold = check_threshold(THRESHOLD if threshold is None else threshold)
    with store._write() as connection:
        row = lookup.find_workshop(connection, workshop)
        points = lookup.load_workshop(connection, row, with_deleted=False).points
        return fold_all(connection, store._stamp(connection), row, points, threshold)


def unfold_point(store: StoreCore, workshop: str, ref: str) -> Unmerged:
    """``Store.unmerge``: put a folded point back, in one transaction."""
    with store._write() as connection:
        gone = lookup.find_point(connection, workshop, ref, allow_deleted=True)
        return unfold(connection, store._stamp(connection), gone)
