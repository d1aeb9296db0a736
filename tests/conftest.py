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

The suite runs two workers per core (pytest-xdist, see pyproject.toml and
``pytest_xdist_auto_num_workers``). A test that measures time or CPU
(``@pytest.mark.alone``) runs with no other test at once: it takes a lock that every
other test shares, so its figures are those of a quiet machine.

Three things keep the suite quick without changing what it checks: Pilot looks for an
idle app in short steps (``_quicker_pilot``), the app's pauses before it loads the store
and fills its list are shortened (``_short_pauses_before_loading``; the bench measures
the real ones), and the command line is built once per process
(``_cli_built_once``).
"""

import fcntl
import os
import uuid
from contextlib import ExitStack

import pytest
import textual._wait as pilot_wait
import textual.screen
import typer.main
import typer.testing

from workshopkit.cli.main import app as cli_app
from workshopkit.store.facade import Store
from workshopkit.tui.screens.breakout_on_screen import BreakoutOnScreen
from workshopkit.tui.store_worker import StoreWorker

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
    _quicker_pilot()
    _cli_built_once()
    config.addinivalue_line("markers", "sqlite_only: run only on the SQLite store")
    config.addinivalue_line("markers", "alone: measures time or CPU; runs with no other test")
    # Property tests that do not fix max_examples themselves try 30 examples in an
    # ordinary run (and CI), 1,000 under --full.
    from hypothesis import settings

    settings.register_profile("everyday", max_examples=30)
    settings.register_profile("full", max_examples=1000)
    settings.load_profile("full" if config.getoption("--full") else "everyday")


def _quicker_pilot() -> None:
    """Let Textual's Pilot see an idle app sooner.

    After each key it sends, Pilot sleeps in steps of 20 ms until a step passes with
    the process almost idle (under 5% of one core): about 80 ms a key, most of the time
    of a test that types. Steps of 4 ms with the same 5% rule wait for the same idleness
    in a fifth of the time. Textual has no public setting for it; its module globals are
    read at each step.
    """
    pilot_wait.SLEEP_GRANULARITY = 0.004
    pilot_wait.SLEEP_IDLE = pilot_wait.SLEEP_GRANULARITY / 20
    # A screen redraws at most 60 times a second: a change waits up to 17 ms for its
    # frame, and a 4 ms step could find the app idle with the frame still to come. In
    # tests a screen redraws within a step instead (screens read it as they are made).
    textual.screen.UPDATE_PERIOD = pilot_wait.SLEEP_GRANULARITY


def _cli_built_once() -> None:
    """Build the command line's click tree once per test process, as the program does.

    Typer's test runner builds it from the app on every invoke: 13 ms, about 40% of a
    test's ``add``. Typer offers no public way to hand its runner a tree already built.
    """
    built = typer.main.get_command(cli_app)
    typer.testing._get_command = lambda typer_app: (
        built if typer_app is cli_app else typer.main.get_command(typer_app)
    )


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


def pytest_xdist_auto_num_workers(config):
    """``-n auto``: two workers per core. Most tests wait about as long as they compute
    (on a terminal, a child process, the database server, a disk), and a second worker
    per core computes meanwhile: on 2 cores the suite took 5 min 45 s with 2 workers and
    4 min 24 s with 4."""
    return 2 * len(os.sched_getaffinity(0))


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


@pytest.fixture(autouse=True)
def _short_pauses_before_loading(monkeypatch):
    """Open the store and fill the screen after a short pause in typing, not the real one.

    The app waits for 0.4 s without a key before it loads the database layer, and 0.15 s
    before it fills the workshop's list, so that start-up never delays what is typed.
    A test drives the app with its own waits, so those pauses only add up to minutes of
    sleep over the suite. The bench measures start-up with the real pauses.
    """
    monkeypatch.setattr(StoreWorker, "QUIET_BEFORE_STORE", 0.02)
    monkeypatch.setattr(BreakoutOnScreen, "QUIET_BEFORE_FILL", 0.02)


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
