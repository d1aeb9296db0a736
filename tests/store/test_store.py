"""The store facade: refs, tombstones, who changed what, and its SQLite settings."""

import dataclasses
import sqlite3
from datetime import UTC

import pytest
from sqlalchemy import text

from workshopkit.core.capture import Captured, parse
from workshopkit.core.errors import Ambiguous, NotFound, WorkshopkitError
from workshopkit.core.kinds import Kind
from workshopkit.core.refs import breakout_letter
from workshopkit.store.facade import Store


def test_default_store_is_created_under_sessions(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with Store() as store:
        store.create_workshop("Day one")
    assert (tmp_path / "sessions" / "workshopkit.db").is_file()


def test_environment_picks_the_store(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKSHOPKIT_DB", str(tmp_path / "elsewhere.db"))
    with Store() as store:
        store.create_workshop("Day one")
    assert (tmp_path / "elsewhere.db").is_file()


@pytest.mark.sqlite_only
def test_sqlite_settings_on_every_connection(store):
    with store._engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() >= 1000


def test_slugs_are_unique_and_prefixes_resolve(store):
    first = store.create_workshop("Harbour Day")
    second = store.create_workshop("Harbour Day")
    assert (first.slug, second.slug) == ("harbour-day", "harbour-day-2")
    assert store.workshop("harbour-day").id == first.id  # exact slug beats a prefix
    with pytest.raises(Ambiguous):
        store.workshop("harb")
    with pytest.raises(NotFound):
        store.workshop("nothing-here")


def test_breakouts_are_lettered_in_creation_order(store, workshop):
    assert [b.letter for b in workshop.breakouts] == ["A", "B", "C"]
    assert store.add_breakout(workshop.slug, "Questions", prompt="What is unclear?").letter == "D"
    assert store.breakout(workshop.slug, "d").prompt == "What is unclear?"
    assert store.breakout(workshop.slug, "what").letter == "B"
    assert [breakout_letter(i) for i in (0, 25, 26, 27, 701, 702)] == [
        "A", "Z", "AA", "AB", "ZZ", "AAA"
    ]  # fmt: skip


def test_points_get_refs_and_parsed_tags(store, workshop):
    a = workshop.breakouts[0]
    point = store.add_point(a, 'Joint training @"Members Support" due:2027-03 #next #skills')
    assert point.ref == "A1"
    assert (point.text, point.kind, point.owner, point.due) == (
        "Joint training",
        Kind.NEXT,
        "Members Support",
        "2027-03",
    )
    assert point.themes == ("skills",)
    assert point.due_date.isoformat() == "2027-03-31"
    assert store.point(workshop.slug, "a1") == point


def test_deleted_refs_are_never_reused(store, workshop):
    a = workshop.breakouts[0]
    refs = [p.ref for p in store.add_points(a, ["one", "two", "three"])]
    assert refs == ["A1", "A2", "A3"]
    store.delete_point(workshop.slug, "A3")
    store.delete_point(workshop.slug, "A2")
    assert store.add_point(a, "four").ref == "A4"
    assert [p.ref for p in store.workshop(workshop.slug).points] == ["A1", "A4"]
    restored = store.restore_point(workshop.slug, "A2")
    assert not restored.deleted
    assert [p.ref for p in store.workshop(workshop.slug).points] == ["A1", "A2", "A4"]


def test_delete_is_a_tombstone(store, workshop):
    store.add_point(workshop.breakouts[0], "one")
    store.delete_point(workshop.slug, "A1")
    with store._engine.connect() as connection:
        row = connection.execute(text("SELECT text, deleted_at FROM point")).one()
    assert row.text == "one" and row.deleted_at is not None
    assert store.point(workshop.slug, "A1").deleted
    with pytest.raises(NotFound, match="restore"):
        store.tag_point(workshop.slug, "A1", kind="barrier")
    store.restore_point(workshop.slug, "A1")
    with pytest.raises(WorkshopkitError, match="not deleted"):
        store.restore_point(workshop.slug, "A1")


def test_who_changed_what_and_when(store_location):
    db = store_location
    with Store(db, user="Priya") as priya:
        workshop = priya.create_workshop("Day", ["A"])
        priya.add_point(workshop.breakouts[0], "one")
    with Store(db, user="Tom") as tom:
        point = tom.tag_point(workshop.slug, "A1", owner="Ana")
    assert point.captured_by == "Priya"
    assert point.changed_by == "Tom"
    assert point.created_at.tzinfo is UTC and point.updated_at.tzinfo is UTC
    assert point.updated_at >= point.created_at


def test_tagging(store, workshop):
    store.add_point(workshop.breakouts[0], "Ask the council #skills")
    point = store.tag_point(workshop.slug, "A1", kind="n", owner="Sam", due="March 2027",
                            themes=["funding", "#Skills"])  # fmt: skip
    assert (point.kind, point.owner, point.due) == (Kind.NEXT, "Sam", "March 2027")
    assert point.themes == ("skills", "funding")
    cleared = store.tag_point(workshop.slug, "A1", owner="", due="")
    assert cleared.owner is None and cleared.due is None and cleared.due_date is None
    for bad in ({"kind": "urgent"}, {"themes": ["two words"]}, {"themes": ["barrier"]}):
        with pytest.raises(WorkshopkitError):
            store.tag_point(workshop.slug, "A1", **bad)
    assert store.point(workshop.slug, "A1").themes == ("skills", "funding")


def test_edit_replaces_text_and_tags(store, workshop):
    store.add_point(workshop.breakouts[0], "Old text #barrier @Sam")
    point = store.edit_point(workshop.slug, "A1", "New text #idea")
    assert (point.text, point.kind, point.owner) == ("New text", Kind.IDEA, None)


def test_empty_points_are_refused_and_nothing_is_saved(store, workshop):
    a = workshop.breakouts[0]
    for source in ["", "   ", "#barrier @Sam", "\x1b\x07"]:
        with pytest.raises(WorkshopkitError, match="needs some text"):
            store.add_point(a, source)
    with pytest.raises(WorkshopkitError):
        store.add_points(a, ["fine", "#next"])  # all or nothing
    assert store.workshop(workshop.slug).points == ()


def test_control_characters_never_reach_the_store(store, workshop):
    point = store.add_point(workshop.breakouts[0], "Red\x1b[31m alert\x9b2J\x00 @Sam\x07")
    assert point.text == "Red[31m alert2J"
    assert point.owner == "Sam"


def test_unknown_refs(store, workshop):
    for ref in ["A9", "Z1", "nonsense", ""]:
        with pytest.raises(NotFound):
            store.point(workshop.slug, ref)


def test_returned_values_are_plain_and_detached(store, workshop):
    point = store.add_point(workshop.breakouts[0], "one")
    view = store.workshop(workshop.slug)
    store.close()
    # Usable after the store is closed: no lazy loading, no session behind them.
    assert view.breakouts[0].points[0].text == "one"
    with pytest.raises(dataclasses.FrozenInstanceError):
        point.text = "changed"  # type: ignore[misc]


def test_list_shows_counts_most_recent_first(store):
    old = store.create_workshop("Old day", ["A"])
    new = store.create_workshop("New day", ["A", "B"])
    store.add_point(old.breakouts[0], "late point")  # activity makes it the most recent
    summaries = store.list_workshops()
    assert [s.slug for s in summaries] == [old.slug, new.slug]
    assert (summaries[0].breakouts, summaries[0].points) == (1, 1)
    assert (summaries[1].breakouts, summaries[1].points) == (2, 0)


def test_a_second_process_sees_committed_points(tmp_path):
    db = tmp_path / "s.db"
    with Store(str(db)) as store:
        workshop = store.create_workshop("Day", ["A"])
        store.add_point(workshop.breakouts[0], "durable")
        # Another reader, through plain sqlite3, sees it at once: it was committed.
        connection = sqlite3.connect(db)
        assert connection.execute("SELECT text FROM point").fetchall() == [("durable",)]
        connection.close()


# -- the same answers on every engine ---------------------------------------------------


def _order_text_like_a_language(store: Store, backend: str) -> None:
    """On PostgreSQL, compare voters and slugs as a server set up with a language locale
    does (case and punctuation count for little): ORDER BY must not decide the output."""
    if backend != "postgresql":
        return
    with store._engine.begin() as connection:
        if not connection.execute(
            text("SELECT 1 FROM pg_collation WHERE collprovider = 'i'")
        ).first():
            pytest.skip("this PostgreSQL has no ICU collations")
        connection.execute(
            text("CREATE COLLATION linguistic (provider = icu, locale = 'en-u-ka-shifted')")
        )
        for table, column in (("vote", "voter"), ("workshop", "slug")):
            connection.execute(
                text(f"ALTER TABLE {table} ALTER COLUMN {column} TYPE VARCHAR COLLATE linguistic")
            )


def test_voters_come_in_the_same_order_on_every_engine(store, workshop, backend):
    _order_text_like_a_language(store, backend)
    point = store.add_point(workshop.breakouts[0], "Late buses")
    names = ["zed", "Sam", "ana", "Ben", "_x", "Émile", "éva"]
    for name in names:
        store.vote(workshop.slug, point.ref, name)
    expected = tuple((name, 1) for name in sorted(names))  # by code point, as SQLite does
    assert store.point(workshop.slug, point.ref).voters == expected
    assert store.workshop(workshop.slug).points[0].voters == expected
    assert store.changes(workshop.id, 0).points[0].voters == expected
    assert store.vote(workshop.slug, point.ref, "Ana").point.voters[0] == ("Ben", 1)


def test_an_unclear_workshop_lists_its_matches_in_the_same_order_on_every_engine(store, backend):
    _order_text_like_a_language(store, backend)
    for title in ["Harbour Day X", "Harbourday", "Harbour Daz"]:
        store.create_workshop(title)
    with pytest.raises(Ambiguous, match=r"\(harbour-day-x, harbour-daz, harbourday\)"):
        store.workshop("harbo")


def test_a_workshop_date_is_cleaned_like_every_other_field(store):
    # PostgreSQL refuses a NUL in text where SQLite stores it: the store never sends one.
    view = store.create_workshop("Day", date="2026-06-01\x00\n")
    assert view.date == "2026-06-01"
    assert store.create_workshop("Another day", date=" ").date is None


def test_times_read_back_in_utc_whatever_the_servers_time_zone(pg_url):
    from sqlalchemy.engine import make_url

    url = make_url(pg_url)
    options = f"{url.query['options']} -cTimeZone=Asia/Kolkata"
    elsewhere = url.update_query_dict({"options": options}).render_as_string(False)
    with Store(pg_url, user="Priya") as utc, Store(elsewhere, user="Tom") as kolkata:
        workshop = utc.create_workshop("Day", ["A"])
        made = kolkata.add_point(workshop.breakouts[0], "one")
        for store in (utc, kolkata):
            point = store.point(workshop.slug, "A1")
            assert point.created_at == made.created_at
            assert point.created_at.tzinfo is UTC and point.updated_at.tzinfo is UTC
            assert store.list_workshops()[0].updated_at == made.updated_at


def test_a_point_parsed_as_it_was_typed_is_stored_as_parsed_not_parsed_again(store, workshop):
    """The bar parses while the facilitator types; the store takes that, once."""
    typed = parse("Ferry \\#late on Sundays @Harbour")  # an escaped '#': text, not a theme
    assert typed.text == "Ferry #late on Sundays"
    point = store.add_point(store.breakout(workshop.slug, "A"), typed)
    assert (point.text, point.themes, point.owner) == ("Ferry #late on Sundays", (), "Harbour")
    again = store.add_points(
        store.breakout(workshop.slug, "A"), [Captured("Lift #broken", Kind.BARRIER), "Ramp #steep"]
    )
    assert [(p.text, p.kind, p.themes) for p in again] == [
        ("Lift #broken", Kind.BARRIER, ()),
        ("Ramp", Kind.NOTE, ("steep",)),
    ]
