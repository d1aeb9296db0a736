"""Blind voting is the breakout's, kept in the store: every screen and every note-taker
hides the counts until the facilitator reveals them, and a restart keeps it so."""

import pytest
from tui_helpers import screen_text, settle, wait_for_screen

from workshopkit.store.facade import Store
from workshopkit.tui.screens.voting import VotingScreen


@pytest.fixture
def db(store_location) -> str:
    """The same on a SQLite file and on PostgreSQL."""
    return store_location


def _workshop(store):
    view = store.create_workshop("Harbour Forum", ["Getting there", "Money"])
    store.add_point(view.breakouts[0], "Ferry times #next @Ops")
    store.add_point(view.breakouts[0], "Parking at the quay")
    for voter in ("Ana", "Ben", "Cy"):
        store.vote(view.slug, "A2", voter)
    return view


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_blind_on_hides_the_counts_on_every_screen_and_survives_a_restart(
    make_app, store, size
):
    view = _workshop(store)
    app = make_app(workshop=view.slug)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert "••• 3" in screen_text(app)
        await pilot.press("f2", "h")
        await settle(pilot)
        assert isinstance(app.screen, VotingScreen)
        assert "BLIND" in screen_text(app).splitlines()[0]  # the title keeps it whole
        assert store.breakout(view.slug, "A").blind
        await pilot.press("escape")
        await settle(pilot)
        text = screen_text(app)
        assert "hidden" in text and "••• 3" not in text and "•" not in text
        await pilot.press("f4")  # the action list
        await settle(pilot)
        assert "hidden" in screen_text(app)
    again = make_app(workshop=view.slug)
    async with again.run_test(size=size) as pilot:
        await settle(pilot)
        text = screen_text(again)
        assert "hidden" in text and "••• 3" not in text


async def test_another_note_takers_screen_follows_blind_and_reveal(make_app, store, db):
    view = _workshop(store)
    app = make_app(workshop=view.slug)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        with Store(db, "Ana") as ana:
            ana.set_blind(view.slug, "A", True)
            text = await wait_for_screen(pilot, lambda t: "BLIND" in t)
            assert "••• 3" not in text
            ana.set_blind(view.slug, "A", False)
            text = await wait_for_screen(pilot, lambda t: "BLIND" not in t)
            assert "••• 3" in text


async def test_reveal_says_so_and_ctrl_z_hides_again(make_app, store):
    view = _workshop(store)
    store.set_blind(view.slug, "A", True)
    app = make_app(workshop=view.slug)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f2", "h")
        await settle(pilot)
        text = screen_text(app)
        assert "A: votes revealed — ctrl+z hides them again." in text
        assert "••• 3" in text
        assert not store.breakout(view.slug, "A").blind
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert store.breakout(view.slug, "A").blind
        text = screen_text(app)
        assert "BLIND" in text and "••• 3" not in text


async def test_ranking_and_projector_wait_for_the_reveal(make_app, store):
    view = _workshop(store)
    store.set_blind(view.slug, "A", True)
    app = make_app(workshop=view.slug)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        assert "Blind voting" in screen_text(app) and "████" not in screen_text(app)
        await pilot.press("escape", "f7", "r")
        await settle(pilot)
        assert "Blind voting" in screen_text(app)


async def test_with_no_name_given_voting_asks_it_once_per_store(make_app, store, monkeypatch):
    monkeypatch.delenv("WORKSHOPKIT_USER")
    view = _workshop(store)
    app = make_app(workshop=view.slug, user=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        assert "Your name, for your dots" in screen_text(app)
        await pilot.press("ctrl+u", *"Priya", "enter")
        await settle(pilot)
        assert isinstance(app.screen, VotingScreen)
        assert "voter: Priya" in screen_text(app)
        await pilot.press("plus")
        await settle(pilot)
    assert dict(store.point(view.slug, "A1").voters) == {"Priya": 1}
    again = make_app(workshop=view.slug, user=None)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*"Ferry late again", "enter")
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(again.screen, VotingScreen)  # not asked again
        assert "voter: Priya" in screen_text(again)
    assert store.point(view.slug, "A3").captured_by == "Priya"
