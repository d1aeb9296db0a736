"""How often the app looks for others' changes: often while the store is quiet, so that
a change shows within a blink; less often while looks keep finding changes (a room
voting), so that they are drawn in batches beside the facilitator's typing."""

from types import SimpleNamespace

from workshopkit.core.views import Changes
from workshopkit.tui import others_changes
from workshopkit.tui.app import WorkshopkitApp
from workshopkit.tui.others_changes import BUSY_EVERY, OthersChanges


class Clock:
    now = 100.0

    def __call__(self) -> float:
        return self.now


def looks_queued(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(others_changes.time, "monotonic", clock)
    queued = []
    worker = SimpleNamespace(store=object(), jobs=SimpleNamespace(put_look=queued.append))
    app = SimpleNamespace(state=None, screen=SimpleNamespace(post_message=lambda m: None))
    return OthersChanges(app, worker), queued, clock


def test_a_quiet_store_is_looked_at_every_tick_and_a_busy_one_every_busy_period(monkeypatch):
    looks, queued, clock = looks_queued(monkeypatch)
    assert WorkshopkitApp.LOOK_EVERY < BUSY_EVERY
    looks.look()
    queued[-1].done(False)  # nothing changed: the next tick looks again
    clock.now += WorkshopkitApp.LOOK_EVERY
    looks.look()
    assert len(queued) == 2
    busy_since = clock.now
    queued[-1].done(True)  # something changed: looks wait for the busy period
    for _ in range(2):
        clock.now += WorkshopkitApp.LOOK_EVERY
        looks.look()
    assert len(queued) == 2
    clock.now = busy_since + BUSY_EVERY + 0.001
    looks.look()
    assert len(queued) == 3
    queued[-1].done(Changes(rev=5))  # no change found: quiet again
    clock.now += WorkshopkitApp.LOOK_EVERY
    looks.look()
    assert len(queued) == 4
