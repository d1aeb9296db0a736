"""Fixtures for driving the TUI with Textual's Pilot on a temporary store."""

import asyncio
import os

import pytest

from workshopkit.core.store import Store
from workshopkit.tui.app import WorkshopkitApp


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    # Drafts and exports are written relative to the working folder: keep them in tmp.
    monkeypatch.chdir(tmp_path)
    os.environ["TEXTUAL_ANIMATIONS"] = "none"


@pytest.fixture
def db(tmp_path) -> str:
    return str(tmp_path / "tui.db")


@pytest.fixture
def store(db):
    with Store(db, "Tester") as opened:
        yield opened


async def settle(pilot, timeout: float = 10.0) -> None:
    """Wait until every queued store job has reported back and the screen is idle."""
    app = pilot.app
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        await pilot.pause()
        if app.jobs.pending == 0 and app.store is not None or app.store_error:
            await pilot.pause()
            if app.jobs.pending == 0:
                return
        await asyncio.sleep(0.01)
    raise AssertionError(f"store jobs still pending after {timeout}s: {app.jobs.pending}")


def screen_text(app) -> str:
    """Everything on the screen now, as plain text: what a user would read."""
    update = app.screen._compositor.render_full_update()
    return "\n".join("".join(strip.text for strip in line) for line in update.strips)


@pytest.fixture
def make_app(db):
    def make(**options) -> WorkshopkitApp:
        options.setdefault("user", "Tester")
        options.setdefault("db", db)
        return WorkshopkitApp(**options)

    return make
