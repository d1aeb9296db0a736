"""Carrying open actions forward, and marking actions done: store and export."""

from dataclasses import replace

import pytest

from workshopkit.core.carry import CARRIED_TITLE, open_actions
from workshopkit.core.errors import NotFound, WorkshopkitError
from workshopkit.core.files import export


@pytest.fixture
def earlier(store, workshop):
    """Harbour Day with actions open, done, deleted, and points that are not actions."""
    a, _, c = workshop.breakouts
    store.add_points(
        a,
        [
            "Parking is scarce #barrier",  # A1: not an action
            'Book the big hall @"Events team" due:"March 2027" #next #venues',  # A2: open
            "Print larger signs #next",  # A3: done below
        ],
    )
    store.add_points(c, ["Write to every partner @Ana due:2027-05-31 #next", "Gone #next"])
    store.vote(workshop.slug, "A2", "Sam")
    store.set_status(workshop.slug, "A3", "done")
    store.delete_point(workshop.slug, "C2")
    return store.workshop(workshop.slug)


def test_open_actions_are_live_next_steps_not_done(earlier):
    assert [p.ref for p in open_actions(earlier)] == ["A2", "C1"]


def test_carrying_keeps_owner_due_themes_and_where_each_came_from(store, earlier):
    view = store.create_workshop("Harbour Day", ["Review"], carry_from=earlier.slug)
    assert view.slug == "harbour-day-2"
    carried, review = view.breakouts
    assert (carried.letter, carried.title, review.letter) == ("A", CARRIED_TITLE, "B")
    assert "Harbour Day" in carried.prompt
    a1, a2 = carried.points
    assert (a1.ref, a1.text, a1.kind.value, a1.owner, a1.due, a1.themes) == (
        "A1",
        "Book the big hall",
        "next",
        "Events team",
        "March 2027",
        ("venues",),
    )
    assert a1.carried_from == "harbour-day A2"
    assert a1.votes == 0  # the new room votes afresh
    assert (a2.text, a2.owner, a2.due, a2.due_date.isoformat()) == (
        "Write to every partner",
        "Ana",
        "2027-05-31",
        "2027-05-31",
    )
    assert a2.carried_from == "harbour-day C1"
    assert not a1.done and not a2.done
    # The earlier workshop is untouched.
    assert replace(store.workshop(earlier.slug), rev=earlier.rev) == earlier


def test_carrying_with_a_template_puts_the_carried_breakout_first(store, earlier):
    view = store.create_workshop("Harbour Review", template="barriers", carry_from="harbour")
    assert [b.title for b in view.breakouts] == [CARRIED_TITLE, "Barriers", "Next steps"]
    assert view.template == "barriers-next-steps"


def test_nothing_open_to_carry_makes_no_carried_breakout(store, workshop):
    store.add_points(workshop.breakouts[0], ["Just a note", "Done already #next"])
    store.set_status(workshop.slug, "A2", "done")
    view = store.create_workshop("Next Harbour Day", ["Review"], carry_from=workshop.slug)
    assert [b.title for b in view.breakouts] == ["Review"]


def test_carrying_from_an_unknown_workshop_creates_nothing(store, earlier):
    with pytest.raises(NotFound):
        store.create_workshop("Harbour Day", carry_from="nowhere")
    assert [w.slug for w in store.list_workshops()] == [earlier.slug]


# -- done ---------------------------------------------------------------------------------


def test_marking_done_and_undoing_it(store, workshop):
    store.add_point(workshop.breakouts[2], "Agree a date #next")
    done = store.set_status(workshop.slug, "C1", "done")
    assert done.done and done.done_at is not None
    assert store.point(workshop.slug, "C1").done
    reopened = store.set_status(workshop.slug, "C1", "open")
    assert not reopened.done
    assert not store.point(workshop.slug, "C1").done


def test_refused_done_changes_nothing(store, workshop):
    a, _, c = workshop.breakouts
    store.add_point(a, "Parking is scarce #barrier")
    store.add_point(c, "Agree a date #next")
    with pytest.raises(WorkshopkitError, match="not a next step"):
        store.set_status(workshop.slug, "A1", "done")
    with pytest.raises(WorkshopkitError, match="already open"):
        store.set_status(workshop.slug, "C1", "open")
    store.set_status(workshop.slug, "C1", "done")
    before = store.point(workshop.slug, "C1")
    with pytest.raises(WorkshopkitError, match="already done"):
        store.set_status(workshop.slug, "C1", "done")
    assert store.point(workshop.slug, "C1") == before
    assert not store.point(workshop.slug, "A1").done


def test_done_and_carried_actions_in_the_action_list(store, earlier):
    view = store.create_workshop("Harbour Day", carry_from=earlier.slug)
    store.set_status(view.slug, "A2", "done")
    text = export.to_markdown(store.workshop(view.slug))
    rows = [line for line in text.splitlines() if line.startswith(("| A2", "| C1"))]
    # Open actions first, then the done one; each keeps the ref it had as its plan ref.
    done = store.point(view.slug, "A2").status_at
    assert rows == [
        "| A2 (A1) | Venues | Book the big hall | Events team | March 2027 | Open | 0 |",
        f"| C1 (A2) |  | Write to every partner | Ana | 2027-05-31 "
        f"| Done · since {done:%Y-%m-%d} | 0 |",
    ]
    earlier_text = export.to_markdown(store.workshop(earlier.slug))
    assert "| A3 |  | Print larger signs | ⚠ none | ⚠ none | Done · since " in earlier_text
    # A done action needs no owner or due any more.
    assert "A3" not in earlier_text.split("## Needs an owner")[1]
    data = export.workshop_dict(store.workshop(earlier.slug))
    a3 = next(p for b in data["breakouts"] for p in b["points"] if p["ref"] == "A3")
    assert (a3["done"], a3["carried_from"], a3["score"]) == (True, None, None)
