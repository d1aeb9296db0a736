"""Near-duplicate points: the same thing typed twice, on one laptop or on several.

Pure functions over the points the store hands out; nothing here reads or writes a store.

How two points are compared
---------------------------
Only their text counts (tags are combined when they are merged). Each text is made
comparable first: lower case, every run of punctuation or symbols a single space (rapidfuzz's
``default_process``), and its words sorted, so "Parking is scarce on market days" and
"On market days, parking is scarce!" read the same. Two texts then score rapidfuzz's
``fuzz.ratio`` of those forms, 0–100: the share of characters that match in order. That
is ``fuzz.token_sort_ratio``; computing each sorted form once keeps a large workshop fast.

Why the cut-off is 90
---------------------
Notes of one point from two laptops differ by case, punctuation, word order, a small word
added or dropped ("the", "is") or a typo; such pairs score 90 and above. Points that say
different things about the same subject score below: "Start meetings on time" against
"Stop meetings on time" scores 88, "Need more parking" against "Need less parking" 82,
"Joint training for members" against "Joint training for officers" 83. Lower cut-offs
catch more rewordings ("Publish meeting notes within a week" against "Publish the meeting
notes within one week" scores 87) but begin to pair opposites, and ``dupes --merge``
merges every pair it lists; so the default leans to pairs a facilitator would merge
without a second look, and ``--threshold`` (or ``+``/``-`` in the duplicates view) asks
for more or fewer. No cut-off reads meaning: "Volunteers feel valued" against
"Volunteers feel undervalued" scores 89.8. That is why every merge can be undone.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from workshopkit.core.errors import WorkshopkitError
from workshopkit.core.views import PointView

THRESHOLD = 90.0
SCORER = "token sort ratio"  # how the score is named to users


LOWEST_THRESHOLD = 50.0  # below it nearly any two points of one subject pair up


def check_threshold(threshold: float) -> float:
    """Refuse a cut-off outside 50–100; return it otherwise."""
    if not LOWEST_THRESHOLD <= threshold <= 100:
        raise WorkshopkitError(
            f"The cut-off is a score from {LOWEST_THRESHOLD:.0f} to 100 "
            f"(default {THRESHOLD:.0f}); {threshold:g} is outside it."
        )
    return threshold


@dataclass(frozen=True)
class Pair:
    """Two points that read almost the same; ``first`` was captured earlier."""

    first: PointView
    second: PointView
    score: float  # 0–100; 100 for the same words in any order, case or punctuation

    @property
    def percent(self) -> int:
        """The score as shown: rounded down, so that it works as a ``--threshold``."""
        return int(self.score)

    @property
    def ids(self) -> frozenset:
        """Both points' ids, to tell whether a pair has been seen before."""
        return frozenset((self.first.id, self.second.id))


def comparable(text: str) -> str:
    """``text`` as it is compared: lower case, words only, in sorted order."""
    from rapidfuzz.utils import default_process  # loads when duplicates are looked for

    return " ".join(sorted(default_process(text).split()))


def capture_order(point: PointView) -> tuple:
    """Sort key: the point captured first comes first (refs break a tie)."""
    return (point.created_at, point.letter, point.number)


def find_duplicates(points: Iterable[PointView], threshold: float = THRESHOLD) -> list[Pair]:
    """Every pair of ``points`` scoring ``threshold`` or more, within and across breakouts.

    Best scores first; pairs of equal score in capture order. A point whose text has no
    letters or digits (say "???") pairs with nothing.
    """
    from rapidfuzz import fuzz, process  # loads when duplicates are looked for

    ordered = sorted((p for p in points if not p.deleted), key=capture_order)
    keys = [comparable(p.text) for p in ordered]
    pairs: list[Pair] = []
    for index, key in enumerate(keys):
        if not key:
            continue
        later = keys[index + 1 :]
        # limit=None: every match over the cut-off, not only the best few.
        for _choice, score, offset in process.extract(
            key, later, scorer=fuzz.ratio, score_cutoff=threshold, limit=None
        ):
            other = index + 1 + offset
            if keys[other]:
                pairs.append(Pair(ordered[index], ordered[other], score))
    position = {p.id: n for n, p in enumerate(ordered)}
    pairs.sort(key=lambda pair: (-pair.score, position[pair.first.id], position[pair.second.id]))
    return pairs


def plan_merges(pairs: Iterable[Pair]) -> tuple[list[Pair], list[tuple[Pair, str]]]:
    """Which pairs ``dupes --merge`` merges (keeping the earlier point), and which it leaves.

    Pairs are taken best first. A pair whose point has already been folded into another
    in the same run is left, with the reason: merging it would join two points that were
    never compared with each other. Running the search again shows what is left. A pair
    whose points both went into the same point is done already.
    """
    merges: list[Pair] = []
    left: list[tuple[Pair, str]] = []
    absorbed_into: dict = {}

    def home(point: PointView):  # the point it now lives in
        while point.id in absorbed_into:
            point = absorbed_into[point.id]
        return point.id

    for pair in pairs:
        if home(pair.first) == home(pair.second):
            continue  # both already went into the same point: nothing is left to merge
        gone = next((p for p in (pair.first, pair.second) if p.id in absorbed_into), None)
        if gone is not None:
            keeper = absorbed_into[gone.id]
            left.append((pair, f"{gone.ref} was merged into {keeper.ref} just before"))
            continue
        merges.append(pair)
        absorbed_into[pair.second.id] = pair.first
    return merges, left
