"""Dot voting: budgets, caps, room tallies and the ranking. Pure functions, no store."""

from collections.abc import Iterable
from dataclasses import dataclass

from workshopkit.core.errors import BudgetSpent, VoteRefused
from workshopkit.core.views import PointView, WorkshopView

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
    for point in next((b.points for b in workshop.breakouts if b.letter == letter), ()):
        for voter, dots in point.voters:
            used[voter] = used.get(voter, 0) + dots
    return {v: n for v, n in sorted(used.items()) if n > workshop.dots_per_voter}


def rank(points: Iterable[PointView]) -> list[PointView]:
    """Points by votes (dots + tally), most first; ties keep capture order."""
    return sorted(points, key=lambda p: (-p.votes, p.created_at, p.letter, p.number))
