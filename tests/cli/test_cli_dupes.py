"""``workshopkit dupes``: listing near-duplicates, merging them all, and undoing a merge."""

import pytest


@pytest.fixture
def repeated(cli, harbour) -> str:
    """Harbour Day with one point typed on two laptops, one pasted twice, and a near miss."""
    cli.add(harbour, "A", "Parking is scarce on market days #access")  # A1
    cli.add(harbour, "A", "Start meetings on time")  # A2
    cli.add(harbour, "A", "Stop meetings on time")  # A3: 88, under the cut-off
    cli.add(harbour, "B", "On market days, parking is scarce! #barrier @Estates")  # B1
    cli.add(harbour, "C", "Print larger signs")  # C1
    cli.add(harbour, "C", "Print larger signs")  # C2: pasted twice
    cli.ok("vote", harbour, "B1", "--voter", "Ana")
    cli.ok("vote", harbour, "B1", "--voter", "Ana")
    return harbour


def test_dupes_lists_pairs_with_refs_texts_and_score(cli, repeated):
    result = cli.ok("dupes", repeated)
    assert result.stdout.splitlines() == [
        "100  A1   Parking is scarce on market days",
        "     B1   On market days, parking is scarce!",
        "100  C1   Print larger signs",
        "     C2   Print larger signs",
    ]
    assert result.stderr.startswith("2 pairs scoring 90 or more (token sort ratio, 0–100).")
    assert f"workshopkit dupes {repeated} --merge" in result.stderr
    assert len(cli.points(repeated)) == 6  # listing changes nothing


def test_a_lower_threshold_shows_closer_calls(cli, repeated):
    result = cli.ok("dupes", repeated, "--threshold", "85")
    assert " 88  A2   Start meetings on time" in result.stdout.splitlines()
    cli.error("dupes", repeated, "--threshold", "10")


def test_merge_keeps_the_earlier_point_and_says_what_it_did(cli, repeated):
    result = cli.ok("dupes", repeated, "--merge")
    assert result.stdout.splitlines() == [
        "Merged B1 into A1 (100): kind barrier, owner Estates, 2 dots moved. "
        "B1 was: On market days, parking is scarce!",
        "Merged C2 into C1 (100): nothing to add. C2 was: Print larger signs",
    ]
    assert result.stderr == f"Undo one with: workshopkit dupes {repeated} --undo B1\n"
    points = cli.points(repeated)
    assert sorted(points) == ["A1", "A2", "A3", "C1"]
    a1 = points["A1"]
    assert (a1["kind"], a1["owner"], a1["votes"]) == ("barrier", "Estates", 2)
    assert cli.ok("dupes", repeated).stdout == ""


def test_merge_reports_dots_that_did_not_fit(cli, harbour):
    cli.add(harbour, "A", "Lift is often broken")
    cli.add(harbour, "B", "The lift is often broken")
    for ref in ("A1", "A1", "B1", "B1"):
        cli.ok("vote", harbour, ref, "--voter", "Ana")
    result = cli.ok("dupes", harbour, "--merge")
    assert "Note: Ana: 1 of 2 dots on B1 moved to A1; 1 did not fit (at most 3 on one point)" in (
        result.stderr
    )
    assert cli.points(harbour)["A1"]["votes"] == 3


def test_undo_puts_the_point_back_with_its_tags_and_votes(cli, repeated):
    before = cli.points(repeated)
    cli.ok("dupes", repeated, "--merge")
    result = cli.ok("dupes", repeated, "--undo", "B1")
    assert result.stdout == (
        "Put back B1 (2 votes), which was merged into A1 (0 votes now): "
        "On market days, parking is scarce!\n"
    )
    cli.ok("dupes", repeated, "--undo", "C2")
    assert cli.points(repeated) == before


def test_undo_and_restore_refusals_are_one_line(cli, repeated):
    cli.error("dupes", repeated, "--undo", "A1")  # never merged
    cli.ok("dupes", repeated, "--merge")
    result = cli.error("dupes", repeated, "--undo", "A1")
    assert "A1 is the point that was kept; it took in B1" in result.stderr
    result = cli.error("restore", repeated, "B1")
    assert f"workshopkit dupes {repeated} --undo B1" in result.stderr
    cli.error("dupes", repeated, "--merge", "--undo", "B1", code=2)
    cli.error("dupes", "nowhere")


def test_no_duplicates_is_said_on_stderr(cli, harbour):
    cli.add(harbour, "A", "Ferry times")
    result = cli.ok("dupes", harbour)
    assert result.stdout == ""
    assert result.stderr == f"No near-duplicate points in {harbour} at a cut-off of 90.\n"
    result = cli.ok("dupes", harbour, "--merge")
    assert result.stdout == ""
    assert "No near-duplicate points to merge" in result.stderr
