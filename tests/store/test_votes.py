"""Dot voting: budgets per breakout, caps per point, room tallies and the ranking."""

import pytest

from workshopkit.core.errors import VoteRefused
from workshopkit.core.voting import VoteRules, over_budget, rank
from workshopkit.store.facade import Store


@pytest.fixture
def points(store, workshop):
    a, b = workshop.breakouts[0], workshop.breakouts[1]
    store.add_points(a, [f"A point {n} #next" for n in range(1, 8)])
    store.add_points(b, ["B point #next"])
    return workshop.slug


def test_dots_add_up(store, points):
    store.vote(points, "A1", "Sam")
    result = store.vote(points, "A1", "Sam")
    assert (result.dots_on_point, result.dots_left) == (2, 3)
    assert result.point.dots == 2 and result.point.voters == (("Sam", 2),)


def test_cap_per_point(store, points):
    for _ in range(3):
        store.vote(points, "A1", "Sam")
    with pytest.raises(VoteRefused, match="cap is 3 per point"):
        store.vote(points, "A1", "Sam")
    assert store.point(points, "A1").dots == 3


def test_budget_per_breakout(store, points):
    for ref in ["A1", "A2", "A3", "A4", "A5"]:
        store.vote(points, ref, "Sam")
    with pytest.raises(VoteRefused, match="used all 5 dots in breakout A"):
        store.vote(points, "A6", "Sam")
    assert store.point(points, "A6").dots == 0
    # The budget is per breakout: Sam still has dots for B.
    assert store.vote(points, "B1", "Sam").dots_left == 4
    # Taking one back frees it.
    store.vote(points, "A5", "Sam", remove=True)
    assert store.vote(points, "A6", "Sam").dots_left == 0


def test_voters_are_separate_and_names_ignore_case(store, points):
    store.vote(points, "A1", "Sam")
    store.vote(points, "A1", "sam")
    result = store.vote(points, "A1", "Ana")
    assert result.point.voters == (("Ana", 1), ("Sam", 2))


def test_cannot_take_back_a_dot_never_placed(store, points):
    with pytest.raises(VoteRefused, match="no dot on A1"):
        store.vote(points, "A1", "Sam", remove=True)


def test_rules_are_set_per_workshop(store):
    workshop = store.create_workshop("Tight", ["A"], dots_per_voter=2, cap_per_point=1)
    store.add_points(workshop.breakouts[0], ["one", "two", "three"])
    store.vote(workshop.slug, "A1", "Sam")
    with pytest.raises(VoteRefused, match="cap is 1"):
        store.vote(workshop.slug, "A1", "Sam")
    store.vote(workshop.slug, "A2", "Sam")
    with pytest.raises(VoteRefused, match="all 2 dots"):
        store.vote(workshop.slug, "A3", "Sam")


def test_invalid_rules_are_refused(store):
    with pytest.raises(VoteRefused):
        VoteRules(0, 3)
    with pytest.raises(VoteRefused):
        store.create_workshop("Bad", dots_per_voter=5, cap_per_point=0)
    assert store.list_workshops() == []


def test_tally_counts_with_dots_and_cannot_be_negative(store, points):
    store.vote(points, "A2", "Sam")
    point = store.set_tally(points, "A2", 7)
    assert (point.tally, point.dots, point.votes) == (7, 1, 8)
    with pytest.raises(VoteRefused):
        store.set_tally(points, "A2", -1)
    assert store.point(points, "A2").tally == 7


def test_deleted_points_give_their_dots_back(store, points):
    for ref in ["A1", "A2", "A3", "A4", "A5"]:
        store.vote(points, ref, "Sam")
    store.delete_point(points, "A5")
    assert store.vote(points, "A6", "Sam").dots_left == 0
    with pytest.raises(Exception, match="deleted"):
        store.vote(points, "A5", "Sam")


def test_ranking_by_votes_then_capture_order(store, points):
    store.set_tally(points, "A3", 2)
    store.vote(points, "A5", "Sam")
    store.vote(points, "A5", "Sam")
    store.vote(points, "A7", "Ana")
    ranked = rank(store.workshop(points).breakouts[0].points)
    assert [p.ref for p in ranked] == ["A3", "A5", "A7", "A1", "A2", "A4", "A6"]


def test_a_refused_vote_changes_nothing(store_location):
    db = store_location
    with Store(db) as store:
        workshop = store.create_workshop("Day", ["A"], dots_per_voter=1)
        store.add_points(workshop.breakouts[0], ["one", "two"])
        store.vote(workshop.slug, "A1", "Sam")
        before = store.workshop(workshop.slug)
        with pytest.raises(VoteRefused):
            store.vote(workshop.slug, "A2", "Sam")
        assert store.workshop(workshop.slug) == before


def test_a_restore_that_puts_a_voter_over_budget_is_reported(store, points):
    for ref in ["A1", "A2", "A3", "A4", "A5"]:
        store.vote(points, ref, "Sam")
    store.delete_point(points, "A5")
    store.vote(points, "A6", "Sam")  # the freed dot, spent again
    assert over_budget(store.workshop(points), "A") == {}
    store.restore_point(points, "A5")  # undo must work even so
    assert store.point(points, "A5").voters == (("Sam", 1),)
    assert over_budget(store.workshop(points), "A") == {"Sam": 6}
