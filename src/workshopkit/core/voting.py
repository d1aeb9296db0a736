"""Dot voting: budgets, caps, room tallies and the ranking. Pure functions, no store."""

from collections.abc import Container, Iterable
from dataclasses import dataclass, replace

from workshopkit.core.errors import BudgetSpent, VoteRefused
from workshopkit.core.text import one_line
from workshopkit.core.views import BreakoutView, PointView, WorkshopView

DEFAULT_DOTS_PER_VOTER = 5
DEFAULT_CAP_PER_POINT = 3
# Far beyond any room, and well inside what every database stores as an integer.
MAX_DOTS = 1_000
MAX_TALLY = 1_000_000


@dataclass(frozen=True)
class VoteRules:
    """How many dots a voter has per breakout, and how many may go on one point."""

    dots_per_voter: int = DEFAULT_DOTS_PER_VOTER
    cap_per_point: int = DEFAULT_CAP_PER_POINT

    def __post_init__(self) -> None:
        if self.dots_per_voter < 1:
            raise VoteRefused("Each voter needs at least 1 dot per breakout.")
        if self.cap_per_point < 1:
            raise VoteRefused("The cap per point must be at least 1 dot.")
        if max(self.dots_per_voter, self.cap_per_point) > MAX_DOTS:
            raise VoteRefused(f"Dots per voter and the cap per point go up to {MAX_DOTS}.")


def voter_key(name: str) -> str:
    """What makes two voter names one voter: "sam", "Sam" and " SAM " all count as one.

    Every dot count (budget, cap, merges of duplicates, the screens) compares names by
    this key, so a voter typed in another case never gets a second budget.
    """
    return one_line(name).casefold()


def same_voter(one: str, other: str) -> bool:
    """True when ``one`` and ``other`` name the same voter (see ``voter_key``)."""
    return voter_key(one) == voter_key(other)


def check_add_dot(
    rules: VoteRules, voter: str, ref: str, letter: str, used_in_breakout: int, on_point: int
) -> None:
    """Refuse one more dot from ``voter`` on ``ref`` if it breaks the budget or the cap."""
    if on_point + 1 > rules.cap_per_point:
        raise VoteRefused(
            f"{voter} already has {on_point} dot{'' if on_point == 1 else 's'} on {ref}: "
            f"the cap is {rules.cap_per_point} per point. Spend the dot on another point."
        )
    if used_in_breakout + 1 > rules.dots_per_voter:
        raise BudgetSpent(f"{voter} has used all {rules.dots_per_voter} dots in breakout {letter}.")


def check_remove_dot(voter: str, ref: str, on_point: int) -> None:
    """Refuse taking back a dot that ``voter`` never placed on ``ref``."""
    if on_point <= 0:
        raise VoteRefused(f"{voter} has no dot on {ref} to take back.")


def check_tally(count: int) -> None:
    """A room tally is a count of raised hands: zero or more."""
    if not 0 <= count <= MAX_TALLY:
        raise VoteRefused(f"A room tally counts hands: give a number from 0 to {MAX_TALLY:,}.")


def over_budget(workshop: WorkshopView, letter: str) -> dict[str, int]:
    """Voters holding more dots in breakout ``letter`` than the budget, with their dots.

    Only a restore can cause this (a deleted point gives its dots back, and they may have
    been spent again): it is reported, never silently trimmed.
    """
    used: dict[str, int] = {}
    names: dict[str, str] = {}  # the spelling first met, for the report
    for point in next((b.points for b in workshop.breakouts if b.letter == letter), ()):
        for voter, dots in point.voters:
            key = voter_key(voter)
            names.setdefault(key, voter)
            used[key] = used.get(key, 0) + dots
    over = {names[key]: n for key, n in used.items() if n > workshop.dots_per_voter}
    return dict(sorted(over.items()))


def rank(points: Iterable[PointView], blind: Container[str] = ()) -> list[PointView]:
    """Points by votes (dots + tally), most first; ties keep capture order. Points of the
    ``blind`` breakouts (letters) count as unvoted: their order must not give the hidden
    counts away."""

    def votes(point: PointView) -> int:
        return 0 if point.letter in blind else point.votes

    return sorted(points, key=lambda p: (-votes(p), p.created_at, p.letter, p.number))


def conceal(workshop: WorkshopView) -> WorkshopView:
    """The workshop as the room may see it: in a blind breakout no point shows dots, a
    tally or who voted, so nothing drawn from it (a ranking, an export) gives the counts
    away before the facilitator reveals them. The breakout keeps ``blind``, so whoever
    draws it can say the votes are hidden rather than show zeros."""
    if not any(b.blind for b in workshop.breakouts):
        return workshop
    return replace(workshop, breakouts=tuple(_concealed(b) for b in workshop.breakouts))


def _concealed(breakout: BreakoutView) -> BreakoutView:
    if not breakout.blind:
        return breakout
    hidden = tuple(replace(p, dots=0, tally=0, voters=()) for p in breakout.points)
    return replace(breakout, points=hidden)
