"""Fixtures of the fuzz suite: one store per test, a fresh workshop per example.

Hypothesis runs many examples inside one test, while pytest's fixtures are made once
per test; so the store is opened once (on SQLite, and again on PostgreSQL through the
``backend`` fixture) and each example creates a workshop of its own in it.
"""

import itertools
import sys
from pathlib import Path

import pytest

# The Pilot helpers of the TUI tests (waiting for store jobs, reading the screen).
sys.path.insert(0, str(Path(__file__).parent.parent / "tui"))

_numbers = itertools.count(1)


@pytest.fixture
def new_workshop(store):
    """``new_workshop(*breakouts)``: a workshop of its own for one Hypothesis example."""

    def make(*breakouts: str):
        return store.create_workshop(f"Fuzz {next(_numbers)}", list(breakouts) or ["Room"])

    return make
