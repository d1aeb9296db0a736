"""The facilitator's journeys through the TUI, checked on the screen and in the store."""

import re
import threading

import pytest
from textual.events import Paste
from textual.widgets import DataTable, Input
from tui_helpers import notices, screen_text, settle, wait_for_screen

from workshopkit.core.errors import StoreError
from workshopkit.core.files import export
from workshopkit.store.facade import Store
from workshopkit.tui.screens.actions import ActionsScreen
from workshopkit.tui.screens.ranking import RankingScreen
from workshopkit.tui.screens.voting import VotingScreen
from workshopkit.tui.screens.workshop import WorkshopScreen
from workshopkit.tui.screens.workshops import WorkshopsScreen


def bar(app) -> Input:
    return app.screen.query_one("#capture", Input)


async def type_point(pilot, text: str) -> None:
    """Put ``text`` in the capture bar as a paste would, then press Enter."""
    bar(pilot.app).insert_text_at_cursor(text)
    await pilot.press("enter")
    await settle(pilot)


async def open_demo(pilot):
    await settle(pilot)
    assert isinstance(pilot.app.screen, WorkshopScreen)
    return pilot.app.state.slug


def hold_store_open(monkeypatch) -> threading.Event:
    """Keep the Store from opening until the returned event is set."""
    gate = threading.Event()
    original = Store.__init__

    def slow_open(self, *args, **kwargs):
        gate.wait(10)
        original(self, *args, **kwargs)

    monkeypatch.setattr(Store, "__init__", slow_open)
    return gate


# -- creating a workshop -------------------------------------------------------------


async def test_new_workshop_from_the_keyboard(make_app, db):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, WorkshopsScreen)
        assert "No workshops yet" in screen_text(app)
        await pilot.press("n")
        await pilot.press(*"Harbour Forum", "enter")
        await pilot.press(*"Getting there", "enter", *"What works", "enter", *"Next steps")
        await pilot.press("tab")  # the date field: today by default; clear it, set one
        await pilot.press("ctrl+u", *"2027-01-15", "enter", *"Quay Hall", "enter")
        await settle(pilot)
        assert isinstance(app.screen, WorkshopScreen)
        assert bar(app).has_focus
        assert "Harbour Forum ─ A Getting there ─ 0 points" in screen_text(app)
    with Store(db) as store:
        view = store.workshop("harbour-forum")
    assert [(b.letter, b.title) for b in view.breakouts] == [
        ("A", "Getting there"),
        ("B", "What works"),
        ("C", "Next steps"),
    ]
    assert (view.date, view.venue) == ("2027-01-15", "Quay Hall")


async def test_new_workshop_refuses_a_bad_date_and_keeps_the_form(make_app, db):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("n", *"Harbour Forum", "enter", "tab", "ctrl+u", *"soon", "enter")
        await pilot.press("enter")
        assert "'soon' is not a date" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
    with Store(db) as store:
        assert store.list_workshops() == []


async def test_opening_a_missing_workshop_shows_the_list_and_why(make_app, store):
    store.create_workshop("Harbour Forum", ["One"])
    app = make_app(workshop="nowhere")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.pause(0.1)
        assert isinstance(app.screen, WorkshopsScreen)
        text = screen_text(app)
        assert "Harbour Forum" in text
        assert "No workshop" in text


# -- capture -------------------------------------------------------------------------


async def test_capture_commits_then_clears_the_bar_and_keeps_focus(make_app, store):
    view = store.create_workshop("Harbour Forum", ["Getting there", "What works"])
    app = make_app(workshop=view.slug)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*"Bus stops are far #barrier @Transport due:2027-03")
        assert "barrier  @Transport  due 2027-03" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert bar(app).value == ""
        assert bar(app).has_focus
        text = screen_text(app)
        assert "saved ✓ A1" in text
        assert "Bus stops are far" in text
        await pilot.press("tab")
        await type_point(pilot, "Ferry timetable is clear #idea")
    a1 = store.point(view.slug, "A1")
    assert (a1.text, a1.kind.value, a1.owner, a1.due) == (
        "Bus stops are far",
        "barrier",
        "Transport",
        "2027-03",
    )
    assert store.point(view.slug, "B1").kind.value == "idea"


async def test_thirty_points_across_three_breakouts(make_app, store):
    view = store.create_workshop("Harbour Forum", ["A room", "B room", "C room"])
    app = make_app(workshop=view.slug)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for breakout in range(3):
            for n in range(10):
                tags = ["", " #barrier", " #next @Ops", " #question", " #n due:2027-05"][n % 5]
                bar(app).insert_text_at_cursor(f"Point {n} of room {breakout}{tags}")
                await pilot.press("enter")
            await settle(pilot)
            await pilot.press("tab")
        await settle(pilot)
        assert "A room" in screen_text(app)
    loaded = store.workshop(view.slug)
    assert [len(b.points) for b in loaded.breakouts] == [10, 10, 10]
    assert loaded.breakouts[2].points[2].owner == "Ops"
    assert sum(p.kind.value == "next" for p in loaded.points) == 12


async def test_up_in_an_empty_bar_brings_back_the_last_point_to_correct(make_app, store):
    view = store.create_workshop("Harbour Forum", ["One"])
    app = make_app(workshop=view.slug)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await type_point(pilot, "Libary is shut on Sundays #barrier")
        await pilot.press("up")
        assert bar(app).value == "Libary is shut on Sundays #barrier"
        await pilot.press("home", "right", "right", "right", "r")
        await pilot.press("enter")
        await settle(pilot)
        assert "saved ✓ A1" in screen_text(app)
    point = store.point(view.slug, "A1")
    assert (point.text, point.kind.value) == ("Library is shut on Sundays", "barrier")
    assert len(store.workshop(view.slug).points) == 1


async def test_text_typed_before_the_store_opens_is_saved(make_app, db, monkeypatch):
    with Store(db, "Tester") as store:
        slug = store.create_workshop("Harbour Forum", ["One"]).slug
    gate = hold_store_open(monkeypatch)
    app = make_app(workshop=slug)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*"Typed while opening", "enter", *"and more")
        assert app.store is None
        assert "saving…" in screen_text(app)
        gate.set()
        await settle(pilot)
        assert bar(app).value == "and more"
        assert "saved ✓ A1" in screen_text(app)
    with Store(db) as store:
        assert store.point(slug, "A1").text == "Typed while opening"


async def test_a_failed_write_keeps_the_text_in_the_bar(make_app, store, monkeypatch):
    view = store.create_workshop("Harbour Forum", ["One"])

    def refuse(self, breakout, texts):
        raise StoreError("Could not save to tui.db: disk I/O error; nothing was changed.")

    monkeypatch.setattr(Store, "add_points", refuse)
    app = make_app(workshop=view.slug)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await type_point(pilot, "Keep me #barrier")
        assert bar(app).value.rstrip() == "Keep me #barrier"  # then a gap to type on
        text = screen_text(app)
        assert "not saved" in text
        assert "disk I/O error" in text
    monkeypatch.undo()
    assert store.workshop(view.slug).points == ()


async def test_the_draft_survives_a_crash(make_app, store):
    view = store.create_workshop("Harbour Forum", ["One"])
    app = make_app(workshop=view.slug)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*"Half a thought about parking")
    # The app ended without Enter, as if the terminal had been killed.
    again = make_app(workshop=view.slug)
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert bar(again).value == "Half a thought about parking"
        assert "restored unsaved text" in screen_text(again)
        await pilot.press("enter")
        await settle(pilot)
    assert store.point(view.slug, "A1").text == "Half a thought about parking"
    third = make_app(workshop=view.slug)
    async with third.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert bar(third).value == ""


# -- tagging -------------------------------------------------------------------------


async def test_chords_tag_the_highlighted_point_and_say_what_they_did(make_app, store):
    view = store.create_workshop("Harbour Forum", ["One"])
    breakout = view.breakouts[0]
    store.add_point(breakout, "Rooms cost too much @Venues")
    store.add_point(breakout, "Share one booking calendar")
    app = make_app(workshop=view.slug)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#points", DataTable)
        assert table.cursor_row == 1  # the latest point
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert "A2: now a next step — ctrl+z brings it back" in screen_text(app)
        await pilot.press("ctrl+o")
        await pilot.press(*"Ven", "right", "enter")  # completion from owners already used
        await settle(pilot)
        assert bar(app).has_focus  # back where it was before the dialog
        assert "A2: owner Venues" in screen_text(app)
        await pilot.press("ctrl+t", *"2027-04", "enter")
        await settle(pilot)
        await pilot.press("ctrl+l", *"venues money", "enter")
        await settle(pilot)
        a2 = store.point(view.slug, "A2")
        assert (a2.kind.value, a2.owner, a2.due, a2.themes) == (
            "next",
            "Venues",
            "2027-04",
            ("venues", "money"),
        )
        assert "@Venues · due 2027-04 · #venues #money" in screen_text(app)
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert store.point(view.slug, "A2").themes == ()
        # Said beside the bar, not in a toast over it.
        assert "Undone: themes of A2" in screen_text(app).splitlines()[-2]
        assert not notices(app)
        await pilot.press("escape", "up", "ctrl+b")  # walk the list, tag from there
        await settle(pilot)
        assert store.point(view.slug, "A1").kind.value == "barrier"
        assert table.has_focus
        await pilot.press("ctrl+b")  # the same kind again changes nothing, and says so
        await settle(pilot)
        assert store.point(view.slug, "A1").kind.value == "barrier"
        assert "A1 is already a barrier" in screen_text(app)
        await pilot.press("ctrl+g")  # a plain note, said
        await settle(pilot)
        assert store.point(view.slug, "A1").kind.value == "note"
        assert "A1: barrier removed, now a note — ctrl+z brings it back" in screen_text(app)


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_a_sentence_typed_on_the_list_lands_in_the_bar_and_runs_nothing(
    make_app, store, size
):
    view = store.create_workshop("Harbour Forum", ["One", "Two"])
    store.add_point(view.breakouts[0], "Rooms cost too much")
    app = make_app(workshop=view.slug)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        # Every letter the list once bound (e edit, x delete, B breakout B, u duplicates…)
        sentence = "Next meeting in March, Buses stop at six? uxvrapw #q"
        await pilot.press("escape", *sentence)
        await settle(pilot)
        assert isinstance(app.screen, WorkshopScreen)
        assert bar(app).has_focus and bar(app).value == sentence
        assert app.screen.letter == "A"
        await pilot.press("enter")
        await settle(pilot)
        # A dialog (the owner's) closed with esc gives focus back to where it was: the list.
        await pilot.press("escape", "ctrl+o", "escape")
        await settle(pilot)
        assert app.screen.query_one("#points", DataTable).has_focus
        await pilot.press(*"Ana says hi", "enter")
        await settle(pilot)
    points = store.workshop(view.slug).points
    assert [p.text for p in points] == ["Rooms cost too much", sentence[:-3], "Ana says hi"]
    assert not any(p.deleted for p in points)


async def test_a_paste_on_the_list_lands_in_the_bar(make_app, store):
    view = store.create_workshop("Harbour Forum", ["One"])
    store.add_point(view.breakouts[0], "Rooms cost too much")
    app = make_app(workshop=view.slug)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("escape")
        app.screen.query_one("#points").post_message(Paste("pasted line"))
        await settle(pilot)
        assert bar(app).has_focus and bar(app).value == "pasted line"


async def test_up_in_an_empty_bar_recalls_the_last_point_of_the_breakout_on_screen(make_app, store):
    view = store.create_workshop("Harbour Forum", ["One", "Two"])
    store.add_point(view.breakouts[0], "First of A")
    store.add_point(view.breakouts[0], "Last of A")
    app = make_app(workshop=view.slug)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("tab")
        await type_point(pilot, "Only of B")
        await pilot.press("shift+tab")
        assert "saved" not in screen_text(app).splitlines()[-3]  # spoke of B: cleared
        await pilot.press("up")
        assert bar(app).value == "Last of A"
        assert "editing A2" in screen_text(app)


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_an_empty_breakout_shows_no_detail_of_another(make_app, store, size):
    view = store.create_workshop("Harbour Forum", ["One", "Two"])
    store.add_point(view.breakouts[0], "Ferry times are too short")
    app = make_app(workshop=view.slug)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert "A1 Ferry times are too short" in screen_text(app)
        await pilot.press("tab")
        await settle(pilot)
        assert app.screen.letter == "B"
        assert "Ferry times" not in screen_text(app)
        await pilot.press("shift+tab")
        await settle(pilot)
        assert "A1 Ferry times are too short" in screen_text(app)


async def test_delete_and_undo_bring_the_point_back(make_app, store):
    view = store.create_workshop("Harbour Forum", ["One"])
    store.add_point(view.breakouts[0], "Remove me")
    app = make_app(workshop=view.slug)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("escape", "delete")
        await settle(pilot)
        assert store.point(view.slug, "A1").deleted
        assert "Remove me" not in screen_text(app)
        # Said beside the bar: a toast would cover the bar the facilitator types in.
        assert "Deleted A1 — ctrl+z brings it back" in screen_text(app)
        assert not notices(app)
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert not store.point(view.slug, "A1").deleted
        # The row comes back when the table next lays out, which a busy machine delays.
        assert "Remove me" in await wait_for_screen(pilot, lambda text: "Remove me" in text)


async def test_edit_from_the_list_and_undo_of_a_capture(make_app, store):
    view = store.create_workshop("Harbour Forum", ["One"])
    app = make_app(workshop=view.slug)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await type_point(pilot, "First thing")
        await type_point(pilot, "Second thing")
        await pilot.press("ctrl+z")  # takes back the capture of A2
        await settle(pilot)
        assert store.point(view.slug, "A2").deleted
        await pilot.press("escape", "enter")
        assert bar(app).value == "First thing"
        await pilot.press("end", *" #question")
        await pilot.press("enter")
        await settle(pilot)
    assert store.point(view.slug, "A1").kind.value == "question"


async def test_shortcuts_from_the_bar_tag_the_point_just_captured(make_app, store):
    view = store.create_workshop("Harbour Forum", ["One"])
    app = make_app(workshop=view.slug)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await type_point(pilot, "Fix the ramp")
        await pilot.press("ctrl+n")
        await settle(pilot)
        await pilot.press("ctrl+o", *"Estates", "enter")
        await settle(pilot)
        assert bar(app).has_focus
    point = store.point(view.slug, "A1")
    assert (point.kind.value, point.owner) == ("next", "Estates")


async def test_tab_switches_breakouts(make_app):
    app = make_app(demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_demo(pilot)
        assert app.screen.letter == "A"
        await pilot.press("tab")
        assert app.screen.letter == "B"
        await pilot.press("tab")
        assert app.screen.letter == "C"
        assert "C Next steps" in screen_text(app)
        await pilot.press("shift+tab")
        assert app.screen.letter == "B"


# -- voting --------------------------------------------------------------------------


async def test_three_people_vote_within_budget_and_cap(make_app, store):
    view = store.create_workshop("Harbour Forum", ["One"], dots_per_voter=3, cap_per_point=2)
    for text in ("Parking", "Signage", "Toilets"):
        store.add_point(view.breakouts[0], text)
    app = make_app(workshop=view.slug)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        assert isinstance(app.screen, VotingScreen)
        for voter in ("Ana", "Ben", "Cat"):
            await pilot.press("w", *voter, "enter")
            await pilot.press("home", "plus", "plus")
            await settle(pilot)
            await pilot.press("plus")  # a third dot on A1 breaks the cap of 2
            await settle(pilot)
            assert "2 dots" in screen_text(app) or "cap" in screen_text(app)
            await pilot.press("down", "space")
            await settle(pilot)
        assert "voter: Cat ─ 0/3 dots left" in screen_text(app)
        await pilot.press("down", "plus")  # Cat has no dots left
        await settle(pilot)
        assert "Cat" in screen_text(app) and "3" in screen_text(app)
        await pilot.press("minus")
        await settle(pilot)
    loaded = store.workshop(view.slug)
    assert [p.dots for p in loaded.points] == [6, 3, 0]
    assert loaded.voters == ("Ana", "Ben", "Cat")


async def test_refused_dot_says_why_and_changes_nothing(make_app, store):
    view = store.create_workshop("Harbour Forum", ["One"], dots_per_voter=5, cap_per_point=1)
    store.add_point(view.breakouts[0], "Parking")
    app = make_app(workshop=view.slug)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f2", "plus", "plus")
        await settle(pilot)
        text = screen_text(app)
        assert "voter: Tester ─ 4/5 dots left" in text
        assert "1" in text and ("cap" in text or "most" in text)
    assert store.point(view.slug, "A1").dots == 1


async def test_room_tally_blind_mode_and_ranking(make_app, store):
    view = store.create_workshop("Harbour Forum", ["One"])
    store.add_point(view.breakouts[0], "Parking")
    store.add_point(view.breakouts[0], "Signage")
    app = make_app(workshop=view.slug)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f2", "down", "t", "ctrl+u", *"12", "enter")
        await settle(pilot)
        assert store.point(view.slug, "A2").tally == 12
        await pilot.press("h")  # a store write: the banner follows its commit
        await settle(pilot)
        assert "BLIND" in screen_text(app)
        assert "12" not in screen_text(app).split("BLIND")[1]
        await pilot.press("r")
        await settle(pilot)
        assert "Blind voting" in screen_text(app)
        await pilot.press("escape", "h")
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        text = screen_text(app)
        assert "Ranking" in text
        assert text.index("Signage") < text.index("Parking")
        assert "████" in text
        await pilot.press("escape", "t", "ctrl+u", *"lots", "enter")
        await settle(pilot)
        assert "not a number" in screen_text(app)
    assert store.point(view.slug, "A2").tally == 12


# -- the action list and export ------------------------------------------------------


async def test_fix_a_missing_owner_on_the_action_list(make_app, store):
    view = store.create_workshop("Harbour Forum", ["One", "Two"])
    store.add_point(view.breakouts[0], "Book the hall #next @Ops due:2027-02")
    store.add_point(view.breakouts[1], "Print maps #next due:2027-03")
    store.add_point(view.breakouts[1], "Just a note")
    store.vote(view.slug, "B1", "Ana")
    app = make_app(workshop=view.slug)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        assert isinstance(app.screen, ActionsScreen)
        text = screen_text(app)
        assert text.index("Print maps") < text.index("Book the hall")  # ranked by votes
        assert "Just a note" not in text
        assert "⚠ none" in text
        assert "1 needs an owner or a due" in text
        await pilot.press("g", "o", *"Design team", "enter")
        await settle(pilot)
        assert "Every action has an owner and a due" in screen_text(app)
    assert store.point(view.slug, "B1").owner == "Design team"


async def test_export_previews_then_writes_the_action_list(make_app, store, tmp_path):
    view = store.create_workshop("Harbour Forum", ["One"])
    store.add_point(view.breakouts[0], "Book the hall #next @Ops due:2027-02")
    app = make_app(workshop=view.slug)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+e")
        await settle(pilot)
        text = screen_text(app)
        assert "Harbour Forum — action list" in text
        assert "Book the hall" in text
        await pilot.press("enter")
        await settle(pilot)
        written = tmp_path / "exports" / "harbour-forum-actions.md"
        assert "Wrote exports/harbour-forum-actions.md" in screen_text(app)
        assert written.read_text() == export.to_markdown(store.workshop(view.slug))
        await pilot.press("enter")
        assert "exists: enter again replaces it" in screen_text(app)
        await pilot.press("escape")
        assert isinstance(app.screen, WorkshopScreen)


async def test_a_slow_disk_never_holds_up_the_screen_while_an_export_is_written(
    make_app, store, tmp_path, monkeypatch
):
    view = store.create_workshop("Harbour Forum", ["One"])
    store.add_point(view.breakouts[0], "Book the hall #next @Ops due:2027-02")
    release = threading.Event()
    real = export.write_export

    def slow_disk(*args, **kwargs):
        release.wait(10)  # an fsync on a slow USB stick
        return real(*args, **kwargs)

    monkeypatch.setattr(export, "write_export", slow_disk)
    app = make_app(workshop=view.slug)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+e")
        await settle(pilot)
        await pilot.press("enter", "end")  # keys are answered while the file is written
        assert "Writing exports/harbour-forum-actions.md…" in screen_text(app)
        release.set()
        await settle(pilot)
        assert "Wrote exports/harbour-forum-actions.md" in screen_text(app)
    assert (tmp_path / "exports" / "harbour-forum-actions.md").exists()


async def test_keys_dialog_and_palette_list_the_actions(make_app):
    app = make_app(demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_demo(pilot)
        await pilot.press("f1")
        text = screen_text(app)
        for words in ("Barrier", "Owner", "Voting mode", "Undo", "the one just captured"):
            assert words.lower() in text.lower()
        await pilot.press("escape", "ctrl+p")
        await pilot.press(*"vote rank")
        await pilot.pause(0.3)
        assert "Vote ranking" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause(0.1)
        assert isinstance(app.screen, RankingScreen)
        assert "Ranking ─ A" in screen_text(app)


async def test_every_binding_has_an_id():
    from textual.binding import Binding

    from workshopkit.tui import app as app_module
    from workshopkit.tui.dialogs import ask, keys, new_workshop
    from workshopkit.tui.screens import actions, ranking, voting, workshop, workshops
    from workshopkit.tui.screens import export as export_screen
    from workshopkit.tui.widgets import capture_bar, point_list, point_table

    classes = [
        app_module.WorkshopkitApp,
        ask.AskDialog,
        keys.KeysDialog,
        new_workshop.NewWorkshopDialog,
        actions.ActionsScreen,
        export_screen.ExportScreen,
        ranking.RankingScreen,
        voting.VotingScreen,
        workshop.WorkshopScreen,
        point_list.PointList,
        workshops.WorkshopsScreen,
        capture_bar.CaptureInput,
        point_table.PointTable,
    ]
    missing = [
        f"{cls.__name__}:{b.key}"
        for cls in classes
        for b in cls.__dict__.get("BINDINGS", [])
        if isinstance(b, Binding) and not b.id
    ]
    assert missing == []


async def test_a_burst_of_keys_keeps_points_apart_and_in_order(make_app, store):
    """Keys that arrive faster than the screen reacts (a paste, a busy moment, a fast
    typist) must still end each point at its Enter, in its breakout."""
    from textual import events

    view = store.create_workshop("Harbour Forum", ["One", "Two"])
    app = make_app(workshop=view.slug)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        keys = [*"first", "enter", *"second", "enter", "tab", *"third", "enter", "ctrl+n"]
        for key in keys:  # all posted before any is handled
            character = key if len(key) == 1 else None
            app.post_message(events.Key(key, character))
        await settle(pilot)
        await pilot.pause(0.2)
        await settle(pilot)
    loaded = store.workshop(view.slug)
    assert [(p.ref, p.text) for p in loaded.points] == [
        ("A1", "first"),
        ("A2", "second"),
        ("B1", "third"),
    ]
    assert store.point(view.slug, "B1").kind.value == "next"
    assert store.point(view.slug, "A2").kind.value == "note"


async def test_each_workshop_keeps_its_own_draft(make_app, store):
    harbour = store.create_workshop("Harbour Forum", ["One"]).slug
    town = store.create_workshop("Town Day", ["One"]).slug
    for key, text in ((harbour, "about the ferry"), ("town", "about the market")):
        app = make_app(workshop=key)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            bar(app).insert_text_at_cursor(text)
            await pilot.pause()
    for key, text in (("town", "about the market"), (harbour, "about the ferry")):
        app = make_app(workshop=key)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert bar(app).value == text
    assert town == "town-day"


async def test_a_store_that_cannot_open_is_said_and_the_text_stays(make_app, tmp_path):
    (tmp_path / "not-a-store.db").write_bytes(b"this is not a database at all" * 100)
    app = make_app(db=str(tmp_path / "not-a-store.db"), workshop="anything")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*"keep this", "enter")
        await settle(pilot)
        assert app.is_running
        assert bar(app).value.rstrip() == "keep this"
        said = " ".join(screen_text(app).split())  # the message wraps as long as its path
        assert "is not a workshopkit" in said


async def test_points_show_before_the_database_layer_has_loaded(make_app, db, monkeypatch):
    with Store(db, "Tester") as store:
        view = store.create_workshop("Harbour Forum", ["One"])
        store.add_point(view.breakouts[0], "Ferry is late on Sundays #barrier")
    gate = hold_store_open(monkeypatch)
    app = make_app(workshop="harb")
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(100):
            await pilot.pause(0.02)
            if "Ferry is late on Sundays" in screen_text(app):
                break
        assert app.store is None
        assert "Ferry is late on Sundays" in screen_text(app)
        await pilot.press(*"Buses too", "enter")
        gate.set()
        await settle(pilot)
        assert "saved ✓ A2" in screen_text(app)
    with Store(db) as store:
        assert store.point(view.slug, "A2").text == "Buses too"


async def test_a_long_list_scrolls_to_its_last_and_first_points(make_app, store):
    view = store.create_workshop("Harbour Forum", ["One"])
    # Rows of one and two lines (tags go on a second line), as in a real list.
    store.add_points(
        view.breakouts[0],
        [f"Point number {n}" + (" @Ops" if n % 3 == 0 else "") for n in range(1, 301)],
    )
    app = make_app(workshop=view.slug)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("escape", "end")
        await pilot.pause()
        assert re.search(r"A300\s+note\s+Point number 300", screen_text(app))
        await pilot.press("home")
        await pilot.pause()
        assert re.search(r"A1\s+note\s+Point number 1 ", screen_text(app))


async def test_a_long_list_opens_at_its_newest_point_with_the_scrollbar_there(make_app):
    app = make_app(demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_demo(pilot)
        await pilot.pause(0.1)
        table = app.screen.query_one(DataTable)
        assert table.max_scroll_y > 0, "the demo breakout should not fit at 80×24"
        assert table.scroll_y == table.max_scroll_y
        # The thumb is drawn where the list is, not left at the top.
        assert table.vertical_scrollbar.position == table.scroll_y


async def test_an_answer_for_the_workshops_list_after_leaving_it_is_ignored(make_app, store):
    # A look for others' changes can reload the list just as a workshop opens: the
    # answer then reaches a list that is gone, and must not bring the app down.
    view = store.create_workshop("Harbour Forum", ["One"])
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        workshops = app.screen
        assert isinstance(workshops, WorkshopsScreen)
        app.open_workshop(view.slug)
        await settle(pilot)
        assert isinstance(app.screen, WorkshopScreen)
        workshops.store_changed()
        workshops.show([], None)
        workshops.failed("the store went away")
        await settle(pilot)
        assert isinstance(app.screen, WorkshopScreen)
        assert "Harbour Forum ─ A One" in screen_text(app)


def deliver_late(app, point) -> None:
    """Hand the app the answer of a look for changes, as its worker would, and check it
    was counted in."""
    from workshopkit.tui.jobs import Job, JobDone

    before = app.jobs.pending  # a look queued just before closing may never be answered
    app.jobs.pending += 1
    app._job_done(JobDone(Job(None, lambda points: app.points_changed(points)), [point]))
    assert app.jobs.pending == before


async def test_an_answer_arriving_while_the_app_closes_is_dropped(make_app, store):
    # A look for others' changes can finish just as the app quits: its answer must not
    # reach screens already taken down (it used to raise on the way out).
    view = store.create_workshop("Harbour Forum", ["One"])
    point = store.add_point(view.breakouts[0], "Arrives late")
    app = make_app(workshop=view.slug)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        app.exit()
        await screen.remove()  # as the app does on its way out
        deliver_late(app, point)


async def test_an_answer_arriving_after_the_app_has_closed_is_dropped(make_app, store):
    # Closing takes the screens down before the last answers are read (as a test run
    # ends an app): those answers are dropped too.
    view = store.create_workshop("Harbour Forum", ["One"])
    point = store.add_point(view.breakouts[0], "Arrives after closing")
    app = make_app(workshop=view.slug)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
    deliver_late(app, point)


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_the_export_preview_scrolls_from_the_keyboard(make_app, size):
    app = make_app(demo=True)
    async with app.run_test(size=size) as pilot:
        await open_demo(pilot)
        await pilot.press("ctrl+e")
        await settle(pilot)
        await pilot.pause(0.2)
        assert "C. Next steps" not in screen_text(app)  # below the first screenful
        scroller = app.screen.query_one("#export-scroll")
        for key in ("down", "j", "pagedown", "space"):
            before = scroller.scroll_y
            await pilot.press(key)
            await pilot.pause()
            assert scroller.scroll_y > before, key
        await pilot.press("end")
        await pilot.pause()
        assert scroller.scroll_y == scroller.max_scroll_y > 0
        await pilot.press("home")
        await pilot.pause()
        assert scroller.scroll_y == 0
        await pilot.press(*["pagedown"] * 40)  # to the end, one page at a time
        await pilot.pause()
        assert "Needs a due date" in screen_text(app)  # the last section
        await pilot.press("f1")
        assert "Scroll down a page" in screen_text(app)


async def test_a_second_due_is_kept_in_the_text_and_said_before_enter(make_app, store):
    view = store.create_workshop("Harbour Forum", ["One"])
    app = make_app(workshop=view.slug)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*"Bad date due:2027-13 and due:31/03/2027")
        await settle(pilot)
        assert "due:2027-13 stays in the text" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
    point = store.point(view.slug, "A1")
    assert (point.text, point.due) == ("Bad date due:2027-13 and", "31/03/2027")


async def test_a_voter_typed_in_another_case_keeps_the_first_spelling(make_app, store):
    view = store.create_workshop("Harbour Forum", ["One"])
    store.add_point(view.breakouts[0], "Parking")
    store.vote(view.slug, "A1", "Ana")
    app = make_app(workshop=view.slug)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f2", "w", "ctrl+u", *"ana", "enter")
        await settle(pilot)
        assert "voter: Ana ─ 4/5 dots left" in screen_text(app)
        await pilot.press("home", "plus")
        await settle(pilot)
    assert store.point(view.slug, "A1").voters == (("Ana", 2),)


async def test_at_60_columns_the_side_bar_gives_its_room_to_the_points(make_app):
    app = make_app(demo=True)
    async with app.run_test(size=(60, 20)) as pilot:
        await open_demo(pilot)
        assert not app.screen.query_one("#breakouts").display
        table = app.screen.query_one("#points", DataTable)
        assert table.columns["text"].width >= 30
        assert "A What gets in the way" in screen_text(app).splitlines()[0]
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert app.screen.query_one("#breakouts").display


async def test_the_palette_exports_every_point_too(make_app, store, tmp_path):
    view = store.create_workshop("Harbour Forum", ["One"])
    store.add_point(view.breakouts[0], "Just a note")
    app = make_app(workshop=view.slug)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"export every point")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.pause(0.2)
        assert "All points:" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
    written = tmp_path / "exports" / "harbour-forum-points.md"
    assert written.read_text() == export.to_markdown(store.workshop(view.slug), include_all=True)


async def test_undo_of_a_dot_says_so_on_the_voting_line(make_app, store):
    view = store.create_workshop("Harbour Forum", ["One"])
    store.add_point(view.breakouts[0], "Parking")
    app = make_app(workshop=view.slug)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f2", "home", "plus")
        await settle(pilot)
        assert "Tester put a dot on A1: 4 dots left." in screen_text(app)
        await pilot.press("ctrl+z")
        await settle(pilot)
        text = screen_text(app)
        assert "voter: Tester ─ 5/5 dots left" in text
        assert "Undone: dot on A1 · Tester has 5 dots left." in text
        assert "4 dots left" not in text
        assert not notices(app)
    assert store.point(view.slug, "A1").dots == 0


async def test_owner_completion_offers_every_match_and_tab_cycles(make_app, store):
    view = store.create_workshop("Harbour Forum", ["One"])
    for text in ("Leaflets @Comms", "Budget @Council", "Hall @Community", "New one"):
        store.add_point(view.breakouts[0], text)
    app = make_app(workshop=view.slug)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+o", *"co")
        await settle(pilot)
        assert "Comms · Community · Council" in screen_text(app)
        await pilot.press("tab", "right", "enter")  # the second match, taken
        await settle(pilot)
    assert store.point(view.slug, "A4").owner == "Community"


def test_a_title_too_long_loses_parts_by_priority_and_keeps_the_timer():
    from workshopkit.tui.widgets.titles import fit_title

    parts = ["Riverside Partnership Day", "A What gets in the way", "11 points", "⏱ 04:12"]
    parts.append("you: Sam")
    assert fit_title(parts, 120) == " ─ ".join(parts)
    assert fit_title(parts, 72) == (
        "Riverside Partnership Day ─ A What gets in the way ─ 11 points ─ ⏱ 04:12"
    )
    assert fit_title(parts, 60) == "Riverside Partnership Day ─ A What gets in the way ─ ⏱ 04:12"
    short = fit_title(parts, 45)
    assert short.endswith("─ ⏱ 04:12") and "…" in short and len(short) <= 45
    assert short.startswith("Riverside Partnership Day ─ A ")


async def test_at_60_columns_the_title_is_whole_words_and_the_breakout(make_app):
    app = make_app(demo=True)
    async with app.run_test(size=(60, 20)) as pilot:
        await open_demo(pilot)
        title = screen_text(app).splitlines()[0].strip()
        assert title == "Riverside Partnership Day ─ A What gets in the way"
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert "11 points ─ you: Tester" in screen_text(app).splitlines()[0]


async def test_the_new_workshop_form_shows_its_keys_at_60x20(make_app):
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        text = screen_text(app)
        assert "New workshop: title" in text
        assert "ctrl+s create" in text  # how to create it, on screen
