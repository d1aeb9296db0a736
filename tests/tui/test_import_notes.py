"""The palette's "Import notes…": ask for a file, import it, show what it made."""

import asyncio

from textual.widgets import Input
from tui_helpers import screen_text, settle

from workshopkit.store.facade import Store
from workshopkit.tui.dialogs.ask import AskDialog
from workshopkit.tui.dialogs.import_result import ImportResultDialog
from workshopkit.tui.screens.workshop import WorkshopScreen
from workshopkit.tui.screens.workshops import WorkshopsScreen

NOTES = """\
# Quay Festival Debrief

## Barriers
- Stalls blocked the fire lane
- Who holds the generator key?

## Next steps
- Map the stalls before the day @Lee
"""


async def choose_import(pilot, path: str) -> None:
    """Open the palette, pick "Import notes…", and give it ``path``."""
    await pilot.press("ctrl+p")
    await pilot.press(*"import notes")
    await pilot.pause(0.3)
    assert "Import notes…" in screen_text(pilot.app)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, AskDialog)
    pilot.app.screen.query_one(Input).insert_text_at_cursor(path)
    await pilot.press("enter")
    await settle(pilot)


async def until(pilot, condition, timeout: float = 10.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        assert loop.time() < deadline, "the screen never caught up"
        await asyncio.sleep(0.02)
        await pilot.pause()


async def test_import_from_the_workshops_list_makes_a_new_workshop_and_opens_it(
    make_app, db, tmp_path
):
    (tmp_path / "debrief.md").write_text(NOTES, encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(110, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, WorkshopsScreen)
        await choose_import(pilot, "debrief.md")
        assert isinstance(app.screen, ImportResultDialog)
        await until(pilot, lambda: "Read debrief.md" in screen_text(app))
        text = screen_text(app)
        assert "Read debrief.md: 8 lines, 3 headings, 3 points." in text
        assert "Created workshop 'Quay Festival Debrief' (quay-festival-debrief)" in text
        assert "A  Barriers" in text and "A1–A2" in text and "1 barrier, 1 question" in text
        assert "B  Next steps" in text and "1 next step" in text
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, WorkshopScreen)
        assert app.state.slug == "quay-festival-debrief"
        assert "Stalls blocked the fire lane" in screen_text(app)
    with Store(db) as store:
        points = store.workshop("quay-festival-debrief").points
    assert [(p.ref, p.kind.value, p.owner) for p in points] == [
        ("A1", "barrier", None),
        ("A2", "question", None),
        ("B1", "next", "Lee"),
    ]


async def test_import_into_the_open_workshop_shows_the_new_points(make_app, store, tmp_path):
    view = store.create_workshop("Quay Festival", ["Barriers"])
    store.add_point(view.breakouts[0], "Too few bins")
    (tmp_path / "late.txt").write_text("Barriers\n- Toilets ran out of paper\n", encoding="utf-8")
    app = make_app(workshop=view.slug)
    async with app.run_test(size=(110, 30)) as pilot:
        await settle(pilot)
        await choose_import(pilot, str(tmp_path / "late.txt"))
        await until(pilot, lambda: "Added to" in screen_text(app))
        assert "Added to 'Quay Festival' (quay-festival)" in screen_text(app)
        assert "A2" in screen_text(app)
        await pilot.press("escape")
        await until(pilot, lambda: app.state.count("A") == 2)
        assert isinstance(app.screen, WorkshopScreen)
        assert "Toilets ran out of paper" in screen_text(app)


async def test_a_file_that_is_not_notes_is_one_message_and_changes_nothing(
    make_app, store, tmp_path
):
    view = store.create_workshop("Quay Festival", ["Barriers"])
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01")
    app = make_app(workshop=view.slug)
    async with app.run_test(size=(110, 30)) as pilot:
        await settle(pilot)
        await choose_import(pilot, str(tmp_path / "photo.jpg"))
        assert isinstance(app.screen, WorkshopScreen)
        [notice] = [n.message for n in app._notifications]
        assert notice.startswith("Nothing imported: photo.jpg is not a text file")
    assert store.workshop(view.slug).points == ()
