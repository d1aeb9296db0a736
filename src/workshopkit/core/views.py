"""Plain, frozen values the store hands out. They hold no database session."""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from workshopkit.core.kinds import Kind
from workshopkit.core.room import RoomState


@dataclass(frozen=True)
class PointView:
    """A point as the store hands it out."""

    id: uuid.UUID
    ref: str
    letter: str
    number: int
    text: str
    kind: Kind
    owner: str | None
    due: str | None
    due_date: date | None
    themes: tuple[str, ...]
    tally: int
    dots: int  # dots from named voters
    voters: tuple[tuple[str, int], ...]  # (voter, dots), by name
    captured_by: str
    created_at: datetime
    updated_at: datetime
    changed_by: str
    deleted: bool = False
    score: int | None = None  # a force's strength, 1–5 (force-field analysis)
    done_at: datetime | None = None  # when an action was marked done
    carried_from: str | None = None  # "slug ref" of the action it carries forward
    absorbed: str = ""  # JSON: what it took in from merged duplicates
    # Schema 7, an improvement plan's fields: the ref the action has in the plan it came
    # from ("A1"), where it stands (one of STATUSES; "done" always with done_at), since
    # when, and the plan's progress note.
    plan_ref: str | None = None
    status: str = "open"
    status_at: datetime | None = None
    progress: str | None = None
    # The store revision this copy is at least as new as (0: not known). Two copies of a
    # point that read the same are equal whatever it says.
    rev: int = field(default=0, compare=False)

    @property
    def done(self) -> bool:
        return self.done_at is not None

    @property
    def votes(self) -> int:
        """What the ranking counts: named voters' dots plus the room tally."""
        return self.dots + self.tally


@dataclass(frozen=True)
class BreakoutView:
    """A breakout and, when loaded with its workshop, its live points."""

    id: uuid.UUID
    letter: str
    title: str
    prompt: str | None
    points: tuple[PointView, ...] = ()  # live points in capture order
    timer_minutes: int | None = None  # the breakout timer's length
    timer_ends_at: datetime | None = None  # when the running timer reaches zero
    blind: bool = False  # blind voting: counts hidden everywhere until revealed
    # The store revision that last wrote the breakout row (0: not known), as for points.
    rev: int = field(default=0, compare=False)


@dataclass(frozen=True)
class WorkshopView:
    """A workshop with its breakouts."""

    id: uuid.UUID
    slug: str
    title: str
    date: str | None
    venue: str | None
    dots_per_voter: int
    cap_per_point: int
    created_at: datetime
    updated_at: datetime
    breakouts: tuple[BreakoutView, ...] = field(default=())
    rev: int = 0  # the store's revision when this was read: changes after it are newer
    template: str | None = None  # the template it was set up from
    room: RoomState = field(default_factory=RoomState)  # the room on phones

    @property
    def points(self) -> tuple[PointView, ...]:
        """Every live point, breakout by breakout."""
        return tuple(p for b in self.breakouts for p in b.points)

    @property
    def voters(self) -> tuple[str, ...]:
        """Everyone with a dot on a live point, by name."""
        return tuple(sorted({v for p in self.points for v, dots in p.voters if dots}))

    def with_point(self, point: PointView) -> "WorkshopView":
        """This workshop with ``point`` new or changed in its breakout (gone if deleted)."""
        return self.with_points([point])

    def with_points(self, points: Iterable[PointView]) -> "WorkshopView":
        """This workshop with ``points`` new or changed in their breakouts (the deleted
        ones gone)."""
        by_letter: dict[str, dict[uuid.UUID, PointView]] = {}
        for point in points:
            by_letter.setdefault(point.letter, {})[point.id] = point
        if not by_letter:
            return self
        breakouts = []
        for breakout in self.breakouts:
            changed = by_letter.get(breakout.letter)
            if changed:
                kept = {p.id: p for p in breakout.points} | changed
                live = sorted((p for p in kept.values() if not p.deleted), key=lambda p: p.number)
                breakout = replace(breakout, points=tuple(live))
            breakouts.append(breakout)
        return replace(self, breakouts=tuple(breakouts))

    def with_changes(self, changes: "Changes") -> "WorkshopView":
        """This workshop brought up to date with what the store's change feed says changed
        since its ``rev``: its settings, its breakouts, their points."""
        view = self
        if changes.workshop is not None:
            view = replace(changes.workshop, breakouts=view.breakouts)
        if changes.breakouts:
            breakouts = {b.letter: b for b in view.breakouts}
            for changed in changes.breakouts:
                shown = breakouts.get(changed.letter)
                breakouts[changed.letter] = replace(changed, points=shown.points if shown else ())
            view = replace(view, breakouts=tuple(breakouts.values()))
        return replace(view.with_points(changes.points), rev=changes.rev)


@dataclass(frozen=True)
class WorkshopSummary:
    """A line of the workshop list."""

    id: uuid.UUID
    slug: str
    title: str
    date: str | None
    venue: str | None
    breakouts: int
    points: int
    updated_at: datetime


@dataclass(frozen=True)
class Changes:
    """What other writers (and this one) changed in a workshop since a revision."""

    rev: int  # the revision these changes bring a reader up to
    workshop: WorkshopView | None = None  # its settings, when they changed (no breakouts)
    breakouts: tuple[BreakoutView, ...] = ()  # new or changed breakouts (no points)
    points: tuple[PointView, ...] = ()  # new, changed and deleted points, with their votes

    def __bool__(self) -> bool:
        return bool(self.workshop or self.breakouts or self.points)


@dataclass(frozen=True)
class VoteResult:
    """What one vote changed."""

    point: PointView
    voter: str
    dots_on_point: int
    dots_left: int  # in this breakout, for this voter
