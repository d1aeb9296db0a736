"""Merging laptops that worked offline: later changes win field by field, nothing is lost,
and it comes out the same whichever way round, however often it is done."""

import hashlib
import shutil
import sqlite3
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workshopkit.core.errors import NewerStore, NotFound, StoreError, WorkshopkitError
from workshopkit.core.kinds import Kind
from workshopkit.store import facade, points, votes, workshops
from workshopkit.store.facade import Store

pytestmark = pytest.mark.sqlite_only  # laptops that work offline keep SQLite files


class Clock:
    """A clock that moves on a millisecond at every look, so changes never tie by accident."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(milliseconds=1)
        return self.now


@pytest.fixture
def clock(monkeypatch) -> Clock:
    ticking = Clock()
    for module in (facade, points, votes, workshops):  # every module of the Store that writes
        monkeypatch.setattr(module, "utcnow", ticking)
    return ticking


@pytest.fixture
def laptops(tmp_path, clock):
    """A store with one workshop, copied to two laptops: (path of A, path of B)."""
    first = tmp_path / "a.db"
    with Store(str(first), "Facilitator") as store:
        view = store.create_workshop("Harbour Day", ["Getting there", "Money"], dots_per_voter=3)
        store.add_points(view.breakouts[0], ["Ferry times", "Cycle racks"])
    second = tmp_path / "b.db"
    shutil.copy(first, second)
    return first, second


def content(path: Path) -> dict:
    """Everything a user could see or a later merge could use; not the local revision."""
    connection = sqlite3.connect(path)
    try:
        found = {}
        for table in ("workshop", "breakout", "point", "vote"):
            cursor = connection.execute(f"SELECT * FROM {table} ORDER BY id")
            names = [c[0] for c in cursor.description]
            found[table] = [
                {n: v for n, v in zip(names, row, strict=True) if n != "rev"} for row in cursor
            ]
        return found
    finally:
        connection.close()


def refs(path: Path) -> dict[str, str]:
    with Store(str(path)) as store:
        return {p.ref: p.text for p in store.workshop("harbour-day").points}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- examples ------------------------------------------------------------------------


def test_points_from_both_laptops_end_up_in_both(laptops):
    a, b = laptops
    with Store(str(a), "Ana") as store:
        store.add_point(store.breakout("harbour", "B"), "Grant from the trust")
    with Store(str(b), "Ben") as store:
        store.add_point(store.breakout("harbour", "B"), "Ticket prices")
    with Store(str(a), "Ana") as store:
        report = store.merge_store(str(b))
    assert report.added["points"] == 1
    assert set(refs(a).values()) == {
        "Ferry times",
        "Cycle racks",
        "Grant from the trust",
        "Ticket prices",
    }


def test_the_later_change_wins_field_by_field(laptops):
    a, b = laptops
    with Store(str(a), "Ana") as store:
        store.tag_point("harbour", "A1", owner="Ferry company")
    with Store(str(b), "Ben") as store:
        store.tag_point("harbour", "A1", kind="next")  # later, another field
        store.tag_point("harbour", "A2", owner="Council")
    with Store(str(a), "Ana") as store:
        store.tag_point("harbour", "A2", owner="Harbour Trust")  # later still
        store.merge_store(str(b))
        point, other = store.point("harbour", "A1"), store.point("harbour", "A2")
    assert (point.kind, point.owner) == (Kind.NEXT, "Ferry company")
    assert other.owner == "Harbour Trust"


def test_an_action_s_later_status_wins_with_its_date_and_note(laptops):
    a, b = laptops
    with Store(str(a), "Ana") as store:
        store.tag_point("harbour", "A1", kind="next")
        store.set_status("harbour", "A1", "in progress", "Timetable drafted")
    with Store(str(b), "Ben") as store:
        store.tag_point("harbour", "A1", kind="next")
        ben = store.set_status("harbour", "A1", "done")  # later
    with Store(str(a), "Ana") as store:
        store.merge_store(str(b))
        point = store.point("harbour", "A1")
    assert (point.status, point.status_at, point.done_at) == ("done", ben.status_at, ben.done_at)
    assert point.progress == "Timetable drafted"  # the note, changed only by Ana, stays


def test_blind_voting_set_on_one_laptop_is_blind_after_the_merge(laptops):
    a, b = laptops
    with Store(str(b), "Ben") as store:
        store.set_blind("harbour", "A", True)
    with Store(str(a), "Ana") as store:
        store.merge_store(str(b))
        assert store.breakout("harbour", "A").blind
        assert not store.breakout("harbour", "B").blind


def test_a_later_deletion_wins_and_a_later_restore_wins(laptops):
    a, b = laptops
    with Store(str(a), "Ana") as store:
        store.tag_point("harbour", "A1", owner="Ferry company")
    with Store(str(b), "Ben") as store:
        store.delete_point("harbour", "A1")  # after Ana's tag
        store.delete_point("harbour", "A2")
    with Store(str(a), "Ana") as store:
        store.delete_point("harbour", "A2")
        store.restore_point("harbour", "A2")  # after Ben's deletion
        store.merge_store(str(b))
        assert store.point("harbour", "A1").deleted
        assert not store.point("harbour", "A2").deleted


def test_the_same_ref_on_both_laptops_is_told_apart_and_reported(laptops):
    a, b = laptops
    with Store(str(a), "Ana") as store:
        store.add_point(store.breakout("harbour", "A"), "Night buses")  # A3, first
    with Store(str(b), "Ben") as store:
        store.add_point(store.breakout("harbour", "A"), "Parking charges")  # also A3
    with Store(str(b), "Ben") as store:
        report = store.merge_store(str(a))
    assert refs(b) == {
        "A1": "Ferry times",
        "A2": "Cycle racks",
        "A3": "Night buses",
        "A4": "Parking charges",
    }
    assert report.moved == ["A3 'Parking charges' is now A4 (A3 was taken)."]
    with Store(str(a), "Ana") as store:
        store.merge_store(str(b))
    assert refs(a) == refs(b)


def test_the_same_breakout_letter_is_told_apart(laptops):
    a, b = laptops
    with Store(str(a), "Ana") as store:
        store.add_breakout("harbour", "Volunteers")
    with Store(str(b), "Ben") as store:
        store.add_breakout("harbour", "Events")
        report = store.merge_store(str(a))
        letters = [(x.letter, x.title) for x in store.workshop("harbour").breakouts]
    assert letters == [("A", "Getting there"), ("B", "Money"), ("C", "Volunteers"), ("D", "Events")]
    assert report.moved == ["Breakout C 'Events' is now D (C was taken)."]


def test_two_workshops_with_one_slug_stay_two(tmp_path, clock):
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    with Store(str(a), "Ana") as store:
        store.create_workshop("Pier Day", ["Access"])
    with Store(str(b), "Ben") as store:
        store.create_workshop("Pier Day", ["Funding"])
        report = store.merge_store(str(a))
        slugs = {w.slug: w.breakouts for w in store.list_workshops()}
    assert set(slugs) == {"pier-day", "pier-day-2"}
    assert report.moved == ["Workshop 'Pier Day' is now pier-day-2 (pier-day was taken)."]
    with Store(str(b)) as store:
        assert store.workshop("pier-day-2").breakouts[0].title == "Funding"


def test_votes_are_unioned_and_dots_over_the_budget_are_kept_and_reported(laptops):
    a, b = laptops
    with Store(str(a), "Ana") as store:
        for _ in range(3):
            store.vote("harbour", "A1", "Sam")
    with Store(str(b), "Ben") as store:
        store.vote("harbour", "A2", "Sam")
        store.vote("harbour", "A2", "Kim")
        report = store.merge_store(str(a))
        view = store.workshop("harbour")
    assert [p.voters for p in view.points] == [(("Sam", 3),), (("Kim", 1), ("Sam", 1))]
    assert report.excess == ["Sam has 4 dots in breakout A of harbour-day, 1 over the 3 allowed."]


def test_merging_twice_changes_nothing(laptops):
    a, b = laptops
    with Store(str(b), "Ben") as store:
        store.add_point(store.breakout("harbour", "A"), "Parking charges")
        store.vote("harbour", "A1", "Ben")
    with Store(str(a), "Ana") as store:
        assert store.merge_store(str(b)).changed
        before = content(a)
        again = store.merge_store(str(b))
    assert not again.changed
    assert sum(again.unchanged.values()) == 7  # 1 workshop, 2 breakouts, 3 points, 1 vote
    assert content(a) == before


def test_only_the_named_workshop_is_brought_in(tmp_path, clock):
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    Store(str(a)).close()
    with Store(str(b), "Ben") as store:
        store.create_workshop("Pier Day", ["Access"])
        store.create_workshop("Market Talk", ["Stalls"])
    with Store(str(a), "Ana") as store:
        store.merge_store(str(b), workshop="market")
        assert [w.slug for w in store.list_workshops()] == ["market-talk"]
        with pytest.raises(NotFound, match="No workshop 'nothing' in"):
            store.merge_store(str(b), workshop="nothing")


def test_the_other_store_is_only_read(laptops):
    a, b = laptops
    with Store(str(a), "Ana") as store:
        store.add_point(store.breakout("harbour", "A"), "Night buses")
    with Store(str(b), "Ben") as store:
        store.add_point(store.breakout("harbour", "A"), "Parking charges")
    before = digest(b)
    with Store(str(a), "Ana") as store:
        store.merge_store(str(b))
    assert digest(b) == before


def test_refused_merges_change_nothing(laptops, tmp_path):
    a, b = laptops
    before = content(a)
    with Store(str(a), "Ana") as store:
        with pytest.raises(WorkshopkitError, match="is this store"):
            store.merge_store(str(a))
        with pytest.raises(StoreError, match="no store at"):
            store.merge_store(str(tmp_path / "missing.db"))
        (tmp_path / "notes.db").write_text("not a store")
        with pytest.raises(StoreError, match="not a workshopkit store"):
            store.merge_store(str(tmp_path / "notes.db"))
    connection = sqlite3.connect(b)
    connection.execute("UPDATE wk_meta SET value = '99' WHERE key = 'schema_version'")
    connection.commit()
    connection.close()
    with Store(str(a), "Ana") as store, pytest.raises(NewerStore):
        store.merge_store(str(b))
    assert content(a) == before


def test_open_screens_see_what_a_merge_brought(laptops):
    a, b = laptops
    with Store(str(a), "Ana") as store:
        view = store.workshop("harbour")
        with Store(str(b), "Ben") as other:
            other.add_point(other.breakout("harbour", "B"), "Ticket prices")
        store.merge_store(str(b))
        changes = store.changes(view.id, view.rev)
    assert [p.text for p in changes.points] == ["Ticket prices"]


def test_a_second_merge_after_an_edit_or_a_due_changes_nothing(laptops):
    a, b = laptops
    with Store(str(b), "Ben") as store:
        store.add_point(store.breakout("harbour", "A"), "Night buses")
        store.edit_point("harbour", "A3", "Night buses")  # the same text again
        store.tag_point("harbour", "A1", due="2027-03")  # the parsed date goes with it
    with Store(str(a), "Ana") as store:
        first = store.merge_store(str(b))
        again = store.merge_store(str(b))
        point = store.point("harbour", "A1")
    assert first.added["points"] == 1 and first.updated["points"] == 1
    assert not again.changed
    assert (point.due, point.due_date) == ("2027-03", date(2027, 3, 31))


# -- properties ----------------------------------------------------------------------

TEXTS = st.sampled_from(["Ferry times", "Night buses", "Parking", "Grants", "Stalls"])
VOTERS = st.sampled_from(["Sam", "Kim", "Lee"])
ACTIONS = st.one_of(
    st.tuples(st.just("capture"), st.integers(0, 1), TEXTS),
    st.tuples(st.just("edit"), st.integers(0, 9), TEXTS),
    st.tuples(st.just("kind"), st.integers(0, 9), st.sampled_from(["next", "barrier", "note"])),
    st.tuples(st.just("owner"), st.integers(0, 9), st.sampled_from(["Council", "Trust", ""])),
    st.tuples(st.just("due"), st.integers(0, 9), st.sampled_from(["2027-03", "Ongoing", ""])),
    st.tuples(st.just("delete"), st.integers(0, 9), st.none()),
    st.tuples(st.just("restore"), st.integers(0, 9), st.none()),
    st.tuples(st.just("vote"), st.integers(0, 9), VOTERS),
    st.tuples(st.just("unvote"), st.integers(0, 9), VOTERS),
    st.tuples(st.just("tally"), st.integers(0, 9), st.integers(0, 9)),
)
HISTORIES = st.lists(st.tuples(st.sampled_from("AB"), ACTIONS), max_size=25)


def _apply(store: Store, action: tuple) -> None:
    name, index, value = action
    view = store.workshop("harbour", with_deleted=True)
    if name == "capture":
        store.add_point(view.breakouts[index], value)
        return
    points = [p for b in view.breakouts for p in b.points]
    if not points:
        return
    ref = points[index % len(points)].ref
    try:
        match name:
            case "edit":
                store.edit_point("harbour", ref, value)
            case "kind":
                store.tag_point("harbour", ref, kind=value)
            case "owner":
                store.tag_point("harbour", ref, owner=value)
            case "due":
                store.tag_point("harbour", ref, due=value)
            case "delete":
                store.delete_point("harbour", ref)
            case "restore":
                store.restore_point("harbour", ref)
            case "vote" | "unvote":
                store.vote("harbour", ref, value, remove=name == "unvote")
            case "tally":
                store.set_tally("harbour", ref, value)
    except WorkshopkitError:
        pass  # refused (a deleted point, a spent budget): as a user would meet it


@settings(
    # Each example builds and merges two stores: a third of the run's usual count.
    max_examples=max(10, settings.default.max_examples // 3),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(history=HISTORIES, merged_before=st.integers(0, 25))
def test_merging_either_way_gives_the_same_store_and_again_changes_nothing(
    clock, history, merged_before
):
    with tempfile.TemporaryDirectory() as folder:
        a, b = Path(folder, "a.db"), Path(folder, "b.db")
        with Store(str(a), "Facilitator") as store:
            view = store.create_workshop("Harbour Day", ["Getting there", "Money"])
            store.add_points(view.breakouts[0], ["Ferry times", "Cycle racks"])
        shutil.copy(a, b)
        stores = {"A": Store(str(a), "Ana"), "B": Store(str(b), "Ben")}
        try:
            for step, (laptop, action) in enumerate(history):
                if step == merged_before:  # laptops sometimes meet halfway through
                    stores["A"].merge_store(str(b))
                _apply(stores[laptop], action)
        finally:
            for store in stores.values():
                store.close()
        seen = {}
        for path in (a, b):
            with Store(str(path)) as store:
                seen[path] = {p.id for p in store.workshop("harbour", True).points}
        a_into_b, b_into_a = Path(folder, "ab.db"), Path(folder, "ba.db")
        shutil.copy(b, a_into_b)
        shutil.copy(a, b_into_a)
        with Store(str(a_into_b)) as store:
            store.merge_store(str(a))
            assert not store.merge_store(str(a)).changed
        with Store(str(b_into_a)) as store:
            store.merge_store(str(b))
            assert not store.merge_store(str(b)).changed
        assert content(a_into_b) == content(b_into_a)
        with Store(str(a_into_b)) as store:
            merged = store.workshop("harbour", with_deleted=True)
        points = merged.points
        assert {p.id for p in points} == seen[a] | seen[b]  # nothing lost
        for breakout in merged.breakouts:  # every ref once, numbered without gaps
            numbers = sorted(p.number for p in breakout.points)
            assert numbers == list(range(1, len(numbers) + 1))
