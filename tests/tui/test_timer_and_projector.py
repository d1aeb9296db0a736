"""The breakout timer and the projector view, driven from the keyboard."""

import asyncio
from datetime import UTC, datetime, timedelta

from tui_helpers import notices, screen_text, settle, wait_for_screen

from workshopkit.store.facade import Store
from workshopkit.tui import timers
from workshopkit.tui.screens.projector import ProjectorScreen
from workshopkit.tui.screens.workshop import WorkshopScreen


def title_line(app) -> str:
    return screen_text(app).splitlines()[0]


async def test_t_starts_a_timer_that_counts_down_in_the_title_and_is_stored(make_app, store, db):
    view = store.create_workshop("Harbour Day", ["Getting there", "Money"])
    app = make_app(workshop=view.slug)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await pilot.press(*"5", "enter")  # the suggested length is selected: typing replaces it
        await settle(pilot)
        title = await wait_for_screen(pilot, lambda t: "⏱ 0" in t.splitlines()[0], timeout=3)
        assert "⏱ 05:00" in title.splitlines()[0] or "⏱ 04:5" in title.splitlines()[0]
    with Store(db) as other:
        breakout = other.workshop(view.slug).breakouts[0]
    assert breakout.timer_minutes == 5
    left = breakout.timer_ends_at - datetime.now(UTC)
    assert timedelta(minutes=4) < left <= timedelta(minutes=5)


async def test_a_timer_started_elsewhere_shows_and_survives_a_restart(make_app, store, db):
    view = store.create_workshop("Harbour Day", ["Getting there"])
    app = make_app(workshop=view.slug)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "⏱" not in title_line(app)
        with Store(db, "Ana") as ana:
            ana.start_timer(view.slug, "A", 20)
        title = await wait_for_screen(pilot, lambda t: "⏱ 19:" in t.splitlines()[0], timeout=3)
        assert "⏱ 19:" in title.splitlines()[0]
    again = make_app(workshop=view.slug)  # a restart: the same time left
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        title = await wait_for_screen(pilot, lambda t: "⏱ 19:" in t.splitlines()[0], timeout=3)
        assert "⏱ 19:" in title.splitlines()[0]


async def test_at_zero_the_bell_rings_once_and_the_title_flashes(make_app, store, db, monkeypatch):
    view = store.create_workshop("Harbour Day", ["Getting there"])
    started = store.start_timer(view.slug, "A", 1)
    app = make_app(workshop=view.slug)
    bells = []
    app.bell = lambda: bells.append(1)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await wait_for_screen(pilot, lambda t: "⏱ 00:" in t.splitlines()[0], timeout=3)
        # The minute passes: the clock moves to just after the end.
        monkeypatch.setattr(timers, "now", lambda: started.timer_ends_at + timedelta(seconds=1))
        text = await wait_for_screen(pilot, lambda t: "time's up" in t.splitlines()[0], timeout=3)
        assert "⏱ time's up" in text.splitlines()[0]
        title = app.screen.query_one("#workshop-title")
        assert title.has_class("times-up")  # flashing
        assert "Time's up for breakout A: Getting there" in notices(app)  # and said in words
        await asyncio.sleep(1.5)
        assert bells == [1]  # once, not every second


async def test_a_timer_that_ran_out_while_closed_rings_no_bell(make_app, store, monkeypatch):
    view = store.create_workshop("Harbour Day", ["Getting there"])
    started = store.start_timer(view.slug, "A", 1)
    monkeypatch.setattr(timers, "now", lambda: started.timer_ends_at + timedelta(minutes=30))
    app = make_app(workshop=view.slug)
    bells = []
    app.bell = lambda: bells.append(1)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        text = await wait_for_screen(pilot, lambda t: "time's up" in t.splitlines()[0], timeout=3)
        assert "⏱ time's up" in text.splitlines()[0]
        await asyncio.sleep(1.2)
        assert bells == []


async def test_zero_stops_the_timer_and_nonsense_changes_nothing(make_app, store, db):
    view = store.create_workshop("Harbour Day", ["Getting there"])
    store.start_timer(view.slug, "A", 15)
    app = make_app(workshop=view.slug)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f6", *"soon", "enter")
        await settle(pilot)
        assert any("not a number of minutes" in notice for notice in notices(app))
        # The timer still runs: within a second and a bit it shows the next minute down.
        await wait_for_screen(pilot, lambda _: "⏱ 14:" in title_line(app), timeout=3)
        assert "⏱ 14:" in title_line(app)
        await pilot.press("f6", "0", "enter")
        await settle(pilot)
        text = await wait_for_screen(pilot, lambda t: "⏱" not in t.splitlines()[0], timeout=3)
        assert "⏱" not in text.splitlines()[0]
    with Store(db) as other:
        breakout = other.workshop(view.slug).breakouts[0]
    assert (breakout.timer_minutes, breakout.timer_ends_at) == (15, None)


async def test_the_projector_follows_new_points_and_ranks_by_votes(make_app, store, db):
    view = store.create_workshop("Harbour Day", ["Getting there", "Money"])
    store.add_points(view.breakouts[0], ["Ferry times #barrier", "Night buses [bold]late[/]"])
    app = make_app(workshop=view.slug)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f7")
        await settle(pilot)
        assert isinstance(app.screen, ProjectorScreen)
        text = screen_text(app)
        assert "BARRIER  Ferry times" in text
        assert "Night buses [bold]late[/]" in text  # user text, never markup
        with Store(db, "Ana") as ana:
            ana.add_point(view.breakouts[0], "Cycle racks at the quay")
            text = await wait_for_screen(pilot, lambda t: "Cycle racks" in t)
            assert "A3  Cycle racks at the quay" in text
            ana.vote(view.slug, "A3", "Ana")
            ana.vote(view.slug, "A3", "Ben")
            ana.vote(view.slug, "A2", "Ben")
        await pilot.press("r")
        text = await wait_for_screen(pilot, lambda t: "1. A3" in t)
        ranked = [
            line.strip()[:6] for line in text.splitlines() if line.strip()[:2] in {"1.", "2.", "3."}
        ]
        assert ranked == ["1. A3 ", "2. A2 ", "3. A1 "]
        await pilot.press("tab")
        assert "B  Money" in screen_text(app)
        assert "No points yet" in screen_text(app)


async def test_the_projector_is_read_only_and_escape_returns(make_app, store):
    view = store.create_workshop("Harbour Day", ["Getting there"])
    store.add_points(view.breakouts[0], ["Ferry times", "Night buses"])
    app = make_app(workshop=view.slug)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f7")
        await settle(pilot)
        await pilot.press(*"xbnqo", "enter")  # tag and delete keys of the list do nothing here
        await settle(pilot)
        assert isinstance(app.screen, ProjectorScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, WorkshopScreen)
    points = store.workshop(view.slug).points
    assert [(p.ref, p.kind.value) for p in points] == [("A1", "note"), ("A2", "note")]


async def test_the_projector_says_times_up_in_words(make_app, store, monkeypatch):
    view = store.create_workshop("Harbour Day", ["Getting there"])
    started = store.start_timer(view.slug, "A", 1)
    app = make_app(workshop=view.slug)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f7")
        await settle(pilot)
        assert app.screen.query_one("#projector-timer").display
        assert not app.screen.query_one("#projector-times-up").display
        monkeypatch.setattr(timers, "now", lambda: started.timer_ends_at + timedelta(seconds=1))
        text = await wait_for_screen(pilot, lambda t: "TIME'S UP" in t, timeout=3)
        assert "TIME'S UP" in text
        assert not app.screen.query_one("#projector-timer").display  # no big 00:00
