"""Merging duplicate points in the store, and undoing it: on SQLite and on PostgreSQL."""

import dataclasses
import json

import pytest
from sqlalchemy import select

from workshopkit.core.errors import NotFound, WorkshopkitError
from workshopkit.core.kinds import Kind
from workshopkit.core.views import PointView
from workshopkit.store.models import Point


def vote(store, slug: str, ref: str, voter: str, dots: int = 1) -> None:
    for _ in range(dots):
        store.vote(slug, ref, voter)


def merged_into(store, point: PointView):
    with store._engine.connect() as connection:
        return connection.execute(
            select(Point.merged_into).where(Point.id == point.id)
        ).scalar_one()


def as_before(point: PointView) -> PointView:
    """A point without the stamp of its last change: what a user sees of it."""
    return dataclasses.replace(point, updated_at=None, changed_by=None)


@pytest.fixture
def pair(store):
    """A1 (breakout A) and B1 (breakout B) say the same; B1 carries tags and votes."""
    workshop = store.create_workshop("Harbour Day", ["Barriers", "What works"], cap_per_point=3)
    a, b = workshop.breakouts
    store.add_point(a, "Parking is scarce on market days #access")
    store.add_point(a, "Too many meetings")
    store.add_point(b, "parking is scarce on market days. #barrier @Estates due:2027-03 #parking")
    vote(store, workshop.slug, "A1", "Ana", 2)
    vote(store, workshop.slug, "B1", "Ana", 2)
    vote(store, workshop.slug, "B1", "Ben", 1)
    store.set_tally(workshop.slug, "B1", 4)
    return workshop.slug


def test_find_reads_the_live_points_of_the_workshop(store, pair):
    [found] = store.find_duplicates(pair)
    assert (found.first.ref, found.second.ref, found.percent) == ("A1", "B1", 100)
    store.delete_point(pair, "B1")
    assert store.find_duplicates(pair) == []
    with pytest.raises(WorkshopkitError, match="from 50 to 100"):
        store.find_duplicates(pair, threshold=20)


def test_merge_combines_tags_and_votes_and_reports_the_excess(store, pair):
    result = store.merge_points(pair, "A1", "B1")
    kept = store.point(pair, "A1")
    assert result.kept == kept
    assert (kept.text, kept.kind, kept.owner, kept.due) == (
        "Parking is scarce on market days",  # the kept text stays
        Kind.BARRIER,
        "Estates",
        "2027-03",
    )
    assert kept.due_date.isoformat() == "2027-03-31"
    assert kept.themes == ("access", "parking")
    assert kept.tally == 4
    # Ana had 2 here and 2 there: only 1 more fits under the cap of 3.
    assert kept.voters == (("Ana", 3), ("Ben", 1))
    assert result.moved == (("Ana", 1), ("Ben", 1))
    [excess] = result.excess
    assert "Ana: 1 of 2 dots on B1 moved to A1; 1 did not fit (at most 3 on one point)" in excess
    gone = store.point(pair, "B1")
    assert gone.deleted and result.absorbed == gone
    assert merged_into(store, gone) == kept.id
    [record] = json.loads(kept.absorbed)
    assert (record["ref"], record["dots"], record["themes"]) == (
        "B1",
        {"Ana": 1, "Ben": 1},
        ["parking"],
    )
    # The absorbed point's dots stopped counting: Ana has her extra dot back to spend.
    view = store.workshop(pair)
    assert [p.ref for p in view.points] == ["A1", "A2"]
    assert store.vote(pair, "A2", "Ana").dots_left == 1  # 5 - 3 on A1 - 1 here


def test_dots_past_the_voters_budget_stay_with_the_absorbed_point(store):
    workshop = store.create_workshop("Day", ["One", "Two"], dots_per_voter=3, cap_per_point=3)
    a, b = workshop.breakouts
    store.add_points(a, ["Lift is often broken", "Signs are confusing"])
    store.add_point(b, "The lift is often broken")
    vote(store, workshop.slug, "A2", "Ana", 3)  # Ana's whole budget in breakout A
    vote(store, workshop.slug, "B1", "Ana", 2)
    result = store.merge_points(workshop.slug, "A1", "B1")
    assert result.moved == ()
    assert "2 did not fit (3 per voter in breakout A)" in result.excess[0]
    assert store.point(workshop.slug, "A1").dots == 0


def test_two_owners_are_both_kept_and_a_different_due_is_reported(store):
    workshop = store.create_workshop("Day", ["One"])
    store.add_points(
        workshop.breakouts[0],
        ["Book the big hall @Sam due:2027-03", "Book the big hall @Ana due:2027-06 #next"],
    )
    result = store.merge_points(workshop.slug, "A1", "A2")
    assert (result.kept.owner, result.kept.due, result.kept.kind) == ("Sam, Ana", "2027-03", "next")
    assert "kept due 2027-03 (A2 had 2027-06)" in result.changes


def test_undo_puts_both_points_back_exactly(store, pair):
    before = {p.ref: as_before(p) for p in store.workshop(pair).points}
    store.merge_points(pair, "A1", "B1")
    result = store.unmerge(pair, "B1")
    after = {p.ref: as_before(p) for p in store.workshop(pair).points}
    assert after == before
    assert result.left == ()
    assert merged_into(store, result.restored) is None
    assert store.point(pair, "B1").voters == (("Ana", 2), ("Ben", 1))


def test_undo_keeps_what_changed_on_the_kept_point_since(store, pair):
    store.merge_points(pair, "A1", "B1")
    store.tag_point(pair, "A1", owner="Harbour team", themes=["transport"])
    result = store.unmerge(pair, "B1")
    kept = store.point(pair, "A1")
    assert kept.owner == "Harbour team"
    assert kept.kind is Kind.NOTE and kept.due is None  # untouched since: back as they were
    assert kept.themes == ("access", "transport")
    assert result.left == ("the owner of A1 changed since; it stays",)


def test_a_point_absorbing_several_gives_back_only_what_each_brought(store):
    workshop = store.create_workshop("Day", ["One"])
    store.add_points(
        workshop.breakouts[0],
        ["Too many meetings", "Too many meetings #time", "too many meetings! #time #staff"],
    )
    store.merge_points(workshop.slug, "A1", "A2")
    store.merge_points(workshop.slug, "A1", "A3")
    assert store.point(workshop.slug, "A1").themes == ("time", "staff")
    store.unmerge(workshop.slug, "A2")  # A3 also carries #time: it stays
    assert store.point(workshop.slug, "A1").themes == ("time", "staff")
    store.unmerge(workshop.slug, "A3")
    assert store.point(workshop.slug, "A1").themes == ()
    assert store.point(workshop.slug, "A1").absorbed == ""


def test_merge_is_refused_for_a_deleted_point_and_changes_nothing(store, pair):
    store.delete_point(pair, "B1")
    before = store.workshop(pair, with_deleted=True)
    with pytest.raises(WorkshopkitError, match="B1 is deleted; restore it first"):
        store.merge_points(pair, "A1", "B1")
    with pytest.raises(WorkshopkitError, match="B1 is deleted"):
        store.merge_points(pair, "B1", "A1")
    after = store.workshop(pair, with_deleted=True)
    assert after.points == before.points


def test_a_point_cannot_be_merged_with_itself_or_twice(store, pair):
    with pytest.raises(WorkshopkitError, match="A1 cannot be merged with itself"):
        store.merge_points(pair, "A1", "a1")
    store.merge_points(pair, "A1", "B1")
    with pytest.raises(WorkshopkitError, match="B1 was already merged into A1"):
        store.merge_points(pair, "A2", "B1")
    with pytest.raises(NotFound):
        store.merge_points(pair, "A1", "B9")


def test_undo_is_refused_where_there_is_nothing_to_undo(store, pair):
    with pytest.raises(WorkshopkitError, match="B1 was not merged"):
        store.unmerge(pair, "B1")
    store.merge_points(pair, "A1", "B1")
    with pytest.raises(WorkshopkitError, match="A1 is the point that was kept; it took in B1"):
        store.unmerge(pair, "A1")


def test_restore_sends_a_merged_point_to_the_undo(store, pair):
    store.merge_points(pair, "A1", "B1")
    with pytest.raises(WorkshopkitError, match="dupes harbour-day --undo B1"):
        store.restore_point(pair, "B1")
    assert store.point(pair, "B1").deleted


def test_a_merge_inside_a_merge_is_undone_from_the_outside_in(store, pair):
    store.merge_points(pair, "A2", "B1")  # not duplicates; the store takes the user's word
    store.merge_points(pair, "A1", "A2")
    with pytest.raises(WorkshopkitError, match="put back A2 first"):
        store.unmerge(pair, "B1")
    store.unmerge(pair, "A2")
    store.unmerge(pair, "B1")
    assert [p.ref for p in store.workshop(pair).points] == ["A1", "A2", "B1"]


def test_merge_all_keeps_the_earlier_points_in_one_go(store):
    workshop = store.create_workshop("Day", ["One", "Two"])
    a, b = workshop.breakouts
    store.add_points(a, ["Too many meetings", "Lift is broken", "Too many meetings!"])
    store.add_point(b, "too many meetings")
    merged, left = store.merge_duplicates(workshop.slug)
    assert [(p.first.ref, p.second.ref) for p, _ in merged] == [("A1", "A3"), ("A1", "B1")]
    assert left == []  # A3 and B1 match as well, and both went into A1
    assert [p.ref for p in store.workshop(workshop.slug).points] == ["A1", "A2"]
    assert len(json.loads(store.point(workshop.slug, "A1").absorbed)) == 2
    assert store.merge_duplicates(workshop.slug) == ([], [])


def test_other_screens_see_both_points_change(store, pair):
    since = store.workshop(pair).rev
    store.merge_points(pair, "A1", "B1")
    changes = store.changes(store.workshop(pair).id, since)
    assert {(p.ref, p.deleted) for p in changes.points} == {("A1", False), ("B1", True)}
