"""The change feed: what one note-taker sees of another's saves, without reloading."""

import pytest

from workshopkit.core.errors import NotFound
from workshopkit.core.kinds import Kind
from workshopkit.store.facade import Store


def _other(store: Store, user: str) -> Store:
    """A second note-taker on the same store (another process, as far as it knows)."""
    where = store.location
    if where.path is not None:
        return Store(str(where.path), user=user)
    return Store(where.url.render_as_string(hide_password=False), user=user)


def test_a_fresh_read_has_nothing_new(store, workshop):
    view = store.workshop(workshop.slug)
    changes = store.changes(view.id, view.rev)
    assert not changes
    assert changes.rev == view.rev


def test_another_note_takers_point_tag_vote_and_delete_come_through(store, workshop):
    view = store.workshop(workshop.slug)
    breakout = view.breakouts[0]
    with _other(store, "Ana") as ana:
        first = ana.add_point(breakout, "Shared room bookings #rooms")
        second = ana.add_point(breakout, "Who pays for the hall?")
        changes = store.changes(view.id, view.rev)
        assert [p.ref for p in changes.points] == [first.ref, second.ref]
        assert {p.captured_by for p in changes.points} == {"Ana"}
        assert changes.points[0].themes == ("rooms",)

        since = changes.rev
        ana.tag_point(workshop.slug, first.ref, kind="next", owner="Parish council")
        ana.vote(workshop.slug, second.ref, "Ana")
        ana.delete_point(workshop.slug, second.ref)
        changes = store.changes(view.id, since)
    by_ref = {p.ref: p for p in changes.points}
    assert set(by_ref) == {first.ref, second.ref}
    assert by_ref[first.ref].kind is Kind.NEXT
    assert by_ref[first.ref].owner == "Parish council"
    assert by_ref[first.ref].changed_by == "Ana"
    assert by_ref[second.ref].deleted
    assert by_ref[second.ref].voters == (("Ana", 1),)


def test_a_vote_alone_brings_back_its_point_with_every_voter(store, workshop):
    point = store.add_point(workshop.breakouts[0], "Late buses")
    store.vote(workshop.slug, point.ref, "Sam")
    since = store.revision()
    with _other(store, "Ana") as ana:
        ana.vote(workshop.slug, point.ref, "Ana")
    changes = store.changes(workshop.id, since)
    assert [p.ref for p in changes.points] == [point.ref]
    assert changes.points[0].voters == (("Ana", 1), ("Sam", 1))


def test_only_what_changed_since_is_read(store, workshop):
    breakout = workshop.breakouts[1]
    store.add_points(breakout, [f"Point {n}" for n in range(50)])
    since = store.revision()
    store.tag_point(workshop.slug, f"{breakout.letter}7", owner="Lee")
    changes = store.changes(workshop.id, since)
    assert [p.ref for p in changes.points] == [f"{breakout.letter}7"]


def test_other_workshops_stay_out(store, workshop):
    other = store.create_workshop("Another day", ["Only"])
    since = store.revision()
    store.add_point(other.breakouts[0], "Not for the first workshop")
    assert not store.changes(workshop.id, since).points
    assert len(store.changes(other.id, since).points) == 1


def test_new_breakouts_and_changed_settings_come_through(store, workshop):
    since = store.revision()
    with _other(store, "Ana") as ana:
        added = ana.add_breakout(workshop.slug, "Money", prompt="Where does it come from?")
    changes = store.changes(workshop.id, since)
    assert [(b.letter, b.title, b.prompt) for b in changes.breakouts] == [
        (added.letter, "Money", "Where does it come from?")
    ]


def test_every_write_moves_the_revision_on(store, workshop):
    revisions = [store.revision()]
    point = store.add_point(workshop.breakouts[0], "One")
    revisions.append(store.revision())
    store.tag_point(workshop.slug, point.ref, owner="Kim")
    revisions.append(store.revision())
    store.vote(workshop.slug, point.ref, "Kim")
    revisions.append(store.revision())
    assert revisions == sorted(set(revisions))


def test_a_refused_write_leaves_the_revision_alone(store, workshop):
    before = store.revision()
    with pytest.raises(NotFound):
        store.tag_point(workshop.slug, "A99", owner="Nobody")
    assert store.revision() == before


def test_the_watcher_notices_commits_from_other_connections(store, workshop):
    watcher = store.watcher()
    try:
        assert watcher.changed()  # the first look always reads
        assert not watcher.changed()
        with _other(store, "Ana") as ana:
            ana.add_point(workshop.breakouts[0], "From another laptop")
        assert watcher.changed()
        assert not watcher.changed()
        store.add_point(workshop.breakouts[0], "From this one")
        assert watcher.changed()
    finally:
        watcher.close()
