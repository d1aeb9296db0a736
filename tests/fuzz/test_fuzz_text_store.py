"""Hostile text through the capture language, the store and the three exports.

On SQLite and again on PostgreSQL: whatever is typed or tagged, nothing crashes; the
store keeps the input minus control characters (``fuzz_strategies.stored_text``); an
input refused is refused with a ``WorkshopkitError`` whose message is one line; the
markdown action list keeps every table row whole and every column in place; the CSV and
JSON exports, written to a file and read back, give the stored text exactly.
"""

import csv
import json
import re

import pytest
from fuzz_strategies import (
    FORBIDDEN,
    hostile_field,
    hostile_text,
    plain,
    plain_text,
    short_text,
    stored_text,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from workshopkit.cli.main import app
from workshopkit.core.capture import parse, theme_word
from workshopkit.core.errors import WorkshopkitError
from workshopkit.core.files import export
from workshopkit.core.text import clean, one_line
from workshopkit.store.facade import Store

# One store serves every example (see conftest.py): each example makes its own workshop.
per_test_store = settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    deadline=None,
)

MARKERS = [
    "#next", "#barrier", "#q", "#idea", "#note", "#housing", "#", "#1", "#[b]", "#tran\x1bsport",
    "@Sam", "@[b]Kim", '@"Two words"', '@"[/] \x1b[31m"', "@", '@"', "@\u202eevil",
    "due:2027-03", 'due:"March 2027"', "due:2027-13", "due:0000", "due:٢٠٢٧-٠١",
    "due:\x1b]0;t\x07", "due:", "score:3", "score:9", "\\#lit", "\\@home", "\\", "\\due:x",
]  # fmt: skip
typed_text = st.lists(st.one_of(short_text, st.sampled_from(MARKERS)), min_size=1, max_size=10).map(
    " ".join
)


def refused(action) -> str:
    """Run ``action``; it must be refused with a one-line message. Returns the message."""
    with pytest.raises(WorkshopkitError) as caught:
        action()
    message = str(caught.value)
    assert message and "\n" not in message and not FORBIDDEN.search(message)
    return message


def assert_clean(*values) -> None:
    for value in values:
        assert value is None or not FORBIDDEN.search(value), repr(value)


# -- the capture language into the store -----------------------------------------------


@per_test_store
@given(typed=plain_text)
def test_the_store_keeps_what_was_typed_minus_control_characters(store, new_workshop, typed):
    workshop = new_workshop()
    expected = stored_text(typed)
    if not expected:
        refused(lambda: store.add_point(workshop.breakouts[0], typed))
        return
    point = store.add_point(workshop.breakouts[0], typed)
    assert point.text == expected
    assert store.point(workshop.slug, point.ref).text == expected  # as read back
    edited = store.edit_point(workshop.slug, point.ref, "x " + typed)
    assert edited.text == stored_text("x " + typed)


@per_test_store
@given(typed=typed_text)
def test_any_point_typed_is_stored_as_the_capture_language_reads_it(store, new_workshop, typed):
    workshop = new_workshop()
    reading = parse(typed)
    # The controls go first: the reading is that of the cleaned text.
    assert reading == parse(clean(typed))
    if not reading.text.strip():
        refused(lambda: store.add_point(workshop.breakouts[0], typed))
        return
    added = store.add_point(workshop.breakouts[0], typed)
    point = store.point(workshop.slug, added.ref)
    assert (point.text, point.kind, point.owner, point.due, point.themes, point.score) == (
        reading.text,
        reading.kind,
        reading.owner,
        reading.due,
        reading.themes,
        reading.score,
    )
    assert_clean(point.text, point.owner, point.due, *point.themes)
    assert point.owner is None or point.owner == one_line(point.owner)
    assert point.due is None or point.due == one_line(point.due)


@per_test_store
@given(owner=hostile_text, due=hostile_text, theme=short_text)
def test_tags_given_directly_are_stored_on_one_line(store, new_workshop, owner, due, theme):
    workshop = new_workshop()
    store.add_point(workshop.breakouts[0], "Signs #next")
    point = store.tag_point(workshop.slug, "A1", owner=owner, due=due)
    assert (point.owner, point.due) == (one_line(owner) or None, one_line(due) or None)
    word = theme_word(one_line(theme))
    if word is None:
        refused(lambda: store.tag_point(workshop.slug, "A1", themes=[theme]))
    else:
        assert store.tag_point(workshop.slug, "A1", themes=[theme]).themes == (word,)
    assert store.point(workshop.slug, "A1").owner == (one_line(owner) or None)


@per_test_store
@given(title=hostile_text, breakout=hostile_text, prompt=hostile_text, venue=short_text)
def test_titles_prompts_venues_and_voters_are_stored_on_one_line(
    store, title, breakout, prompt, venue
):
    if not one_line(title) or not one_line(breakout):
        refused(lambda: store.create_workshop(title, [breakout]))
        return
    view = store.create_workshop(title, [breakout], venue=venue)
    assert (view.title, view.venue) == (one_line(title), one_line(venue) or None)
    assert view.breakouts[0].title == one_line(breakout)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", view.slug)  # safe in a file name
    second = store.add_breakout(view.slug, "Second", prompt)
    assert second.prompt == (one_line(prompt) or None)
    store.add_point(view.breakouts[0], "Signs")
    if one_line(breakout):  # a voter named like the breakout, for want of another text
        store.vote(view.slug, "A1", breakout)
        assert store.point(view.slug, "A1").voters == ((one_line(breakout), 1),)


# -- the exports -------------------------------------------------------------------------


def cells(row: str) -> list[str]:
    """A markdown table row's cells, split as GitHub does: a backslash escapes the next
    character, so only a pipe that is not escaped separates two cells."""
    masked = re.sub(r"\\.", "\0\0", row, flags=re.DOTALL)  # escapes hide their pipes
    found, at = [], 0
    for part in masked.split("|"):
        found.append(row[at : at + len(part)])
        at += len(part) + 1
    return found[1:-1]  # before the first pipe and after the last: nothing


def unescape(cell: str) -> str:
    # Splitting on an escape keeps the escaped character and drops the backslash.
    return "".join(re.split(r"\\(.)", cell.strip(" "), flags=re.DOTALL))


def as_markdown(text: str) -> str:
    """A point's text as a table cell shows it: tabs as spaces, newlines as <br>."""
    return "<br>".join(line.strip() for line in clean(text).replace("\t", " ").split("\n"))


def unescaped(line: str, char: str) -> bool:
    """True when ``char`` occurs in ``line`` without a backslash escaping it."""
    return char in re.sub(r"\\.", "", line, flags=re.DOTALL)


def hostile_workshop(store, title, breakouts, points, owners, voter):
    view = store.create_workshop(title, breakouts, venue=owners[0], date=owners[-1])
    for n, text in enumerate(points):
        letter = view.breakouts[n % len(breakouts)].letter
        added = store.add_point(view.breakouts[n % len(breakouts)], f"{text} #next")
        store.tag_point(view.slug, added.ref, owner=owners[n % len(owners)], due=text)
        if n % 2:
            store.add_point(store.breakout(view.slug, letter), f"{text} #barrier")
    if voter:
        store.vote(view.slug, "A1", voter)
    return store.workshop(view.slug)


line_of_text = hostile_field.filter(lambda t: one_line(t) != "")
plain_point = plain(hostile_field).filter(lambda t: stored_text(t) != "")


@per_test_store
@given(
    title=line_of_text,
    breakouts=st.lists(line_of_text, min_size=1, max_size=3),
    points=st.lists(plain_point, min_size=1, max_size=4),
    owners=st.lists(hostile_field, min_size=1, max_size=3),
    voter=short_text,
)
def test_exports_keep_their_shape_and_read_back_to_the_stored_text(
    store, tmp_path, title, breakouts, points, owners, voter
):
    view = hostile_workshop(store, title, breakouts, points, owners, one_line(voter))
    everything = view.points

    for include_all in (False, True):
        markdown = export.to_markdown(view, include_all)
        lines = markdown.split("\n")
        for line in lines:
            assert not FORBIDDEN.search(line)
            assert not unescaped(line.replace("<br>", ""), "<"), line  # no raw HTML
        for p in everything:
            rows = [line for line in lines if line.startswith(f"| {p.ref} |")]
            if p.kind.value == "next":
                # One row per action (two with --all): whole, each column in its place.
                # The action table comes before the table of every point.
                assert len(rows) == 1 + include_all and len(cells(rows[0])) == 7, rows
                ref, _, action, owner, due, status, votes = map(unescape, cells(rows[0]))
                assert (ref, action, votes) == (p.ref, as_markdown(p.text), str(p.votes))
                assert status == "Open"
                assert owner == (as_markdown(p.owner) if p.owner else export.MISSING)
                assert due == (as_markdown(p.due) if p.due else export.MISSING)
            if include_all:
                assert len(cells(rows[-1])) == 7
                assert unescape(cells(rows[-1])[2]) == as_markdown(p.text)

    folder = tmp_path / "exports"
    for include_all in (False, True):
        shown = [
            p for b in view.breakouts for p in (b.points if include_all else export.actions(b))
        ]
        written = export.write_export(
            export.to_csv(view, include_all), folder, "points.csv", force=True
        )
        with open(written, encoding="utf-8", newline="") as stream:
            rows = list(csv.DictReader(stream))
        titles = {b.letter: b.title for b in view.breakouts}
        assert [(r["ref"], r["text"], r["owner"], r["due"], r["breakout"]) for r in rows] == [
            (p.ref, p.text, p.owner or "", p.due or "", titles[p.letter]) for p in shown
        ]

        written = export.write_export(
            export.to_json(view, include_all), folder, "points.json", force=True
        )
        data = json.loads(written.read_text(encoding="utf-8"))
        assert (data["workshop"]["title"], data["workshop"]["venue"]) == (view.title, view.venue)
        assert [b["title"] for b in data["breakouts"]] == [b.title for b in view.breakouts]
        read = [p for b in data["breakouts"] for p in b["points"]]
        assert [(p["ref"], p["text"], p["owner"], p["due"]) for p in read] == [
            (p.ref, p.text, p.owner, p.due) for p in shown
        ]
        voters = {p["ref"]: p["voters"] for p in read}
        assert voters["A1"] == ({one_line(voter): 1} if one_line(voter) else {})


def test_a_typed_point_survives_100_kb_of_every_kind_of_hostile_text(store, new_workshop):
    # The one example Hypothesis may not draw on a short run: the biggest paste of all.
    workshop = new_workshop()
    unit = "[b]\x1b]0;t\x07\u202e👩‍👩‍👧e\u0301\u200b #tag @[/] \x9b2J\x00 | <br> "
    typed = unit * (100_000 // len(unit) + 1)
    point = store.add_point(workshop.breakouts[0], typed + "#next")
    reading = parse(typed)
    assert point.text == reading.text and len(point.text) > 50_000
    assert point.themes == ("tag",) and point.owner == "[/]"
    view = store.workshop(workshop.slug)
    [row] = [r for r in export.to_markdown(view).split("\n") if r.startswith("| A1 |")]
    assert len(cells(row)) == 7
    [read] = list(csv.DictReader(export.to_csv(view).splitlines(keepends=True)))
    assert read["text"] == point.text


def test_a_command_line_argument_that_is_not_utf8_is_saved_not_crashed(store_location):
    # Python hands bytes that are not UTF-8 in argv over as lone surrogates, which no
    # database can store: `add` ended in "unexpected UnicodeEncodeError".
    runner = CliRunner()
    base = ["--db", store_location, "--as", "Sam\udcff"]
    slug = runner.invoke(app, [*base, "new", "Caf\udce9 day", "-b", "Room"]).stdout.strip()
    result = runner.invoke(app, [*base, "add", slug, "A", "bad \udcff byte @K\udce9 #next"])
    assert result.exit_code == 0, (result.stderr, result.exception)
    with Store(store_location) as store:
        point = store.point(slug, "A1")
        assert (point.text, point.owner, point.captured_by) == (
            "bad \ufffd byte",
            "K\ufffd",
            "Sam\ufffd",
        )
        assert store.workshop(slug).title == "Caf\ufffd day"
