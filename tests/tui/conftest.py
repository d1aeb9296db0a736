"""Fixtures for driving the TUI with Textual's Pilot on a temporary store."""

import pytest

from workshopkit.store.facade import Store
from workshopkit.tui.app import WorkshopkitApp


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    # Drafts and exports are written relative to the working folder: keep them in tmp.
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def db(tmp_path) -> str:
    return str(tmp_path / "tui.db")


@pytest.fixture
def store(db):
    with Store(db, "Tester") as opened:
        yield opened


@pytest.fixture
def make_app(db):
    def make(**options) -> WorkshopkitApp:
        options.setdefault("user", "Tester")
        options.setdefault("db", db)
        app = WorkshopkitApp(**options)
        app.animation_level = "none"
        return app

    return make
