"""Workshops and breakouts from the command line: new, breakout, list, show, demo."""

import json
import shlex

import pytest

from workshopkit import __version__
from workshopkit.cli.main import app

# -- new -------------------------------------------------------------------------------


def test_new_prints_the_slug_and_reports_on_stderr(cli):
    result = cli.ok("new", "Harbour Day", "-b", "Barriers", "--breakout", "What works")
    assert result.stdout == "harbour-day\n"
    assert result.stderr.strip() == "Created 'Harbour Day' (breakouts: A Barriers, B What works)."


def test_new_without_breakouts_says_none_yet(cli):
    result = cli.ok("new", "Quiet Day")
    assert result.stdout == "quiet-day\n"
    assert "none yet" in result.stderr


def test_new_with_the_same_title_twice_gets_a_unique_slug(cli):
    first = cli.ok("new", "Harbour Day").stdout.strip()
    second = cli.ok("new", "Harbour Day").stdout.strip()
    third = cli.ok("new", "Harbour Day").stdout.strip()
    assert first == "harbour-day"
    assert len({first, second, third}) == 3
    assert second == "harbour-day-2"
    slugs = {w["slug"] for w in json.loads(cli.ok("list", "--json").stdout)}
    assert slugs == {first, second, third}


def test_new_records_date_venue_and_voting_rules(cli):
    slug = cli.ok(
        "new", "Harbour Day", "--date", "2027-05-04", "--venue", "Quay", "--dots", "7",
        "--per-point", "2",
    ).stdout.strip()  # fmt: skip
    assert cli.show(slug)["workshop"] == {
        "slug": "harbour-day",
        "title": "Harbour Day",
        "date": "2027-05-04",
        "venue": "Quay",
        "dots_per_voter": 7,
        "cap_per_point": 2,
        "template": None,
    }


def test_new_defaults_to_five_dots_and_three_per_point(cli):
    slug = cli.ok("new", "Harbour Day").stdout.strip()
    workshop = cli.show(slug)["workshop"]
    assert (workshop["dots_per_voter"], workshop["cap_per_point"]) == (5, 3)
    assert workshop["date"] is None and workshop["venue"] is None


@pytest.mark.parametrize("bad", ["2027-13-01", "2027-02-30", "tomorrow", "04/05/2027"])
def test_new_refuses_a_bad_date_as_a_usage_error(cli, bad):
    result = cli("new", "Harbour Day", "--date", bad)
    assert result.exit_code == 2
    assert "not a date like" in result.stderr
    assert "Traceback" not in result.output
    assert json.loads(cli.ok("list", "--json").stdout) == []


@pytest.mark.parametrize(
    "option", [["--dots", "0"], ["--dots", "-3"], ["--per-point", "0"], ["--per-point", "-1"]]
)
def test_new_refuses_dots_or_cap_below_one_as_a_usage_error(cli, option):
    result = cli("new", "Harbour Day", *option)
    assert result.exit_code == 2
    assert "must be 1 or more" in result.stderr
    assert "Traceback" not in result.output
    assert json.loads(cli.ok("list", "--json").stdout) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["   "], "needs a title"),
        (["Harbour Day", "-b", "Barriers", "-b", "  "], "breakout needs a title"),
    ],
)
def test_new_refuses_blank_titles(cli, args, message):
    result = cli.error("new", *args)
    assert message in result.stderr
    assert json.loads(cli.ok("list", "--json").stdout) == []


# -- breakout --------------------------------------------------------------------------


def test_breakout_prints_the_next_letter(cli, harbour):
    assert cli.ok("breakout", harbour, "Wild ideas").stdout == "D\n"
    assert cli.ok("breakout", harbour, "Wrap up", "--prompt", "What now?").stdout == "E\n"
    breakouts = cli.show(harbour)["breakouts"]
    assert [(b["letter"], b["title"], b["prompt"]) for b in breakouts][-2:] == [
        ("D", "Wild ideas", None),
        ("E", "Wrap up", "What now?"),
    ]


def test_first_breakout_of_an_empty_workshop_is_a(cli):
    slug = cli.ok("new", "Quiet Day").stdout.strip()
    assert cli.ok("breakout", slug, "Only one").stdout == "A\n"


def test_breakout_refuses_a_blank_title(cli, harbour):
    cli.error("breakout", harbour, "  ")
    assert len(cli.show(harbour)["breakouts"]) == 3


# -- list ------------------------------------------------------------------------------


def test_list_of_an_empty_store(cli):
    result = cli.ok("list")
    assert result.stdout == ""
    assert "No workshops yet" in result.stderr
    assert json.loads(cli.ok("list", "--json").stdout) == []


def test_list_json_counts_breakouts_and_points(cli, harbour):
    cli.add(harbour, "A", "Parking is scarce #barrier")
    cli.add(harbour, "C", "Book the hall #next")
    deleted = cli.add(harbour, "C", "Gone soon")
    cli.ok("delete", harbour, deleted)
    cli.ok("new", "Quiet Day", "--date", "2027-01-02", "--venue", "Hut")
    rows = {row["slug"]: row for row in json.loads(cli.ok("list", "--json").stdout)}
    for row in rows.values():
        assert {"slug", "title", "date", "breakouts", "points"} <= set(row)
    assert rows["harbour-day"] == {
        "slug": "harbour-day",
        "title": "Harbour Day",
        "date": None,
        "venue": None,
        "breakouts": 3,
        "points": 2,
    }
    assert rows["quiet-day"]["date"] == "2027-01-02"
    assert (rows["quiet-day"]["breakouts"], rows["quiet-day"]["points"]) == (0, 0)


def test_list_shows_the_most_recently_active_first(cli):
    cli.ok("new", "Alpha", "-b", "One")
    cli.ok("new", "Beta")
    assert [w["slug"] for w in json.loads(cli.ok("list", "--json").stdout)] == ["beta", "alpha"]
    cli.add("alpha", "A", "A fresh point")
    assert [w["slug"] for w in json.loads(cli.ok("list", "--json").stdout)] == ["alpha", "beta"]


def test_list_table_names_every_workshop(cli, harbour):
    cli.ok("new", "[bold]Quiet[/bold] Day")
    out = cli.ok("list").stdout
    assert "Slug" in out and "Points" in out
    assert "harbour-day" in out and "Harbour Day" in out
    assert "[bold]Quiet[/bold] Day" in out  # markup-looking titles print literally


# -- show ------------------------------------------------------------------------------


def test_show_json_shape(cli, harbour):
    cli.ok("breakout", harbour, "Extra", "--prompt", "Anything else?")
    ref = cli.add(harbour, "A", 'Joint training @"Members Support" due:2027-03 #next #training')
    data = cli.show(harbour)
    assert set(data) == {"workshop", "breakouts"}
    assert data["workshop"]["slug"] == harbour
    assert [b["letter"] for b in data["breakouts"]] == ["A", "B", "C", "D"]
    for breakout in data["breakouts"]:
        assert {"letter", "title", "prompt", "points"} <= set(breakout)
    assert data["breakouts"][3]["prompt"] == "Anything else?"
    [point] = data["breakouts"][0]["points"]
    assert {
        "ref", "text", "kind", "owner", "due", "themes", "votes", "tally", "captured_by",
    } <= set(point)  # fmt: skip
    assert point["ref"] == ref == "A1"
    assert point["text"] == "Joint training"
    assert point["kind"] == "next"
    assert point["owner"] == "Members Support"
    assert point["due"] == "2027-03"
    assert point["themes"] == ["training"]
    assert (point["votes"], point["tally"]) == (0, 0)
    assert point["captured_by"] == "Sam"
    assert all(b["points"] == [] for b in data["breakouts"][1:])


def test_show_human_lists_breakouts_and_points_literally(cli, harbour):
    cli.ok("breakout", harbour, "Extra", "--prompt", "Anything else?")
    cli.add(harbour, "A", "[bold]x[/bold] stays @Ana #barrier #access")
    out = cli.ok("show", harbour).stdout
    assert out.startswith("Harbour Day  (harbour-day)")
    assert "5 dots per voter per breakout, at most 3 on one point" in out
    assert "A. Barriers" in out and "B. What works" in out and "D. Extra" in out
    assert "Anything else?" in out
    assert "(no points yet)" in out
    assert "[bold]x[/bold] stays" in out
    assert "#access" in out and "Ana" in out and "barrier" in out


def test_show_lists_live_points_only(cli, harbour):
    keep = cli.add(harbour, "A", "Keep me")
    gone = cli.add(harbour, "A", "Delete me")
    cli.ok("delete", harbour, gone)
    assert list(cli.points(harbour)) == [keep]
    assert "Delete me" not in cli.ok("show", harbour).stdout


# -- WORKSHOP as a prefix --------------------------------------------------------------


def test_a_unique_prefix_names_the_workshop(cli, harbour):
    cli.ok("new", "Quiet Day")
    assert cli.show("harb")["workshop"]["slug"] == "harbour-day"
    assert cli.add("harb", "barr", "Prefix capture") == "A1"
    assert cli.points("har")["A1"]["text"] == "Prefix capture"


def test_an_exact_slug_wins_over_a_longer_one(cli):
    cli.ok("new", "Harbour Day")
    cli.ok("new", "Harbour Day")
    assert cli.show("harbour-day")["workshop"]["slug"] == "harbour-day"
    assert cli.show("harbour-day-2")["workshop"]["slug"] == "harbour-day-2"


@pytest.mark.parametrize(
    "args",
    [
        ["show", "harb"],
        ["show", "harb", "--json"],
        ["add", "harb", "A", "x"],
        ["breakout", "harb", "New"],
        ["export", "harb", "-o", "-"],
    ],
)
def test_an_ambiguous_prefix_is_refused_and_names_the_matches(cli, args):
    cli.ok("new", "Harbour Day", "-b", "A")
    cli.ok("new", "Harbour Walk", "-b", "A")
    result = cli.error(*args)
    assert "harbour-day" in result.stderr and "harbour-walk" in result.stderr
    listed = json.loads(cli.ok("list", "--json").stdout)
    assert [(w["breakouts"], w["points"]) for w in listed] == [(1, 0), (1, 0)]


def test_a_slug_typed_in_capitals_finds_its_exact_workshop(cli):
    """Core bug: the exact lookup is case-sensitive while the prefix lookup is not.

    'Harbour-Day' names harbour-day exactly (slugs are lowercase), yet it is refused as
    matching both harbour-day and harbour-day-2.
    """
    cli.ok("new", "Harbour Day")
    cli.ok("new", "Harbour Day")
    assert cli.show("Harbour-Day")["workshop"]["slug"] == "harbour-day"


# -- who is acting ---------------------------------------------------------------------


def test_as_name_is_recorded_as_captured_by(cli, harbour):
    ref = cli.add(harbour, "A", "Priya's point", user="Priya")
    assert cli.points(harbour)[ref]["captured_by"] == "Priya"


def test_workshopkit_user_is_recorded_as_captured_by(cli, harbour):
    ref = cli.add(harbour, "A", "From the environment", user=None, env={"WORKSHOPKIT_USER": "Ana"})
    assert cli.points(harbour)[ref]["captured_by"] == "Ana"


def test_as_wins_over_workshopkit_user(cli, harbour):
    ref = cli.add(harbour, "A", "Both given", user="Priya", env={"WORKSHOPKIT_USER": "Ana"})
    assert cli.points(harbour)[ref]["captured_by"] == "Priya"


def test_the_as_name_is_the_default_voter(cli, harbour):
    ref = cli.add(harbour, "A", "Vote on me")
    cli.ok("vote", harbour, ref, user="Priya")
    assert cli.points(harbour)[ref]["voters"] == {"Priya": 1}


@pytest.mark.sqlite_only
def test_workshopkit_db_picks_the_store(cli, tmp_path):
    other = tmp_path / "other.db"
    result = cli.runner.invoke(
        app,
        ["new", "Env Day"],
        env={"WORKSHOPKIT_DB": str(other)},
    )
    assert result.exit_code == 0, result.stderr
    assert other.exists()
    assert json.loads(cli.ok("list", "--json").stdout) == []  # cli.db was not used


# -- demo and version ------------------------------------------------------------------


def test_demo_is_created_once(cli):
    first = cli.ok("demo").stdout
    assert first.startswith("Created the demo workshop 'Riverside Partnership Day'")
    assert "3 breakouts, 30 points, 3 voters" in first
    second = cli.ok("demo").stdout
    assert second.startswith("Already here: the demo workshop 'Riverside Partnership Day'")
    workshops = json.loads(cli.ok("list", "--json").stdout)
    assert [(w["slug"], w["points"]) for w in workshops] == [("riverside-partnership-day", 30)]


def test_demo_exports_a_non_empty_action_list(cli):
    cli.ok("demo")
    markdown = cli.ok("export", "riverside", "-o", "-").stdout
    assert markdown.startswith("# Riverside Partnership Day — action list\n")
    rows = [line for line in markdown.splitlines() if line.startswith("| A")]
    assert len(rows) >= 3
    assert "| Ref | Area | Action | Owner | Due | Status | Votes |" in markdown
    assert "## Needs an owner" in markdown


def _demo_hints(output: str) -> list[list[str]]:
    hints = output.split("Try next:\n", 1)[1].strip().splitlines()
    commands = [shlex.split(line) for line in hints]
    assert commands and all(c[0] == "workshopkit" for c in commands)
    return [c[1:] for c in commands]


def test_demo_suggestions_all_work(cli):
    commands = _demo_hints(cli.ok("demo").stdout)
    assert [c[0] for c in commands] == ["show", "add", "tag", "vote", "export"]
    for command in commands:
        cli.ok(*command)


def test_demo_suggestions_work_beside_a_workshop_with_the_same_first_word(cli):
    """CLI bug (fixed): the hints used 'riverside', ambiguous beside 'riverside-walk'."""
    cli.ok("new", "Riverside Walk", "-b", "Route")
    for command in _demo_hints(cli.ok("demo").stdout):
        cli.ok(*command)
    assert cli.points("riverside-walk") == {}


def test_version(cli):
    result = cli.ok("--version")
    assert result.stdout.strip() == f"workshopkit {__version__}"
