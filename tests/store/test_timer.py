"""Breakout timers: stored as the moment they run out, so every screen and a restart agree."""

from datetime import UTC, datetime, timedelta

import pytest

from workshopkit.core import timer
from workshopkit.core.errors import WorkshopkitError
from workshopkit.store.facade import Store


def test_a_started_timer_runs_out_its_minutes_from_now_and_survives_reopening(store, workshop):
    before = datetime.now(UTC)
    started = store.start_timer(workshop.slug, "B", 12)
    after = datetime.now(UTC)
    assert started.letter == "B" and started.timer_minutes == 12
    assert before + timedelta(minutes=12) <= started.timer_ends_at <= after + timedelta(minutes=12)
    location = store.location
    url = str(location.path) if location.path else location.url.render_as_string(False)
    with Store(url) as reopened:
        again = reopened.workshop(workshop.slug).breakouts[1]
    assert (again.timer_minutes, again.timer_ends_at) == (12, started.timer_ends_at)


def test_stopping_keeps_the_length_for_next_time(store, workshop):
    store.start_timer(workshop.slug, "A", 5)
    stopped = store.stop_timer(workshop.slug, "A")
    assert (stopped.timer_minutes, stopped.timer_ends_at) == (5, None)


def test_other_screens_hear_of_a_timer_through_the_change_feed(store, workshop):
    view = store.workshop(workshop.slug)
    store.start_timer(workshop.slug, "C", 3)
    changes = store.changes(view.id, view.rev)
    assert [(b.letter, b.timer_minutes) for b in changes.breakouts] == [("C", 3)]


@pytest.mark.parametrize("minutes", [0, 61, -5])
def test_a_timer_outside_one_to_sixty_minutes_is_refused_and_changes_nothing(
    store, workshop, minutes
):
    with pytest.raises(WorkshopkitError, match="1 to 60 minutes"):
        store.start_timer(workshop.slug, "A", minutes)
    assert store.workshop(workshop.slug).breakouts[0].timer_ends_at is None


def test_time_left_counts_down_to_zero_and_never_below():
    end = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)
    assert timer.seconds_left(end, end - timedelta(minutes=4, seconds=12)) == 252
    assert timer.seconds_left(end, end - timedelta(milliseconds=300)) == 1  # not up yet
    assert timer.seconds_left(end, end) == 0
    assert timer.seconds_left(end, end + timedelta(minutes=3)) == 0


def test_the_clock_face_reads_like_a_countdown():
    assert timer.clock_face(252) == "04:12"
    assert timer.clock_face(0) == "00:00"
    assert timer.clock_face(3600) == "1:00:00"


def test_blind_voting_is_stored_reaches_other_screens_and_survives_reopening(store, workshop):
    view = store.workshop(workshop.slug)
    hidden = store.set_blind(workshop.slug, "B", True)
    assert hidden.letter == "B" and hidden.blind
    changes = store.changes(view.id, view.rev)
    assert [(b.letter, b.blind) for b in changes.breakouts] == [("B", True)]
    location = store.location
    url = str(location.path) if location.path else location.url.render_as_string(False)
    with Store(url) as reopened:
        assert [b.blind for b in reopened.workshop(workshop.slug).breakouts] == [
            False,
            True,
            False,
        ]
        assert not reopened.set_blind(workshop.slug, "B", False).blind
    assert not store.breakout(workshop.slug, "B").blind
