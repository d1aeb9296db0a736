"""The standard-library read used for a fast start must give what the Store gives."""

import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workshopkit.core.files.locations import sqlite_file
from workshopkit.store.bulk.demo import create_demo
from workshopkit.store.facade import Store
from workshopkit.store.lookup import find_workshop, load_workshop
from workshopkit.store.schema import current_revision
from workshopkit.store.sqlite_read import read_workshop

pytestmark = pytest.mark.sqlite_only  # reads the SQLite file itself


def test_the_demo_reads_the_same_both_ways(store, tmp_path):
    view, _ = create_demo(store)
    store.delete_point(view.slug, "A2")
    store.add_breakout(view.slug, "Late additions", prompt="Anything else?")
    store.add_point(store.breakout(view.slug, "D"), "Café\tat the \\#1 hall @Zoë due:2027-Q2")
    store.set_blind(view.slug, "B", True)
    with store._read() as connection:  # the SQLAlchemy reader, which PostgreSQL uses
        rev = current_revision(connection)
        typed = load_workshop(connection, find_workshop(connection, view.slug), False, rev)
    assert typed.points and typed.breakouts[1].blind
    assert read_workshop(tmp_path / "store.db", view.slug) == typed
    assert store.workshop(view.slug) == typed


def test_a_unique_start_of_the_slug_works_and_anything_unclear_gives_none(store, tmp_path):
    store.create_workshop("Harbour Day", ["One"])
    store.create_workshop("Harbour Night", ["One"])
    store.create_workshop("Town 100% Day", ["One"])
    path = tmp_path / "store.db"
    assert read_workshop(path, "HARBOUR-N").slug == "harbour-night"
    assert read_workshop(path, "town-100").slug == "town-100-day"
    assert read_workshop(path, "harbour") is None  # two match: the Store explains
    assert read_workshop(path, "nowhere") is None
    assert read_workshop(path, "_") is None  # a LIKE wildcard is a plain character here
    assert read_workshop(path, "") is None


def test_other_versions_and_other_files_give_none(store, tmp_path):
    slug = store.create_workshop("Harbour Day", ["One"]).slug
    path = tmp_path / "store.db"
    store.close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE wk_meta SET value = '99' WHERE key = 'schema_version'")
    assert read_workshop(path, slug) is None
    not_a_store = tmp_path / "notes.db"
    not_a_store.write_bytes(b"plain text, not a database" * 50)
    assert read_workshop(not_a_store, slug) is None
    assert read_workshop(tmp_path / "missing.db", slug) is None
    assert read_workshop(tmp_path, slug) is None


def test_which_file_a_db_value_names(monkeypatch):
    monkeypatch.delenv("WORKSHOPKIT_DB", raising=False)
    assert sqlite_file(None) == Path("sessions/workshopkit.db")
    assert sqlite_file("rooms/a.db") == Path("rooms/a.db")
    assert sqlite_file("sqlite:///rooms/a.db") == Path("rooms/a.db")
    assert sqlite_file("sqlite:////srv/a.db") == Path("/srv/a.db")
    assert sqlite_file("postgresql+psycopg://db.example/forum") is None
    monkeypatch.setenv("WORKSHOPKIT_DB", "env.db")
    assert sqlite_file(None) == Path("env.db")


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.text(min_size=1, max_size=40),
            st.sampled_from(["", " #barrier", " #next @Sam", " #q due:2027-03", " #idea #x"]),
            st.integers(0, 3),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_any_points_read_the_same_both_ways(tmp_path_factory, points):
    path = tmp_path_factory.mktemp("quick") / "store.db"
    with Store(str(path), "Tester") as store:
        view = store.create_workshop("Harbour Day", ["One", "Two"], dots_per_voter=10)
        for index, (text, tags, dots) in enumerate(points):
            if not text.strip() or not any(c.isalnum() for c in text):
                text = f"point {index}"
            point = store.add_point(view.breakouts[index % 2], f"x {text}{tags}")
            for voter in ("Ana", "Ben")[:dots]:
                store.vote(view.slug, point.ref, voter)
            if dots == 3:
                store.set_tally(view.slug, point.ref, 4)
        assert read_workshop(path, view.slug) == store.workshop(view.slug)
