"""A terminal too small for the screens: one notice, nothing else, and all back after.

At 6 columns the app crashed (an OptionList measured its height at a width of 0:
"range() arg 3 must not be zero" in Rich) and at 7–8 columns a dialog redrew for ever.
Below MIN_COLUMNS × MIN_ROWS every screen now shows only "Make the window larger"; when
the terminal grows again each screen is as it was: the same picture, the same focus,
the typed text where it was.
"""

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time

import pyte
import pytest
from textual.widgets import Input
from tui_helpers import screen_text, settle, wait_for_screen

from workshopkit.core.screen_size import MIN_COLUMNS, MIN_ROWS, too_small
from workshopkit.store.bulk.demo import create_demo
from workshopkit.tui.dialogs.ask import AskDialog
from workshopkit.tui.screens.workshop import WorkshopScreen
from workshopkit.tui.screens.workshops import WorkshopsScreen
from workshopkit.tui.widgets.too_small import ASK, ASK_WITH_SIZE, notice_lines

TINY = [(1, 1), (6, 24), (7, 24), (8, 24), (30, 5), (MIN_COLUMNS - 1, 24), (80, MIN_ROWS - 1)]
TINY_IDS = [f"{w}x{h}" for w, h in TINY]


def notice(width: int, height: int) -> list[str]:
    """The lines of the notice as a terminal of that size shows them."""
    return [line[:width] for line in notice_lines(width)][:height]


def shown(app) -> list[str]:
    return [line.rstrip() for line in screen_text(app).splitlines() if line.strip()]


async def wait_for_notice(pilot, size: tuple[int, int]) -> list[str]:
    """The lines on screen once they are the notice's (or after a while, whatever shows)."""
    await wait_for_screen(pilot, lambda _text: shown(pilot.app) == notice(*size), timeout=3)
    return shown(pilot.app)


@pytest.fixture
def demo_store(store):
    create_demo(store)
    return store


def test_the_notice_fits_or_gives_a_word_a_line():
    assert notice_lines(80) == [ASK_WITH_SIZE] and len(ASK_WITH_SIZE) < MIN_COLUMNS
    assert notice_lines(len(ASK)) == [ASK]
    assert notice_lines(6) == ["Make", "the", "window", "larger"]
    assert notice(1, 1) == ["M"]
    assert all(too_small(*size) for size in TINY)
    assert not too_small(MIN_COLUMNS, MIN_ROWS)


# -- starting in a tiny terminal ---------------------------------------------------------


@pytest.mark.parametrize("size", TINY, ids=TINY_IDS)
async def test_the_workshops_list_in_a_tiny_terminal_shows_only_the_notice(
    make_app, demo_store, size
):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause(0.5)  # the list has loaded its workshop (the crash needed one)
        assert isinstance(app.screen, WorkshopsScreen)
        assert await wait_for_notice(pilot, size) == notice(*size)
        await pilot.resize_terminal(80, 24)
        text = await wait_for_screen(pilot, lambda t: "Riverside Partnership Day" in t)
        assert "enter opens a workshop" in text and ASK not in text
    assert app.return_code in (None, 0)


@pytest.mark.parametrize("size", TINY, ids=TINY_IDS)
async def test_a_workshop_in_a_tiny_terminal_shows_only_the_notice(make_app, size):
    app = make_app(demo=True)
    async with app.run_test(size=size) as pilot:
        await pilot.pause(0.5)
        assert isinstance(app.screen, WorkshopScreen)
        assert await wait_for_notice(pilot, size) == notice(*size)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert "A What gets in the way ─ 11 points" in screen_text(app)
        assert app.focused is app.screen.bar.input  # ready to capture, as at start


async def test_a_browser_session_asks_the_name_once_the_terminal_is_large_enough(make_app):
    # The name question was the dialog that redrew for ever at 7–8 columns.
    app = make_app(demo=True, ask_name=True)
    async with app.run_test(size=(8, 24)) as pilot:
        await pilot.pause(0.5)
        assert isinstance(app.screen, AskDialog)
        assert await wait_for_notice(pilot, (8, 24)) == notice(8, 24)
        await pilot.resize_terminal(80, 24)
        assert "Your name?" in await wait_for_screen(pilot, lambda t: "Your name?" in t)
        await pilot.press(*"Priya", "enter")
        await settle(pilot)
        assert app.user == "Priya"
        assert app.focused is app.screen.bar.input


async def test_a_screen_that_replaces_another_while_tiny_comes_up_whole(make_app, demo_store):
    # A missing workshop sends the app back to the list: a screen pushed while covered.
    app = make_app(workshop="no-such-workshop")
    async with app.run_test(size=(30, 5)) as pilot:
        await pilot.pause(0.5)
        await settle(pilot)
        assert isinstance(app.screen, WorkshopsScreen)
        assert await wait_for_notice(pilot, (30, 5)) == notice(30, 5)
        await pilot.resize_terminal(80, 24)
        text = await wait_for_screen(pilot, lambda t: "Riverside Partnership Day" in t)
        assert "No workshop 'no-such-workshop'" in text
        assert app.focused is app.screen.query_one("#workshops")


# -- shrinking and growing again ---------------------------------------------------------


async def test_shrinking_and_growing_keeps_the_screen_the_focus_and_the_draft(make_app):
    app = make_app(demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*"Lift is broken #barrier")
        await settle(pilot)
        before, bar = screen_text(app), app.screen.bar.input
        assert app.focused is bar and "> Lift is broken #barrier" in before
        for size in TINY:
            await pilot.resize_terminal(*size)
            assert await wait_for_notice(pilot, size) == notice(*size)
            assert bar.value == "Lift is broken #barrier"  # never taken out of the bar
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        after = await wait_for_screen(pilot, lambda t: t == before)
        assert after == before
        assert app.focused is bar and bar.cursor_position == len(bar.value)
        await pilot.press(*" @Estates")  # typing goes on where it stopped
        await settle(pilot)
        assert bar.value == "Lift is broken #barrier @Estates"


async def test_a_dialog_keeps_its_answer_and_focus_through_a_tiny_terminal(make_app):
    app = make_app(demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+o")  # the owner of the point highlighted in the list
        await settle(pilot)
        answer = app.screen.query_one("#answer", Input)
        await pilot.press("ctrl+u", *"Pri")
        await pilot.resize_terminal(7, 24)
        assert await wait_for_notice(pilot, (7, 24)) == notice(7, 24)
        await pilot.resize_terminal(80, 24)
        await wait_for_screen(pilot, lambda t: "Owner of" in t)
        assert isinstance(app.screen, AskDialog) and app.focused is answer
        # Focus came back as from another window: "Pri" is not selected, so the next
        # key adds to it instead of replacing it.
        await pilot.press(*"ya", "enter")
        await settle(pilot)
        assert isinstance(app.screen, WorkshopScreen)
        assert any(p.owner == "Priya" for p in app.state.points("A"))


async def test_keys_in_a_tiny_terminal_do_nothing_unseen_but_quit(make_app):
    app = make_app(demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # to the point list, where x deletes a point
        await settle(pilot)
        points = len(app.state.points("A"))
        await pilot.resize_terminal(6, 24)
        await wait_for_notice(pilot, (6, 24))
        await pilot.press("x", "n", "v", "escape", *"typed unseen")
        await settle(pilot)
        assert len(app.state.points("A")) == points
        assert isinstance(app.screen, WorkshopScreen) and app.screen.bar.input.value == ""
        assert shown(app) == notice(6, 24)
        await pilot.press("ctrl+q")
        await pilot.pause(0.5)
        assert not app.is_running


# -- the real program on a tiny pseudo-terminal ------------------------------------------


# Not run alone: a busy machine slows the endless redrawing this looks for (200 KB a
# second when it happened), and then writes less, never more.
@pytest.mark.parametrize("columns", [6, 8])
def test_the_real_program_on_a_tiny_terminal_stays_up_and_idle(tmp_path, columns):
    """As a user starts it: no crash at 6 columns, no endless redrawing at 8 (a browser
    session's name question, the screen that redrew: about 200 KB a second)."""
    main, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKSHOPKIT_")}
    process = subprocess.Popen(
        [sys.executable, "-m", "workshopkit", "--db", "tiny.db", "browser-session"],
        cwd=tmp_path,
        env=env | {"TERM": "xterm-256color", "WORKSHOPKIT_USER": "Sam", "PYTHONUTF8": "1"},
        stdin=child,
        stdout=child,
        stderr=child,
        close_fds=True,
        start_new_session=True,
    )
    os.close(child)
    screen = pyte.Screen(columns, 24)
    stream = pyte.ByteStream(screen)

    def read(seconds: float) -> int:
        got, deadline = 0, time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            if select.select([main], [], [], min(left, 0.05))[0]:
                try:
                    data = os.read(main, 65536)
                except OSError:  # the program has gone
                    return got
                if not data:
                    return got
                got += len(data)
                stream.feed(data)
        return got

    try:
        deadline = time.monotonic() + 30
        while [line.strip() for line in screen.display[:4]] != notice(columns, 4):
            assert process.poll() is None, "\n".join(screen.display)
            assert time.monotonic() < deadline, "\n".join(screen.display)
            read(0.1)
        idle = read(3)  # a few seconds of nothing to do
        assert process.poll() is None, "\n".join(screen.display)
        assert idle < 20_000, f"{idle} bytes written in 3 idle seconds"
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)
        os.close(main)


@pytest.mark.parametrize("start", ["last", "middle"])
async def test_after_a_resize_the_highlighted_point_is_on_screen(make_app, store, start):
    view = store.create_workshop("Harbour Forum", ["One"])
    store.add_points(view.breakouts[0], [f"Point number {n} about the quay" for n in range(1, 41)])
    app = make_app(workshop=view.slug)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape")
        if start == "middle":
            await pilot.press("home", *["down"] * 19)  # A20, near the foot of the window
        await settle(pilot)
        ref = "A40" if start == "last" else "A20"
        assert app.screen.table.cursor_row == int(ref[1:]) - 1
        for size in ((60, 20), (80, 24)):
            await pilot.resize_terminal(*size)
            await settle(pilot)
            # Its row in the list, not only the detail line under it.
            row = re.compile(rf"\b{ref}\s+note\s+Point number {ref[1:]} ")
            assert row.search(screen_text(app)), size


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_a_toast_covers_neither_the_capture_bar_nor_the_newest_point(make_app, store, size):
    view = store.create_workshop("Harbour Forum", ["One"])
    store.add_points(view.breakouts[0], [f"Point number {n} about the quay" for n in range(1, 41)])
    app = make_app(workshop=view.slug)
    async with app.run_test(size=size, notifications=True) as pilot:
        await settle(pilot)
        app.notify("Wrote exports/harbour-forum-actions.md", timeout=30)
        await pilot.pause(0.3)
        toast = app.screen.query_one("Toast").region
        bar = app.screen.query_one("#capture").region
        newest = app.screen.table.region  # the list's newest rows are at its foot
        assert not toast.overlaps(bar)
        assert toast.y < newest.y + newest.height // 2
        await pilot.press("f7")  # the projector: the room's screen
        await pilot.pause(0.3)
        app.notify("Saved", timeout=30)
        await pilot.pause(0.3)
        assert not [t for t in app.screen.query("Toast") if t.display and t.region.area]


def test_a_status_line_loses_its_aside_then_its_hint_never_a_word():
    from workshopkit.tui.widgets.capture_bar import fit_status

    said = "C12: now a barrier (was a next step) — ctrl+z brings it back"
    assert fit_status(said, 80) == said
    assert fit_status(said, 50) == "C12: now a barrier — ctrl+z brings it back"
    assert fit_status(said, 36) == "C12: now a barrier — ctrl+z undoes"
    assert fit_status(said, 25) == "C12: now a barrier"


@pytest.mark.parametrize("size", [(60, 20), (80, 24)])
async def test_after_a_chord_the_status_line_ends_on_a_whole_phrase(make_app, store, size):
    view = store.create_workshop("Harbour Forum", ["One"])
    store.add_point(view.breakouts[0], "Ask the council about the late buses #next")
    app = make_app(workshop=view.slug)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("escape", "ctrl+b")
        await settle(pilot)
        status = screen_text(app).splitlines()[-2].strip()
        assert status.startswith("A1: now a barrier"), status
        assert status.endswith(("brings it back", "ctrl+z undoes", "now a barrier")), status
