"""Pictures of the main screens at 80×24 and 120×40, compared with the approved ones.

Update them on purpose with ``pytest tests/tui/test_snapshots.py --snapshot-update``
after looking at the new pictures (``snapshot_report.html`` shows the differences).
"""

import pytest
from textual.widgets import Input
from tui_helpers import settle

from workshopkit.core.demo import create_demo
from workshopkit.core.store import Store
from workshopkit.tui.app import WorkshopkitApp

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


@pytest.fixture
def demo_app(db):
    with Store(db, "Tester") as store:
        slug = create_demo(store)[0].slug

    def make(**options) -> WorkshopkitApp:
        options.setdefault("workshop", slug)
        app = WorkshopkitApp(db=db, user="Tester", **options)
        app.animation_level = "none"  # a picture taken mid-scroll would differ run to run
        return app

    return make


def steady(*keys: str):
    """Wait for the store, press ``keys``, wait again; no blinking cursor in the picture."""

    async def run_before(pilot) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False
        await pilot.pause(0.1)

    return run_before


@pytest.mark.parametrize("size", SIZES)
class TestWorkshopsList:
    def test_workshops(self, snap_compare, demo_app, size):
        assert snap_compare(demo_app(workshop=None), terminal_size=size, run_before=steady())


@pytest.mark.parametrize("size", SIZES)
class TestWorkshopScreen:
    def test_capture_bar_reading_tags(self, snap_compare, demo_app, size):
        keys = [*"Lift is broken #barrier @Estates due:2027-02"]
        assert snap_compare(demo_app(), terminal_size=size, run_before=steady(*keys))

    def test_point_list_on_breakout_c(self, snap_compare, demo_app, size):
        keys = ["escape", "C", "home"]
        assert snap_compare(demo_app(), terminal_size=size, run_before=steady(*keys))


@pytest.mark.parametrize("size", SIZES)
class TestVoting:
    def test_voting(self, snap_compare, demo_app, size):
        keys = ["escape", "v", "home", "plus", "down", "plus"]
        assert snap_compare(demo_app(), terminal_size=size, run_before=steady(*keys))

    def test_ranking(self, snap_compare, demo_app, size):
        keys = ["escape", "r"]
        assert snap_compare(demo_app(), terminal_size=size, run_before=steady(*keys))


@pytest.mark.parametrize("size", SIZES)
class TestActionList:
    def test_action_list(self, snap_compare, demo_app, size):
        keys = ["escape", "a"]
        assert snap_compare(demo_app(), terminal_size=size, run_before=steady(*keys))


@pytest.mark.parametrize("size", SIZES)
class TestExportPreview:
    def test_export_preview(self, snap_compare, demo_app, size):
        assert snap_compare(demo_app(), terminal_size=size, run_before=steady("ctrl+e"))


@pytest.mark.parametrize("size", SIZES)
class TestKeys:
    def test_keys_dialog(self, snap_compare, demo_app, size):
        keys = ["escape", "question_mark"]
        assert snap_compare(demo_app(), terminal_size=size, run_before=steady(*keys))
