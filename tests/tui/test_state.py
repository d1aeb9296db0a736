"""The open workshop as screens draw it: changes the store confirmed, newest wins."""

import uuid
from dataclasses import replace
from datetime import UTC, datetime

from workshopkit.core.views import BreakoutView, WorkshopView
from workshopkit.tui.state import WorkshopState


def _state() -> WorkshopState:
    breakout = BreakoutView(uuid.uuid4(), "A", "Getting there", None, rev=3)
    now = datetime.now(UTC)
    return WorkshopState(
        WorkshopView(
            uuid.uuid4(), "harbour-day", "Harbour Day", None, None, 5, 3, now, now, (breakout,)
        )
    )


def test_an_older_copy_of_a_breakout_never_puts_an_old_value_back():
    state = _state()
    revealed = state.breakouts["A"]
    blind = replace(revealed, blind=True, rev=7)  # our own write: blind voting on
    state.add_breakout(blind)
    state.add_breakout(replace(revealed, rev=6))  # a look that read before that write
    assert state.blind("A")
    state.add_breakout(replace(revealed, blind=False, rev=8))  # a later reveal wins
    assert not state.blind("A")


def test_a_voters_dots_are_counted_as_dots_come_and_go(store):
    view = store.create_workshop("Harbour Day", ["Getting there", "Money"])
    store.add_points(view.breakouts[0], ["Ferry", "Buses", "Bikes"])
    store.vote(view.slug, "A1", "Sam")
    state = WorkshopState(store.workshop(view.slug))
    assert (state.dots_used("A", "sam"), state.dots_used("B", "Sam")) == (1, 0)
    for ref, voter in (("A2", "Sam"), ("A2", "Sam"), ("A3", "Kim")):
        state.apply(store.vote(view.slug, ref, voter).point)
    assert (state.dots_used("A", "Sam"), state.dots_used("A", "Kim")) == (3, 1)
    state.apply(store.vote(view.slug, "A1", "Sam", remove=True).point)
    state.apply(store.delete_point(view.slug, "A3"))
    assert (state.dots_used("A", "Sam"), state.dots_used("A", "Kim")) == (2, 0)
