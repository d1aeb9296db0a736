"""What a browser reaches through ``serve``: the workshop, and nothing else of the machine.

Through the real server and real app sessions behind real websockets, as a note-taker (or
an attacker with the code) would: no import of the serving machine's files, exports as
downloads to the browser, a wrong-code burst that does not lock out signed-in browsers
from the same address, and a page that loads nothing from other sites. Requests aiohttp
cannot parse are in test_bad_requests.py.
"""

import asyncio
import contextlib
import json
import re
from pathlib import Path

import aiohttp
import pytest
import pytest_asyncio
from web_helpers import Clock, Session, start

from workshopkit.serve.access import Access, new_code
from workshopkit.store.facade import Store

pytestmark = pytest.mark.asyncio(loop_scope="module")


class Served:
    def __init__(self, server, client, db: str, workdir: Path) -> None:
        self.server, self.client, self.db, self.workdir = server, client, db, workdir

    @property
    def origin(self) -> str:
        return f"http://{self.client.host}:{self.client.port}"

    async def join(self, name: str) -> Session:
        session = Session(await self.client.ws_connect("/ws", headers={"Origin": self.origin}))
        await session.join(name)
        return session

    async def settled(self) -> None:
        """Every session's app has ended (the next test starts with the cap free)."""
        for _ in range(400):
            if self.server.access.live == 0:
                return
            await asyncio.sleep(0.05)
        raise AssertionError("sessions still live")


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def served(tmp_path_factory):
    root = tmp_path_factory.mktemp("served-files")
    workdir = root / "serving"  # where every session's app runs, as serve's own folder
    workdir.mkdir()
    db = str(root / "shared.db")
    with Store(db, "Facilitator") as store:
        view = store.create_workshop("Harbour Forum", ["Getting there"])
        store.add_point(view.breakouts[0], "Late buses after the evening session #next @Transit")
    server, client = await start(db, Access(new_code(), 4, clock=Clock()), cwd=str(workdir))
    try:
        assert (await client.get(f"/?code={server.access.code}")).status == 200
        yield Served(server, client, db, workdir)
    finally:
        await client.close()


# -- 1. no file of the serving machine ------------------------------------------------------


async def test_a_browser_session_is_offered_no_import_of_the_machines_files(served):
    session = await served.join("Ana")
    await session.send("stdin", "\x10")  # ctrl+p: the command palette
    await session.wait_for("Search for commands")
    mark = len(session.raw)
    await session.send("stdin", "Import notes")
    # Only what matches is listed; a local TUI lists "Import notes…" here.
    await session.wait_for("No matches found", since=mark)
    assert "Import notes…" not in session.text(mark)
    await session.ws.close()
    await served.settled()
    with Store(served.db) as store:
        assert [w.slug for w in store.list_workshops()] == ["harbour-forum"]


async def test_a_browser_export_is_a_download_and_nothing_is_written_here(served):
    session = await served.join("Ben")
    await session.send("stdin", "\x05")  # ctrl+e: the export preview
    await session.wait_for("to this browser")
    await session.send("stdin", "\r")  # enter: before, a file under the server's exports/

    def delivered() -> bool:
        return any(m.startswith('["deliver_file_start"') for m in session.messages)

    await session.read_until(delivered, "the download")
    [key] = [json.loads(m)[1] for m in session.messages if "deliver_file_start" in m]
    download = await served.client.get(f"/download/{key}")  # the page fetches this
    assert download.status == 200
    assert "harbour-forum-actions.md" in download.headers["Content-Disposition"]
    body = await download.text()
    assert "# Harbour Forum" in body and "Late buses after the evening session" in body
    await session.wait_for("Sent harbour-forum-actions.md")
    await session.ws.close()
    await served.settled()
    assert list(served.workdir.rglob("*")) == []  # no exports/ on the serving machine


# -- 6. a wrong-code burst from one address ------------------------------------------------


async def test_a_wrong_code_burst_does_not_lock_out_browsers_signed_in_there(served):
    access = served.server.access
    async with aiohttp.ClientSession(
        base_url=str(served.client.make_url("/")), cookie_jar=aiohttp.DummyCookieJar()
    ) as mistyper:  # the same address as the signed-in client: 127.0.0.1
        for n in range(access.max_wrong):
            assert (await mistyper.get(f"/?code=typo{n}", allow_redirects=False)).status == 403
        refused = await mistyper.get(f"/?code={access.code}", allow_redirects=False)
        assert refused.status == 429
        seconds = int(refused.headers["Retry-After"])
        page = await refused.text()
        found = re.search(r"Try again in (\d+) seconds \(at (\d\d:\d\d:\d\d)\)", page)
        assert found and int(found[1]) == seconds, page
    # The browser that holds the cookie, from the same address, carries on: the page, and
    # a new session (a second tab).
    assert (await served.client.get("/")).status == 200
    session = await served.join("Cleo")
    await session.send("stdin", "Parking by the hall\r")
    await session.wait_for("saved ✓")
    await session.ws.close()
    await served.settled()
    access.clock.now += access.wrong_window
    with Store(served.db) as store:
        assert [p.text for p in store.workshop("harbour").points][-1] == "Parking by the hall"


# -- 4. nothing from other sites ---------------------------------------------------------


async def test_the_page_loads_nothing_from_another_site(served):
    page = await served.client.get("/")
    html = await page.text()
    assert "textual-terminal" in html
    addresses = re.findall(r"""(?:href|src)\s*=\s*["']?([^"' >]+)""", html)
    outside = [a for a in addresses if re.match(r"(https?:)?//", a) and served.origin not in a]
    assert outside == [], outside
    assert "googleapis" not in html and "/static/fonts/RobotoMono" in html
    policy = page.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "font-src 'self'" in policy
    font = await served.client.get("/static/fonts/RobotoMono-VariableFont_wght.ttf")
    assert font.status == 200 and len(await font.read()) > 10_000


# -- 2. a very narrow terminal asked for -------------------------------------------------


async def test_a_tiny_terminal_asked_for_is_given_the_smallest_that_draws(served):
    # Before, width 6 crashed the session's app and 7–8 made it redraw without end.
    session = Session(
        await served.client.ws_connect("/ws?width=6&height=24", headers={"Origin": served.origin})
    )
    await session.wait_for("Your name?")
    mark = len(session.raw)
    await session.send("stdin", "Dee\r")
    await session.wait_for("type a point", since=mark)  # 40 columns: the workshop screen
    await session.send("resize", {"width": 3, "height": 2})
    await asyncio.sleep(1)  # the resize has been drawn
    mark = len(session.raw)
    await session.send("ping", "still-there")
    await session.read_until(lambda: any("still-there" in m for m in session.messages), "pong")
    # Idle for three seconds: a spinning app sent megabytes here.
    with contextlib.suppress(AssertionError):
        await session.read_until(lambda: False, "nothing", timeout=3)
    assert len(session.raw) - mark < 50_000
    await session.send("stdin", "Ramp at the side door\r")  # and it still captures
    for _ in range(200):
        with Store(served.db) as store:
            if "Ramp at the side door" in [p.text for p in store.workshop("harbour").points]:
                break
        await asyncio.sleep(0.1)
    else:
        raise AssertionError("the point typed in the tiny session was never saved")
    await session.ws.close()
    await served.settled()
