"""Fixtures for every test folder: a clean environment, and the store on both engines.

A test that asks for ``backend`` (directly or through a fixture such as ``store``) runs
twice: on a SQLite file and on PostgreSQL. The PostgreSQL run uses the server named by
``WORKSHOPKIT_TEST_PG`` (a SQLAlchemy URL such as
``postgresql+psycopg://postgres@127.0.0.1:5432/test``), each test in a fresh schema of
its own that is dropped afterwards. Without the variable those runs are skipped; with it
set and the server not answering, they fail. ``@pytest.mark.sqlite_only`` keeps a test
that is about SQLite files to its SQLite run.

The fault, fuzz and load suites run reduced counts by default (and in CI); ``pytest
--full`` runs the long counts recorded in RELIABILITY.md. Ask for them with the ``counts``
fixture: ``counts(ci=20, full=200)``.

The suite runs on every core (pytest-xdist, see pyproject.toml). A test that measures
time or CPU (``@pytest.mark.alone``) runs with no other test at once: it takes a lock
that every other test shares, so its figures are those of a quiet machine.
"""

import fcntl
import os
import uuid
from contextlib import ExitStack

import pytest

from workshopkit.store.facade import Store

PG_ENV = "WORKSHOPKIT_TEST_PG"
BACKENDS = ("sqlite", "postgresql")


def pytest_addoption(parser):
    parser.addoption(
        "--full",
        action="store_true",
        default=False,
        help="Run the fault, fuzz and load suites at their full counts (slow).",
    )


def pytest_configure(config):
    config.addinivalue_line("markers", "sqlite_only: run only on the SQLite store")
    config.addinivalue_line("markers", "alone: measures time or CPU; runs with no other test")
    if config.getoption("--full"):
        # Property tests that do not fix max_examples themselves take ten times more.
        from hypothesis import settings

        settings.register_profile("full", max_examples=1000)
        settings.load_profile("full")


@pytest.fixture(scope="session")
def full_run(pytestconfig) -> bool:
    """True under ``pytest --full``: the long counts of the fault, fuzz and load suites."""
    return bool(pytestconfig.getoption("--full"))


@pytest.fixture(scope="session")
def counts(full_run):
    """``counts(ci=N, full=M)``: N in an ordinary run (and CI), M under ``--full``."""

    def pick(ci: int, full: int) -> int:
        return full if full_run else ci

    return pick


def pytest_collection_modifyitems(config, items):
    # The tests that run alone go first, so that the rest of the run is never held up
    # waiting for a long test on another worker to finish.
    items.sort(key=lambda item: item.get_closest_marker("alone") is None)


def pytest_generate_tests(metafunc):
    if "backend" in metafunc.fixturenames:
        only_sqlite = metafunc.definition.get_closest_marker("sqlite_only") is not None
        metafunc.parametrize("backend", BACKENDS[:1] if only_sqlite else BACKENDS)


@pytest.fixture(autouse=True)
def _alone_or_together(request, tmp_path_factory):
    """A readers-writer lock across the run's workers: a test marked ``alone`` holds it
    alone, every other test shares it. Waiting for it, an ``alone`` test also holds the
    turnstile, so that tests starting meanwhile queue behind it rather than starve it."""
    run_folder = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        run_folder = run_folder.parent  # one folder per worker, inside the run's own
    alone = request.node.get_closest_marker("alone") is not None
    with ExitStack() as held:
        turnstile = held.enter_context(open(run_folder / "turnstile.lock", "a"))
        shared = held.enter_context(open(run_folder / "alone.lock", "a"))
        fcntl.flock(turnstile, fcntl.LOCK_EX)
        if alone:
            fcntl.flock(shared, fcntl.LOCK_EX)
            fcntl.flock(turnstile, fcntl.LOCK_UN)
        else:
            fcntl.flock(turnstile, fcntl.LOCK_UN)
            fcntl.flock(shared, fcntl.LOCK_SH)
        yield  # the files close, and the locks go, after the test


@pytest.fixture(autouse=True)
def _no_user_environment(monkeypatch, tmp_path):
    """Keep a developer's own store and name out of every test."""
    monkeypatch.delenv("WORKSHOPKIT_DB", raising=False)
    # pytest-xdist's workers set these; Textual would take them over a terminal's own size.
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.delenv("LINES", raising=False)
    monkeypatch.setenv("WORKSHOPKIT_USER", "Tester")
    # The names given for each store, kept per machine user: a private file per test.
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


@pytest.fixture(scope="session")
def pg_server():
    """An engine on the test server (``WORKSHOPKIT_TEST_PG``), checked once per run."""
    url = os.environ.get(PG_ENV, "")
    if not url:
        pytest.skip(f"PostgreSQL tests need {PG_ENV} (e.g. postgresql+psycopg://user@host/db)")
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import SQLAlchemyError

    problem = None
    try:
        engine = create_engine(
            url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 5}
        )
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except (SQLAlchemyError, ImportError) as error:
        lines = str(getattr(error, "orig", None) or error).strip().splitlines()
        problem = lines[0] if lines else type(error).__name__
    if problem is not None:
        pytest.fail(f"{PG_ENV} is set but PostgreSQL does not answer: {problem}", pytrace=False)
    yield engine
    engine.dispose()


@pytest.fixture
def pg_url(pg_server):
    """The URL of a fresh, empty PostgreSQL schema for one test (dropped afterwards)."""
    from sqlalchemy import text

    schema = f"wk_test_{uuid.uuid4().hex[:12]}"
    with pg_server.connect() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    url = pg_server.url.update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with pg_server.connect() as connection:
            connection.execute(text("SET lock_timeout = '30s'"))  # never hang the run
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))


@pytest.fixture
def store_location(request, backend, tmp_path) -> str:
    """Where a test's store lives: ``store.db`` in ``tmp_path``, or a PostgreSQL URL."""
    if backend == "postgresql":
        return request.getfixturevalue("pg_url")
    return str(tmp_path / "store.db")


@pytest.fixture
def store(store_location):
    """An empty store, on SQLite and again on PostgreSQL."""
    with Store(store_location, user="Facilitator") as opened:
        yield opened


@pytest.fixture
def workshop(store):
    """A workshop with three breakouts: A Barriers, B What works, C Next steps."""
    return store.create_workshop(
        "Harbour Day", ["Barriers", "What works", "Next steps"], date="2026-06-01", venue="Quay"
    )
