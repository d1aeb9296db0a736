"""The real entry point, ``python -m workshopkit``, in a child process."""

import os
import subprocess
import sys

import pytest


@pytest.fixture
def run(tmp_path, store_location):
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKSHOPKIT_")}
    env |= {
        "WORKSHOPKIT_DB": store_location,  # store.db here, or a PostgreSQL URL
        "WORKSHOPKIT_USER": "Priya",
        "PYTHONUTF8": "1",
    }

    def run(*args: str, input: str | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "workshopkit", *args],
            cwd=tmp_path,
            env=env,
            input=input,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
            check=False,
        )

    return run


def test_new_add_export_end_to_end(run, tmp_path, backend):
    created = run("new", "Harbour Day", "-b", "Barriers", "-b", "Next steps")
    assert created.returncode == 0, created.stderr
    assert created.stdout == "harbour-day\n"
    added = run("add", "harb", "next", 'Book the hall @"Parish Council" due:2027-03 #next')
    assert (added.returncode, added.stdout) == (0, "B1\n")
    batch = run("add", "harb", "A", "-", input="Parking #barrier\n\nWho pays? #q\n")
    assert (batch.returncode, batch.stdout) == (0, "A1\nA2\n")
    exported = run("export", "harb", "-o", "-")
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout.startswith("# Harbour Day — action list\n")
    assert "| B1 |  | Book the hall | Parish Council | 2027-03 | Open | 0 |" in exported.stdout
    assert "Barriers raised: A1 Parking (0)" in exported.stdout
    assert not (tmp_path / "exports").exists()
    assert (tmp_path / "store.db").exists() == (backend == "sqlite")
    shown = run("show", "harbour-day", "--json")
    assert '"captured_by": "Priya"' in shown.stdout  # from WORKSHOPKIT_USER


def test_an_unknown_workshop_exits_1_without_a_traceback(run):
    result = run("show", "nowhere")
    assert result.returncode == 1
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "Error: No workshop 'nowhere'. See the list with: workshopkit list"
    ]


@pytest.mark.sqlite_only
def test_a_store_that_is_not_sqlite_exits_1_untouched(run, tmp_path):
    store = tmp_path / "store.db"
    store.write_bytes(b"hello")
    result = run("add", "x", "A", "Point")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    [line] = result.stderr.splitlines()
    assert line.startswith("Error: ") and "not a workshopkit store" in line
    assert store.read_bytes() == b"hello"


def test_the_ui_needs_a_terminal(run):
    for args in ((), ("open", "anything")):
        result = run(*args)
        assert result.returncode == 1
        assert result.stderr == (
            "Error: The workshopkit UI needs a terminal; see 'workshopkit --help' for commands.\n"
        )


def test_demo_without_a_terminal_prints_what_to_try(run):
    result = run("demo")
    assert result.returncode == 0, result.stderr
    assert "Created the demo workshop 'Riverside Partnership Day'" in result.stdout
