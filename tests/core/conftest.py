import pytest

from workshopkit.store.facade import Store


@pytest.fixture
def store(store_location):
    """An empty store, on SQLite and again on PostgreSQL (see tests/conftest.py)."""
    with Store(store_location, user="Facilitator") as opened:
        yield opened


@pytest.fixture
def workshop(store):
    """A workshop with three breakouts: A Barriers, B What works, C Next steps."""
    return store.create_workshop(
        "Harbour Day", ["Barriers", "What works", "Next steps"], date="2026-06-01", venue="Quay"
    )
