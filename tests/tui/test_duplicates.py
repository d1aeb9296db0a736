"""The duplicates view: open it from the point list, merge pairs from the keyboard, undo."""

import asyncio

from textual import events
from tui_helpers import screen_text, settle

from workshopkit.store.facade import Store
from workshopkit.tui.screens.duplicates import DuplicatesScreen
from workshopkit.tui.screens.workshop import WorkshopScreen


async def found(pilot, timeout: float = 10.0) -> str:
    """Wait for the store and for the search for pairs; return the screen's text."""
    await settle(pilot)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    # A change the store confirmed reaches the screen as a message, which starts a
    # search: wait for the screen's messages as well as for the search itself.
    while getattr(pilot.app.screen, "searching", False) or not messages_read(pilot.app.screen):
        assert loop.time() < deadline, "the search for pairs never finished"
        await asyncio.sleep(0.01)
        await pilot.pause()
    await pilot.pause()
    return screen_text(pilot.app)


async def found_showing(pilot, wanted: str, timeout: float = 10.0) -> str:
    """``found``, then wait on until the screen shows ``wanted``: an undo reaches the
    screen through the store worker, a message and a search, in whichever order the
    threads take; return the screen's text (whatever it is when time runs out)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    text = await found(pilot, timeout)
    while wanted not in text and loop.time() < deadline:
        await asyncio.sleep(0.02)
        text = await found(pilot, timeout)
    return text


def messages_read(screen) -> bool:
    return screen._message_queue.empty()  # no public way to ask


def harbour(store: Store) -> str:
    view = store.create_workshop("Harbour Forum", ["Getting there", "Money"])
    a, b = view.breakouts
    store.add_point(a, "Parking is scarce on market days #access")  # A1
    store.add_point(a, "Ferry timetable is clear")  # A2
    store.add_point(b, "On market days, parking is scarce! #barrier #parking")  # B1
    store.vote(view.slug, "B1", "Ana")
    return view.slug


async def open_duplicates(pilot) -> str:
    await settle(pilot)
    assert isinstance(pilot.app.screen, WorkshopScreen)
    await pilot.press("f8")  # the duplicates view
    assert isinstance(pilot.app.screen, DuplicatesScreen)
    return await found(pilot)


async def test_u_opens_the_pairs_with_both_texts_and_the_score(make_app, store):
    slug = harbour(store)
    app = make_app(workshop=slug)
    async with app.run_test(size=(100, 30)) as pilot:
        text = await open_duplicates(pilot)
        assert "1 pair scoring 90 or more" in text
        assert "100" in text
        assert "A1 Parking is scarce on market days" in text
        assert "B1 On market days, parking is scarce!" in text
        assert "Ferry timetable" not in text
        await pilot.press("escape")
        assert isinstance(app.screen, WorkshopScreen)


async def test_keep_left_merges_and_ctrl_z_puts_it_back(make_app, store):
    slug = harbour(store)
    app = make_app(workshop=slug)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_duplicates(pilot)
        await pilot.press("left")
        text = await found(pilot)
        kept, gone = store.point(slug, "A1"), store.point(slug, "B1")
        assert gone.deleted
        assert (kept.kind.value, kept.themes, kept.voters) == (
            "barrier",
            ("access", "parking"),
            (("Ana", 1),),
        )
        assert "0 pairs" in text
        assert "No near-duplicates at a cut-off of 90" in text

        await pilot.press("ctrl+z")
        text = await found_showing(pilot, "1 pair scoring 90 or more")
        assert not store.point(slug, "B1").deleted
        assert store.point(slug, "B1").voters == (("Ana", 1),)
        kept = store.point(slug, "A1")
        assert (kept.kind.value, kept.themes, kept.voters) == ("note", ("access",), ())
        assert "1 pair scoring 90 or more" in text  # back, to decide again

        await pilot.press("escape")
        await settle(pilot)
        assert app.state.count("B") == 1  # the workshop screen has it back too


async def test_keep_right_folds_the_earlier_point_into_the_later(make_app, store):
    slug = harbour(store)
    app = make_app(workshop=slug)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_duplicates(pilot)
        await pilot.press("right")
        await found(pilot)
    assert store.point(slug, "A1").deleted
    kept = store.point(slug, "B1")
    assert (kept.text, kept.kind.value) == ("On market days, parking is scarce!", "barrier")
    assert kept.themes == ("parking", "access")


async def test_skip_and_the_cut_off_keys(make_app, store):
    view = store.create_workshop("Harbour Forum", ["One"])
    store.add_points(view.breakouts[0], ["Start meetings on time", "Stop meetings on time"])
    app = make_app(workshop=view.slug)
    async with app.run_test(size=(100, 30)) as pilot:
        text = await open_duplicates(pilot)
        assert "0 pairs scoring 90 or more" in text  # the pair scores 88
        await pilot.press("minus")
        text = await found(pilot)
        assert "1 pair scoring 85 or more" in text
        assert "88" in text
        await pilot.press("s")  # they say different things
        text = await found(pilot)
        assert "0 pairs scoring 85 or more" in text
    assert not any(p.deleted for p in store.workshop(view.slug, with_deleted=True).points)


async def test_the_view_follows_points_others_capture(make_app, store, db):
    slug = harbour(store)
    app = make_app(workshop=slug)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_duplicates(pilot)
        with Store(db, "Ben") as ben:
            ben.add_point(ben.breakout(slug, "B"), "ferry timetable is clear.")
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 5
        while "2 pairs" not in (text := await found(pilot)) and loop.time() < deadline:
            await asyncio.sleep(0.05)
        assert "B2 ferry timetable is clear." in text


async def test_keys_typed_together_act_on_the_pair_the_cursor_reached(make_app, store):
    """A terminal delivers "down" and "right" typed quickly together: the merge must take
    the pair the arrow moved to, not the one the cursor was on before."""
    slug = harbour(store)
    store.add_point(store.breakout(slug, "B"), "ferry timetable is clear.")  # B2 ~ A2
    app = make_app(workshop=slug)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_duplicates(pilot)
        assert [(p.first.ref, p.second.ref) for p in app.screen.pairs] == [
            ("A1", "B1"),
            ("A2", "B2"),
        ]
        for key in ("down", "right"):  # queued at once, as the terminal's driver does
            app.post_message(events.Key(key, None))
        await found(pilot)
    assert store.point(slug, "A2").deleted  # kept B2, the right point of the second pair
    assert not store.point(slug, "A1").deleted and not store.point(slug, "B1").deleted


async def test_markup_in_points_shows_as_typed(make_app, store):
    view = store.create_workshop("Harbour Forum", ["One"])
    text = "[/] Costs [@click=app.quit]rise[/] \x1b[31m"
    store.add_points(view.breakouts[0], [text, f"{text} @[b]Sam #x"])
    app = make_app(workshop=view.slug)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_duplicates(pilot)
        assert "A1 [/] Costs [@click=app.quit]rise[/]" in screen
        await pilot.press("left")
        await found(pilot)
        assert app.is_running
        # The notice names the owner taken in, as typed, and never as markup.
        [notice] = [n for n in app._notifications if n.message.startswith("Merged A2")]
        assert "owner [b]Sam" in notice.message and not notice.markup
    assert store.point(view.slug, "A2").deleted
