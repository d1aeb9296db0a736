"""Hostile files: export paths that lead out, titles that are paths, huge and binary imports.

Each is refused with one clear line (``Error: …`` on stderr, exit 1, nothing on stdout)
or handled safely; nothing is written outside the export folder, no temporary file is
left behind, and nothing is overwritten without ``--force``. The simple cases (``..``,
an absolute path, a linked folder) are in tests/cli/test_cli_export.py; here ``--force``
is given as well, so a refusal is for where the file would go, not for a file there.
"""

import asyncio
import gzip
import os
import random
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from workshopkit.cli.main import app
from workshopkit.core.files.draft import draft_path
from workshopkit.core.files.export import md_text
from workshopkit.core.importing.decoding import MAX_BYTES
from workshopkit.store.facade import Store
from workshopkit.tui.app import WorkshopkitApp

PRECIOUS = b"the organiser's own notes\n"


class Cli:
    """``workshopkit --db STORE --as Sam ARGS…`` in-process, from the test's folder."""

    def __init__(self, db: Path) -> None:
        self.db, self.runner = db, CliRunner()

    def __call__(self, *args: str, input: bytes | None = None):
        return self.runner.invoke(app, ["--db", str(self.db), "--as", "Sam", *args], input=input)

    def ok(self, *args: str, **kwargs):
        result = self(*args, **kwargs)
        assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
        return result

    def refused(self, *args: str, **kwargs) -> str:
        """The command must print one ``Error:`` line and exit 1; returns that line."""
        result = self(*args, **kwargs)
        assert result.exit_code == 1, (result.stdout, result.stderr, result.exception)
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert result.stdout == ""
        [line] = result.stderr.splitlines()
        assert line.startswith("Error: ") and "\x1b" not in line, line
        return line


@pytest.fixture
def cli(tmp_path) -> Cli:
    (tmp_path / "store").mkdir()
    return Cli(tmp_path / "store" / "s.db")


@pytest.fixture
def slug(cli) -> str:
    slug = cli.ok("new", "Harbour Day", "-b", "Barriers").stdout.strip()
    cli.ok("add", slug, "A", "Book the big hall @Sam #next")
    return slug


@pytest.fixture
def outside(tmp_path) -> Path:
    """A folder beside the export folder, holding a file of the organiser's."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "victim.md").write_bytes(PRECIOUS)
    return folder


def files(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (links as where they point), with its bytes."""
    return {
        str(p.relative_to(root)): (os.readlink(p).encode() if p.is_symlink() else p.read_bytes())
        for p in sorted(root.rglob("*"))
        if p.is_file() or p.is_symlink()
    }


def outside_exports(root: Path) -> dict[str, bytes]:
    """What is on disk apart from the export folder and the store."""
    return {
        name: data
        for name, data in files(root).items()
        if not name.startswith(("exports/", "store/"))
    }


# -- export paths ---------------------------------------------------------------------


def _links(exports: Path, outside: Path) -> None:
    exports.mkdir()
    (exports / "folder-link").symlink_to(outside)
    (exports / "victim-link.md").symlink_to(outside / "victim.md")
    (exports / "dangling.md").symlink_to(outside / "new.md")
    (exports / "up").symlink_to("..")


@pytest.mark.parametrize(
    "name",
    [
        "../escape.md",
        "../outside/victim.md",
        "sub/../../escape.md",
        "OUTSIDE/victim.md",  # the absolute path of the organiser's file
        "/etc/passwd",
        "folder-link/victim.md",  # a link to a folder outside
        "folder-link/new.md",
        "victim-link.md",  # a link to a file outside
        "dangling.md",  # a link to a file outside that does not exist yet
        "up/escape.md",
        "up/exports/../escape.md",
        ".",
    ],
)
def test_an_export_path_that_leads_outside_is_refused_even_with_force(
    cli, slug, tmp_path, outside, name
):
    exports = tmp_path / "exports"
    _links(exports, outside)
    name = name.replace("OUTSIDE", str(outside))
    before = outside_exports(tmp_path), files(exports)
    for options in ([], ["--force"]):
        line = cli.refused("export", slug, "-o", name, *options)
        assert "leads outside" in line and "-o -" in line
    assert (outside_exports(tmp_path), files(exports)) == before  # no temporary file either
    assert (outside / "victim.md").read_bytes() == PRECIOUS


CONTROL_NAMES = ["x\x1b]0;pwned\x07.md", "x\x1b[2J.md", "two\nlines.md", "tab\there.md",
                 "x\x9b31m.md", "cod\u202egpj.md"]  # fmt: skip


@pytest.mark.parametrize("name", CONTROL_NAMES)
def test_an_export_name_with_control_characters_is_refused(cli, slug, tmp_path, name):
    # An ESC in a file name reaches the terminal in every later `ls` of the folder; the
    # RIGHT-TO-LEFT OVERRIDE makes "cod\u202egpj.md" show as "coddm.jpg".
    assert "control characters" in cli.refused("export", slug, "-o", name)
    assert "control characters" in cli.refused("export", slug, "--dir", f"out{name}")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]  # not even a folder


def test_nothing_is_overwritten_without_force(cli, slug, tmp_path):
    exports = tmp_path / "exports"
    exports.mkdir()
    (exports / f"{slug}-actions.md").write_bytes(PRECIOUS)
    (exports / "folder").mkdir()
    (exports / "folder" / "inside.md").write_bytes(PRECIOUS)
    line = cli.refused("export", slug)
    assert "exists; add --force" in line
    # --force replaces a file, never a folder and what is in it.
    for options in ([], ["--force"]):
        line = cli.refused("export", slug, "-o", "folder", *options)
        assert "exports/folder is a folder" in line
    assert (exports / "folder" / "inside.md").read_bytes() == PRECIOUS
    assert (exports / f"{slug}-actions.md").read_bytes() == PRECIOUS
    cli.ok("export", slug, "--force")
    assert (exports / f"{slug}-actions.md").read_bytes().startswith(b"# Harbour Day")
    assert sorted(p.name for p in exports.iterdir()) == sorted([f"{slug}-actions.md", "folder"])


def test_a_hard_link_to_an_outside_file_is_replaced_not_written_through(
    cli, slug, tmp_path, outside
):
    exports = tmp_path / "exports"
    exports.mkdir()
    os.link(outside / "victim.md", exports / "linked.md")
    cli.refused("export", slug, "-o", "linked.md")
    cli.ok("export", slug, "-o", "linked.md", "--force")
    assert (outside / "victim.md").read_bytes() == PRECIOUS  # the new file is a new file
    assert (exports / "linked.md").read_bytes().startswith(b"# Harbour Day")


def test_a_name_too_long_for_the_disk_is_one_line(cli, slug, tmp_path):
    line = cli.refused("export", slug, "-o", "x" * 300 + ".md")
    assert "too long" in line.lower()
    assert files(tmp_path / "exports") == {}


# -- titles and names that are paths ------------------------------------------------------

PATH_TITLES = ["../../etc/passwd", "/tmp/x", "C:\\x", ".", "..", "~/x", "..\\..\\boot.ini",
               "CON", "a/b/c", "exports/../../x", "-rf /"]  # fmt: skip


@pytest.mark.parametrize("title", PATH_TITLES)
def test_a_workshop_titled_like_a_path_exports_inside_the_folder(cli, tmp_path, title):
    slug = cli.ok("new", "-b", title, "--", title).stdout.strip()
    assert slug and set(slug) <= set("abcdefghijklmnopqrstuvwxyz0123456789-"), slug
    cli.ok("add", slug, "A", "--", f"{title} #next @{title.replace(' ', '')}")
    before = outside_exports(tmp_path)
    for fmt in ("md", "csv", "json"):
        cli.ok("export", slug, "--format", fmt, "--all")
    assert outside_exports(tmp_path) == before
    written = sorted((tmp_path / "exports").iterdir())
    assert [p.name for p in written] == [f"{slug}-points.{ext}" for ext in ("csv", "json", "md")]
    markdown = (tmp_path / "exports" / f"{slug}-points.md").read_text(encoding="utf-8")
    assert markdown.startswith(f"# {md_text(title)} — action list\n")
    with Store(str(cli.db)) as store:
        assert store.workshop(slug).title == title


@pytest.mark.parametrize("title", PATH_TITLES)
def test_a_note_takers_name_that_is_a_path_keeps_the_draft_beside_the_store(tmp_path, title):
    db = tmp_path / "store" / "s.db"
    path = draft_path(str(db), title)
    assert path.parent == tmp_path / "store" / ".drafts"
    assert "/" not in path.name and "\\" not in path.name and not path.name.startswith(".")


def test_imported_notes_whose_headings_are_paths_stay_in_the_store(cli, tmp_path):
    notes = tmp_path / "notes.md"
    notes.write_text("# ../../etc/passwd\n\n## /tmp/x\n- C:\\x\n- .. #next\n", encoding="utf-8")
    cli.ok("import", str(notes))
    cli.ok("import", str(notes), "-w", "../../../root")
    with Store(str(cli.db)) as store:
        titles = {w.title: w.slug for w in store.list_workshops()}
    assert titles == {"../../etc/passwd": "etc-passwd", "../../../root": "root"}
    assert outside_exports(tmp_path) == {"notes.md": notes.read_bytes()}


def test_a_crafted_store_file_merges_in_as_clean_text_and_a_slug(cli, slug, tmp_path):
    # A store handed over on a USB stick may hold what workshopkit never writes.
    other = tmp_path / "theirs.db"
    with Store(str(other), "Ben") as theirs:
        view = theirs.create_workshop("Ben's day", ["Room"])
        theirs.add_point(view.breakouts[0], "placeholder #next")
        theirs.vote(view.slug, "A1", "Ben")
    with sqlite3.connect(other) as connection:
        connection.execute(
            "UPDATE workshop SET slug = '../../etc/passwd', title = ?", ["T\x1b]0;pwned\x07"]
        )
        connection.execute("UPDATE breakout SET title = ?", ["Room\u202e\x9b2J"])
        connection.execute(
            "UPDATE point SET text = ?, owner = ?, themes = ?",
            ["raw \x1b[2J text\x00", "Sam\x1bc", "tag\x1b[1m"],
        )
        connection.execute("UPDATE vote SET voter = ?", ["Ben\x07"])
    connection.close()
    cli.ok("merge", str(other))
    shown = cli.ok("show", "etc-passwd").stdout + cli.ok("list").stdout
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]", shown), shown
    point = cli.ok("show", "etc-passwd", "--json").stdout
    assert '"text": "raw [2J text"' in point and '"owner": "Samc"' in point
    assert '"Ben": 1' in point
    cli.ok("export", "etc-passwd")
    assert (tmp_path / "exports" / "etc-passwd-actions.md").exists()
    cli.ok("merge", str(other))  # again: nothing new, nothing moved
    with Store(str(cli.db)) as store:
        assert sorted(w.slug for w in store.list_workshops()) == ["etc-passwd", slug]


def test_show_and_list_print_no_control_character_whatever_the_store_holds(cli, slug):
    # Written by an older workshopkit or another tool: the commands clean what they
    # print, as the UI cleans what it draws.
    with sqlite3.connect(cli.db) as connection:
        connection.execute("UPDATE workshop SET title = ?", ["Day \x1b]0;pwned\x07"])
        connection.execute("UPDATE breakout SET prompt = ?", ["Why \u202eevil"])
        connection.execute("UPDATE point SET text = ?, owner = ?", ["raw \x1b[2J", "S\x9b1m"])
    connection.close()
    shown = cli.ok("show", slug).stdout + cli.ok("list").stdout
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]", shown), shown
    assert "Day ]0;pwned" in shown and "raw [2J" in shown and "S1m" in shown


# -- imports: huge, endless and binary files ------------------------------------------------


def _notes_of(size: int) -> bytes:
    """Ordinary notes of about ``size`` bytes: a heading every 200 lines."""
    lines, total, n = [], 0, 0
    while total < size:
        line = f"## Group {n // 200}\n" if n % 200 == 0 else f"- Point {n} on parking #t{n % 9}\n"
        lines.append(line)
        total += len(line)
        n += 1
    return "".join(lines).encode()


def _run_measured(tmp_path: Path, *args: str, stdin: bytes | None = None):
    """The real program in a child process; (result, seconds, peak memory in MB)."""
    probe = tmp_path / "peak"
    # VmHWM, the peak resident memory of this program alone (ru_maxrss can carry over the
    # memory of the test process that started it).
    code = (
        "import atexit, re, sys, time; start = time.perf_counter()\n"
        "def report():\n"
        "    peak = re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read())[1]\n"
        f"    open({str(probe)!r}, 'w').write(f'{{time.perf_counter() - start}} {{peak}}')\n"
        "atexit.register(report)\n"
        "from workshopkit.cli.main import main; sys.argv = ['workshopkit', *sys.argv[1:]]; main()\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKSHOPKIT_")}
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=tmp_path,
        env=env | {"WORKSHOPKIT_USER": "Sam"},
        input=stdin,
        capture_output=True,
        timeout=600,
        check=False,
    )
    seconds, kilobytes = probe.read_text().split()
    return result, float(seconds), int(kilobytes) / 1024


def test_a_50_mb_file_is_refused_in_one_line_without_being_read(tmp_path, capsys):
    big = tmp_path / "minutes.md"
    big.write_bytes(_notes_of(50 * 1024 * 1024))
    db = str(tmp_path / "store.db")
    (tmp_path / "empty.md").write_bytes(b"")  # the same command on nothing, for comparison
    _, _, at_rest = _run_measured(tmp_path, "--db", db, "import", str(tmp_path / "empty.md"))
    for args, stdin in ((["import", str(big)], None), (["import", "-"], big.read_bytes())):
        result, seconds, megabytes = _run_measured(tmp_path, "--db", db, *args, stdin=stdin)
        assert result.returncode == 1 and result.stdout == b""
        [line] = result.stderr.decode().splitlines()
        assert line.startswith("Error: ") and f"over {MAX_BYTES // 2**20} MB" in line
        assert not Path(db).exists()  # no store made for a file that was refused
        # Read only as far as the limit (10 MB), not the whole 50 MB.
        assert megabytes - at_rest < 2 * MAX_BYTES / 2**20, (megabytes, at_rest)
        with capsys.disabled():
            print(f"\n  50 MB import {args[-1]}: refused, {seconds:.2f} s, {megabytes:.0f} MB")


def test_an_endless_file_is_refused_not_read_to_the_end(cli, tmp_path):
    line = cli.refused("import", "/dev/zero")  # a device: refused before it is opened
    assert "not a regular file (it is a device)" in line
    with open("/dev/zero", "rb") as endless:  # the same, piped in: read up to the limit
        result = subprocess.run(
            [sys.executable, "-m", "workshopkit", "--db", str(cli.db), "import", "-"],
            stdin=endless,
            capture_output=True,
            text=True,
            timeout=120,
            cwd=tmp_path,
        )
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("Error: standard input is over") and "split it" in line


def test_a_big_file_under_the_limit_imports_whole(tmp_path, counts, capsys):
    size = counts(ci=1024 * 1024, full=MAX_BYTES - 4096)
    notes = tmp_path / "year-of-notes.md"
    notes.write_bytes(_notes_of(size))
    db = str(tmp_path / "store.db")
    result, seconds, megabytes = _run_measured(tmp_path, "--db", db, "import", str(notes))
    assert result.returncode == 0, result.stderr
    lines = notes.read_text().splitlines()
    headings = sum(line.startswith("## ") for line in lines)
    with Store(db) as store:
        [summary] = store.list_workshops()
    assert (summary.breakouts, summary.points) == (headings, len(lines) - headings)
    with capsys.disabled():
        print(f"\n  import of {size / 2**20:.1f} MB: {seconds:.1f} s, peak {megabytes:.0f} MB")


BINARIES = {
    "png": b"\x89PNG\r\n\x1a\n" + random.Random(1).randbytes(20_000),
    "random": random.Random(2).randbytes(100_000),
    "nul": b"\x00" * 4096,
    "gzip": gzip.compress(b"- Parking is scarce\n" * 500, mtime=0),
    "utf-16 without a byte order mark": "- Parking is scarce\n".encode("utf-16-le") * 50,
    "controls without nul": bytes(range(1, 32)) * 300,
    "program": Path(sys.executable).read_bytes()[:200_000],
    "empty": b"",
    "blank": b" \n\t\n\r\n" * 100,
}


@pytest.mark.parametrize("kind", BINARIES)
def test_a_binary_file_is_refused_in_one_line_and_nothing_is_stored(cli, tmp_path, kind):
    (tmp_path / "file.md").write_bytes(BINARIES[kind])
    line = cli.refused("import", str(tmp_path / "file.md"))
    assert "file.md" in line
    assert not cli.db.exists()


def test_a_store_file_or_a_folder_is_refused_in_one_line(cli, slug, tmp_path):
    before = cli.db.read_bytes()
    line = cli.refused("import", str(cli.db))  # the store itself, mistaken for notes
    assert "not a text file" in line
    line = cli.refused("import", str(tmp_path))
    assert "is a folder" in line
    assert cli.db.read_bytes() == before


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_named_pipe_is_refused_in_one_line_instead_of_waiting_for_ever(cli, slug, tmp_path):
    # A real process: before, it blocked in open() until a writer came, which never did.
    fifo = tmp_path / "notes.md"
    os.mkfifo(fifo)
    result = subprocess.run(
        [sys.executable, "-m", "workshopkit", "--db", str(cli.db), "import", str(fifo)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert result.returncode == 1 and result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("Error: ") and "not a regular file (it is a named pipe)" in line
    with Store(str(cli.db)) as store:
        assert len(store.workshop(slug).points) == 1


# -- the same from the terminal UI ----------------------------------------------------------


async def _idle(pilot) -> None:
    """Wait until the app's store jobs have all reported back."""
    app = pilot.app
    for _ in range(400):
        await pilot.pause()
        if app.store is not None and app.jobs.pending == 0 and app.screen.query("Footer"):
            await pilot.pause()
            return
        await asyncio.sleep(0.02)
    raise AssertionError("the app never settled")


async def test_the_ui_export_refuses_a_link_leading_outside(cli, slug, tmp_path, outside):
    (tmp_path / "exports").mkdir()
    (tmp_path / "exports" / f"{slug}-actions.md").symlink_to(outside / "victim.md")
    app = WorkshopkitApp(str(cli.db), "Sam", slug)
    async with app.run_test(size=(100, 30)) as pilot:
        await _idle(pilot)
        await pilot.press("ctrl+e")
        await _idle(pilot)
        await pilot.press("enter", "enter")  # write; "exists: enter again replaces it"
        await _idle(pilot)
        status = str(app.screen.query_one("#export-status").render())
        assert "leads outside" in status and app.is_running
    assert (outside / "victim.md").read_bytes() == PRECIOUS
    assert sorted(p.name for p in (tmp_path / "exports").iterdir()) == [f"{slug}-actions.md"]


@pytest.mark.parametrize("content", [_notes_of(MAX_BYTES + 1), BINARIES["png"]])
async def test_the_ui_import_refuses_a_huge_or_binary_file(cli, slug, tmp_path, content):
    (tmp_path / "notes.md").write_bytes(content)
    app = WorkshopkitApp(str(cli.db), "Sam", slug)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await _idle(pilot)
        from workshopkit.tui import importing

        importing.run(app, str(tmp_path / "notes.md"), slug)
        await _idle(pilot)
        [notice] = [n.message for n in app._notifications if "Nothing imported" in n.message]
        assert "notes.md" in notice and "\n" not in notice
    with Store(str(cli.db)) as store:
        assert len(store.workshop(slug).points) == 1


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
async def test_the_ui_import_of_a_named_pipe_is_refused_and_the_app_carries_on(cli, slug, tmp_path):
    os.mkfifo(tmp_path / "notes.md")
    app = WorkshopkitApp(str(cli.db), "Sam", slug)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await _idle(pilot)
        from workshopkit.tui import importing

        importing.run(app, str(tmp_path / "notes.md"), slug)
        await _idle(pilot)  # before, the store worker blocked here and every job behind it
        [notice] = [n.message for n in app._notifications if "Nothing imported" in n.message]
        assert "not a regular file" in notice
    with Store(str(cli.db)) as store:
        assert len(store.workshop(slug).points) == 1


async def test_a_browser_session_imports_no_file_of_the_serving_machine(
    cli, slug, tmp_path, monkeypatch
):
    """The served app, where the file is opened: even a direct call is refused."""
    from workshopkit.core.files import local_files

    monkeypatch.setattr(local_files, "_refused", True)  # as browser-session sets it
    (tmp_path / "passwd").write_text("root:x:0:0:root:/root:/bin/bash\n")
    app = WorkshopkitApp(str(cli.db), "Sam", slug)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await _idle(pilot)
        from workshopkit.tui import importing

        importing.run(app, str(tmp_path / "passwd"), None)
        await _idle(pilot)
        [notice] = [n.message for n in app._notifications if "Nothing imported" in n.message]
        assert "A browser session cannot import files" in notice
    with Store(str(cli.db)) as store:
        assert [w.slug for w in store.list_workshops()] == [slug]
