"""What the open workshop looks like on screen: a plain, updatable copy of the store's values.

Screens draw from this one object. Every change the store confirms (a capture, a tag, a
vote) is applied here with ``apply`` and then shown, so no screen reloads the workshop to
show one change.
"""

from dataclasses import replace
from uuid import UUID

from workshopkit.core.carry import is_open_action
from workshopkit.core.kinds import Kind
from workshopkit.core.templates import score_total
from workshopkit.core.views import BreakoutView, Changes, PointView, WorkshopView
from workshopkit.core.voting import rank


class WorkshopState:
    """The workshop being shown: its breakouts and their live points, by letter."""

    def __init__(self, view: WorkshopView) -> None:
        self.view = view
        self.rev = view.rev  # the store revision this state has caught up with
        self.breakouts: dict[str, BreakoutView] = {b.letter: b for b in view.breakouts}
        self._points: dict[str, dict[UUID, PointView]] = {
            b.letter: {p.id: p for p in b.points} for b in view.breakouts
        }
        self._revs: dict[UUID, int] = {}  # the newest revision known of each point
        # The points with dots, by breakout: the voting screen counts a voter's dots at
        # every dot, and a breakout of thousands of points has a few dozen voted on.
        self._voted: dict[str, set[UUID]] = {
            b.letter: {p.id for p in b.points if p.voters} for b in view.breakouts
        }

    @property
    def slug(self) -> str:
        return self.view.slug

    @property
    def letters(self) -> list[str]:
        return list(self.breakouts)

    def points(self, letter: str) -> list[PointView]:
        """The live points of one breakout, in capture order."""
        return sorted(self._points.get(letter, {}).values(), key=lambda p: p.number)

    def count(self, letter: str) -> int:
        return len(self._points.get(letter, {}))

    def score_total(self, letter: str) -> int | None:
        """The sum of a breakout's scores (force-field analysis); None when it has none."""
        return score_total(self._points.get(letter, {}).values())

    def all_points(self) -> list[PointView]:
        return [p for letter in self.breakouts for p in self.points(letter)]

    def get(self, letter: str, point_id: UUID) -> PointView | None:
        return self._points.get(letter, {}).get(point_id)

    def apply(self, point: PointView) -> bool:
        """Take in a point the store confirmed: new, changed, or deleted; False if left out.

        A copy older than one already taken in is left out: a look for others' changes
        that read the point just before this app's own save of it must not undo that
        save on screen. (Its next look reads the point again, newer.)
        """
        if point.rev:
            if point.rev < self._revs.get(point.id, 0):
                return False
            self._revs[point.id] = point.rev
        points = self._points.setdefault(point.letter, {})
        voted = self._voted.setdefault(point.letter, set())
        if point.deleted:
            points.pop(point.id, None)
        else:
            points[point.id] = point
        if point.voters and not point.deleted:
            voted.add(point.id)
        else:
            voted.discard(point.id)
        return True

    def take_changes(self, changes: Changes) -> None:
        """Take in what the store says changed since ``rev`` (points via ``apply``)."""
        self.rev = max(self.rev, changes.rev)
        if changes.workshop is not None:
            self.view = replace(changes.workshop, breakouts=self.view.breakouts)
        for breakout in changes.breakouts:
            self.add_breakout(breakout)

    def blind(self, letter: str) -> bool:
        """Whether the breakout's vote counts are hidden (blind voting, from the store)."""
        breakout = self.breakouts.get(letter)
        return breakout is not None and breakout.blind

    def add_breakout(self, breakout: BreakoutView) -> None:
        """Take in a breakout the store confirmed (its title, timer, blind voting).

        As with points, a copy older than the one shown is left out: a look that read
        the breakout before this app's own write (an undo of a reveal, say) must not
        put the old value back on screen.
        """
        shown = self.breakouts.get(breakout.letter)
        if shown is not None and breakout.rev and breakout.rev < shown.rev:
            return
        self.breakouts[breakout.letter] = breakout
        self._points.setdefault(breakout.letter, {})

    def owners(self) -> list[str]:
        """Owners already used in this workshop, most used first, for completion."""
        counts: dict[str, int] = {}
        for point in self.all_points():
            if point.owner:
                counts[point.owner] = counts.get(point.owner, 0) + 1
        return sorted(counts, key=lambda owner: (-counts[owner], owner.casefold()))

    def dots_used(self, letter: str, voter: str) -> int:
        """How many dots ``voter`` has placed in one breakout."""
        wanted = voter.casefold()
        points = self._points.get(letter, {})
        return sum(
            dots
            for point_id in self._voted.get(letter, ())
            for name, dots in points[point_id].voters
            if name.casefold() == wanted
        )

    def voters(self) -> list[str]:
        names = {name for p in self.all_points() for name, dots in p.voters if dots}
        return sorted(names, key=str.casefold)

    def ranked(self, letter: str) -> list[PointView]:
        return rank(self.points(letter))

    def actions(self) -> list[PointView]:
        """Every next step of the workshop, most votes first (ties keep capture order),
        then the done and dropped ones, as the exports list them."""
        blind = {letter for letter in self.breakouts if self.blind(letter)}
        ranked = rank((p for p in self.all_points() if p.kind is Kind.NEXT), blind)
        return sorted(ranked, key=lambda p: not is_open_action(p))
