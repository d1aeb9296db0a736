"""Finding near-duplicate points: the scorer, the cut-off, and which pairs a merge-all takes."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from workshopkit.core.dupes import (
    THRESHOLD,
    check_threshold,
    comparable,
    find_duplicates,
    plan_merges,
)
from workshopkit.core.errors import WorkshopkitError
from workshopkit.core.kinds import Kind
from workshopkit.core.views import PointView

START = datetime(2027, 5, 4, 9, 0, tzinfo=UTC)


def point(ref: str, text: str, minute: int, deleted: bool = False) -> PointView:
    """A point captured ``minute`` minutes into the day."""
    when = START + timedelta(minutes=minute)
    return PointView(
        id=uuid.uuid4(),
        ref=ref,
        letter=ref[0],
        number=int(ref[1:]),
        text=text,
        kind=Kind.NOTE,
        owner=None,
        due=None,
        due_date=None,
        themes=(),
        tally=0,
        dots=0,
        voters=(),
        captured_by="Sam",
        created_at=when,
        updated_at=when,
        changed_by="Sam",
        deleted=deleted,
    )


def refs(pairs) -> list[tuple[str, str]]:
    return [(pair.first.ref, pair.second.ref) for pair in pairs]


def test_the_same_point_typed_differently_is_found_within_and_across_breakouts():
    points = [
        point("A1", "Parking is scarce on market days", 1),
        point("A2", "Bus stops are too far from the hall", 2),
        point("A3", "parking is scarce on market days.", 3),  # pasted twice, one laptop
        point("B1", "On market days, parking is scarce!", 4),  # another laptop's words
        point("B2", "Recruit more voluntiers for the lunch club", 5),
        point("C1", "Recruit more volunteers for the lunch club", 6),
    ]
    pairs = find_duplicates(points)
    assert sorted(refs(pairs)) == [("A1", "A3"), ("A1", "B1"), ("A3", "B1"), ("B2", "C1")]
    # Case, punctuation and word order do not count; a typo costs a little.
    scores = {(p.first.ref, p.second.ref): p.score for p in pairs}
    assert scores[("A1", "B1")] == 100
    assert THRESHOLD <= scores[("B2", "C1")] < 100
    assert pairs[-1].first.ref == "B2"  # best scores first


def test_the_earlier_capture_is_first_whatever_the_order_given():
    later = point("A1", "Share one booking calendar for all rooms", 30)
    earlier = point("B4", "Share one booking calendar for all the rooms", 10)
    [pair] = find_duplicates([later, earlier])
    assert (pair.first.ref, pair.second.ref) == ("B4", "A1")


def test_points_that_say_different_things_are_not_paired():
    points = [
        point("A1", "Need more parking", 1),
        point("A2", "Need less parking", 2),
        point("A3", "Joint training for members", 3),
        point("A4", "Joint training for officers", 4),
        point("A5", "Funding for youth work", 5),
        point("A6", "Funding for adult education", 6),
    ]
    assert find_duplicates(points) == []


def test_the_cut_off_decides_a_borderline_pair():
    start, stop = point("A1", "Start meetings on time", 1), point("A2", "Stop meetings on time", 2)
    assert find_duplicates([start, stop]) == []  # 88: under the default of 90
    [pair] = find_duplicates([start, stop], threshold=85)
    assert 85 <= pair.score < THRESHOLD
    # The score as shown works as a cut-off that finds the pair again.
    assert pair.percent == 88
    assert find_duplicates([start, stop], threshold=pair.percent) != []
    assert find_duplicates([start, stop], threshold=pair.percent + 1) == []


def test_deleted_points_and_points_without_words_pair_with_nothing():
    points = [
        point("A1", "???", 1),
        point("A2", "!!!", 2),
        point("A3", "Lift is broken", 3),
        point("A4", "Lift is broken", 4, deleted=True),
    ]
    assert comparable("???") == ""
    assert find_duplicates(points) == []


def test_comparable_form_ignores_case_punctuation_and_order():
    assert comparable("Data-sharing agreement, between PARTNERS") == comparable(
        "between partners: data sharing agreement"
    )


@pytest.mark.parametrize("bad", [49, 100.5, -1, float("nan")])
def test_a_cut_off_outside_50_to_100_is_refused(bad):
    with pytest.raises(WorkshopkitError, match="from 50 to 100"):
        check_threshold(bad)


def test_merge_all_keeps_the_earlier_point_and_leaves_pairs_it_cannot_take():
    a1 = point("A1", "Too many meetings", 1)
    a2 = point("A2", "Too many meetings!", 2)
    b1 = point("B1", "too many meetings", 3)
    merges, left = plan_merges(find_duplicates([a1, a2, b1]))
    assert refs(merges) == [("A1", "A2"), ("A1", "B1")]
    assert left == []  # A2 and B1 match too, and both went into A1: nothing is left

    # A chain: C1 ~ C2 and C2 ~ C3, but C1 and C3 score under the cut-off: not merged unasked.
    c1 = point("C1", "Publish the meeting notes within a week", 1)
    c2 = point("C2", "Publish meeting notes within a week", 2)
    c3 = point("C3", "Publish meeting notes within one week", 3)
    pairs = find_duplicates([c1, c2, c3])
    assert refs(pairs) == [("C1", "C2"), ("C2", "C3")]
    merges, left = plan_merges(pairs)
    assert refs(merges) == [("C1", "C2")]
    assert [(refs([pair]), why) for pair, why in left] == [
        ([("C2", "C3")], "C2 was merged into C1 just before")
    ]
