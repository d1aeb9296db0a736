"""Shared fixtures for the CLI tests: a private store per test and a small runner.

Every test runs with the working directory set to its own ``tmp_path`` (so the default
``exports/`` folder lands there) and with ``WORKSHOPKIT_DB``/``WORKSHOPKIT_USER`` unset,
so nothing from the environment of the person running the tests leaks in. A test that
uses ``cli`` runs on a SQLite file and again on PostgreSQL (see tests/conftest.py);
``@pytest.mark.sqlite_only`` keeps the ones about the file itself to SQLite.
"""

import pytest
from cli_helpers import Cli


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("WORKSHOPKIT_DB", raising=False)
    monkeypatch.delenv("WORKSHOPKIT_USER", raising=False)


@pytest.fixture
def cli(request, backend, tmp_path) -> Cli:
    """A private store: ``s.db`` in ``tmp_path``, and again a PostgreSQL schema."""
    if backend == "postgresql":
        return Cli(request.getfixturevalue("pg_url"))
    return Cli(tmp_path / "s.db")


@pytest.fixture
def harbour(cli) -> str:
    """A workshop with breakouts A Barriers, B What works, C Next steps; returns its slug."""
    result = cli.ok("new", "Harbour Day", "-b", "Barriers", "-b", "What works", "-b", "Next steps")
    return result.stdout.strip()
