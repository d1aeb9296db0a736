"""Esc, then straight on typing: the sentence lands as a point wherever Esc was pressed.

A terminal sends Esc and a key typed within its escape delay (tmux's is half a second)
as one sequence, which reads as Alt+key or as another key altogether (ESC b is
ctrl+left); and keys typed fast reach the app before the screen Esc closed is gone.
These tests hand the app the events its input parser makes of the bytes a terminal sends
for Esc, a sentence and Enter, all at once, as a fast typist's arrive.
"""

import time

import pytest
from textual import constants
from textual._xterm_parser import XTermParser
from tui_helpers import screen_text, settle

from workshopkit.tui.screens.workshop import WorkshopScreen
from workshopkit.tui.terminal_input import EscThenTyping, unambiguous_escape_sequences

unambiguous_escape_sequences()  # as the app does when it starts


def parsed(data: str) -> list:
    """The key events of ``data``. Esc and the key after it come in one write (a terminal
    multiplexer holds an Esc until the next key), then the rest at a typist's pace: each
    key after the escape delay."""
    parser = XTermParser(debug=False)
    if not data.startswith("\x1b"):
        return [*parser.feed(data), *parser.feed("")]
    events = list(parser.feed(data[:2]))
    time.sleep(constants.ESCAPE_DELAY * 1.5)
    events += parser.tick()
    return [*events, *parser.feed(data[2:]), *parser.feed("")]


@pytest.mark.parametrize(
    ("sentence", "first"),
    [("Next meeting", "N"), ("fish stall", "f"), ("buses", "b"), ("Our team", "O"),
     ("1 more room", "1")],
)  # fmt: skip
def test_esc_then_a_letter_reads_as_alt_and_that_letter(sentence, first):
    events = parsed("\x1b" + sentence)
    assert events[0].key.startswith("alt+") and events[0].character == first
    assert "".join(e.character for e in events[1:]) == sentence[1:]


@pytest.mark.parametrize(
    "sentence",
    ["Next meeting in March, buses stop at six, says Ana", "fish stall", "Our team will call",
     "Parking at the quay", "1 more room", "@Ana to call", " spaced out"],
)  # fmt: skip
def test_esc_and_a_sentence_in_one_write_are_esc_and_the_sentence(sentence):
    parser = EscThenTyping(debug=False)
    events = [*parser.feed("\x1b" + sentence), *parser.feed("")]
    assert events[0].key == "escape"
    assert "".join(e.character for e in events[1:]) == sentence


def test_esc_at_the_end_of_one_write_and_a_sentence_in_the_next():
    parser = EscThenTyping(debug=False)
    events = [*parser.feed("\x1b"), *parser.feed("Next meeting in March, buses stop at six")]
    events += parser.feed("")
    assert events[0].key == "escape"
    assert "".join(e.character for e in events[1:]) == "Next meeting in March, buses stop at six"
    split = EscThenTyping(debug=False)
    arrow = [*split.feed("\x1b"), *split.feed("[A"), *split.feed("")]
    assert [e.key for e in arrow] == ["up"]  # a sequence split over two writes is one key


def test_sequences_after_esc_are_still_keys():
    parser = EscThenTyping(debug=False)
    events = [*parser.feed("\x1b[A\x1bOP\x1b[1;5Dx"), *parser.feed("")]
    assert [e.key for e in events] == ["up", "f1", "ctrl+left", "x"]


async def type_fast(pilot, data: str) -> None:
    """The bytes a terminal sends, all at once: every event queued before any is handled."""
    for event in parsed(data):
        pilot.app.post_message(event)
    await settle(pilot)


SENTENCE = "Next meeting in March, buses stop at six"


@pytest.mark.parametrize(
    "keys",
    [
        ("ctrl+o",),  # the owner dialog
        ("ctrl+t",),  # the due dialog
        ("ctrl+l",),  # themes
        ("f8",),  # duplicates: its letters are commands
        ("ctrl+e",),  # the export preview: Enter writes the file
        ("f7",),  # the projector
        ("f4",),  # the action list
        ("f2",),  # voting: + and space place dots
        ("f3",),  # the ranking
        ("f1",),  # the keys
        ("up",),  # ↑ recalls the last point to correct: Esc cancels that
        (),  # Esc in the bar: to the list
    ],
)
async def test_a_sentence_typed_straight_after_esc_is_a_point(make_app, store, keys, tmp_path):
    view = store.create_workshop("Harbour Forum", ["One"])
    store.add_points(
        view.breakouts[0],
        ["Ferry times #next @Ops", "Ferry timetable #next", "Parking at the quay"],
    )
    store.vote(view.slug, "A1", "Tester")
    app = make_app(workshop=view.slug)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)
        await type_fast(pilot, "\x1b" + SENTENCE + "\r")
        assert isinstance(app.screen, WorkshopScreen), screen_text(app)
        await type_fast(pilot, "\x1bAnd again\r")  # Esc from the list, then typing
    points = store.workshop(view.slug).points
    assert [p.text for p in points] == [
        "Ferry times",
        "Ferry timetable",
        "Parking at the quay",
        SENTENCE,
        "And again",
    ]
    assert points[0].owner == "Ops" and points[0].due is None and not points[0].themes
    assert dict(points[0].voters) == {"Tester": 1}
    assert not list((tmp_path / "exports").glob("*")) if (tmp_path / "exports").exists() else True


async def test_keys_sent_to_the_list_after_the_bar_took_focus_follow_it(make_app, store):
    view = store.create_workshop("Harbour Forum", ["One"])
    store.add_point(view.breakouts[0], "Ferry times")
    app = make_app(workshop=view.slug)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await type_fast(pilot, "Gamma then enter at once\rAnd the next\r")
    assert [p.text for p in store.workshop(view.slug).points] == [
        "Ferry times",
        "Gamma then enter at once",
        "And the next",
    ]


@pytest.mark.parametrize("keys", [("ctrl+o",), ("f8",), ("up",)])
async def test_esc_and_a_sentence_in_one_write_make_a_point(make_app, store, keys):
    view = store.create_workshop("Harbour Forum", ["One"])
    store.add_points(view.breakouts[0], ["Ferry times #next @Ops", "Ferry timetable #next"])
    app = make_app(workshop=view.slug)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)
        parser = EscThenTyping(debug=False)
        for event in [*parser.feed("\x1b" + SENTENCE + "\r"), *parser.feed("")]:
            app.post_message(event)
        await settle(pilot)
    points = store.workshop(view.slug).points
    assert [p.text for p in points] == ["Ferry times", "Ferry timetable", SENTENCE]
    assert points[0].owner == "Ops"
