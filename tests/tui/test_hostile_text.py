"""Text that looks like markup or carries terminal controls shows literally, everywhere.

Textual reads markup in many widgets: a point typed as ``[/]`` would crash them and
``[@click=app.quit]x`` would run an action. Control characters must never reach the
terminal. Every screen that shows points, owners or titles is visited here.
"""

import re

from textual.widgets import Input
from tui_helpers import screen_text, settle

from workshopkit.core.text import clean
from workshopkit.tui.screens.workshop import WorkshopScreen

HOSTILE = [
    "[/]",
    "[bold]x",
    "[@click=app.quit]x",
    "[red]unterminated",
    "$variable and [link=https://example.org]link[/link]",
    "\x1b[31mred\x1b[0m",
    "osc \x1b]0;title\x07 sequence",
    "c1 \x9b control",
    "nul \x00 byte",
]
CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
SIZE = (160, 50)


def shown(text: str) -> str:
    """What a user should read for ``text``: the same characters, minus controls."""
    return clean(text)


def assert_safe(app, *expected: str) -> None:
    text = screen_text(app)
    assert app.is_running, "an action in user text ran"
    assert not CONTROLS.search(text), "a control character reached the screen"
    for part in expected:
        assert shown(part) in text, f"{shown(part)!r} is not on the screen"


async def test_hostile_text_on_every_screen(make_app, store):
    view = store.create_workshop("[b]Forum[/b] \x1b[2J", ["[@click=app.quit]Room", "$Second"])
    first = view.breakouts[0]
    for text in HOSTILE:
        store.add_point(first, text)
    for ref in ("A1", "A2", "A3"):
        store.tag_point(view.slug, ref, kind="next", owner="[b]owner[/b]", due="[/]")
    store.vote(view.slug, "A3", "[i]voter")

    app = make_app(workshop=view.slug)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, WorkshopScreen)
        # Captured through the bar too, control characters and all.
        app.screen.query_one("#capture", Input).insert_text_at_cursor(
            "typed [@click=app.quit]q \x1b[31m #barrier @[b]Sam"
        )
        await pilot.press("enter")
        await settle(pilot)
        assert_safe(app, "[b]Forum[/b] [2J", "[@click=app.quit]Room", *HOSTILE[:4])
        assert_safe(app, "typed [@click=app.quit]q [31m")

        await pilot.press("escape", "up")  # the full text of a point, under the list
        await settle(pilot)
        assert_safe(app, HOSTILE[-1])

        await pilot.press("v")  # voting
        await settle(pilot)
        assert_safe(app, *HOSTILE[:4])
        await pilot.press("r")  # ranking with bars
        await settle(pilot)
        assert_safe(app, *HOSTILE[:4])
        await pilot.press("escape", "escape", "a")  # the action list
        await settle(pilot)
        assert_safe(app, *HOSTILE[:3], "[b]owner[/b]", "[/]")
        await pilot.press("home", "o")  # the owner dialog, suggesting owners used before
        await settle(pilot)
        assert_safe(app, "[b]owner[/b]")
        await pilot.press("escape", "escape", "ctrl+e")  # the export preview
        await settle(pilot)
        assert_safe(app, "[@click=app.quit]x", "[/]")
        await pilot.press("escape", "ctrl+p", *"room")  # the command palette
        await pilot.pause(0.3)
        assert_safe(app, "[@click=app.quit]Room")
        await pilot.press("escape", "f1")
        await settle(pilot)
        assert_safe(app, "[b]Forum[/b] [2J")
        await pilot.press("escape", "w")  # the workshops list
        await settle(pilot)
        assert_safe(app, "[b]Forum[/b] [2J")

    loaded = store.workshop(view.slug)
    assert [p.text for p in loaded.points[: len(HOSTILE)]] == [clean(t) for t in HOSTILE]
    typed = loaded.points[-1]
    assert (typed.text, typed.kind.value, typed.owner) == (
        "typed [@click=app.quit]q [31m",
        "barrier",
        "[b]Sam",
    )
