"""How the bench judges a figure: against its budget, with nothing allowed for noise.

A figure over its budget fails, however little over. What keeps one run's noise from
deciding is the measuring, not a tolerance: samples of workshopkit and of its floor are
taken in turns (launch by launch, round by round), so a busy moment hits both alike, and
every ratio is printed with a 95% bootstrap interval, so a reader sees how far the same
run could have put it. An interval that straddles the budget says "measure again with
more samples", never "pass".
"""

import random
import statistics
from collections.abc import Sequence

RESAMPLES = 2000


def judge(value: float, budget: float) -> tuple[str, bool]:
    """The verdict on a figure (a ratio or a time) against its budget, and whether it holds."""
    return ("PASS", True) if value <= budget else ("FAIL", False)


def ratio_interval(ours: Sequence[float], floor: Sequence[float]) -> tuple[float, float]:
    """A 95% bootstrap interval of median(ours) / median(floor): both sides resampled
    with replacement, the same way every run (a fixed seed), so two runs of the same
    samples print the same interval."""
    chooser = random.Random(17)
    ratios = sorted(
        statistics.median(chooser.choices(ours, k=len(ours)))
        / statistics.median(chooser.choices(floor, k=len(floor)))
        for _ in range(RESAMPLES)
    )
    return ratios[int(RESAMPLES * 0.025)], ratios[int(RESAMPLES * 0.975) - 1]


def shown_interval(interval: tuple[float, float] | None) -> str:
    """``interval`` as printed beside its ratio: "[1.21-1.34]"."""
    return "" if interval is None else f"[{interval[0]:.2f}-{interval[1]:.2f}]"


def excused(name: str, said: str, passed: bool, known_over: frozenset[str]) -> tuple[str, bool]:
    """A FAIL of a figure named in ``known_over`` (``python -m bench --known-over NAME``)
    is printed as such but does not fail the run: a budget known to be broken, being
    worked on, need not hide whether the others hold."""
    if not passed and name in known_over:
        return f"{said} (known)", True
    return said, passed
