"""Others' points reach the open screen even while this app's own save waits, and a
look for others' changes never undoes this app's own save on screen.

Looks run on a worker of their own, beside the one that saves: with many note-takers
writing at once, a save can wait seconds for the database's write lock.
"""

import asyncio
import threading

import pytest
from tui_helpers import settle, wait_for_screen

from workshopkit.core.kinds import Kind
from workshopkit.store.facade import Store
from workshopkit.tui import tagging


@pytest.fixture
def db(store_location) -> str:
    return store_location


async def test_others_points_show_while_a_save_of_ours_waits(make_app, store, db):
    view = store.create_workshop("Harbour Forum", ["Getting there"])
    app = make_app(workshop=view.slug)
    async with app.run_test(size=(110, 30)) as pilot:
        await settle(pilot)
        stuck, release = threading.Event(), threading.Event()

        def waiting_save(_store) -> None:  # as a save waiting for the write lock does
            stuck.set()
            release.wait(30)

        app.run_job(waiting_save)
        try:
            assert stuck.wait(10)
            with Store(db, "Ana") as ana:
                ana.add_point(view.breakouts[0], "Cycle racks at the quay")
            text = await wait_for_screen(pilot, lambda t: "Cycle racks" in t)
            assert "Cycle racks at the quay" in text and "1 point" in text
            assert not release.is_set()  # it showed while our save was still waiting
        finally:
            release.set()
        await settle(pilot)


async def test_a_look_that_read_before_our_save_does_not_undo_it(make_app, store, db):
    view = store.create_workshop("Harbour Forum", ["Getting there"])
    app = make_app(workshop=view.slug)
    async with app.run_test(size=(110, 30)) as pilot:
        await settle(pilot)
        read, release = threading.Event(), threading.Event()
        real_changes = app.store.changes

        def held_changes(workshop_id, since):
            changes = real_changes(workshop_id, since)
            if changes.points and not release.is_set():
                read.set()  # this look has read Ana's point, untagged...
                release.wait(30)  # ...and is slow to come back
            return changes

        app.store.changes = held_changes
        with Store(db, "Ana") as ana:
            ana_point = ana.add_point(view.breakouts[0], "Cycle racks at the quay")
        await wait_for(pilot, read.is_set)
        # Meanwhile the facilitator marks it a barrier, and that save returns first.
        app.state.apply(ana_point)  # as the screen shows it (an earlier look, say)
        tagging.set_kind(app, ana_point, "barrier")
        await settle_store_jobs(pilot)
        assert app.state.get("A", ana_point.id).kind is Kind.BARRIER
        release.set()  # the slow look comes back with the older copy
        await wait_for(pilot, lambda: not app.looking)
        await pilot.pause()
        assert app.state.get("A", ana_point.id).kind is Kind.BARRIER
        text = await wait_for_screen(pilot, lambda t: "barrier" in t)
        assert "barrier" in text


async def test_many_earlier_points_after_ours_are_put_in_order_at_once(make_app, store, db):
    view = store.create_workshop("Harbour Forum", ["Getting there"])
    app = make_app(workshop=view.slug)
    async with app.run_test(size=(110, 30)) as pilot:
        await settle(pilot)
        app.looking = True  # hold the looks while the others save
        with Store(db, "Ana") as ana:
            ana.add_points(view.breakouts[0], [f"Bus stop {n}" for n in range(1, 41)])
        app.screen.query_one("#capture").insert_text_at_cursor("Night buses")
        await pilot.press("enter")
        await settle(pilot)  # our A41 shows first
        table = app.screen.query_one("#points")
        sorts = []
        original = table._sort_by_number
        table._sort_by_number = lambda: (sorts.append(1), original())
        app.looking = False
        await wait_for(pilot, lambda: table.row_count == 41)
        await pilot.pause()
        refs = [table.get_row_at(row)[0].plain for row in range(table.row_count)]
        assert refs == [f"A{n}" for n in range(1, 42)]
        assert table.get_row_at(table.cursor_row)[0].plain == "A41"  # the cursor stayed put
        assert len(sorts) == 1  # one sort for the batch, not one per row (seconds, at scale)


async def settle_store_jobs(pilot) -> None:
    """Wait for the saves queued so far (not for the look held in the test)."""
    await wait_for(pilot, lambda: pilot.app.jobs.pending <= 1)  # the held look is left


async def wait_for(pilot, condition, timeout: float = 10.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        assert loop.time() < deadline, "waited too long"
        await pilot.pause()
        await asyncio.sleep(0.01)
