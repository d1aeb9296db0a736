"""Every figure the bench judges, kept as numbers for ``python -m bench --json FILE``.

Each benchmark prints its lines for people and records each judged figure here: its
name, its value, the floor it is measured against in the same run (when it has one),
the ratio, the budget, and the verdict. The file is for tools: a CI step, a chart.
"""

import json
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Judged:
    name: str
    value: float
    unit: str  # "ms", "s", "x" or "count"
    floor: float | None  # the same measure of the floor, in the same unit
    floor_is: str  # what the floor is ("raw sqlite3", "10 points", …)
    ratio: float | None  # value / floor, when the budget is a ratio
    interval: tuple[float, float] | None  # the ratio's 95% bootstrap interval
    budget: str  # as printed: "<= 1.5x", "<= 250 ms"
    verdict: str  # as printed: "PASS", "FAIL", "over (information)", …
    fails_run: bool  # whether this verdict fails the bench


RECORDED: list[Judged] = []


def record(
    name: str,
    value: float,
    unit: str,
    budget: str,
    verdict: str,
    *,
    floor: float | None = None,
    floor_is: str = "",
    ratio: float | None = None,
    interval: tuple[float, float] | None = None,
    fails_run: bool = False,
) -> None:
    """Keep one judged figure for the JSON file."""
    RECORDED.append(
        Judged(name, value, unit, floor, floor_is, ratio, interval, budget, verdict, fails_run)
    )


def measured(text: str) -> tuple[float, str, str]:
    """A printed measure read back: "4.9 ms (10 points)" is (4.9, "ms", "10 points")."""
    number, unit, *rest = text.split(maxsplit=2)
    return float(number), unit, " ".join(rest).strip("()")


def write_json(path: Path, header: dict, passed: bool) -> None:
    """Write every recorded figure, with what the run was, to ``path``."""
    document = {
        **header,
        "overall": "PASS" if passed else "FAIL",
        "figures": [asdict(figure) for figure in RECORDED],
    }
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
