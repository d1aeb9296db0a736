"""A merge cut into pieces: how much a page and a transaction hold, the largest store
merged unasked, the one write transaction that is run again when busy, and the report
the transactions add up to.

The sizes and ``_write_batch`` are looked up through this module at each use
(``batches.BATCH_ROWS``), not imported by name, so that a test can make every
transaction one row, or make one of them fail.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection

from workshopkit.core.errors import WorkshopkitError
from workshopkit.core.text import one_line
from workshopkit.store.core import StoreCore, retrying

# A store of more points than this is merged only when asked to (``--force``): at a few
# thousand points a second that is a long job (and often the wrong file), and whoever
# runs it should know first.
MERGE_LIMIT = 50_000
# Rows read from the other store at a time: what the merge holds in memory at once.
BATCH_ROWS = 2_000
# How long one write transaction goes on: a writer that waits for the merge waits this.
BATCH_SECONDS = 0.2
# Rows written between two looks at the clock, and ids in one IN (…) list.
_STEP = 250

KINDS = ("workshops", "breakouts", "points", "votes")

Progress = Callable[[int, int], None]  # (rows of the other store done, rows in all)
# Runs ``apply(connection, revision)`` in one short write transaction of this store (run
# again from the start when another writer was in the way) and returns what it returns.
Write = Callable[[Callable[[Connection, int], Any]], Any]


class TooBig(WorkshopkitError):
    """The other store has more points than a merge takes without being forced."""


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

    def take(self, part: "MergeReport") -> None:
        """Add what one transaction did (once it has committed)."""
        self.added.update(part.added)
        self.updated.update(part.updated)
        self.unchanged.update(part.unchanged)
        self.moved += part.moved
        self.skipped += part.skipped
        self.excess += part.excess


def short(text: str, width: int = 40) -> str:
    text = one_line(text)
    return text if len(text) <= width else text[: width - 1] + "…"


Step = Callable[[Connection, int, list, dict, MergeReport], bool]  # wrote anything?


class Unchanged(Exception):
    """A transaction that found nothing to write: rolled back, so it takes no revision."""

    def __init__(self, result: Any) -> None:
        self.result = result


# Each transaction of a merge is run again on its own when another writer was in the way:
# running the whole merge again would count what it had already written twice.
@retrying
def _write_batch(store: StoreCore, apply: Callable[[Connection, int], object]) -> object:
    with store._write() as connection:
        return apply(connection, connection.info["wk_rev"])
