"""Text that looks like markup or carries terminal controls shows literally, everywhere.

Textual reads markup in many places: a point typed as ``[/]`` could crash a widget or
vanish, ``[bold]x`` would lose its brackets and ``[@click=app.quit]x`` would quit the app
when clicked. A control character that reached the terminal (an ESC sequence, an OSC
title, a C1 CSI) would let a point rewrite the screen. Every screen that shows points,
owners, dues, themes or titles is visited here, and the store is checked too: it keeps
the text, minus the control characters.
"""

import re

import pytest
from rich.cells import cell_len
from textual import events
from textual.command import CommandList, CommandPalette
from textual.widgets import Input
from tui_helpers import screen_text, settle

from workshopkit.tui.dialogs.ask import AskDialog
from workshopkit.tui.dialogs.keys import KeysDialog
from workshopkit.tui.screens.actions import ActionsScreen
from workshopkit.tui.screens.export import ExportScreen
from workshopkit.tui.screens.ranking import RankingScreen
from workshopkit.tui.screens.voting import VotingScreen
from workshopkit.tui.screens.workshop import WorkshopScreen
from workshopkit.tui.screens.workshops import WorkshopsScreen

SIZE = (160, 50)  # wide enough that no text under test is cut short
# Every C0 control, DEL and every C1 control: none may be drawn. (Lines are split on
# the newlines screen_text puts between them, so a newline would show up here too.)
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")

# -- what is stored directly, and how it must come back ------------------------------------

TITLE = "[b]Harbour[/b] Forum \x1b[2J"
TITLE_SHOWN = "[b]Harbour[/b] Forum [2J"
VENUE = "[i]Quay Hall\x07"
VENUE_SHOWN = "[i]Quay Hall"
BREAKOUTS = ["[@click=app.quit]Room \x9b", "[/] Second"]
BREAKOUTS_SHOWN = ["[@click=app.quit]Room", "[/] Second"]
THIRD, THIRD_PROMPT = "$Third [red]", "[blink]Why not?\x1b[5m"
THIRD_PROMPT_SHOWN = "[blink]Why not?[5m"
USER, USER_SHOWN = "[i]Tess\x1b[0m", "[i]Tess[0m"

# Points of breakout A, in the capture language, and the text each must keep.
POINTS = [
    ("[/]", "[/]"),
    ("[bold]x #next", "[bold]x"),
    ("[@click=app.quit]x #next @[b]x due:[/]", "[@click=app.quit]x"),
    ("[red]unterminated #next", "[red]unterminated"),
    ("$variable stays", "$variable stays"),
    ("\x1b[31mred\x1b[0m", "[31mred[0m"),
    ("osc \x1b]0;title\x07 end", "osc ]0;title end"),
    ("c1 \x9b here", "c1  here"),
    ("nul \x00 here #hou\x1bsing", "nul  here"),
]
SHOWN = [shown for _, shown in POINTS]
# Tags given to A4 through the store's API rather than the capture language.
A4_OWNER, A4_OWNER_SHOWN = "$owner\x00", "$owner"
A4_DUE, A4_DUE_SHOWN = "\x1b[1mQ2 soon", "[1mQ2 soon"
# A barrier in breakout B whose owner is offered as a suggestion in the owner dialog.
B1, B1_SHOWN, B1_OWNER_SHOWN = "Lifts [i]out #barrier @[u]Kim\x1b[0m", "Lifts [i]out", "[u]Kim[0m"
VOTER, VOTER_SHOWN = "[i]voter\x1b", "[i]voter"


@pytest.fixture
def slug(store) -> str:
    view = store.create_workshop(TITLE, BREAKOUTS, "2027-02-02", VENUE)
    for text, _ in POINTS:
        store.add_point(view.breakouts[0], text)
    store.add_point(view.breakouts[1], B1)
    store.add_breakout(view.slug, THIRD, THIRD_PROMPT)
    store.tag_point(view.slug, "A4", owner=A4_OWNER, due=A4_DUE)
    store.vote(view.slug, "A3", VOTER)
    return view.slug


@pytest.fixture
def hostile_app(make_app, slug):
    return make_app(workshop=slug, user=USER)


# -- helpers -----------------------------------------------------------------------------


def on_screen(app, *expected: str) -> str:
    """Check the app still runs, no control character is drawn, and ``expected`` shows."""
    assert app.is_running, "an action in user text ran (or the app crashed)"
    text = screen_text(app)
    for number, line in enumerate(text.split("\n")):
        assert not CONTROL.search(line), f"a control character is drawn on line {number}"
    for words in expected:
        assert words in text, f"{words!r} is not on the screen"
    return text


def within(app, widget) -> str:
    """The screen text inside ``widget``'s region: what that widget draws, nothing behind."""
    region = widget.region
    lines = []
    for line in screen_text(app).split("\n")[region.y : region.bottom]:
        column, kept = 0, []
        for character in line:
            if region.x <= column < region.right:
                kept.append(character)
            column += cell_len(character)
        lines.append("".join(kept))
    return "\n".join(lines)


async def click_on(pilot, words: str) -> None:
    """Click the first place on the screen where ``words`` are drawn."""
    for y, line in enumerate(screen_text(pilot.app).split("\n")):
        if words in line:
            x = cell_len(line[: line.index(words)]) + cell_len(words) // 2
            await pilot.click(offset=(x, y))
            await settle(pilot)
            return
    raise AssertionError(f"{words!r} is not on the screen to click")


async def until(pilot, ready, timeout: float = 5.0) -> bool:
    """Pause until ``ready()`` is true (the palette fills in on its own workers)."""
    for _ in range(int(timeout / 0.05)):
        if ready():
            return True
        await pilot.pause(0.05)
    return ready()


# -- the store -------------------------------------------------------------------------


def test_the_store_keeps_the_text_without_control_characters(store, slug):
    view = store.workshop(slug)
    assert (view.title, view.venue) == (TITLE_SHOWN, VENUE_SHOWN)
    assert [b.title for b in view.breakouts] == [*BREAKOUTS_SHOWN, THIRD]
    assert view.breakouts[2].prompt == THIRD_PROMPT_SHOWN
    a = view.breakouts[0].points
    assert [p.text for p in a] == SHOWN
    assert (a[2].owner, a[2].due) == ("[b]x", "[/]")
    assert (a[3].owner, a[3].due) == (A4_OWNER_SHOWN, A4_DUE_SHOWN)
    assert a[8].themes == ("housing",)
    assert a[2].voters == ((VOTER_SHOWN, 1),)
    b1 = view.breakouts[1].points[0]
    assert (b1.text, b1.owner) == (B1_SHOWN, B1_OWNER_SHOWN)


# -- the screens -------------------------------------------------------------------------


async def test_workshop_screen_shows_titles_points_and_tags_literally(hostile_app):
    app = hostile_app
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, WorkshopScreen)
        on_screen(
            app,
            f"{TITLE_SHOWN} ─ A {BREAKOUTS_SHOWN[0]} ─ 9 points ─ you: {USER_SHOWN}",
            f"B {BREAKOUTS_SHOWN[1]}",
            f"C {THIRD}",
            *SHOWN,
            "@[b]x · due [/]",
            f"@{A4_OWNER_SHOWN} · due {A4_DUE_SHOWN}",
            "#housing",
        )
        # Clicking markup-like text runs nothing: it selects the point, as any click does.
        await pilot.press("escape")
        await click_on(pilot, "[@click=app.quit]x")
        on_screen(app, "A3 [@click=app.quit]x  (captured by Tester)")
        await click_on(pilot, BREAKOUTS_SHOWN[0])
        on_screen(app)

        await pilot.press("shift+tab")  # the third breakout (the last), with its prompt
        await settle(pilot)
        on_screen(app, f"C {THIRD} ─ 0 points", THIRD_PROMPT_SHOWN)
        await pilot.press("shift+tab")
        await settle(pilot)
        on_screen(app, f"B {BREAKOUTS_SHOWN[1]} ─ 1 point", B1_SHOWN, f"@{B1_OWNER_SHOWN}")

        await pilot.press("f1")  # the keys dialog is titled with the workshop
        await settle(pilot)
        assert isinstance(app.screen, KeysDialog)
        on_screen(app, f"Keys: {TITLE_SHOWN}")


async def test_points_captured_through_the_bar_are_stored_clean_and_shown_literally(
    hostile_app, store, slug
):
    app = hostile_app
    pasted = "typed [@click=app.quit]q \x1b[31mred\x1b[0m [/] #barrier @[b]Sam due:[i]May\x9b"
    typed = "[bold]by keys $x #next @[u]Kim"
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        bar = app.screen.query_one("#capture", Input)
        bar.post_message(events.Paste(pasted + " #tran\x1bsport"))
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        on_screen(
            app,
            "saved ✓ A10",
            "typed [@click=app.quit]q [31mred[0m [/]",
            "@[b]Sam · due [i]May · #transport",
        )

        await pilot.press(*typed)  # key by key, as a note-taker types
        on_screen(app, f"> {typed}", "next  @[u]Kim")  # the bar's reading of the tags
        await pilot.press("enter")
        await settle(pilot)
        on_screen(
            app,
            "saved ✓ A11",
            f"A11 [bold]by keys $x  (captured by {USER_SHOWN})",
            "@[u]Kim",
        )

    a10, a11 = store.point(slug, "A10"), store.point(slug, "A11")
    assert (a10.text, a10.kind.value, a10.owner, a10.due, a10.themes) == (
        "typed [@click=app.quit]q [31mred[0m [/]",
        "barrier",
        "[b]Sam",
        "[i]May",
        ("transport",),
    )
    assert a10.captured_by == USER_SHOWN
    assert (a11.text, a11.kind.value, a11.owner) == ("[bold]by keys $x", "next", "[u]Kim")


async def test_themes_are_stored_clean_and_a_refused_one_is_reported_literally(
    hostile_app, store, slug
):
    app = hostile_app
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+l")  # themes for A9, the point highlighted
        await settle(pilot)
        app.screen.query_one(Input).insert_text_at_cursor("fund\x9bing #trans\x1bport")
        await pilot.press("enter")
        await settle(pilot)
        on_screen(app, "#housing #funding #transport")

        await pilot.press("ctrl+l", *"[b]x", "enter")  # not a theme: refused, and said
        await settle(pilot)
        on_screen(app, "'[b]x' is not a theme")
    assert store.point(slug, "A9").themes == ("housing", "funding", "transport")


async def test_voting_the_voter_dialog_and_the_ranking(hostile_app, store, slug):
    app = hostile_app
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, VotingScreen)
        on_screen(
            app,
            f"Voting A {BREAKOUTS_SHOWN[0]} ─ voter: {USER_SHOWN} ─ 5/5 dots left",
            f"{USER_SHOWN} is voting",
            *SHOWN,
            "@[b]x · due [/]",
        )
        await pilot.press("home", "plus")
        await settle(pilot)
        on_screen(app, f"{USER_SHOWN} put a dot on A1: 4 dots left.")

        await pilot.press("w", *"[i]v")  # voters who voted before are suggested
        await settle(pilot)
        assert isinstance(app.screen, AskDialog)
        on_screen(app)
        assert VOTER_SHOWN in within(app, app.screen.query_one(Input))
        await pilot.press("right", "enter", "plus")
        await settle(pilot)
        on_screen(app, f"voter: {VOTER_SHOWN} ─ 3/5", f"{VOTER_SHOWN} put a dot on A1")

        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, RankingScreen)
        on_screen(app, f"Ranking ─ A {BREAKOUTS_SHOWN[0]}", *SHOWN)
        await click_on(pilot, "[@click=app.quit]x")
        on_screen(app)
    assert dict(store.point(slug, "A1").voters) == {USER_SHOWN: 1, VOTER_SHOWN: 1}


async def test_action_list_and_the_owner_dialog_with_suggestions(hostile_app, store, slug):
    app = hostile_app
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        assert isinstance(app.screen, ActionsScreen)
        on_screen(
            app,
            f"Action list ─ {TITLE_SHOWN} ─ 3 next steps",
            "[@click=app.quit]x",
            "[bold]x",
            "[red]unterminated",
            "[b]x",
            "[/]",
            A4_OWNER_SHOWN,
            A4_DUE_SHOWN,
            "⚠ none",
        )
        await click_on(pilot, "[@click=app.quit]x")
        on_screen(app)

        await pilot.press("g", "o")  # A2 lacks an owner; owners used before are offered
        await settle(pilot)
        assert isinstance(app.screen, AskDialog)
        on_screen(app, "Owner of A2")
        await pilot.press(*"[u")
        await settle(pilot)
        on_screen(app)
        assert B1_OWNER_SHOWN in within(app, app.screen.query_one(Input))
        await pilot.press("right", "enter")
        await settle(pilot)
        on_screen(app, B1_OWNER_SHOWN)

        await pilot.press("d")
        await settle(pilot)
        app.screen.query_one(Input).insert_text_at_cursor("\x1b[1mJune\x9b")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ActionsScreen)
        on_screen(app, "[1mJune")
    a2 = store.point(slug, "A2")
    assert (a2.owner, a2.due) == (B1_OWNER_SHOWN, "[1mJune")


async def test_export_preview_and_the_file_written(hostile_app, tmp_path):
    app = hostile_app
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+e")
        await settle(pilot)
        await pilot.pause(0.1)
        assert isinstance(app.screen, ExportScreen)
        on_screen(
            app,
            f"{TITLE_SHOWN} — action list",
            VENUE_SHOWN,
            f"A. {BREAKOUTS_SHOWN[0]}",
            f"B. {BREAKOUTS_SHOWN[1]}",
            f"C. {THIRD}",
            THIRD_PROMPT_SHOWN,
            "[@click=app.quit]x",
            "[bold]x",
            "[red]unterminated",
            A4_OWNER_SHOWN,
            A4_DUE_SHOWN,
            f"Barriers raised: B1 {B1_SHOWN} (0)",
        )
        await click_on(pilot, "[@click=app.quit]x")
        on_screen(app)
        await pilot.press("enter")
        await settle(pilot)
        on_screen(app, "Wrote exports/")
    [written] = (tmp_path / "exports").iterdir()
    content = written.read_text(encoding="utf-8")
    assert not CONTROL.search(content.replace("\n", ""))
    assert r"| A3 |  | \[@click=app.quit\]x | \[b\]x | \[/\] | Open | 1 |" in content


async def test_command_palette_lists_breakout_titles_literally(hostile_app):
    app = hostile_app
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        assert await until(pilot, lambda: isinstance(app.screen, CommandPalette))
        commands = app.screen.query_one(CommandList)

        def breakouts_shown() -> bool:
            return f"Breakout C: {THIRD}" in within(app, commands)

        for _ in range(20):  # the list fills in over a few moments: to its end each time
            await pilot.press("ctrl+end")
            if await until(pilot, breakouts_shown, timeout=0.25):
                break
        listed = within(app, commands)
        on_screen(app)
        for letter, title in zip("ABC", [*BREAKOUTS_SHOWN, THIRD], strict=True):
            assert f"Breakout {letter}: {title}" in listed
        await click_on(pilot, f"Breakout B: {BREAKOUTS_SHOWN[1]}")
        assert isinstance(app.screen, WorkshopScreen)
        on_screen(app, f"{TITLE_SHOWN} ─ B {BREAKOUTS_SHOWN[1]} ─ 1 point")


async def test_workshops_list(make_app, slug):
    app = make_app(user=USER)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, WorkshopsScreen)
        on_screen(app, f"{TITLE_SHOWN}  2027-02-02 · {VENUE_SHOWN} · 3 breakouts · 10 points")
        await click_on(pilot, TITLE_SHOWN)  # opens it, and nothing else
        assert isinstance(app.screen, WorkshopScreen)
        on_screen(app, f"{TITLE_SHOWN} ─ A {BREAKOUTS_SHOWN[0]}")


# -- found by these tests, then fixed ----------------------------------------------------


async def test_command_palette_search_shows_breakout_titles_literally(hostile_app):
    app = hostile_app
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("escape", "ctrl+p", *"second")
        commands = app.screen.query_one(CommandList)
        await until(pilot, lambda: "Breakout" in within(app, commands), timeout=2)
        assert f"Breakout B: {BREAKOUTS_SHOWN[1]}" in within(app, commands)
        await pilot.press(*["backspace"] * 6, *"room")
        await until(pilot, lambda: "Breakout A" in within(app, commands), timeout=2)
        assert f"Breakout A: {BREAKOUTS_SHOWN[0]}" in within(app, commands)
        await click_on(pilot, "Breakout A:")
        assert app.is_running, "clicking the search hit ran the [@click] in the title"


async def test_text_pasted_into_the_bar_draws_no_control_character(hostile_app):
    app = hostile_app
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        bar = app.screen.query_one("#capture", Input)
        bar.post_message(events.Paste("pasted \x1b]0;new title\x07 and \x1b[2J here"))
        await pilot.pause()
        on_screen(app, "pasted ]0;new title and [2J here")
