"""``workshopkit merge``: what it reports, and what it refuses."""

import pytest
from cli_helpers import Cli


@pytest.fixture
def laptop(cli, harbour, tmp_path) -> Cli:
    """A note-taker's laptop: a SQLite copy of the store, taken before the workshop."""
    other = Cli(tmp_path / "laptop.db")
    other.ok("merge", str(cli.db))
    return other


def test_merge_reports_what_it_added_and_moved(cli, harbour, laptop):
    # The store under test (SQLite, and PostgreSQL) takes in the laptop's SQLite file.
    cli.add(harbour, "A", "Ferry times")  # A1 here
    laptop.add(harbour, "A", "Night buses", user="Ben")  # A1 there too, captured later
    laptop.ok("tag", harbour, "A1", "--owner", "Harbour Trust", user="Ben")
    result = cli.ok("merge", str(laptop.db))
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"Merged {laptop.db} into ")
    assert lines[1:] == [
        "  workshops: 0 added, 0 updated, 1 same",
        "  breakouts: 0 added, 0 updated, 3 same",
        "  points:    1 added, 0 updated, 0 same",
        "Moved: A1 'Night buses' is now A2 (A1 was taken).",
    ]
    points = cli.points(harbour)
    assert {ref: p["text"] for ref, p in points.items()} == {
        "A1": "Ferry times",
        "A2": "Night buses",
    }
    assert points["A2"]["owner"] == "Harbour Trust"


def test_merging_again_says_nothing_is_new(cli, harbour, laptop):
    laptop.add(harbour, "B", "Volunteer rota", user="Ben")
    cli.ok("merge", str(laptop.db))
    result = cli.ok("merge", str(laptop.db))
    assert result.stdout.splitlines()[0].startswith("Nothing new: ")
    assert "  points:    0 added, 0 updated, 1 same" in result.stdout


def test_dots_over_the_budget_are_kept_and_noted(cli, tmp_path):
    slug = cli.ok("new", "Budget Day", "-b", "One", "--dots", "2").stdout.strip()
    cli.add(slug, "A", "Ferry times")
    cli.add(slug, "A", "Night buses")
    laptop = Cli(tmp_path / "laptop.db")
    laptop.ok("merge", str(cli.db))
    for _ in range(2):  # Sam spends both dots on each laptop
        cli.ok("vote", slug, "A1", "--voter", "Sam")
        laptop.ok("vote", slug, "A2", "--voter", "Sam")
    result = cli.ok("merge", str(laptop.db))
    assert result.stderr == (
        f"Note: Sam has 4 dots in breakout A of {slug}, 2 over the 2 allowed. "
        "The dots were kept; take some back with vote --remove.\n"
    )
    points = cli.points(slug)
    assert [points[ref]["voters"] for ref in ("A1", "A2")] == [{"Sam": 2}, {"Sam": 2}]


def test_refusals_are_one_line(cli, harbour, tmp_path):
    assert "is this store" in cli.error("merge", str(cli.db)).stderr
    assert "no store at" in cli.error("merge", str(tmp_path / "missing.db")).stderr
    other = Cli(tmp_path / "other.db")
    other.ok("new", "Pier Day", "-b", "Access")
    assert "No workshop 'nope' in" in cli.error("merge", str(other.db), "-w", "nope").stderr
