"""Damaged stores: a corrupt file, a truncated one, one that is not SQLite, a newer schema.

For each, every command that needs the data says what is wrong and what to do in one
line and exits 1; the UI says it on screen, at 80×24, without cutting off what to do, and
keeps what was typed in the bar and in its draft. The file is never changed, and no
upgrade backup is made of it.
"""

import asyncio
import os
import random
import shutil
from pathlib import Path

import pytest
from hostile import DAMAGES, SLUG, backups, digest, flat, refused, seeded
from typer.testing import CliRunner

from workshopkit.cli.main import app as cli_app
from workshopkit.core.files.draft import DraftFile, draft_path
from workshopkit.tui.app import WorkshopkitApp

TYPED = "Ramp at the side door is too steep #barrier"

COMMANDS = [
    ["list"],
    ["show", SLUG],
    ["add", SLUG, "A", TYPED],
    ["vote", SLUG, "A1", "--voter", "Ana"],
    ["export", SLUG, "-o", "-"],
]


@pytest.fixture(scope="module")
def seed(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("seed") / "seed.db"
    seeded(path)
    return path


@pytest.fixture(params=list(DAMAGES))
def damaged(request, seed, tmp_path) -> tuple[Path, tuple[str, ...]]:
    """A damaged copy of the seeded store, and the words its message must hold."""
    damage, words = DAMAGES[request.param]
    path = tmp_path / "store.db"
    shutil.copy(seed, path)
    damage(path)
    return path, words


class _Result:
    """CliRunner's result with the fields ``refused`` reads from a finished process."""

    def __init__(self, result) -> None:
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(
            result.exception
        )
        self.returncode, self.stdout, self.stderr = result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_command_on_a_damaged_store_is_one_line_and_changes_nothing(damaged, tmp_path, args):
    path, words = damaged
    before = digest(path)
    result = CliRunner().invoke(cli_app, ["--db", str(path), "--as", "Sam", *args])
    refused(_Result(result), *words)
    assert digest(path) == before
    assert backups(tmp_path) == []


# -- the UI ------------------------------------------------------------------------------


async def _settle(pilot, timeout: float = 15) -> None:
    """Wait until the store has been tried and every queued job has reported back."""
    app = pilot.app
    for _ in range(int(timeout / 0.02)):
        await pilot.pause()
        if (app.store is not None or app.store_error) and app.jobs.pending == 0:
            await pilot.pause()
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"store jobs still pending after {timeout}s: {app.jobs.pending}")


def _screen(app) -> str:
    update = app.screen._compositor.render_full_update()
    return "\n".join("".join(strip.text for strip in line) for line in update.strips)


async def test_the_ui_says_what_is_wrong_and_keeps_what_was_typed(damaged, tmp_path):
    path, words = damaged
    before = digest(path)
    app = WorkshopkitApp(db=str(path), user="Sam", workshop=SLUG)
    app.animation_level = "none"
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        app.screen.bar.input.insert_text_at_cursor(TYPED)  # as a paste: key by key is slow
        await pilot.press("enter")
        await _settle(pilot)
        assert app.is_running
        assert app.screen.bar.value.rstrip() == TYPED
        screen = flat(_screen(app))
        assert "not saved" in screen
        for word in words:  # the whole message, what to do included, is on screen
            assert word in screen, screen
    draft = DraftFile(draft_path(str(path), "Sam")).load(SLUG)
    assert draft is not None and draft.text == TYPED
    assert digest(path) == before
    assert backups(tmp_path) == []


async def test_the_workshops_list_says_what_is_wrong(damaged, tmp_path):
    path, words = damaged
    before = digest(path)
    app = WorkshopkitApp(db=str(path), user="Sam")
    app.animation_level = "none"
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        screen = flat(_screen(app))
        for word in words:
            assert word in screen, screen
    assert digest(path) == before


def test_random_damage_anywhere_never_gives_more_than_one_line(seed, tmp_path, counts):
    """Junk written at random places: every command works or says why in one line.

    Damage inside a text or a date is not always detectable; what the user must never see
    is a traceback or several lines. ``WORKSHOPKIT_FAULT_SEED`` replays a failing seed.
    """
    seed_value = int(os.environ.get("WORKSHOPKIT_FAULT_SEED") or random.randrange(2**32))
    rng = random.Random(seed_value)
    size = seed.stat().st_size
    for round_number in range(counts(ci=12, full=150)):
        path = tmp_path / f"damaged-{round_number}.db"
        shutil.copy(seed, path)
        with path.open("r+b") as handle:
            for _ in range(rng.randint(1, 4)):
                handle.seek(rng.randrange(100, size))  # the header stays: it is a store
                handle.write(rng.randbytes(rng.randint(1, 600)))
        for args in COMMANDS:
            result = CliRunner().invoke(cli_app, ["--db", str(path), "--as", "Sam", *args])
            context = f"seed {seed_value}, round {round_number}, {args}: {result.output!r}"
            assert result.exception is None or isinstance(result.exception, SystemExit), (
                context + repr(result.exception)
            )
            if result.exit_code != 0:
                refused(_Result(result))
