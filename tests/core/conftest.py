import pytest

from workshopkit.core.store import Store


@pytest.fixture
def store(tmp_path):
    with Store(str(tmp_path / "store.db"), user="Facilitator") as opened:
        yield opened


@pytest.fixture
def workshop(store):
    """A workshop with three breakouts: A Barriers, B What works, C Next steps."""
    return store.create_workshop(
        "Harbour Day", ["Barriers", "What works", "Next steps"], date="2026-06-01", venue="Quay"
    )
