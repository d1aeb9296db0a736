"""The room on a phone, end to end: the facilitator opens the room in the TUI (Pilot),
a phone in headless Chromium (360×640, touch) opens the URL its QR code holds, joins
with the code, adds a point, places and takes back dots up to its budget, sees blind
counts hidden then revealed and another phone's point arrive; the TUI shows the
phone's point and dots.
"""

import sys
from pathlib import Path

import pytest
from room_helpers import decode_qr
from web_helpers import chromium

from workshopkit.core.room import spaced_code
from workshopkit.store.facade import Store

sys.path.insert(0, str(Path(__file__).parent.parent / "tui"))
from tui_helpers import screen_text, settle

async_api = pytest.importorskip("playwright.async_api")

PHONE = {"viewport": {"width": 360, "height": 640}, "is_mobile": True, "has_touch": True}


async def _until(pilot, check, seconds: float = 5.0):
    for _ in range(int(seconds / 0.05)):
        found = check()
        if found:
            return found
        await pilot.pause(0.05)
    raise AssertionError("the TUI never showed it")


@pytest.mark.alone
async def test_a_phone_joins_adds_and_votes_while_the_tui_runs_the_room(tmp_path, monkeypatch):
    from workshopkit.tui.app import WorkshopkitApp
    from workshopkit.tui.screens.room import RoomScreen

    browser_path = chromium()
    monkeypatch.setenv("WORKSHOPKIT_ROOM_HOST", "127.0.0.1")  # this machine alone
    db = str(tmp_path / "room.db")
    with Store(db, "Facilitator") as store:
        store.create_workshop("Quay Day", ["Barriers", "Ideas"])
        store.add_points(store.workshop("quay").breakouts[0], ["Lift broken", "Signs unclear"])
    app = WorkshopkitApp(db, "Facilitator", "quay")
    async with app.run_test(size=(110, 36)) as pilot, async_api.async_playwright() as play:
        await settle(pilot)
        await pilot.press("f5")
        await _until(pilot, lambda: isinstance(app.screen, RoomScreen) and app.room.running)
        room = app.state.view.room
        url = app.room.url(room)
        qr = str(app.screen.query_one("#room-qr").render()).splitlines()
        assert decode_qr(qr) == [url]  # the QR code holds exactly the join URL
        assert f"{room.code[:3]} {room.code[3:]}" in screen_text(app)

        browser = await play.chromium.launch(executable_path=browser_path, args=["--no-sandbox"])
        phone = await (await browser.new_context(**PHONE)).new_page()
        for _ in range(100):  # the room's process may still be starting
            try:
                await phone.goto(url)
                break
            except async_api.Error:
                await pilot.pause(0.1)
        await phone.get_by_label("Your name (optional)").fill("Ana")
        await phone.get_by_role("button", name="Join the room").tap()
        await phone.get_by_text("You are Ana (phone 1)").wait_for()
        await phone.get_by_label("Your point").fill("Bins overflow on market day")
        await phone.get_by_role("button", name="Add point as barrier").tap()
        await phone.get_by_text("Saved ✓ A3").wait_for()
        assert await phone.get_by_label("Your point").input_value() == ""

        point = await _until(
            pilot, lambda: next((p for p in app.state.all_points() if p.ref == "A3"), None)
        )
        assert (point.kind, point.captured_by) == ("barrier", "Ana (phone 1)")
        await _until(pilot, lambda: "1 phone joined" in screen_text(app))

        await pilot.press("v")  # the facilitator opens voting; the phone sees it live
        place = phone.get_by_role("button", name="Place a dot on A3")
        await place.wait_for()
        for ref, dots in (("A3", 3), ("A1", 2)):
            for _ in range(dots):
                await phone.get_by_role("button", name=f"Place a dot on {ref}").tap()
                await phone.get_by_text(f"Dot placed on {ref}").wait_for()
        await phone.get_by_text("0 of 5 dots left").wait_for(timeout=2000)
        assert await phone.get_by_role("button", name="Place a dot on A2").is_disabled()
        await phone.get_by_role("button", name="Take a dot back from A1").tap()
        await phone.get_by_text("Dot taken back from A1: 1 left.").wait_for()
        await _until(pilot, lambda: app.state.all_points()[0].voters == (("Ana (phone 1)", 1),))
        assert next(p for p in app.state.all_points() if p.ref == "A3").dots == 3

        await pilot.press("b")  # blind: the phone's counts go
        await phone.get_by_text("votes hidden").first.wait_for()
        assert await phone.get_by_text("3 votes").count() == 0
        await pilot.press("b")  # revealed
        await phone.get_by_text("3 votes").wait_for()
        # Redrawn from the room's events, the phone's own part is still its own: its mark,
        # its dots, and buttons that work.
        assert await phone.locator("#p-A3 .mine").count() == 1
        assert await phone.locator("#p-A1 .mine").count() == 0
        await phone.get_by_text("1 of 5 dots left").wait_for()
        assert await phone.get_by_role("button", name="Place a dot on A3").is_disabled()  # cap
        assert await phone.get_by_role("button", name="Place a dot on A2").is_enabled()
        await phone.get_by_role("button", name="Take a dot back from A3").tap()
        await phone.get_by_text("Dot taken back from A3: 2 left.").wait_for()

        other = await (await browser.new_context(**PHONE)).new_page()
        await other.goto(url)
        await other.get_by_role("button", name="Join the room").tap()
        await other.get_by_label("Your point").fill("Benches in the shade")
        await other.get_by_role("button", name="Add point").last.tap()
        await phone.get_by_text("Benches in the shade").wait_for(timeout=3000)
        # Drawn by the script from the event's data, its buttons work as the page's own.
        assert await phone.get_by_role("button", name="Take a dot back from A4").is_disabled()
        await phone.get_by_role("button", name="Place a dot on A4").tap()
        await phone.get_by_text("Dot placed on A4: 1 left.").wait_for()
        await other.locator("#p-A4 .count", has_text="1 vote ·").wait_for(timeout=3000)
        assert await other.locator("#p-A4 .mine").count() == 1
        await browser.close()

        await pilot.press("escape", "f7")  # the projector on the wall says how to join too
        line = await _until(pilot, lambda: "Join on your phone" in screen_text(app))
        text = screen_text(app)
        assert line and url.partition("/?")[0] in text and spaced_code(room.code) in text
        assert "2 phones in" in text
        await pilot.press("escape")

        await pilot.press("f5")  # closing the room ends every phone's session
        await _until(pilot, lambda: not app.room.running and not app.state.view.room.open)
        await pilot.press("f7")
        await pilot.pause(0.2)
        assert "Join on your phone" not in screen_text(app)  # closed: no join line
