"""Fixtures for the fault tests: the real program in a child process, and its verdict."""

import os
import subprocess
import sys
from collections.abc import Callable

import pytest


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    # Drafts of a database URL and exports are written under the working folder.
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def child_env() -> dict[str, str]:
    """The environment of a child workshopkit: nobody's own store or name leaks in."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKSHOPKIT_")}
    return env | {"WORKSHOPKIT_USER": "Sam", "PYTHONUTF8": "1"}


@pytest.fixture
def run_cli(tmp_path, child_env):
    """``run_cli(db, *args, prefix=(), preexec=None, input=None, from_file=False)``:
    ``python -m workshopkit``, its standard input ``input`` through a pipe, or read from a
    file with ``from_file``."""

    def run(
        db: str,
        *args: str,
        prefix: tuple[str, ...] = (),
        preexec: Callable[[], None] | None = None,
        input: str | None = None,
        from_file: bool = False,
    ) -> subprocess.CompletedProcess:
        stdin = None
        if from_file:
            source = tmp_path / "stdin.txt"
            source.write_text(input or "", encoding="utf-8")
            stdin, input = source.open("rb"), None
        return subprocess.run(
            [*prefix, sys.executable, "-m", "workshopkit", "--db", db, *args],
            cwd=tmp_path,
            env=child_env,
            input=input,
            stdin=stdin,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
            preexec_fn=preexec,
            check=False,
        )

    return run
