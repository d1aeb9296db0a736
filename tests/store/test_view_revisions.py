"""Each point the store hands out says which revision it is at least as new as, so that
an open screen can tell a fresh copy from a stale one."""

from workshopkit.store.facade import Store


def test_a_saved_point_carries_the_revision_of_its_save(store, workshop):
    store.add_point(workshop.breakouts[0], "Ferry times")
    tagged = store.tag_point(workshop.slug, "A1", kind="barrier")
    assert tagged.rev == store.revision()
    voted = store.vote(workshop.slug, "A1", "Ana").point
    assert voted.rev == store.revision() > tagged.rev


def test_a_look_for_changes_carries_the_revision_it_read_first(store, workshop, store_location):
    since = store.revision()
    with Store(store_location, "Ana") as ana:
        ana.add_point(workshop.breakouts[0], "Cycle racks")
        ana.tag_point(workshop.slug, "A1", owner="Harbour Trust")
    changes = store.changes(workshop.id, since)
    assert [p.rev for p in changes.points] == [changes.rev]


def test_copies_that_read_the_same_are_equal_whatever_their_revision(store, workshop):
    store.add_point(workshop.breakouts[0], "Ferry times")
    written = store.tag_point(workshop.slug, "A1", owner="Port")
    read = store.workshop(workshop.slug).points[0]
    assert written.rev != read.rev
    assert written == read and hash(written) == hash(read)
