"""The first frame is the title and the capture bar: the keys typed at once show at once,
and the side bar and the list join in the first pause in typing, with the points."""

import gc

from textual.widgets import DataTable, OptionList
from tui_helpers import filling, screen_text

from workshopkit.tui.screens.breakout_on_screen import BreakoutOnScreen
from workshopkit.tui.widgets.capture_bar import CaptureBar
from workshopkit.tui.widgets.point_list import PointList


def _workshop(store) -> str:
    workshop = store.create_workshop("First frame", breakouts=["Transport", "Housing"])
    for text in ("Cycle lanes on the ring road", "Late buses to the estate"):
        store.add_point(workshop.breakouts[0], text)
    return workshop.slug


async def _wait(pilot, done, rounds: int = 100) -> None:
    for _ in range(rounds):
        if done():
            return
        await pilot.pause(0.05)
    raise AssertionError("waited five seconds")


async def test_the_first_frame_has_the_bar_and_the_list_joins_in_a_pause(
    store, make_app, monkeypatch
):
    slug = _workshop(store)
    # Typing never pauses long enough in this test until it stops.
    monkeypatch.setattr(BreakoutOnScreen, "QUIET_BEFORE_FILL", 0.6)
    app = make_app(workshop=slug)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert not screen.query(DataTable) and not screen.query(OptionList)
        assert "type a point" in screen_text(app)
        await pilot.press(*"Bus")  # typed while the store is read
        await pilot.pause(0.2)
        assert not screen.query(PointList), "the list came while keys were coming"
        assert screen.query_one(CaptureBar).value == "Bus"
        await _wait(pilot, lambda: not filling(app))
        shown = screen_text(app)
        assert "Late buses to the estate" in shown and "Housing" in shown
        assert screen.query_one(CaptureBar).value == "Bus"
        assert screen.focused is screen.query_one(CaptureBar).input


async def test_keys_before_the_list_act_once_it_is_there(store, make_app, monkeypatch):
    """Escape and tab before the list joined change nothing, and break nothing."""
    slug = _workshop(store)
    monkeypatch.setattr(BreakoutOnScreen, "QUIET_BEFORE_FILL", 0.6)
    app = make_app(workshop=slug)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("escape", "tab", "ctrl+b")
        await _wait(pilot, lambda: not filling(app))
        await pilot.press("escape")  # now to the list
        assert isinstance(app.screen.focused, PointList)


async def test_collections_come_back_after_the_first_frame(store, make_app):
    """Started from the command line, no garbage collection runs before the first frame;
    the app turns collections back on once it is drawn."""
    slug = _workshop(store)
    gc.disable()
    try:
        async with make_app(workshop=slug).run_test() as pilot:
            await pilot.pause(0.1)
            assert gc.isenabled()
    finally:
        gc.enable()
