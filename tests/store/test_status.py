"""Where an action stands: open, in progress, done, dropped, with a date and a progress
note; kept by the store, carried forward while still to do, merged field by field."""

import sqlite3

import pytest

from workshopkit.core.carry import open_actions, read_standing, standing_text
from workshopkit.core.errors import WorkshopkitError
from workshopkit.store.facade import Store


@pytest.fixture
def actions(store, workshop):
    """Harbour Day: A1 an action, A2 a note."""
    store.add_points(workshop.breakouts[0], ["Fix the slipway #next @Kim", "Tide tables"])
    return workshop.slug


def test_an_action_is_open_until_its_status_changes(store, actions):
    assert (store.point(actions, "A1").status, store.point(actions, "A1").status_at) == (
        "open",
        None,
    )
    point = store.set_status(actions, "A1", "In progress", "Quote received")
    assert (point.status, point.progress, point.done) == ("in progress", "Quote received", False)
    assert point.status_at is not None
    assert store.point(actions, "A1") == point  # read back as written


def test_done_is_one_status_and_done_at_keeps_in_step_with_it(store, actions):
    done = store.set_status(actions, "A1", "completed")
    assert (done.status, done.done, done.status_at == done.done_at) == ("done", True, True)
    reopened = store.set_status(actions, "A1", "open")
    assert (reopened.status, reopened.done) == ("open", False)
    again = store.set_status(actions, "A1", "done")
    assert (again.status, again.done) == ("done", True)
    dropped = store.set_status(actions, "A1", "dropped")
    assert (dropped.status, dropped.done) == ("dropped", False)


def test_the_note_changes_alone_and_an_empty_note_clears_it(store, actions):
    store.set_status(actions, "A1", "in progress", "Quote received")
    point = store.set_status(actions, "A1", "in progress", "Builder booked")
    assert (point.status, point.progress) == ("in progress", "Builder booked")
    assert store.set_status(actions, "A1", "in progress", "").progress is None


@pytest.mark.parametrize(
    ("ref", "status", "said"),
    [
        ("A1", "someday", "not a status"),
        ("A2", "done", "only actions have a status"),
        ("A1", "open", "already open"),
    ],
)
def test_a_refused_status_says_why_and_changes_nothing(store, actions, ref, status, said):
    before = store.point(actions, ref)
    with pytest.raises(WorkshopkitError, match=said):
        store.set_status(actions, ref, status)
    assert store.point(actions, ref) == before


def test_carrying_forward_brings_what_is_still_to_do_with_its_status(store, workshop):
    store.add_points(
        workshop.breakouts[0],
        ["Open one #next", "Started one #next", "Finished one #next", "Abandoned one #next"],
    )
    slug = workshop.slug
    store.set_status(slug, "A2", "in progress", "Half way")
    store.set_status(slug, "A3", "done")
    store.set_status(slug, "A4", "dropped")
    assert [p.ref for p in open_actions(store.workshop(slug))] == ["A1", "A2"]
    carried = store.create_workshop("Next review", ["Review"], carry_from=slug).breakouts[0]
    assert [(p.text, p.status, p.progress) for p in carried.points] == [
        ("Open one", "open", None),
        ("Started one", "in progress", "Half way"),
    ]


def test_a_store_of_schema_6_keeps_its_done_actions_done(tmp_path):
    path = tmp_path / "old.db"
    with Store(str(path), "Kim") as store:
        workshop = store.create_workshop("Harbour Day", ["Slipway"])
        store.add_points(workshop.breakouts[0], ["Mend it #next", "Paint it #next"])
        done_at = store.set_status(workshop.slug, "A1", "done").done_at
    connection = sqlite3.connect(path)  # back to schema 6: no plan fields
    for column in ("plan_ref", "status", "status_at", "progress"):
        connection.execute(f"ALTER TABLE point DROP COLUMN {column}")
    connection.execute("UPDATE wk_meta SET value = '6' WHERE key = 'schema_version'")
    connection.commit()
    connection.close()
    with Store(str(path), "Kim") as store:
        first, second = store.workshop("harbour-day").points
        assert (first.status, first.status_at, first.done_at) == ("done", done_at, done_at)
        assert (second.status, second.status_at) == ("open", None)
        assert store.backup_path is not None


def test_a_status_cell_reads_back_as_written():
    from datetime import date

    for status in ("open", "in progress", "done", "dropped"):
        for since in (None, date(2027, 3, 1)):
            for note in (None, "Quote received", "Two parts · one: done"):
                standing = read_standing(standing_text(status, since, note))
                assert (standing.status, standing.since, standing.note) == (status, since, note)


def test_a_dropped_action_goes_last_and_needs_no_owner(store, workshop):
    from workshopkit.core.files import export

    store.add_points(workshop.breakouts[0], ["Ask the ferry #next", "Paint the quay #next"])
    store.vote(workshop.slug, "A1", "Kim")
    store.set_status(workshop.slug, "A1", "dropped", "the ferry stopped")
    view = store.workshop(workshop.slug)
    assert [p.ref for p in export.actions(view.breakouts[0])] == ["A2", "A1"]
    text = export.to_markdown(view)
    assert "Dropped · since" in text and "the ferry stopped" in text
    assert "A1" not in text.split("## Needs an owner")[1]
