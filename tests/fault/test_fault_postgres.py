"""A PostgreSQL session that loses its connection: ``pg_terminate_backend`` mid-session.

Connections ended while idle are replaced without the user noticing. A connection ended
in the middle of a save (held on a row lock here, so that the moment is certain) gives one
clear message; the save is all or nothing, the command exits 1, the UI keeps the text in
the bar, and the next save works. Only this test's own connections are ended: they carry
an application name of their own.
"""

import asyncio
import subprocess
import sys
import threading
import time
import uuid
from contextlib import contextmanager

import pytest
from hostile import flat, refused
from sqlalchemy import create_engine, make_url, text

from workshopkit.core.errors import StoreError
from workshopkit.core.files.draft import DraftFile, draft_path
from workshopkit.store.facade import Store
from workshopkit.tui.app import WorkshopkitApp

pytestmark = pytest.mark.alone  # cuts connections at the moment a save waits: timing

LOST = "The connection to the database server was lost"


@pytest.fixture
def server(pg_url, pg_server):
    """This test's store URL, and a way to end its connections on the server."""
    tag = f"wk-fault-{uuid.uuid4().hex[:10]}"
    url = make_url(pg_url).update_query_dict({"application_name": tag})
    return Backends(url.render_as_string(hide_password=False), tag, pg_server)


class Backends:
    def __init__(self, url: str, tag: str, admin) -> None:
        self.url, self.tag, self.admin = url, tag, admin

    def end(self, waiting: bool = False) -> int:
        """End this test's connections (only those waiting on a lock, if ``waiting``)."""
        query = (
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE application_name = :tag AND pid <> pg_backend_pid()"
        )
        if waiting:
            query += " AND wait_event_type = 'Lock'"
        with self.admin.connect() as connection:
            return len(connection.execute(text(query), {"tag": self.tag}).all())

    def end_when_waiting(self, timeout: float = 30) -> None:
        """Wait until one of this test's connections waits on the held lock; end it."""
        deadline = time.monotonic() + timeout
        while not self.end(waiting=True):
            assert time.monotonic() < deadline, "no save ever waited on the held lock"
            time.sleep(0.05)

    @contextmanager
    def held(self):
        """Hold the store's revision row, so that the next save waits mid-transaction."""
        engine = create_engine(make_url(self.url).update_query_dict({"application_name": "x"}))
        try:
            with engine.connect() as connection, connection.begin() as transaction:
                connection.execute(text("UPDATE wk_revision SET rev = rev WHERE id = 1"))
                yield
                transaction.rollback()
        finally:
            engine.dispose()


def _texts(url: str) -> list[str]:
    with Store(url) as store:
        return [p.text for p in store.workshop("harbour-day").points]


@pytest.fixture
def workshop(server) -> str:
    with Store(server.url, "Sam") as store:
        view = store.create_workshop("Harbour Day", ["Getting there"])
        store.add_point(view.breakouts[0], "Parking is scarce on market days")
    return view.slug


def test_connections_ended_while_idle_are_replaced(server, workshop):
    with Store(server.url, "Sam") as store:
        breakout = store.workshop(workshop).breakouts[0]
        store.add_point(breakout, "Buses stop at six")
        assert server.end() >= 1
        assert store.add_point(breakout, "Ramp at the side door is steep").ref == "A3"
        assert len(store.workshop(workshop).points) == 3


def test_a_save_cut_off_mid_transaction_says_so_and_saves_nothing(server, workshop):
    outcome: dict = {}
    with Store(server.url, "Sam") as store:
        breakout = store.workshop(workshop).breakouts[0]

        def save() -> None:
            try:
                outcome["saved"] = store.add_points(breakout, ["Lift is broken", "Signs are small"])
            except StoreError as error:
                outcome["error"] = str(error)

        with server.held():
            saving = threading.Thread(target=save)
            saving.start()
            server.end_when_waiting()
            saving.join(30)
        assert "saved" not in outcome
        assert LOST in outcome["error"] and "nothing was changed" in outcome["error"]
        assert "\n" not in outcome["error"]
        assert store.add_point(breakout, "Lift is broken").ref == "A2"  # the next save works
    assert _texts(server.url) == ["Parking is scarce on market days", "Lift is broken"]


def test_a_command_cut_off_mid_save_exits_1_with_one_line(server, workshop, tmp_path, child_env):
    with server.held():
        command = subprocess.Popen(
            [sys.executable, "-m", "workshopkit", "--db", server.url, "add", workshop, "A", "-"],
            cwd=tmp_path,
            env=child_env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        command.stdin.write("Lift is broken\nSigns are small\n")
        command.stdin.close()
        server.end_when_waiting()
        command.wait(timeout=60)
    result = subprocess.CompletedProcess(
        command.args, command.returncode, command.stdout.read(), command.stderr.read()
    )
    refused(result, LOST, "nothing was changed")
    assert _texts(server.url) == ["Parking is scarce on market days"]


async def _settle(pilot, app, timeout: float = 30) -> None:
    for _ in range(int(timeout / 0.02)):
        await pilot.pause()
        if app.store is not None and app.jobs.pending == 0 and app.state is not None:
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"store jobs still pending: {app.jobs.pending}")


def _screen(app) -> str:
    update = app.screen._compositor.render_full_update()
    return "\n".join("".join(strip.text for strip in line) for line in update.strips)


async def test_the_ui_keeps_the_text_when_the_connection_is_lost_mid_save(server, workshop):
    app = WorkshopkitApp(db=server.url, user="Sam", workshop=workshop)
    app.animation_level = "none"
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(pilot, app)
        assert server.end() >= 1  # idle: the next save reconnects without a word
        bar = app.screen.bar.input
        bar.insert_text_at_cursor("Buses stop at six")  # as a paste: key by key is slow
        await pilot.press("enter")
        await _settle(pilot, app)
        assert "saved ✓ A2" in _screen(app)

        with server.held():
            bar.insert_text_at_cursor("Lift is broken #barrier")
            await pilot.press("enter")
            await asyncio.to_thread(server.end_when_waiting)
        await _settle(pilot, app)
        assert app.screen.bar.value.rstrip() == "Lift is broken #barrier"
        assert LOST in flat(_screen(app))
        draft = DraftFile(draft_path(server.url, "Sam")).load(workshop)
        assert draft is not None and draft.text == "Lift is broken #barrier"

        await pilot.press("enter")  # the server is back: the same text saves
        await _settle(pilot, app)
        assert app.screen.bar.value == ""
        assert "saved ✓ A3" in _screen(app)
    assert _texts(server.url) == [
        "Parking is scarce on market days",
        "Buses stop at six",
        "Lift is broken",
    ]
