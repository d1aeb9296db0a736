"""Points from the command line: add (one, or many from stdin), tag, edit, delete, restore."""

import pytest

# -- add -------------------------------------------------------------------------------


def test_add_prints_the_ref_and_numbers_each_breakout(cli, harbour):
    assert cli.add(harbour, "A", "First") == "A1"
    assert cli.add(harbour, "A", "Second") == "A2"
    assert cli.add(harbour, "C", "Elsewhere") == "C1"
    points = cli.points(harbour)
    assert {ref: p["text"] for ref, p in points.items()} == {
        "A1": "First",
        "A2": "Second",
        "C1": "Elsewhere",
    }


@pytest.mark.parametrize("key", ["B", "b", "What", "what w", "WHAT WORKS"])
def test_add_finds_the_breakout_by_letter_or_title_prefix(cli, harbour, key):
    assert cli.add(harbour, key, "Somewhere in B") == "B1"
    assert cli.points(harbour)["B1"]["text"] == "Somewhere in B"


def test_add_reads_the_capture_language(cli, harbour):
    ref = cli.add(harbour, "C", 'Book the big hall @"Parish Council" due:2027-03 #next #venues')
    point = cli.points(harbour)[ref]
    assert point["text"] == "Book the big hall"
    assert point["kind"] == "next"
    assert point["owner"] == "Parish Council"
    assert point["due"] == "2027-03"
    assert point["due_date"] == "2027-03-31"
    assert point["themes"] == ["venues"]


def test_add_keeps_backslashed_words_literally(cli, harbour):
    ref = cli.add(harbour, "A", r"Room \#1 is \@home")
    point = cli.points(harbour)[ref]
    assert point["text"] == "Room #1 is @home"
    assert (point["kind"], point["owner"], point["themes"]) == ("note", None, [])


def test_add_dash_reads_one_point_per_line_skipping_blank_lines(cli, harbour):
    lines = "Print larger signs #next\n\n   \nWho pays? #q\r\nLast one without newline"
    result = cli.ok("add", harbour, "C", "-", input=lines)
    assert result.stdout.splitlines() == ["C1", "C2", "C3"]
    points = cli.points(harbour)
    assert [(p["text"], p["kind"]) for p in points.values()] == [
        ("Print larger signs", "next"),
        ("Who pays?", "question"),
        ("Last one without newline", "note"),
    ]


def test_add_dash_continues_the_numbering(cli, harbour):
    cli.add(harbour, "A", "Before")
    result = cli.ok("add", harbour, "A", "-", input="One\nTwo\n")
    assert result.stdout.splitlines() == ["A2", "A3"]


@pytest.mark.parametrize("stdin", ["", "\n\n", "  \n\t\n"])
def test_add_dash_with_nothing_on_stdin_is_refused(cli, harbour, stdin):
    result = cli.error("add", harbour, "A", "-", input=stdin)
    assert "nothing was saved" in result.stderr
    assert cli.points(harbour) == {}


def test_add_dash_saves_all_lines_or_none(cli, harbour):
    result = cli.error("add", harbour, "A", "-", input="Good point\n#next @Sam\nAnother\n")
    assert "nothing was saved" in result.stderr
    assert cli.points(harbour) == {}
    # ...and the refused batch used up no numbers.
    assert cli.add(harbour, "A", "Now") == "A1"


@pytest.mark.parametrize("text", ["", "   ", "#next", "#next @Sam due:2027-03 #money"])
def test_add_refuses_a_point_without_text(cli, harbour, text):
    result = cli.error("add", harbour, "A", text)
    assert "needs some text" in result.stderr
    assert cli.points(harbour) == {}


def test_add_to_an_unknown_breakout_lists_the_breakouts(cli, harbour):
    result = cli.error("add", harbour, "Z", "Lost point")
    assert "No breakout 'Z'" in result.stderr
    assert "A Barriers" in result.stderr and "C Next steps" in result.stderr
    assert cli.points(harbour) == {}


def test_add_to_an_ambiguous_breakout_title_is_refused(cli, harbour):
    cli.ok("breakout", harbour, "What next")
    result = cli.error("add", harbour, "what", "Which one?")
    assert "several breakouts" in result.stderr
    assert cli.points(harbour) == {}


def test_add_to_an_unknown_workshop_is_refused(cli, harbour):
    result = cli.error("add", "nowhere", "A", "Lost point")
    assert "No workshop 'nowhere'" in result.stderr
    assert cli.points(harbour) == {}


def test_add_keeps_a_newline_in_the_text(cli, harbour):
    ref = cli.add(harbour, "A", "First line\nsecond line #barrier")
    point = cli.points(harbour)[ref]
    assert point["text"] == "First line\nsecond line"
    assert point["kind"] == "barrier"


def test_add_strips_control_characters(cli, harbour):
    ref = cli.add(harbour, "A", "Bell\x07 and \x1b[31mred")
    assert cli.points(harbour)[ref]["text"] == "Bell and [31mred"


# -- tag -------------------------------------------------------------------------------


def test_tag_sets_kind_owner_due_and_themes(cli, harbour):
    ref = cli.add(harbour, "A", "Joint training")
    result = cli.ok(
        "tag", harbour, ref, "--kind", "action", "--owner", "Members Support", "--due",
        "March 2027", "--theme", "training", "--theme", "#money",
    )  # fmt: skip
    assert result.stdout == (
        "A1 Joint training  (next, owner Members Support, due March 2027, #training, #money, "
        "0 votes)\n"
    )
    point = cli.points(harbour)[ref]
    assert point["kind"] == "next"
    assert point["owner"] == "Members Support"
    assert point["due"] == "March 2027"
    assert point["due_date"] == "2027-03-31"
    assert point["themes"] == ["training", "money"]


def test_tag_adds_themes_without_duplicates(cli, harbour):
    ref = cli.add(harbour, "A", "Themed #access")
    cli.ok("tag", harbour, ref, "--theme", "Access", "--theme", "parking")
    assert cli.points(harbour)[ref]["themes"] == ["access", "parking"]


def test_tag_with_nothing_to_change_is_a_usage_error(cli, harbour):
    ref = cli.add(harbour, "A", "Untouched")
    before = cli.show(harbour)
    result = cli.error("tag", harbour, ref, code=2)
    assert "Nothing to change" in result.stderr
    assert cli.show(harbour) == before


def test_tag_refuses_an_unknown_kind(cli, harbour):
    ref = cli.add(harbour, "A", "Untouched #idea")
    before = cli.show(harbour)
    result = cli.error("tag", harbour, ref, "--kind", "urgent", "--owner", "Sam")
    assert "'urgent' is not a kind" in result.stderr
    assert "note, barrier, next, question, idea" in result.stderr
    assert cli.show(harbour) == before


@pytest.mark.parametrize("theme", ["", "1st", "next", "two words"])
def test_tag_refuses_a_bad_theme(cli, harbour, theme):
    ref = cli.add(harbour, "A", "Untouched")
    before = cli.show(harbour)
    result = cli.error("tag", harbour, ref, "--theme", theme)
    assert "is not a theme" in result.stderr
    assert cli.show(harbour) == before


def test_tag_with_empty_owner_or_due_clears_them(cli, harbour):
    ref = cli.add(harbour, "A", "Owned @Sam due:2027-03 #next #money")
    cli.ok("tag", harbour, ref, "--owner", "")
    point = cli.points(harbour)[ref]
    assert point["owner"] is None
    assert (point["due"], point["kind"], point["themes"]) == ("2027-03", "next", ["money"])
    cli.ok("tag", harbour, ref, "--due", "")
    point = cli.points(harbour)[ref]
    assert (point["due"], point["due_date"]) == (None, None)


@pytest.mark.parametrize("ref", ["A9", "B1", "Z1", "1A", "A", "hello"])
def test_tag_an_unknown_or_malformed_ref_is_refused(cli, harbour, ref):
    cli.add(harbour, "A", "Only point")
    cli.error("tag", harbour, ref, "--owner", "Sam")


def test_refs_are_case_insensitive(cli, harbour):
    ref = cli.add(harbour, "A", "Lower case ref")
    cli.ok("tag", harbour, ref.lower(), "--owner", "Ana")
    assert cli.points(harbour)[ref]["owner"] == "Ana"


# -- edit ------------------------------------------------------------------------------


def test_edit_rewrites_text_and_tags(cli, harbour):
    ref = cli.add(harbour, "A", "Old words @Sam #money")
    result = cli.ok("edit", harbour, ref, "New words #next due:2027-06")
    assert result.stdout == "A1 New words  (next, due 2027-06, 0 votes)\n"
    point = cli.points(harbour)[ref]
    assert point["text"] == "New words"
    assert (point["kind"], point["owner"], point["due"], point["themes"]) == (
        "next",
        None,
        "2027-06",
        [],
    )


def test_edit_to_an_empty_point_is_refused(cli, harbour):
    ref = cli.add(harbour, "A", "Keep me")
    before = cli.show(harbour)
    cli.error("edit", harbour, ref, "#next @Sam")
    assert cli.show(harbour) == before


def test_edit_an_unknown_ref_is_refused(cli, harbour):
    cli.error("edit", harbour, "A1", "Nothing here")
    assert cli.points(harbour) == {}


# -- delete and restore ----------------------------------------------------------------


def test_delete_says_how_to_undo_and_hides_the_point(cli, harbour):
    cli.add(harbour, "A", "Keep")
    ref = cli.add(harbour, "A", "Drop")
    result = cli.ok("delete", "harb", ref)
    assert result.stdout == "Deleted A2. Undo with: workshopkit restore harbour-day A2\n"
    assert list(cli.points(harbour)) == ["A1"]


def test_a_deleted_ref_is_never_reused(cli, harbour):
    cli.add(harbour, "A", "One")
    cli.add(harbour, "A", "Two")
    cli.ok("delete", harbour, "A2")
    new_ref = cli.add(harbour, "A", "Three")
    assert new_ref != "A2"
    assert new_ref.startswith("A") and int(new_ref[1:]) >= 3
    batch = cli.ok("add", harbour, "A", "-", input="Four\nFive\n").stdout.split()
    assert "A2" not in batch and new_ref not in batch
    cli.ok("restore", harbour, "A2")
    points = cli.points(harbour)
    assert points["A2"]["text"] == "Two"
    assert points[new_ref]["text"] == "Three"


def test_a_deleted_point_refuses_changes_until_restored(cli, harbour):
    ref = cli.add(harbour, "A", "Drop")
    cli.ok("delete", harbour, ref)
    for args in (["tag", harbour, ref, "--owner", "Ana"], ["edit", harbour, ref, "New"]):
        result = cli.error(*args)
        assert f"workshopkit restore {harbour} {ref}" in result.stderr
    cli.error("vote", harbour, ref)
    cli.error("delete", harbour, ref)


def test_restore_brings_back_tags_and_votes(cli, harbour):
    ref = cli.add(harbour, "A", "Comeback @Ana due:2027-02 #next #money")
    cli.ok("vote", harbour, ref, "--voter", "Tom")
    cli.ok("vote", harbour, ref, "--tally", "3")
    before = cli.points(harbour)[ref]
    cli.ok("delete", harbour, ref)
    result = cli.ok("restore", harbour, ref)
    assert result.stdout == ("A1 Comeback  (next, owner Ana, due 2027-02, #money, 4 votes)\n")
    assert cli.points(harbour)[ref] == before


def test_restore_a_live_point_is_refused(cli, harbour):
    ref = cli.add(harbour, "A", "Alive")
    result = cli.error("restore", harbour, ref)
    assert "not deleted" in result.stderr


def test_restore_an_unknown_ref_is_refused(cli, harbour):
    cli.error("restore", harbour, "A1")
