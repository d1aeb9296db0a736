"""Templates, prompts, force-field scores, carried and done actions: seen on the screen."""

from textual.widgets import Input, Select, Static
from tui_helpers import screen_text, settle

from workshopkit.store.facade import Store
from workshopkit.tui.screens.workshop import WorkshopScreen
from workshopkit.tui.widgets.capture_bar import CaptureBar

DRIVING_PROMPT = "What pushes the change forward?"


def bar(app) -> Input:
    return app.screen.query_one("#capture", Input)


async def type_point(pilot, text: str) -> None:
    bar(pilot.app).insert_text_at_cursor(text)
    await pilot.press("enter")
    await settle(pilot)


async def test_the_prompt_shows_just_above_the_capture_bar_and_hides_without_one(make_app, store):
    view = store.create_workshop("Library Move", ["Any other business"], template="force-field")
    app = make_app(workshop=view.slug)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        prompt = screen.query_one("#breakout-prompt", Static)
        capture = screen.query_one(CaptureBar)
        assert prompt.display
        assert DRIVING_PROMPT in screen_text(app)
        # Right above the bar, and the bar (with the footer) still on an 80×24 screen.
        assert prompt.region.bottom == capture.region.y
        assert capture.region.bottom <= 23
        await pilot.press("tab", "tab", "tab")  # D: a breakout of one's own, no prompt
        await settle(pilot)
        assert "D Any other business" in screen_text(app)
        assert not prompt.display
        assert DRIVING_PROMPT not in screen_text(app)
        await pilot.press("tab")  # back round to A
        await settle(pilot)
        assert prompt.display and DRIVING_PROMPT in screen_text(app)


async def test_a_score_typed_in_the_bar_moves_the_total_beside_the_breakout(make_app, store):
    view = store.create_workshop("Library Move", template="force-field")
    driving, resisting, _ = view.breakouts
    store.add_points(driving, ["Council backing score:4", "Keen volunteers score:5"])
    store.add_points(resisting, ["Staff shortages score:2"])
    app = make_app(workshop=view.slug)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "total 9" in text and "total 2" in text
        assert "score 5" in text  # under the point itself
        bar(app).insert_text_at_cursor("Bus route nearby score:3")
        await pilot.pause()
        assert "score 3" in screen_text(app)  # what the bar understood, before Enter
        await pilot.press("enter")
        await settle(pilot)
        assert "total 12" in screen_text(app)
    assert store.point(view.slug, "A3").score == 3


async def test_ctrl_d_marks_an_action_done_and_ctrl_z_opens_it_again(make_app, store):
    view = store.create_workshop("Harbour Forum", ["Next steps"])
    store.add_points(view.breakouts[0], ["Just a note", "Agree a date @Ana #next"])
    app = make_app(workshop=view.slug)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+d")  # done: A2, the highlighted (last) point
        await settle(pilot)
        assert store.point(view.slug, "A2").done
        assert "✓ done Agree a date" in screen_text(app)
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert not store.point(view.slug, "A2").done
        assert "✓ done" not in screen_text(app)
        await pilot.press("escape", "up", "ctrl+d")  # a note is not an action: refused
        await settle(pilot)
        assert "not a next step" in screen_text(app)
        await pilot.press("down", "ctrl+d", "ctrl+d")  # done, then open again with the same key
        await settle(pilot)
    assert not store.point(view.slug, "A1").done
    assert not store.point(view.slug, "A2").done


async def test_the_action_list_sets_a_status_and_note_and_ctrl_z_puts_them_back(make_app, store):
    view = store.create_workshop("Harbour Forum", ["Next steps"])
    store.add_points(view.breakouts[0], ["Agree a date @Ana due:2027-05 #next"])
    app = make_app(workshop=view.slug)
    async with app.run_test(size=(100, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("f4", "s", "ctrl+u", *"in progress: two dates offered", "enter")
        await settle(pilot)
        point = store.point(view.slug, "A1")
        assert (point.status, point.progress) == ("in progress", "two dates offered")
        assert "in progress" in screen_text(app)
        await pilot.press("s", "ctrl+u", *"someday", "enter")  # not a status: refused
        await settle(pilot)
        assert "Not changed" in screen_text(app)
        assert store.point(view.slug, "A1").status == "in progress"
        await pilot.press("ctrl+z")
        await settle(pilot)
    point = store.point(view.slug, "A1")
    assert (point.status, point.progress) == ("open", None)


async def test_the_action_list_ranks_done_and_dropped_actions_after_the_rest(make_app, store):
    view = store.create_workshop("Harbour Forum", ["Next steps"])
    store.add_points(
        view.breakouts[0], ["Agree a date #next", "Book the hall #next", "Print maps #next"]
    )
    store.vote(view.slug, "A1", "Ana")
    store.vote(view.slug, "A3", "Ana")
    store.set_status(view.slug, "A1", "done")
    store.set_status(view.slug, "A3", "dropped")
    app = make_app(workshop=view.slug)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        text = screen_text(app)
        # A1 and A3 have the votes, but what is still to do comes first.
        assert text.index("Book the hall") < text.index("Agree a date") < text.index("Print maps")


async def test_a_carried_action_says_where_it_came_from(make_app, store):
    earlier = store.create_workshop("Harbour Forum", ["Next steps"])
    store.add_points(earlier.breakouts[0], ["Agree a date @Ana due:2027-05 #next"])
    view = store.create_workshop("Harbour Review", carry_from=earlier.slug)
    app = make_app(workshop=view.slug)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "A Carried forward" in text
        assert "A1 Agree a date  from harbour-forum A1" in text  # the line under the list
        assert "@Ana · due 2027-05" in text
        assert "Open actions from Harbour Forum" in text  # its prompt, above the bar


async def _choose(pilot, select: Select, steps: int) -> None:
    """Open ``select`` (it has focus), move down ``steps`` options, take the highlighted one."""
    await pilot.press("enter")
    await pilot.pause()
    for _ in range(steps):
        await pilot.press("down")
    await pilot.press("enter")
    await pilot.pause()


async def test_the_new_workshop_form_takes_a_template_and_actions_to_carry(make_app, db):
    with Store(db, "Tester") as store:
        earlier = store.create_workshop("Harbour Forum", ["Next steps"])
        store.add_points(earlier.breakouts[0], ["Agree a date @Ana #next", "Book a room"])
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("n", *"Library Move", "tab", "tab", "tab", "tab")
        dialog = app.screen
        template = dialog.query_one("#template", Select)
        assert template.has_focus
        await _choose(pilot, template, 4)  # none, barriers…, works…, start…, force-field
        assert template.value == "force-field"
        assert "A Driving forces · B Resisting forces · C Next steps" in screen_text(app)
        await pilot.press("tab")
        carry = dialog.query_one("#carry", Select)
        assert carry.has_focus
        await _choose(pilot, carry, 1)
        assert carry.value == "harbour-forum"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, WorkshopScreen)
        # A toast, read from the app's notifications: it is drawn at the next repaint.
        notices = [notification.message for notification in app._notifications]
        assert notices == ["Carried forward 1 open action from harbour-forum."]
    with Store(db) as store:
        view = store.workshop("library-move")
    assert view.template == "force-field"
    assert [b.title for b in view.breakouts] == [
        "Carried forward",
        "Driving forces",
        "Resisting forces",
        "Next steps",
    ]
    assert [p.carried_from for p in view.breakouts[0].points] == ["harbour-forum A1"]


async def test_a_workshop_title_that_looks_like_markup_is_offered_as_it_is(make_app, store):
    earlier = store.create_workshop("[/] Harbour [b]Forum[@click=app.quit]", ["Next steps"])
    store.add_point(earlier.breakouts[0], "Agree a date #next")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n", *"Harbour Review", *["tab"] * 5)
        carry = app.screen.query_one("#carry", Select)
        assert carry.has_focus
        await _choose(pilot, carry, 1)
        assert app.is_running
        assert "Carry from [/] Harbour" in screen_text(app)  # cut to fit, never parsed
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert store.workshop("harbour-review").points[0].carried_from == f"{earlier.slug} A1"
