"""The error contract: a user mistake prints one ``Error:`` line, exits 1, changes nothing.

Usage mistakes (a bad option value, a missing argument) exit 2. No traceback, ever.
"""

import json
import sqlite3

import pytest

# Each of these is refused once the store holds harbour-day with the point A1.
MISTAKES = [
    ["show", "nowhere"],
    ["show", "nowhere", "--json"],
    ["breakout", "nowhere", "Title"],
    ["add", "nowhere", "A", "Point"],
    ["add", "harbour-day", "Q", "Point"],
    ["add", "harbour-day", "A", "#next @Sam"],
    ["tag", "nowhere", "A1", "--owner", "Sam"],
    ["tag", "harbour-day", "A7", "--owner", "Sam"],
    ["tag", "harbour-day", "A1", "--kind", "urgent"],
    ["tag", "harbour-day", "A1", "--theme", "9lives"],
    ["edit", "nowhere", "A1", "Text"],
    ["edit", "harbour-day", "B1", "Text"],
    ["edit", "harbour-day", "A1", "#idea"],
    ["delete", "nowhere", "A1"],
    ["delete", "harbour-day", "A2"],
    ["restore", "nowhere", "A1"],
    ["restore", "harbour-day", "A1"],
    ["vote", "nowhere", "A1"],
    ["vote", "harbour-day", "A5"],
    ["vote", "harbour-day", "A1", "--remove"],
    ["vote", "harbour-day", "A1", "--tally", "-2"],
    ["vote", "harbour-day", "A1", "--voter", ""],
    ["export", "nowhere"],
    ["export", "nowhere", "-o", "-"],
    ["export", "harbour-day", "-o", "../outside.md"],
    ["new", ""],
    ["new", "Title", "-b", ""],
    ["breakout", "harbour-day", ""],
]


@pytest.fixture
def seeded(cli, harbour) -> str:
    cli.add(harbour, "A", "The only point #next")
    return harbour


def _snapshot(cli) -> tuple:
    listed = json.loads(cli.ok("list", "--json").stdout)
    return listed, [cli.show(w["slug"]) for w in listed]


@pytest.mark.parametrize("args", MISTAKES, ids=lambda a: " ".join(a) or "-")
def test_a_mistake_is_one_error_line_exit_1_and_changes_nothing(cli, seeded, tmp_path, args):
    before = _snapshot(cli)
    cli.error(*args)
    assert _snapshot(cli) == before
    assert not (tmp_path / "outside.md").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["add", "harbour-day", "A"],  # TEXT missing
        ["show"],  # WORKSHOP missing
        ["vote", "harbour-day", "A1", "--tally", "lots"],
        ["new", "Title", "--dots", "many"],
        ["list", "--frobnicate"],
        ["frobnicate"],
    ],
)
def test_a_usage_mistake_exits_2_without_a_traceback(cli, seeded, args):
    before = _snapshot(cli)
    result = cli(*args)
    assert result.exit_code == 2
    assert result.stderr.strip()
    assert "Traceback" not in result.output
    assert _snapshot(cli) == before


# -- stores that cannot be opened ------------------------------------------------------

COMMANDS_ON_A_STORE = [
    ["list"],
    ["list", "--json"],
    ["new", "Title"],
    ["show", "x"],
    ["add", "x", "A", "Point"],
    ["vote", "x", "A1"],
    ["export", "x", "-o", "-"],
    ["demo"],
]


def _siblings(db) -> list[str]:
    return sorted(p.name for p in db.parent.iterdir() if p.name.startswith(db.name))


@pytest.mark.sqlite_only
@pytest.mark.parametrize("args", COMMANDS_ON_A_STORE, ids=" ".join)
def test_a_file_that_is_not_sqlite_is_refused_and_left_untouched(cli, args):
    cli.db.write_bytes(b"hello")
    result = cli.error(*args)
    assert "not a workshopkit store" in result.stderr
    assert cli.db.read_bytes() == b"hello"
    assert _siblings(cli.db) == [cli.db.name]  # no -wal, -shm or -journal beside it


@pytest.mark.sqlite_only
def test_a_damaged_sqlite_file_is_refused_and_left_untouched(cli):
    damaged = b"SQLite format 3\x00" + bytes(range(256)) * 8
    cli.db.write_bytes(damaged)
    result = cli.error("list")
    assert "Cannot read the store" in result.stderr
    assert cli.db.read_bytes() == damaged
    assert _siblings(cli.db) == [cli.db.name]


@pytest.mark.sqlite_only
def test_another_programs_sqlite_database_is_refused_and_left_untouched(cli):
    connection = sqlite3.connect(cli.db)
    connection.execute("CREATE TABLE accounts (id INTEGER)")
    connection.commit()
    connection.close()
    original = cli.db.read_bytes()
    result = cli.error("new", "Title")
    assert "not a workshopkit store" in result.stderr
    assert cli.db.read_bytes() == original


@pytest.mark.sqlite_only
def test_a_store_in_a_missing_folder_is_refused(cli, tmp_path):
    cli.db = tmp_path / "missing" / "s.db"
    result = cli.error("new", "Title")
    assert "does not exist" in result.stderr
    assert not (tmp_path / "missing").exists()


@pytest.mark.sqlite_only
def test_a_folder_as_the_store_is_refused(cli, tmp_path):
    cli.db = tmp_path / "folder"
    cli.db.mkdir()
    result = cli.error("list")
    assert "is a folder" in result.stderr
    assert list(cli.db.iterdir()) == []


@pytest.mark.sqlite_only
def test_an_empty_file_is_a_new_store(cli):
    cli.db.write_bytes(b"")
    assert cli.ok("new", "Title").stdout == "title\n"
    assert [w["slug"] for w in json.loads(cli.ok("list", "--json").stdout)] == ["title"]


@pytest.mark.sqlite_only
def test_a_database_url_that_names_no_known_database_is_refused(cli):
    """Core bug: an unknown URL scheme escapes Store() as SQLAlchemy's NoSuchModuleError.

    schema.resolve_location turns a malformed URL into a StoreError, but create_engine
    (make_engine, called from Store.__init__ outside any try) raises NoSuchModuleError for
    'foo://...'. Through the real entry point the last-resort guard prints
    'Error: unexpected NoSuchModuleError: ...'; in-process the exception escapes.
    """
    cli.db = "foo://nowhere/db"
    cli.error("list")


@pytest.mark.parametrize(
    "args",
    [
        ["vote", "harbour-day", "A1", "--tally", str(2**63)],
        ["new", "Title", "--dots", str(2**63)],
        ["new", "Title", "--per-point", str(2**63)],
    ],
)
def test_a_number_too_large_to_store_is_refused(cli, seeded, args):
    """Core bug: tallies and voting rules have no upper bound, so SQLite raises OverflowError.

    Through the real entry point this shows 'Error: unexpected OverflowError: Python int too
    large to convert to SQLite INTEGER'; in-process the exception escapes the command.
    """
    before = _snapshot(cli)
    cli.error(*args)
    assert _snapshot(cli) == before


# -- messages quoting user input stay on one line --------------------------------------


def test_an_error_quoting_a_multi_line_name_stays_one_line(cli, seeded, tmp_path):
    """CLI bug (fixed): fail() kept newlines from user input, giving a two-line error."""
    result = cli.error("export", seeded, "-o", "../a\nb.md")
    assert "leads outside" in result.stderr
    result = cli.error("export", seeded, "--format", "x\ny", code=2)
    assert "Unknown format" in result.stderr


@pytest.mark.sqlite_only
def test_a_store_path_with_a_newline_gives_one_error_line(cli, tmp_path):
    cli.db = tmp_path / "no\nsuch" / "s.db"
    cli.error("list")
