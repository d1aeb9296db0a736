"""Dot voting from the command line: dots, take-backs, budgets, caps and room tallies."""

import pytest


@pytest.fixture
def tight(cli) -> str:
    """A workshop with 3 dots per voter per breakout, at most 2 on one point; A1..A3, B1."""
    slug = cli.ok(
        "new", "Tight Vote", "-b", "Ideas", "-b", "Others", "--dots", "3", "--per-point", "2"
    ).stdout.strip()
    cli.ok("add", slug, "A", "-", input="First #next\nSecond #next\nThird #next\n")
    cli.add(slug, "B", "Over there")
    return slug


def test_vote_places_one_dot_of_the_as_name(cli, tight):
    result = cli.ok("vote", tight, "A1")
    assert result.stdout == "A1: 1 vote. Sam has 1 dot here and 2 left in breakout A.\n"
    point = cli.points(tight)["A1"]
    assert (point["votes"], point["dots"], point["voters"]) == (1, 1, {"Sam": 1})


def test_vote_for_another_voter(cli, tight):
    cli.ok("vote", tight, "A1", "--voter", "Ana")
    cli.ok("vote", tight, "A1", "--voter", "Ana")
    result = cli.ok("vote", tight, "A1", "--voter", "Tom")
    assert result.stdout == "A1: 3 votes. Tom has 1 dot here and 2 left in breakout A.\n"
    assert cli.points(tight)["A1"]["voters"] == {"Ana": 2, "Tom": 1}


def test_a_voter_name_is_one_voter_whatever_its_case(cli, tight):
    cli.ok("vote", tight, "A1", "--voter", "Ana")
    result = cli.ok("vote", tight, "A1", "--voter", "ANA")
    assert "Ana has 2 dots here" in result.stdout
    assert cli.points(tight)["A1"]["voters"] == {"Ana": 2}


def test_remove_takes_one_dot_back(cli, tight):
    cli.ok("vote", tight, "A1")
    cli.ok("vote", tight, "A1")
    result = cli.ok("vote", tight, "A1", "--remove")
    assert result.stdout == "A1: 1 vote. Sam has 1 dot here and 2 left in breakout A.\n"
    cli.ok("vote", tight, "A1", "--remove")
    point = cli.points(tight)["A1"]
    assert (point["votes"], point["voters"]) == (0, {})


def test_remove_without_a_dot_is_refused_and_changes_nothing(cli, tight):
    cli.ok("vote", tight, "A2", "--voter", "Ana")
    before = cli.show(tight)
    result = cli.error("vote", tight, "A1", "--voter", "Ana", "--remove")
    assert "Ana has no dot on A1 to take back" in result.stderr
    assert cli.show(tight) == before


def test_a_dot_over_the_cap_is_refused_and_changes_nothing(cli, tight):
    cli.ok("vote", tight, "A1")
    cli.ok("vote", tight, "A1")
    before = cli.show(tight)
    result = cli.error("vote", tight, "A1")
    assert "the cap is 2 per point" in result.stderr
    assert cli.show(tight) == before
    assert cli.points(tight)["A1"]["voters"] == {"Sam": 2}


def test_a_dot_over_the_budget_is_refused_and_names_the_rule(cli, tight):
    cli.ok("vote", tight, "A1")
    cli.ok("vote", tight, "A1")
    cli.ok("vote", tight, "A2")
    before = cli.show(tight)
    result = cli.error("vote", tight, "A3")
    assert "Sam has used all 3 dots in breakout A" in result.stderr
    assert "--remove" in result.stderr
    assert cli.show(tight) == before


def test_the_budget_is_per_voter_and_per_breakout(cli, tight):
    for ref in ("A1", "A1", "A2"):
        cli.ok("vote", tight, ref)
    cli.ok("vote", tight, "B1")  # another breakout: a fresh budget
    cli.ok("vote", tight, "A3", "--voter", "Ana")  # another voter: her own budget
    points = cli.points(tight)
    assert points["B1"]["voters"] == {"Sam": 1}
    assert points["A3"]["voters"] == {"Ana": 1}


def test_taking_a_dot_back_frees_budget(cli, tight):
    for ref in ("A1", "A1", "A2"):
        cli.ok("vote", tight, ref)
    cli.ok("vote", tight, "A1", "--remove")
    result = cli.ok("vote", tight, "A3")
    assert "0 left in breakout A" in result.stdout


def test_deleting_a_point_gives_its_dots_back(cli, tight):
    for ref in ("A1", "A1", "A2"):
        cli.ok("vote", tight, ref)
    cli.ok("delete", tight, "A1")
    result = cli.ok("vote", tight, "A3")
    assert "1 left in breakout A" in result.stdout


def test_tally_sets_the_room_count(cli, tight):
    cli.ok("vote", tight, "A2", "--voter", "Ana")
    result = cli.ok("vote", tight, "A2", "--tally", "7")
    assert result.stdout == "A2: room tally 7, 8 votes in all\n"
    point = cli.points(tight)["A2"]
    assert (point["tally"], point["dots"], point["votes"]) == (7, 1, 8)
    cli.ok("vote", tight, "A2", "--tally", "0")
    assert cli.points(tight)["A2"]["votes"] == 1


@pytest.mark.parametrize(
    "extra", [["--voter", "Ana"], ["--remove"], ["--voter", "Ana", "--remove"]]
)
def test_tally_with_a_dot_option_is_a_usage_error(cli, tight, extra):
    before = cli.show(tight)
    result = cli.error("vote", tight, "A1", "--tally", "4", *extra, code=2)
    assert "--tally" in result.stderr
    assert cli.show(tight) == before


def test_a_negative_tally_is_refused(cli, tight):
    cli.ok("vote", tight, "A1", "--tally", "2")
    before = cli.show(tight)
    result = cli.error("vote", tight, "A1", "--tally", "-1")
    assert "from 0 to" in result.stderr
    assert cli.show(tight) == before


def test_an_empty_voter_name_is_refused(cli, tight):
    """CLI bug (fixed): --voter "" silently voted as the --as name."""
    before = cli.show(tight)
    result = cli.error("vote", tight, "A1", "--voter", "")
    assert "needs a voter" in result.stderr
    assert cli.show(tight) == before


@pytest.mark.parametrize("args", [["A9"], ["C1"], ["nonsense"], ["A9", "--tally", "3"]])
def test_vote_on_an_unknown_point_is_refused(cli, tight, args):
    before = cli.show(tight)
    cli.error("vote", tight, *args)
    assert cli.show(tight) == before


def test_vote_on_a_deleted_point_is_refused(cli, tight):
    cli.ok("delete", tight, "A1")
    result = cli.error("vote", tight, "A1")
    assert "was deleted" in result.stderr
    cli.error("vote", tight, "A1", "--tally", "3")


def test_votes_rank_the_action_list(cli, tight):
    cli.ok("vote", tight, "A3", "--voter", "Ana")
    cli.ok("vote", tight, "A3", "--voter", "Tom")
    cli.ok("vote", tight, "A2", "--voter", "Ana")
    markdown = cli.ok("export", tight, "-o", "-").stdout
    rows = [line.split(" | ")[0] for line in markdown.splitlines() if line.startswith("| A")]
    assert rows == ["| A3", "| A2", "| A1"]


def test_blind_hides_the_counts_from_show_vote_and_export_until_revealed(cli, tight):
    cli.ok("vote", tight, "A1", "--voter", "Ana")
    result = cli.ok("blind", tight, "A")
    assert result.stdout == "Votes in breakout A Ideas: hidden until revealed (blind voting).\n"
    vote = cli.ok("vote", tight, "A1", "--voter", "Tom")
    assert vote.stdout.startswith("A1: votes hidden (blind voting). Tom has 1 dot here")
    shown = cli.ok("show", tight).stdout
    assert "(blind voting: the votes stay hidden until revealed)" in shown
    assert "hidden" in shown.split("B. Others")[0].splitlines()[-2]
    assert cli.points(tight)["A1"]["votes"] is None
    assert "hidden" in cli.ok("export", tight, "-o", "-").stdout
    assert cli.ok("blind", tight, "Ideas", "off").stdout.endswith(": revealed.\n")
    assert cli.points(tight)["A1"]["votes"] == 2


def test_blind_refuses_anything_but_on_or_off(cli, tight):
    result = cli.error("blind", tight, "A", "maybe", code=2)
    assert "neither on nor off" in result.stderr
    assert cli.show(tight)["breakouts"][0]["blind"] is False
