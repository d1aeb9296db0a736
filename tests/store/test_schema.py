"""Schema versions: an older store is backed up and upgraded; others are refused untouched."""

import hashlib
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from workshopkit.core.errors import NewerStore, StoreError
from workshopkit.store.facade import Store
from workshopkit.store.models import SCHEMA_VERSION

FIXTURES = Path(__file__).parent / "fixtures"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _make_store_v1(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.executescript((FIXTURES / "store_v1.sql").read_text())
    connection.close()


def _version(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("SELECT value FROM wk_meta").fetchone()[0]
    finally:
        connection.close()


def test_new_store_has_the_current_version(tmp_path):
    path = tmp_path / "s.db"
    Store(str(path)).close()
    assert _version(path) == str(SCHEMA_VERSION)


def test_older_store_is_backed_up_then_upgraded_in_place(tmp_path):
    path = tmp_path / "old.db"
    _make_store_v1(path)
    with Store(str(path)) as store:
        backup = store.backup_path
        workshop = store.workshop("harbour")
        points = {p.ref: p for p in workshop.points}
        # The data came through, and the new column was filled in from the due text.
        assert points["A1"].due == "June 2026"
        assert points["A1"].due_date == date(2026, 6, 30)
        assert points["A1"].voters == (("Kim", 2),)
        assert points["A2"].themes == ("moorings",) and points["A2"].tally == 2
        assert "A3" not in points  # a tombstone stays a tombstone
        assert not workshop.breakouts[0].blind  # schema 5: no breakout was voting blind
        assert not workshop.room.open  # schema 6: no room was open
        assert store.add_point(workshop.breakouts[0], "New point").ref == "A4"
    assert _version(path) == str(SCHEMA_VERSION)
    assert backup is not None and backup.name == "old.db.schema1.bak"
    assert _version(backup) == "1"
    copy = sqlite3.connect(backup)
    assert copy.execute("SELECT count(*) FROM point").fetchone()[0] == 3
    copy.close()


def test_newer_store_is_refused_and_left_byte_for_byte(tmp_path):
    path = tmp_path / "future.db"
    _make_store_v1(path)
    connection = sqlite3.connect(path)
    connection.execute("UPDATE wk_meta SET value = ?", (str(SCHEMA_VERSION + 1),))
    connection.commit()
    connection.close()
    before = _digest(path)
    siblings = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(NewerStore, match="newer workshopkit"):
        Store(str(path))
    assert _digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == siblings  # no backup, no journal


def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"These are my notes, not a database.\n" * 20)
    before = _digest(path)
    with pytest.raises(StoreError, match="not a SQLite database"):
        Store(str(path))
    assert _digest(path) == before


def test_another_programs_database_is_refused_untouched(tmp_path):
    path = tmp_path / "other.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE invoices (id INTEGER)")
    connection.commit()
    connection.close()
    before = _digest(path)
    with pytest.raises(StoreError, match="not a workshopkit store"):
        Store(str(path))
    assert _digest(path) == before


def test_a_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        Store(str(tmp_path / "no" / "such" / "folder" / "s.db"))


def test_an_empty_file_becomes_a_store(tmp_path):
    path = tmp_path / "empty.db"
    path.touch()
    with Store(str(path)) as store:
        store.create_workshop("Day")
    assert _version(path) == str(SCHEMA_VERSION)


def test_an_older_postgresql_store_is_upgraded_in_place(pg_url):
    with Store(pg_url, "Kim") as store:
        workshop = store.create_workshop("Harbour Review", ["Moorings"])
        store.add_point(workshop.breakouts[0], 'Longer pontoons due:"June 2026"')
        store.vote(workshop.slug, "A1", "Kim")
        # Take it back to schema 1: no revisions, no field times, no parsed due date, none
        # of schema 4's facilitation columns.
        with store._engine.begin() as connection:
            connection.execute(
                text(
                    "ALTER TABLE workshop DROP COLUMN template, DROP COLUMN room_open, "
                    "DROP COLUMN room_code, DROP COLUMN room_secret, DROP COLUMN room_letter, "
                    "DROP COLUMN room_adding, DROP COLUMN room_voting, DROP COLUMN room_phones"
                )
            )
            connection.execute(
                text(
                    "ALTER TABLE breakout DROP COLUMN timer_minutes, DROP COLUMN timer_ends_at, "
                    "DROP COLUMN blind"
                )
            )
            connection.execute(
                text(
                    "ALTER TABLE point DROP COLUMN score, DROP COLUMN done_at, "
                    "DROP COLUMN carried_from, DROP COLUMN merged_into, DROP COLUMN absorbed, "
                    "DROP COLUMN plan_ref, DROP COLUMN status, DROP COLUMN status_at, "
                    "DROP COLUMN progress"
                )
            )
            connection.execute(text("DROP TABLE wk_revision"))
            for table in ("workshop", "breakout", "point", "vote"):
                connection.execute(text(f"DROP INDEX ix_{table}_rev"))
                connection.execute(
                    text(f"ALTER TABLE {table} DROP COLUMN rev, DROP COLUMN field_times")
                )
            connection.execute(text("ALTER TABLE point DROP COLUMN due_date"))
            connection.execute(text("UPDATE wk_meta SET value = '1'"))
    with Store(pg_url, "Kim") as store:
        assert store.backup_path is None  # a server keeps its own backups
        point = store.point("harbour", "A1")
        assert (point.due, point.due_date) == ("June 2026", date(2026, 6, 30))
        assert point.voters == (("Kim", 1),)
        assert store.revision() == 0
        assert store.add_point(workshop.breakouts[0], "New point").ref == "A2"
        with store._engine.connect() as connection:
            version = connection.execute(text("SELECT value FROM wk_meta")).scalar_one()
        assert version == str(SCHEMA_VERSION)


def test_an_upgraded_store_finds_a_voters_dots_by_the_voter(tmp_path):
    """Schema 8: counting a voter's dots at each dot reads that voter's votes, not every
    point of the breakout; a fresh store and an upgraded one plan it alike."""
    fresh, old = tmp_path / "fresh.db", tmp_path / "old.db"
    Store(str(fresh)).close()
    _make_store_v1(old)
    Store(str(old)).close()
    query = (
        "EXPLAIN QUERY PLAN SELECT vote.dots FROM vote JOIN point ON point.id = vote.point_id "
        "WHERE point.breakout_id = 'b' AND vote.voter = 'Kim'"
    )
    for path in (fresh, old):
        connection = sqlite3.connect(path)
        plan = " ".join(row[-1] for row in connection.execute(query))
        connection.close()
        assert "USING INDEX ix_vote_voter (voter=?)" in plan, plan
