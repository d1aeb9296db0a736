"""The room on phones as the store keeps it: opening and closing, what the facilitator
puts on it, phones joining, and phones' points and dots."""

import pytest

from workshopkit.core.errors import VoteRefused
from workshopkit.core.room import JOIN_ALPHABET, RoomRefused


def test_a_room_opens_with_a_code_on_the_first_breakout_and_survives_a_reopen(store, workshop):
    assert not store.room(workshop.slug).open
    room = store.open_room(workshop.slug)
    assert room.open and room.letter == "A" and room.phones == 0
    assert len(room.code) == 6 and set(room.code) <= set(JOIN_ALPHABET)
    assert store.open_room(workshop.slug) == room  # already open: the same code
    assert store.workshop(workshop.slug).room == room  # every reader sees it


def test_closing_ends_the_code_and_a_reopened_room_starts_afresh(store, workshop):
    first = store.open_room(workshop.slug)
    store.join_room(workshop.slug, most=200)
    closed = store.close_room(workshop.slug)
    assert not closed.open and closed.code == "" and closed.secret == ""
    again = store.open_room(workshop.slug)
    assert again.secret != first.secret and again.phones == 0


def test_the_facilitator_sets_breakout_adding_and_voting(store, workshop):
    store.open_room(workshop.slug)
    room = store.set_room(workshop.slug, breakout="what wo", adding=False, voting=True)
    assert (room.letter, room.adding, room.voting) == ("B", False, True)
    assert store.workshop(workshop.slug).room.letter == "B"
    before = store.workshop(workshop.slug).updated_at
    assert store.set_room(workshop.slug, voting=True) == room
    assert store.workshop(workshop.slug).updated_at == before  # already so: row untouched


def test_phones_are_numbered_and_capped(store, workshop):
    with pytest.raises(RoomRefused, match="closed"):
        store.join_room(workshop.slug, most=2)
    store.open_room(workshop.slug)
    assert list(store.join_room(workshop.slug, most=2)[0]) == [1]
    assert list(store.join_room(workshop.slug, most=2)[0]) == [2]
    with pytest.raises(RoomRefused, match="full"):
        store.join_room(workshop.slug, most=2)
    assert store.room(workshop.slug).phones == 2


def test_phones_arriving_together_join_in_one_write_up_to_the_cap(store, workshop):
    store.open_room(workshop.slug)
    store.join_room(workshop.slug, most=5)
    numbers, room = store.join_room(workshop.slug, most=5, phones=7)
    assert list(numbers) == [2, 3, 4, 5]  # the ones over the cap are not let in
    assert room.phones == 5 == store.room(workshop.slug).phones


def test_a_phones_point_carries_its_name(store, workshop):
    point = store.add_points(workshop.breakouts[0], ["Ramp too steep #barrier"], by="Phone 3")[0]
    assert point.captured_by == "Phone 3" and point.kind == "barrier"
    assert store.point(workshop.slug, point.ref).captured_by == "Phone 3"


def test_a_phones_dot_needs_the_room_voting_on_that_breakout(store, workshop):
    store.add_points(workshop.breakouts[0], ["One"])
    store.add_points(workshop.breakouts[1], ["Two"])
    with pytest.raises(RoomRefused, match="closed"):
        store.vote(workshop.slug, "A1", "Phone 1", from_room=True)
    store.open_room(workshop.slug)
    with pytest.raises(RoomRefused, match="Voting is closed"):
        store.vote(workshop.slug, "A1", "Phone 1", from_room=True)
    store.set_room(workshop.slug, voting=True)
    with pytest.raises(RoomRefused, match="not on the room"):
        store.vote(workshop.slug, "B1", "Phone 1", from_room=True)
    assert store.vote(workshop.slug, "A1", "Phone 1", from_room=True).dots_on_point == 1
    for _ in range(2):
        store.vote(workshop.slug, "A1", "Phone 1", from_room=True)
    with pytest.raises(VoteRefused, match="cap"):
        store.vote(workshop.slug, "A1", "Phone 1", from_room=True)
    assert store.point(workshop.slug, "A1").voters == (("Phone 1", 3),)
    assert store.point(workshop.slug, "B1").dots == 0


def test_dots_together_are_checked_one_after_another_in_one_transaction(store, workshop):
    store.add_points(workshop.breakouts[0], ["One", "Two"])
    store.open_room(workshop.slug)
    store.set_room(workshop.slug, voting=True)
    dots = [("A1", "Phone 1", False)] * 4 + [("A2", "Phone 2", True), ("A2", "Phone 2", False)]
    results = store.votes_together(workshop.slug, dots, from_room=True)
    assert [r.dots_on_point for r in results[:3]] == [1, 2, 3]
    assert isinstance(results[3], VoteRefused) and "cap is 3" in str(results[3])
    assert isinstance(results[4], VoteRefused) and "no dot on A2" in str(results[4])
    assert results[5].dots_left == 4
    assert store.point(workshop.slug, "A1").voters == (("Phone 1", 3),)
    assert store.point(workshop.slug, "A2").voters == (("Phone 2", 1),)
