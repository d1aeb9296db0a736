"""Points typed in the first moment after start, before the workshop has been read.

A fast typist starts at the first frame. What is typed and sent with Enter then waits
for the workshop, and is part of the draft until its commit. Once the workshop arrives
the draft must not be put back into the bar as if a crash had left it: the point would
be saved twice, and the next point typed would run into it.
"""

import asyncio
import threading

import pytest

from workshopkit.store import sqlite_read
from workshopkit.store.facade import Store
from workshopkit.tui.app import WorkshopkitApp


@pytest.fixture
def held_read(monkeypatch) -> threading.Event:
    """Hold the first read of the workshop until the returned event is set."""
    gate = threading.Event()
    original = sqlite_read.read_workshop  # the screen loads it after the first frame

    def slow_read(*args, **kwargs):
        gate.wait(10)
        return original(*args, **kwargs)

    monkeypatch.setattr(sqlite_read, "read_workshop", slow_read)
    return gate


async def _until(pilot, condition, timeout: float = 10) -> None:
    for _ in range(int(timeout / 0.02)):
        await pilot.pause()
        if condition():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("the app never got there")


@pytest.mark.parametrize("key", ["harbour-forum", "harb"], ids=["slug", "start of slug"])
async def test_a_point_sent_before_the_workshop_arrives_is_saved_once(tmp_path, held_read, key):
    db = str(tmp_path / "s.db")
    with Store(db, "Sam") as store:
        slug = store.create_workshop("Harbour Forum", ["Getting there"]).slug
    app = WorkshopkitApp(db=db, user="Sam", workshop=key)
    app.animation_level = "none"
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*"Parking is scarce", "enter")
        await pilot.pause()
        held_read.set()  # the workshop arrives with the point still on its way
        await _until(pilot, lambda: app.state is not None)
        await pilot.press(*"Late buses", "enter")
        await _until(pilot, lambda: app.store is not None and app.jobs.pending == 0)
        await _until(pilot, lambda: not app.screen.bar.input.pending)
        assert app.screen.bar.value == ""
    with Store(db) as store:
        texts = [p.text for p in store.workshop(slug).points]
    assert texts == ["Parking is scarce", "Late buses"]
