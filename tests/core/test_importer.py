"""Reading existing notes into a plan: the shapes people type, and never losing a line."""

import codecs

import pytest

from workshopkit.core.importing.decoding import NotNotes, decode_notes
from workshopkit.core.importing.notes import join_context, parse_notes, read_notes
from workshopkit.core.kinds import Kind


def titles(plan) -> list[str]:
    return [b.title for b in plan.breakouts]


def texts(plan, title: str) -> list[str]:
    return [p.text for b in plan.breakouts if b.title == title for p in b.points]


def kinds(plan, title: str) -> list[str]:
    return [p.captured.kind.value for b in plan.breakouts if b.title == title for p in b.points]


MARKDOWN = """\
# Riverside Open Day

## Getting there
- The footbridge is closed on Sundays
* Parking fills up by ten
+ No signs from the tram stop

## What worked
- Volunteers in yellow vests were easy to find
"""


def test_markdown_headings_become_breakouts_and_bullets_points():
    plan = parse_notes(MARKDOWN, "open-day.md")
    assert plan.title == "Riverside Open Day"  # the lone top heading titles the workshop
    assert titles(plan) == ["Getting there", "What worked"]
    assert texts(plan, "Getting there") == [
        "The footbridge is closed on Sundays",
        "Parking fills up by ten",
        "No signs from the tram stop",
    ]
    assert plan.headings == (1, 3, 8)
    assert [p.line for p in plan.points] == [4, 5, 6, 9]


def test_a_nested_heading_carries_its_parents_title():
    notes = (
        "# Day\n## Group 1\n### Barriers\n- Cost\n### Ideas\n- Share a van\n## Group 2\n- Rain\n"
    )
    plan = parse_notes(notes)
    assert titles(plan) == ["Group 1: Barriers", "Group 1: Ideas", "Group 2"]
    assert kinds(plan, "Group 1: Barriers") == ["barrier"]
    assert kinds(plan, "Group 1: Ideas") == ["idea"]


def test_nested_bullets_keep_their_parents_text_and_tags():
    notes = (
        "## Transport\n"
        "- Late buses #access @Ana\n"
        "  - last one leaves at six\n"
        "    - too early for shift workers\n"
        "  - nothing on Sundays @Ben\n"
        "- Cycle racks are full\n"
    )
    plan = parse_notes(notes)
    points = plan.breakouts[0].points
    assert [p.text for p in points] == [
        "Late buses",
        "Late buses: last one leaves at six",
        "Late buses: last one leaves at six: too early for shift workers",
        "Late buses: nothing on Sundays",
        "Cycle racks are full",
    ]
    assert [p.captured.owner for p in points] == ["Ana", "Ana", "Ana", "Ben", None]
    assert all(p.captured.themes == ("access",) for p in points[:4])
    assert points[2].own == "too early for shift workers"
    assert points[2].context == "Late buses: last one leaves at six"


def test_numbered_and_lettered_lists():
    notes = (
        "Agreed actions\n"
        "1. Book the hall @Priya due:2027-03\n"
        "2) Ask the school about parking\n"
        "   a) and the church\n"
        "   (b) and the pub\n"
        "10. Print new leaflets\n"
        "iv. Tell the press\n"
    )
    plan = parse_notes(notes)
    assert titles(plan) == ["Agreed actions"]
    assert texts(plan, "Agreed actions") == [
        "Book the hall",
        "Ask the school about parking",
        "Ask the school about parking: and the church",
        "Ask the school about parking: and the pub",
        "Print new leaflets",
        "Tell the press",
    ]
    assert set(kinds(plan, "Agreed actions")) == {"next"}
    first = plan.points[0].captured
    assert (first.owner, first.due) == ("Priya", "2027-03")


def test_tick_and_cross_marks_stay_and_head_the_list_under_them():
    notes = (
        "How did the day go?\n\n"
        "✓ Went well:\n\n"
        "- Friendly stewards\n"
        "- Short queues\n\n"
        "× Did not go well\n\n"
        "- Too few chairs\n\n"
        "✓ Kept to time\n"
        "✗ Lost the projector remote\n"
    )
    plan = parse_notes(notes)
    assert texts(plan, "How did the day go?") == [
        "✓ Went well:",
        "✓ Went well: Friendly stewards",
        "✓ Went well: Short queues",
        "× Did not go well",
        "× Did not go well: Too few chairs",
        "✓ Kept to time",
        "✗ Lost the projector remote",
    ]


def test_tab_and_space_indented_lines_are_points_under_the_line_above():
    notes = "Barriers:\n\tParking\n\t\tespecially on market days\n    Room hire costs\nLater line\n"
    plan = parse_notes(notes)
    assert titles(plan) == ["Barriers"]
    assert texts(plan, "Barriers") == [
        "Parking",
        "Parking: especially on market days",
        "Room hire costs",
        "Later line",
    ]
    assert kinds(plan, "Barriers") == ["barrier"] * 4


def test_duplicated_lines_are_all_kept_and_a_repeated_heading_adds_to_the_first():
    notes = (
        "Ideas\n- Free tea\n- Free tea\n\nQuestions\n- Who pays?\n\nIdeas\n- Free tea\n- A quiz\n"
    )
    plan = parse_notes(notes)
    assert titles(plan) == ["Ideas", "Questions"]
    assert texts(plan, "Ideas") == ["Free tea", "Free tea", "Free tea", "A quiz"]
    assert plan.breakouts[0].lines == (1, 8)


def test_windows_and_old_mac_line_ends_blank_lines_and_odd_whitespace():
    notes = (
        "\ufeffBarriers\r\n"
        "-\u00a0Parking\u00a0\u00a0is   scarce\t \r\n"
        "   \r\n"
        "\u200b\r\n"
        "\r\n"
        "-\tRooms\x1b[31m cost too much\r"
        "Next steps\r\n"
        "- Ask\u2003the council\r\n"
    )
    plan = parse_notes(notes)
    assert titles(plan) == ["Barriers", "Next steps"]
    assert texts(plan, "Barriers") == ["Parking is scarce", "Rooms[31m cost too much"]
    assert texts(plan, "Next steps") == ["Ask the council"]
    assert plan.lines == 8


def test_short_title_lines_on_their_own_become_breakouts_in_plain_text():
    notes = (
        "Harbour Forum 2027\n\n"
        "Getting there\n\n"
        "- The ferry is unreliable\n\n"
        "Cafe and toilets\n"
        "- Queues at lunch\n\n"
        "The meeting ran long, but people stayed to the end.\n\n"
        "Speaker One\n\nSpeaker Two\n\n"
        "What people want\n\n"
        "More seating near the stage, and shade.\n"
    )
    plan = parse_notes(notes)
    assert plan.title == "Harbour Forum 2027"  # a first line standing above a heading
    assert titles(plan) == ["Getting there", "Cafe and toilets", "What people want"]
    # A sentence, and short lines in a row with nothing under them, stay points.
    assert texts(plan, "Cafe and toilets") == [
        "Queues at lunch",
        "The meeting ran long, but people stayed to the end.",
        "Speaker One",
        "Speaker Two",
    ]


def test_obvious_kinds_are_recognised_unless_a_tag_says_otherwise():
    notes = (
        "Notes\n"
        "- Barrier: no shared budget\n"
        "- Next steps: write to the trust\n"
        "- Action - Sam to call the venue\n"
        "- Can we meet monthly?\n"
        "- Can we meet weekly? #note\n"
        "- Barriers are coming down #idea\n"
        "- Plain remark\n"
        "\nBarriers to joining\n"
        "- Membership fee\n"
        "- Is there a discount?\n"
    )
    plan = parse_notes(notes)
    assert kinds(plan, "Notes") == ["barrier", "next", "next", "question", "note", "idea", "note"]
    assert kinds(plan, "Barriers to joining") == ["barrier", "question"]
    assert texts(plan, "Notes")[0] == "Barrier: no shared budget"  # the text is kept whole


def test_the_capture_language_is_read_and_tags_become_fields():
    plan = parse_notes('- Book the hall @"Parish Council" due:"March 2027" #venue #next\n')
    point = plan.points[0].captured
    assert point.text == "Book the hall"
    assert (point.kind, point.owner, point.due, point.themes) == (
        Kind.NEXT,
        "Parish Council",
        "March 2027",
        ("venue",),
    )


def test_a_line_of_tags_alone_keeps_them_as_its_text():
    plan = parse_notes("- #barrier\n- real point\n")
    assert [p.text for p in plan.points] == ["#barrier", "real point"]
    assert plan.points[0].captured.kind is Kind.BARRIER


def test_notes_before_any_heading_go_to_a_breakout_named_after_the_file():
    plan = parse_notes("- First thought\n- Second thought\n", "group-b_flipchart.txt")
    assert plan.title == "Group b flipchart"
    assert titles(plan) == ["Group b flipchart"]


def test_rules_underlines_and_bare_bullets_are_skipped_and_reported():
    notes = "Overview\n========\n- one\n-\n* * *\n---\n2.\n- two\n"
    plan = parse_notes(notes)
    assert titles(plan) == ["Overview"]
    assert texts(plan, "Overview") == ["one", "two"]
    assert plan.skipped == (2, 4, 5, 6, 7)


@pytest.mark.parametrize("title", ["Harbour Day\n===========\n", "# Harbour Day\n"])
def test_a_lone_markdown_title_above_sections_typed_as_plain_text(title):
    plan = parse_notes(title + "\nBarriers\n- Tides cut the path\n\nNext steps\n- Book boats\n")
    assert plan.title == "Harbour Day"
    assert titles(plan) == ["Barriers", "Next steps"]
    assert kinds(plan, "Next steps") == ["next"]


def test_underlined_headings_are_markdown_headings():
    plan = parse_notes("Group A\n-------\n- Tea\nNext steps:\n- Urn\n\nGroup B\n-------\n- Cake\n")
    assert titles(plan) == ["Group A", "Group B"]  # several: plain title lines are points
    assert texts(plan, "Group A") == ["Tea", "Next steps:", "Next steps: Urn"]
    assert kinds(plan, "Group A") == ["note", "next", "next"]
    assert plan.skipped == (2, 8)


def test_markdown_emphasis_is_taken_off():
    plan = parse_notes("## **Costs**\n- **Hire:** too dear\n- 2 * 3 = 6\n")
    assert titles(plan) == ["Costs"]
    assert texts(plan, "Costs") == ["Hire: too dear", "2 * 3 = 6"]


def test_join_context_reads_naturally():
    assert join_context(None, "b") == "b"
    assert join_context("Costs:", "hire") == "Costs: hire"
    assert join_context("Who pays?", "the trust") == "Who pays? the trust"
    assert join_context("Costs", "hire") == "Costs: hire"


# -- files: encodings, binary, empty -----------------------------------------------------


def test_cp1252_bytes_are_read_and_the_encoding_reported():
    data = "- Caf\u00e9 \u2013 closed \u201cfor now\u201d\n- \u00a35 entry\n".encode("cp1252")
    plan = read_notes(data, "notes.txt")
    assert plan.encoding == "cp1252"
    assert [p.text for p in plan.points] == ["Café – closed “for now”", "£5 entry"]


def test_a_short_cp1252_line_is_not_taken_for_a_look_alike_code_page():
    assert decode_notes("Parking \u2013 scarce\n".encode("cp1252"), "n.txt") == (
        "Parking \u2013 scarce\n",
        "cp1252",
    )


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("- Größe\n".encode("utf-16"), "utf-16"),
        (codecs.BOM_UTF8 + "- Größe\n".encode(), "utf-8-sig"),
        ("- Größe\n".encode(), "utf-8"),
    ],
)
def test_unicode_files_with_and_without_a_byte_order_mark(data, encoding):
    plan = read_notes(data, "n.txt")
    assert (plan.encoding, plan.points[0].text) == (encoding, "Größe")


def test_a_named_encoding_is_used_or_refused_in_one_line():
    data = "- \u00e9t\u00e9\n".encode("latin-1")
    assert read_notes(data, "n.txt", encoding="latin-1").points[0].text == "été"
    with pytest.raises(NotNotes, match="not utf-8"):
        read_notes(data, "n.txt", encoding="utf-8")
    with pytest.raises(NotNotes, match="Unknown encoding"):
        read_notes(data, "n.txt", encoding="no-such-codec")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "not a text file"),
        (bytes(range(1, 9)) * 20, "not a text file"),
        (b"", "empty"),
        (b"  \n\t\r\n", "empty"),
        (b"# Only a title\n", "no notes"),
    ],
)
def test_binary_empty_and_title_only_files_are_refused(data, message):
    with pytest.raises(NotNotes, match=message) as raised:
        read_notes(data, "thing.bin")
    assert "\n" not in str(raised.value)
