"""Live sharing: what other note-takers save shows on an open screen within a second."""

from dataclasses import replace

import pytest
from tui_helpers import settle, wait_for_screen

from workshopkit.store.facade import Store
from workshopkit.tui.screens.voting import VotingScreen


@pytest.fixture
def db(store_location) -> str:
    """Live sharing is the same on a SQLite file and on PostgreSQL: both run these."""
    return store_location


async def test_another_note_takers_points_tags_and_deletions_show(make_app, store, db):
    view = store.create_workshop("Harbour Forum", ["Getting there", "Money"])
    store.add_point(view.breakouts[0], "Ferry times")
    app = make_app(workshop=view.slug)
    async with app.run_test(size=(110, 30)) as pilot:
        await settle(pilot)
        with Store(db, "Ana") as ana:
            ana.add_point(view.breakouts[0], "Cycle racks at the quay")
            text = await wait_for_screen(pilot, lambda t: "Cycle racks" in t)
            assert "Cycle racks at the quay" in text
            assert "2 points" in text

            ana.tag_point(view.slug, "A2", owner="Harbour Trust")
            text = await wait_for_screen(pilot, lambda t: "Harbour Trust" in t)
            assert "Harbour Trust" in text

            ana.delete_point(view.slug, "A1")
            text = await wait_for_screen(pilot, lambda t: "Ferry times" not in t)
            assert "Ferry times" not in text
            assert "1 point" in text

            ana.add_point(view.breakouts[1], "Parking charges")  # another breakout
            await wait_for_screen(pilot, lambda t: False, timeout=0.7)
            assert app.state.count("B") == 1
            await pilot.press("tab")
            text = await wait_for_screen(pilot, lambda t: "Parking charges" in t)
            assert "Parking charges" in text


async def test_the_list_says_who_captured_a_point(make_app, store, db):
    view = store.create_workshop("Harbour Forum", ["Getting there"])
    app = make_app(workshop=view.slug)
    async with app.run_test(size=(110, 30)) as pilot:
        await settle(pilot)
        with Store(db, "Ana") as ana:
            ana.add_point(view.breakouts[0], "Night buses")
        await wait_for_screen(pilot, lambda t: "Night buses" in t)
        await pilot.press("escape", "end")
        text = await wait_for_screen(pilot, lambda t: "captured by Ana" in t)
        assert "captured by Ana" in text
        with Store(db, "Ben") as ben:
            ben.tag_point(view.slug, "A1", owner="Ferry company")
        text = await wait_for_screen(pilot, lambda t: "last changed by Ben" in t)
        assert "captured by Ana, last changed by Ben" in text


async def test_votes_from_another_laptop_show_on_the_voting_screen(make_app, store, db):
    view = store.create_workshop("Harbour Forum", ["Getting there"], dots_per_voter=3)
    store.add_point(view.breakouts[0], "Ferry times")
    app = make_app(workshop=view.slug)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        assert isinstance(app.screen, VotingScreen)
        with Store(db, "Ana") as ana:
            ana.vote(view.slug, "A1", "Ana")
            ana.vote(view.slug, "A1", "Ana")
        await wait_for_screen(pilot, lambda t: False, timeout=0.8)
        assert app.state.points("A")[0].voters == (("Ana", 2),)
        assert app.state.dots_used("A", "Ana") == 2


async def test_a_breakout_added_elsewhere_appears(make_app, store, db):
    view = store.create_workshop("Harbour Forum", ["Getting there"])
    app = make_app(workshop=view.slug)
    async with app.run_test(size=(110, 30)) as pilot:
        await settle(pilot)
        with Store(db, "Ana") as ana:
            ana.add_breakout(view.slug, "Money")
        text = await wait_for_screen(pilot, lambda t: "Money" in t)
        assert "Money" in text
        assert app.state.letters == ["A", "B"]


async def test_points_saved_elsewhere_in_between_take_their_place_in_order(make_app, store, db):
    view = store.create_workshop("Harbour Forum", ["Getting there"])
    store.add_point(view.breakouts[0], "Ferry times")
    app = make_app(workshop=view.slug)
    async with app.run_test(size=(110, 30)) as pilot:
        await settle(pilot)
        app.looking = True  # hold the next look, as if it came just after this capture
        with Store(db, "Ana") as ana:
            ana.add_point(view.breakouts[0], "Cycle racks")  # A2, saved first
        app.screen.query_one("#capture").insert_text_at_cursor("Night buses")
        await pilot.press("enter")
        await settle(pilot)
        app.looking = False
        await wait_for_screen(pilot, lambda t: "Cycle racks" in t)
        table = app.screen.query_one("#points")
        refs = [table.get_row_at(row)[0].plain for row in range(table.row_count)]
        assert refs == ["A1", "A2", "A3"]
        assert table.get_row_at(table.cursor_row)[0].plain == "A3"  # the cursor stayed put


async def test_the_workshops_list_follows_other_people(make_app, store, db):
    store.create_workshop("Harbour Forum", ["Getting there"])
    store.create_workshop("Pier Day", ["Access"])
    app = make_app()
    async with app.run_test(size=(110, 30)) as pilot:
        await settle(pilot)
        await pilot.press("down")
        options = app.screen.query_one("#workshops")
        chosen = options.get_option_at_index(options.highlighted).id
        with Store(db, "Ana") as ana:
            ana.create_workshop("Market Square Talk", ["Stalls"])
        text = await wait_for_screen(pilot, lambda t: "Market Square Talk" in t)
        assert "Market Square Talk" in text
        assert options.get_option_at_index(options.highlighted).id == chosen


def _row(text: str, ref: str) -> str:
    return next((line for line in text.splitlines() if f" {ref} " in line), "")


async def test_a_room_voting_redraws_each_changed_row_and_nothing_stale(make_app, store, db):
    """Votes from elsewhere change a row in place (only what changed is drawn again), new
    points go at the end: the screen must show each change and no stale drawing."""
    view = store.create_workshop("Harbour Forum", ["Ideas", "Other"])
    store.add_points(view.breakouts[0], ["Ferry times", "Cycle racks", "Night buses"])
    app = make_app(workshop=view.slug)
    async with app.run_test(size=(110, 30)) as pilot:
        await settle(pilot)
        with Store(db, "Ana") as ana:
            ana.vote(view.slug, "A2", "Ana")
            ana.vote(view.slug, "A2", "Ben")
            text = await wait_for_screen(pilot, lambda t: "•• 2" in _row(t, "A2"))
            assert "•• 2" in _row(text, "A2") and "Cycle racks" in _row(text, "A2")
            assert "0" in _row(text, "A1") and "•" not in _row(text, "A1")

            ana.add_points(view.breakouts[0], ["Water taxis"])  # at the end
            ana.vote(view.slug, "A2", "Cy")
            ana.vote(view.slug, "A4", "Ana")
            text = await wait_for_screen(pilot, lambda t: "• 1" in _row(t, "A4"))
            assert "Water taxis" in _row(text, "A4") and "• 1" in _row(text, "A4")
            assert "••• 3" in _row(text, "A2") and "Cycle racks" in _row(text, "A2")
            assert "Night buses" in _row(text, "A3") and "•" not in _row(text, "A3")
            assert "4 points" in text and "A Ideas" in text

            ana.edit_point(view.slug, "A2", "Cycle racks by the ferry")  # same height
            ana.vote(view.slug, "A2", "Ana", remove=True)
            text = await wait_for_screen(pilot, lambda t: "by the ferry" in _row(t, "A2"))
            assert "•• 2" in _row(text, "A2") and "by the ferry" in _row(text, "A2")


async def test_changes_made_while_voting_show_on_the_list_when_back(make_app, store, db):
    """The list under the voting screen waits to redraw (redrawing under it repainted the
    whole voting screen at every dot), and shows every change once it is back on top."""
    view = store.create_workshop("Harbour Forum", ["Getting there"])
    store.add_point(view.breakouts[0], "Ferry times")
    app = make_app(workshop=view.slug)
    async with app.run_test(size=(110, 30)) as pilot:
        await settle(pilot)
        workshop_screen = app.screen
        await pilot.press("f2")
        await wait_for_screen(pilot, lambda t: "dots left" in t)
        await pilot.press("plus", "plus")
        with Store(db, "Ana") as ana:
            ana.add_point(view.breakouts[0], "Cycle racks at the quay")
            ana.tag_point(view.slug, "A1", owner="Harbour Trust")
        await wait_for_screen(pilot, lambda t: "Cycle racks" in t)
        assert workshop_screen._held  # nothing redrawn under the voting screen meanwhile
        await pilot.press("escape")
        text = await wait_for_screen(
            pilot, lambda t: "Cycle racks" in t and "Harbour Trust" in t and "••" in t
        )
        assert "2 points" in text
        assert workshop_screen._held is None


async def test_a_copy_older_than_the_one_shown_is_not_drawn(make_app, store, db):
    """A look that read a point just before this app's own change of it brings an older
    copy: the list keeps showing the newer one."""
    view = store.create_workshop("Harbour Forum", ["Getting there"])
    store.add_point(view.breakouts[0], "Ferry times")
    app = make_app(workshop=view.slug)
    async with app.run_test(size=(110, 30)) as pilot:
        await settle(pilot)
        shown = app.state.points("A")[0]
        newer = replace(shown, text="Ferry times in winter", rev=shown.rev + 2)
        app.points_changed([newer])
        app.points_changed([replace(shown, text="Ferry times in summer", rev=shown.rev + 1)])
        text = await wait_for_screen(pilot, lambda t: "summer" in t, timeout=0.5)
        assert "Ferry times in winter" in text and "summer" not in text


async def test_on_postgresql_another_commit_shows_before_the_next_look(pg_url, monkeypatch):
    """Another's commit is announced: the screen looks at once, not at its next tick."""
    from workshopkit.tui.app import WorkshopkitApp

    with Store(pg_url, "Facilitator") as store:
        view = store.create_workshop("Harbour Forum", ["Getting there"])
        store.add_point(view.breakouts[0], "Ferry times")
    app = WorkshopkitApp(db=pg_url, user="Facilitator", workshop=view.slug)
    async with app.run_test(size=(110, 30)) as pilot:
        await settle(pilot)
        await wait_for_screen(pilot, lambda t: "Ferry times" in t)
        # From now on, the regular looks come once a minute.
        monkeypatch.setattr(WorkshopkitApp, "LOOK_EVERY", 60)
        for timer in list(app._timers):
            if timer.name == "look for changes":
                timer.stop()
        await pilot.pause(0.3)  # the listener is listening
        with Store(pg_url, "Ana") as ana:
            ana.add_point(view.breakouts[0], "Cycle racks at the quay")
        text = await wait_for_screen(pilot, lambda t: "Cycle racks" in t, timeout=3)
        assert "Cycle racks at the quay" in text
