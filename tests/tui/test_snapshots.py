"""Pictures of the main screens at 80×24 and 120×40, compared with the approved ones.

Update them on purpose with ``pytest tests/tui/test_snapshots.py --snapshot-update``
after looking at the new pictures (``snapshot_report.html`` shows the differences).

Each picture also checks, in words, that it shows the screen it is named after: a
picture of a loading screen or of an error would otherwise be approved as easily as a
good one.
"""

from dataclasses import dataclass, field

import pytest
from textual.screen import Screen
from textual.widgets import Input, TextArea
from tui_helpers import screen_text, settle

from workshopkit.store.bulk.demo import create_demo
from workshopkit.tui.dialogs.ask import AskDialog
from workshopkit.tui.dialogs.keys import KeysDialog
from workshopkit.tui.dialogs.new_workshop import NewWorkshopDialog
from workshopkit.tui.screens.actions import ActionsScreen
from workshopkit.tui.screens.export import ExportScreen
from workshopkit.tui.screens.ranking import RankingScreen
from workshopkit.tui.screens.voting import VotingScreen
from workshopkit.tui.screens.workshop import WorkshopScreen
from workshopkit.tui.screens.workshops import WorkshopsScreen

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
# Words that mean the picture was taken too early, or of a failure.
NOT_READY = ("Opening the store", "Loading…", "Cannot open the store", "not saved")


@dataclass
class Scene:
    """Keys pressed before the picture, and what the picture must show.

    ``steps``: each a key name, or a list of keys pressed in one go (typed text).
    """

    steps: tuple
    screen: type[Screen]
    shows: tuple[str, ...]
    seen: tuple | None = field(default=None, init=False)

    async def __call__(self, pilot) -> None:
        await settle(pilot)
        await hold_still(pilot)
        for step in self.steps:
            await pilot.press(*(step if isinstance(step, list) else [step]))
            await settle(pilot)
            # A screen covered by a dialog is not drawn again: it must be still first.
            await hold_still(pilot)
        app = pilot.app
        # A blinking cursor is drawn or not depending on the moment: keep it on.
        for screen in app.screen_stack:
            for widget in [*screen.query(Input), *screen.query(TextArea)]:
                widget.cursor_blink = False
        await hold_still(pilot)
        self.seen = (app.screen, screen_text(app), app.store_error)

    def check(self) -> None:
        assert self.seen is not None, "the app ended before the picture was taken"
        screen, text, store_error = self.seen
        assert store_error is None
        assert isinstance(screen, self.screen), f"{type(screen).__name__} is on top"
        for words in NOT_READY:
            assert words not in text, f"the picture shows {words!r}"
        for words in self.shows:
            assert words in text, f"{words!r} is not in the picture"


async def hold_still(pilot) -> None:
    """Wait until the picture stops changing: a scroll or a scrollbar can lag a frame."""
    app = pilot.app
    await pilot.wait_for_scheduled_animations()
    await settle(pilot)
    before = app.export_screenshot()
    for _ in range(20):
        await pilot.pause(0.05)
        now = app.export_screenshot()
        if now == before:
            return
        before = now


def scene(*steps, screen: type[Screen], shows: tuple[str, ...]) -> Scene:
    return Scene(steps, screen, shows)


def picture(snap_compare, app, size, wanted: Scene) -> bool:
    """Take the picture after ``wanted``'s keys; True when it matches the approved one."""
    matched = snap_compare(app, terminal_size=size, run_before=wanted)
    wanted.check()
    return matched


@pytest.fixture
def demo(make_app):
    """The app opening the demo workshop, as ``workshopkit --demo`` does."""
    return make_app(demo=True)


@pytest.mark.parametrize("size", SIZES)
class TestWorkshopsList:
    @pytest.fixture
    def two_workshops(self, make_app, store):
        create_demo(store)
        later = store.create_workshop("Quayside Volunteers Evening", ["Recruiting", "Keeping"])
        store.add_point(later.breakouts[0], "Students want short evening shifts #idea")
        store.add_point(later.breakouts[1], "Thank-you cards from the residents #volunteers")
        return make_app()

    def test_workshops_most_recent_first(self, snap_compare, two_workshops, size):
        wanted = scene(
            screen=WorkshopsScreen,
            shows=(
                "enter opens a workshop · n creates one",
                "Quayside Volunteers Evening",
                "Riverside Partnership Day",
                "Riverside Library",
            ),
        )
        assert picture(snap_compare, two_workshops, size, wanted)

    def test_new_workshop_form_filled_in(self, snap_compare, two_workshops, size):
        # The date field starts as today: replaced here, so the picture never ages.
        wanted = scene(
            "n",
            [*"Harbour Forum", "enter"],
            [*"Getting there", "enter", *"What works"],
            "tab",
            ["ctrl+u", *"2027-05-12", "enter"],
            [*"Quay Hall"],
            screen=NewWorkshopDialog,
            shows=("Harbour Forum", "What works", "2027-05-12", "Quay Hall"),
        )
        assert picture(snap_compare, two_workshops, size, wanted)


@pytest.mark.parametrize("size", SIZES)
class TestWorkshopScreen:
    def test_capture_bar_reading_tags(self, snap_compare, demo, size):
        wanted = scene(
            [*"Lift is broken #barrier @Estates due:2027-02"],
            screen=WorkshopScreen,
            shows=(
                "Riverside Partnership Day ─ A What gets in the way ─ 11 points",
                "> Lift is broken #barrier @Estates due:2027-02",
                "barrier  @Estates  due 2027-02",
            ),
        )
        assert picture(snap_compare, demo, size, wanted)

    def test_point_just_saved(self, snap_compare, demo, size):
        wanted = scene(
            [*"Lift is broken #barrier @Estates", "enter"],
            screen=WorkshopScreen,
            shows=("A What gets in the way ─ 12 points", "saved ✓ A12", "A12"),
        )
        assert picture(snap_compare, demo, size, wanted)

    def test_point_list_on_breakout_c(self, snap_compare, demo, size):
        wanted = scene(
            "tab",
            "tab",
            "escape",
            "home",
            screen=WorkshopScreen,
            shows=(
                "C Next steps ─ 9 points",
                "Who will do what, and by when?",
                "C1 Agree one contact person per partner",
            ),
        )
        assert picture(snap_compare, demo, size, wanted)


class TestSmallTerminal:
    """60×20, the smallest size the screens are laid out for (issue: points 9 wide)."""

    def test_workshop_screen_at_60x20(self, snap_compare, demo):
        wanted = scene(
            [*"Lift is broken #barrier"],
            screen=WorkshopScreen,
            shows=("A What gets in the way", "> Lift is broken #barrier"),
        )
        assert picture(snap_compare, demo, (60, 20), wanted)


@pytest.mark.parametrize("size", SIZES)
class TestVotingScreen:
    def test_two_dots_placed(self, snap_compare, demo, size):
        wanted = scene(
            "f2",
            "home",
            "plus",
            "down",
            "plus",
            screen=VotingScreen,
            shows=(
                "Voting A What gets in the way ─ voter: Tester ─ 3/5 dots left",
                "Tester put a dot on A2: 3 dots left.",
                "(1)",
            ),
        )
        assert picture(snap_compare, demo, size, wanted)

    def test_blind_voting_hides_the_counts(self, snap_compare, demo, size):
        wanted = scene(
            "f2",
            "h",
            screen=VotingScreen,
            shows=("counts hidden", "you 0"),
        )
        assert picture(snap_compare, demo, size, wanted)


@pytest.mark.parametrize("size", SIZES)
class TestRankingScreen:
    def test_ranking_of_breakout_a(self, snap_compare, demo, size):
        wanted = scene(
            "f3",
            screen=RankingScreen,
            shows=("Ranking ─ A What gets in the way", "████ 8"),
        )
        assert picture(snap_compare, demo, size, wanted)

    def test_tab_shows_the_next_breakout(self, snap_compare, demo, size):
        wanted = scene(
            "f3",
            "tab",
            screen=RankingScreen,
            shows=("Ranking ─ B What works well", "Keep the coffee mornings"),
        )
        assert picture(snap_compare, demo, size, wanted)


@pytest.mark.parametrize("size", SIZES)
class TestActionList:
    def test_action_list(self, snap_compare, demo, size):
        wanted = scene(
            "f4",
            screen=ActionsScreen,
            shows=(
                "Action list ─ Riverside Partnership Day ─ 13 next steps",
                "5 need an owner or a due",
                "Chief Officers",
                "⚠ none",
            ),
        )
        assert picture(snap_compare, demo, size, wanted)

    def test_owner_dialog_suggests_owners_used_before(self, snap_compare, demo, size):
        wanted = scene(
            "f4",
            "g",
            "o",
            "V",
            screen=AskDialog,
            shows=("Owner of A9 (empty clears it)", "Venues group", "→ takes the suggestion"),
        )
        assert picture(snap_compare, demo, size, wanted)


@pytest.mark.parametrize("size", SIZES)
class TestExportPreview:
    def test_export_preview(self, snap_compare, demo, size):
        wanted = scene(
            "ctrl+e",
            screen=ExportScreen,
            shows=(
                "enter writes exports/riverside-partnership-day-actions.md",
                "Riverside Partnership Day — action list",
                "A. What gets in the way",
            ),
        )
        assert picture(snap_compare, demo, size, wanted)

    def test_after_writing_the_file(self, snap_compare, demo, size):
        wanted = scene(
            "ctrl+e",
            "enter",
            screen=ExportScreen,
            shows=("Wrote exports/riverside-partnership-day-actions.md",),
        )
        assert picture(snap_compare, demo, size, wanted)


@pytest.mark.parametrize("size", SIZES)
class TestKeysDialog:
    def test_keys_of_the_point_list(self, snap_compare, demo, size):
        wanted = scene(
            "escape",
            "f1",
            screen=KeysDialog,
            shows=("Keys: Riverside Partnership Day", "Capture bar", "Save the point"),
        )
        assert picture(snap_compare, demo, size, wanted)

    def test_keys_of_the_voting_screen(self, snap_compare, demo, size):
        wanted = scene(
            "f2",
            "f1",
            screen=KeysDialog,
            shows=("Keys: Voting A", "Place a dot", "Take a dot back"),
        )
        assert picture(snap_compare, demo, size, wanted)
