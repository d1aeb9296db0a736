"""Disks that refuse writes: a store in a read-only folder, and a disk that fills up.

The command line answers with one line and exit 1, and a refused write changes nothing;
the UI says so on screen and keeps what was typed. When the full disk gets space again,
Enter saves what had been put back into the bar, each point as it was typed.
"""

import os
import shutil
import sqlite3
import subprocess
import sys

import pytest
from hostile import (
    SLUG,
    digest,
    disk_limit,
    flat,
    free_the_disk,
    integrity,
    read_only_folder,
    refused,
    seeded,
)
from pty_screen import AppTerminal

from workshopkit.core.capture import parse
from workshopkit.core.files.draft import DraftFile, draft_path
from workshopkit.tui.widgets.capture_bar import GAP

NOT_WRITABLE = "workshopkit must be able to write to the store and to its folder"
DISK = "(nothing was changed)"


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    path = tmp_path_factory.mktemp("seed") / "seed.db"
    seeded(path)
    return path


@pytest.fixture
def store(seed, tmp_path):
    """A copy of the seeded store, alone in a folder of its own."""
    folder = tmp_path / "store"
    folder.mkdir()
    shutil.copy(seed, folder / "s.db")
    return folder / "s.db"


def _texts(path) -> dict[int, str]:
    """Every point of breakout A, by number, read without the product's help."""
    connection = sqlite3.connect(path)
    try:
        return dict(
            connection.execute(
                "SELECT point.number, point.text FROM point JOIN breakout "
                "ON breakout.id = point.breakout_id WHERE breakout.letter = 'A'"
            ).fetchall()
        )
    finally:
        connection.close()


# -- a read-only folder ------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [["list"], ["show", SLUG], ["add", SLUG, "A", "Lift is out of order"], ["export", SLUG]],
    ids=" ".join,
)
def test_a_store_in_a_read_only_folder_is_refused_and_not_called_damaged(run_cli, store, args):
    before, names = digest(store), sorted(os.listdir(store.parent))
    with read_only_folder(store.parent) as prefix:
        line = refused(run_cli(str(store), *args, prefix=prefix), NOT_WRITABLE)
    # A healthy store must never be called damaged: restoring an old copy over it would
    # lose every point saved since that copy.
    assert "damaged" not in line and "restore" not in line
    assert digest(store) == before
    assert sorted(os.listdir(store.parent)) == names


def test_a_new_store_in_a_read_only_folder_is_refused(run_cli, tmp_path):
    folder = tmp_path / "stick"
    folder.mkdir()
    with read_only_folder(folder) as prefix:
        refused(run_cli(str(folder / "new.db"), "new", "Harbour Day", prefix=prefix), NOT_WRITABLE)
    assert os.listdir(folder) == []


def test_the_ui_on_a_read_only_folder_says_so_and_keeps_the_typed_text(store, child_env):
    before = digest(store)
    with read_only_folder(store.parent) as prefix:
        args = ["--db", str(store), "open", SLUG]
        terminal = AppTerminal(args, store.parent.parent, child_env, 80, 24, prefix=prefix)
        try:
            terminal.wait_for(lambda screen: NOT_WRITABLE in flat(screen))
            terminal.type("Lift is out of order #barrier\r")
            terminal.wait_for("not saved")
            assert terminal.bar().rstrip() == "Lift is out of order #barrier"
            # The whole message, what to do included, is on the 80×24 screen.
            assert "open the copy with --db" in flat(terminal.text())
            terminal.type("\x11")  # ctrl+q
            assert terminal.process.wait(timeout=30) == 0
        finally:
            terminal.close()
    assert digest(store) == before


# -- a full disk -------------------------------------------------------------------------

ROOM = 48 * 1024  # what is left on the disk: room for a handful of saves


def test_a_batch_on_a_full_disk_saves_nothing_and_says_so(run_cli, store):
    before = _texts(store)
    lines = "".join(f"Signs at the station {n} are hard to read #barrier\n" for n in range(3000))
    limit = disk_limit(store.stat().st_size + ROOM)
    result = run_cli(str(store), "add", SLUG, "A", "-", input=lines, from_file=True, preexec=limit)
    refused(result, DISK, "disk")
    assert _texts(store) == before  # a file's lines: all of the batch, or none of it
    assert integrity(store) == "ok"


def test_lines_piped_onto_a_full_disk_keep_every_acknowledged_point(store, tmp_path, child_env):
    before = _texts(store)
    lines = [f"Signs at the station {n} are hard to read #barrier" for n in range(3000)]
    command = subprocess.Popen(
        [sys.executable, "-m", "workshopkit", "--db", str(store), "add", SLUG, "A", "-"],
        cwd=tmp_path,
        env=child_env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        preexec_fn=disk_limit(store.stat().st_size + ROOM),
    )

    # As a live pipe brings them: five lines, then the next five once those are saved.
    printed: list[str] = []
    try:
        for start in range(0, len(lines), 5):
            group = lines[start : start + 5]
            command.stdin.write("".join(f"{line}\n" for line in group))
            command.stdin.flush()
            acknowledged = [command.stdout.readline().strip() for _ in group]
            printed += [ref for ref in acknowledged if ref]
            if not all(acknowledged):
                break  # it stopped at the full disk
        command.stdin.close()
    except BrokenPipeError:  # it stopped at the full disk while being written to
        pass
    printed += command.stdout.read().split()
    error = command.stderr.read()
    command.wait(timeout=120)
    assert command.returncode == 1 and "disk" in error
    assert printed, error  # some were saved before the disk filled
    # A pipe's lines are saved as they arrive: each ref printed is saved, nothing else.
    after = _texts(store)
    added = {f"A{number}": text for number, text in after.items() if number not in before}
    assert list(added) == printed
    assert (
        list(added.values()) == [line.removesuffix(" #barrier") for line in lines][: len(printed)]
    )
    assert integrity(store) == "ok"


def test_saves_until_the_disk_is_full_keep_every_acknowledged_point(run_cli, store):
    before = _texts(store)
    limit = disk_limit(store.stat().st_size + 16 * 1024)
    saved: dict[str, str] = {}
    for n in range(20):  # each a fresh process, as a script calling workshopkit add would be
        # Long notes (pasted minutes) fill the disk in a few saves.
        text = f"Bus stop {n} has no shelter. " + "The timetable is out of date. " * 100
        result = run_cli(str(store), "add", SLUG, "A", text, preexec=limit)
        if result.returncode != 0:
            refused(result, DISK, "disk")
            break
        saved[result.stdout.strip()] = text
    else:
        pytest.fail("the disk never filled up")
    assert saved, "no save fitted on the disk before it filled"
    after = _texts(store)
    assert {f"A{n}": text for n, text in after.items() if n not in before} == {
        ref: parse(text).text for ref, text in saved.items()
    }
    assert integrity(store) == "ok"


def test_an_export_on_a_full_disk_leaves_the_file_already_there(run_cli, store):
    exports = store.parent.parent / "exports"
    exports.mkdir()
    (exports / "points.json").write_text("last week's export\n", encoding="utf-8")
    result = run_cli(
        str(store),
        *("export", SLUG, "--format", "json", "--all", "--force", "-o", "points.json"),
        preexec=disk_limit(40 * 1024),  # room for the store's index, not for the export
    )
    refused(result, "Could not write exports/points.json", "the file already there is as it was")
    assert os.listdir(exports) == ["points.json"]  # no half-written temporary file either
    assert (exports / "points.json").read_text(encoding="utf-8") == "last week's export\n"


def test_the_ui_on_a_filling_disk_keeps_every_typed_point_and_saves_them_once_freed(
    store, child_env
):
    """A fast typist goes on while the disk fills; space is freed; Enter saves the rest.

    Saves that fail put their text back into the bar in the order it was typed, and the
    typing goes on after it; no point is lost, none runs into the next, and once the disk
    has room again one Enter saves each of them as its own point.
    """
    before = _texts(store)
    limit = disk_limit(store.stat().st_size + ROOM)
    typed = [f"Point {n} typed as the disk fills" for n in range(30)]
    terminal = AppTerminal(
        ["--db", str(store), "open", SLUG], store.parent.parent, child_env, 100, 30, preexec=limit
    )
    try:
        terminal.wait_for(lambda _screen: terminal.bar() is not None)
        for text in typed:
            terminal.type(text + "\r")
            terminal.pump(0.05)
        terminal.wait_for("not saved")
        drafts = DraftFile(draft_path(str(store), "Sam"))
        draft = _settled_draft(terminal, drafts)
        # Each typed point is saved, or back in the bar (and its draft) as it was typed.
        waiting = draft.text.split(GAP)
        saved = [text for n, text in _texts(store).items() if n not in before]
        assert sorted(saved + waiting) == sorted(typed)
        assert draft.text.endswith(terminal.bar().strip())  # the bar shows (the end of) it

        free_the_disk(terminal.process.pid)
        terminal.type("\r")
        terminal.wait_for(lambda _screen: terminal.bar() == "" and "saved ✓" in terminal.text())
        terminal.pump(0.5)
        terminal.type("\x11")
        assert terminal.process.wait(timeout=30) == 0
    finally:
        terminal.close()
    new = [text for n, text in sorted(_texts(store).items()) if n not in before]
    assert sorted(new) == sorted(parse(text).text for text in typed)  # each once, none merged
    assert integrity(store) == "ok"
    assert DraftFile(draft_path(str(store), "Sam")).load(SLUG) is None


def _settled_draft(terminal: AppTerminal, drafts: DraftFile):
    """The draft once no save is on its way any more (it stayed the same for a while)."""
    last, steady = None, 0
    for _ in range(200):
        terminal.pump(0.05)
        draft = drafts.load(SLUG)
        steady = steady + 1 if draft == last and "saving…" not in terminal.text() else 0
        if steady >= 10 and draft is not None:
            return draft
        last = draft
    raise AssertionError(f"the draft never settled: {last}\n{terminal.text()}")


def test_the_disk_limit_really_refuses_writes(tmp_path):
    """The harness itself: a child under the limit cannot write past it."""
    target = tmp_path / "big"
    code = f"open({str(target)!r}, 'wb').write(b'x' * 100_000)"
    result = subprocess.run(
        [sys.executable, "-c", code], preexec_fn=disk_limit(10_000), capture_output=True
    )
    assert result.returncode != 0 and target.stat().st_size <= 10_000
