"""Emoji and joiners: every terminal draws a row of the list at the width it was laid out
for, and a zero-width joiner typed as a key is kept, as a pasted one is."""

import unicodedata

import pytest
from rich.cells import cell_len, get_character_cell_size
from textual.events import Key
from tui_helpers import screen_text, settle

from workshopkit.tui.widgets.capture_bar import CaptureInput


async def type_keys(pilot, characters) -> None:
    """Each character as a terminal's keypress reaches the app: a key named as Textual
    names it, with the character itself."""
    for character in characters:
        name = character
        if not character.isalnum():
            name = unicodedata.name(character).lower().replace("-", "_").replace(" ", "_")
        pilot.app.post_message(Key(name, character))
        await pilot.pause()


TRICKY = [
    "Great session 👍🏽 all round",  # a skin tone: 2 more cells in some terminals, 0 in others
    "Family 👨‍👩‍👧 tickets",  # a ZWJ sequence: one emoji in some terminals, three in others
    "Love it ❤️ truly",  # VS16: 2 cells in some terminals, 1 in others
]


def per_code_point(line: str) -> int:
    """The width of a line in a terminal that draws each code point on its own."""
    return sum(get_character_cell_size(c) for c in line)


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (60, 20)])
async def test_rows_with_emoji_keep_their_votes_cell_whatever_the_terminal(make_app, store, size):
    view = store.create_workshop("Emoji Day", ["One"])
    store.add_points(view.breakouts[0], [f"{text} #next @Ana" for text in TRICKY])
    for ref in ("A1", "A2", "A3"):
        store.vote(view.slug, ref, "Ben")
    app = make_app(workshop=view.slug)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("escape")
        for screen_keys in ((), ("f2",), ("escape", "f4")):
            await pilot.press(*screen_keys)
            await settle(pilot)
            lines = screen_text(app).splitlines()
            rows = [line for line in lines if any(f"A{n} " in line for n in (1, 2, 3))]
            assert len(rows) >= 3, lines
            for line in lines:  # drawn as measured, by grapheme or by code point alike
                if "(captured by" in line:
                    continue  # the detail line keeps the text whole; nothing comes after it
                assert cell_len(line) == per_code_point(line) == size[0], line
            for row in rows[:3]:
                assert row.rstrip().endswith("1"), row  # the votes cell, at the edge


async def test_a_zero_width_joiner_typed_as_keys_is_kept(make_app, store):
    view = store.create_workshop("Emoji Day", ["One"])
    app = make_app(workshop=view.slug)
    typed = ["👨", "\u200d", "👩", " ", "م", "ی", "\u200c", "خ", "و", "ا", "ه", "م"]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_keys(pilot, typed)
        assert app.screen.query_one(CaptureInput).value == "".join(typed)
        await pilot.press("escape")
        await type_keys(pilot, typed)  # typed on the list: to the bar, joiners too
        assert app.screen.query_one(CaptureInput).value == "".join(typed) * 2
        await pilot.press("enter")
        await settle(pilot)
    assert store.workshop(view.slug).points[0].text == "".join(typed) * 2
