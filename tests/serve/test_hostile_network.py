"""``workshopkit serve`` on a hostile network: every bad request is refused, and the
note-taker already in keeps working.

The server is the real one (textual-serve with workshopkit's checks) on aiohttp's test
server, and every session is a real app process behind a real websocket. One good
session, Ana's, opens first and stays open through every test of this module; each test
ends by capturing a point in it and finding that point saved in the store.
"""

import asyncio
import contextlib

import aiohttp
import pytest
import pytest_asyncio
from aiohttp import WSCloseCode
from web_helpers import Clock, Session, start

from workshopkit.serve import access as web
from workshopkit.serve.access import COOKIE, MAX_MESSAGE, Access, new_code
from workshopkit.store.facade import Store

pytestmark = pytest.mark.asyncio(loop_scope="module")

CAP = 2


class Served:
    """The server, its test client (holding the right cookie), and the good session."""

    def __init__(self, server, client, db, good) -> None:
        self.server, self.client, self.db, self.good = server, client, db, good
        self.captured: list[str] = []

    @property
    def access(self) -> Access:
        return self.server.access

    @property
    def origin(self) -> str:
        return f"http://{self.client.host}:{self.client.port}"

    def stranger(self) -> aiohttp.ClientSession:
        """A client with no cookie jar: it sends only what a test gives it."""
        return aiohttp.ClientSession(
            base_url=str(self.client.make_url("/")), cookie_jar=aiohttp.DummyCookieJar()
        )

    async def connect(self, query: str = "") -> Session:
        ws = await self.client.ws_connect(f"/ws{query}", headers={"Origin": self.origin})
        return Session(ws)

    async def settled(self, live: int = 1) -> None:
        """Wait until only ``live`` sessions are left (a refused one's app has ended)."""
        for _ in range(400):
            if self.access.live == live:
                return
            await asyncio.sleep(0.05)
        raise AssertionError(f"{self.access.live} sessions still live, {live} expected")

    async def capture(self, text: str) -> None:
        """Ana captures a point: saved on her screen, and in the store under her name."""
        mark = len(self.good.raw)
        await self.good.send("stdin", f"{text}\r")
        await self.good.wait_for(f"saved ✓ A{len(self.captured) + 1}", since=mark)
        self.captured.append(text.removeprefix("\x1b[200~").removesuffix("\x1b[201~"))
        with Store(self.db) as store:
            points = store.workshop("harbour").points
        assert [(p.text, p.captured_by) for p in points] == [(t, "Ana") for t in self.captured]

    async def good_session_still_works(self) -> None:
        await self.capture(f"Ferry timetable check {len(self.captured) + 1}")


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def served(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("served") / "shared.db")
    with Store(db, "Facilitator") as store:
        store.create_workshop("Harbour Forum", ["Getting there"])
    server, client = await start(db, Access(new_code(), CAP, clock=Clock()))
    try:
        assert (await client.get(f"/?code={server.access.code}")).status == 200
        good = Session(
            await client.ws_connect(
                "/ws", headers={"Origin": f"http://{client.host}:{client.port}"}
            )
        )
        await good.join("Ana")
        served = Served(server, client, db, good)
        yield served
        await good.ws.close()
        await served.settled(0)  # every app has quit before the server stops
    finally:
        await client.close()


async def test_no_code_gets_nothing_but_the_static_scripts(served):
    async with served.stranger() as stranger:
        for path in ("/", "/ws", "/download/anything", "/?fontsize=20"):
            response = await stranger.get(path, allow_redirects=False)
            assert response.status == 403, path
            assert "textual-terminal" not in await response.text()
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await stranger.ws_connect("/ws", headers={"Origin": served.origin})
        assert refused.value.status == 403
        assert (await stranger.get("/static/js/textual.js")).status == 200
    await served.good_session_still_works()


async def test_a_wrong_code_in_the_address_or_the_cookie_is_refused(served):
    code = served.access.code
    wrong = ["guess", code[:-1], code + "x", code.upper(), "é" * len(code), code[::-1]]
    async with served.stranger() as stranger:
        for candidate in wrong:
            response = await stranger.get("/", params={"code": candidate}, allow_redirects=False)
            assert response.status == 403, candidate
            assert "Set-Cookie" not in response.headers
            cookie = {"Cookie": f"{COOKIE}={candidate}", "Origin": served.origin}
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await stranger.ws_connect("/ws", headers=cookie)
            assert refused.value.status == 403
    served.access.clock.now += served.access.wrong_window  # these counted: start afresh
    await served.good_session_still_works()


async def test_compare_digest_alone_decides_so_timing_tells_nothing(served, monkeypatch):
    # A timing test would be flaky; this proves instead that every code offered, in the
    # address or in a cookie, is judged by hmac.compare_digest and by nothing else.
    calls, verdict = [], {"answer": None}
    real = web.hmac.compare_digest

    def spy(offered, expected):
        calls.append((offered, expected))
        return real(offered, expected) if verdict["answer"] is None else verdict["answer"]

    monkeypatch.setattr(web.hmac, "compare_digest", spy)
    code = served.access.code
    async with served.stranger() as stranger:
        assert (await stranger.get("/?code=x", allow_redirects=False)).status == 403
        assert calls[-1] == (b"x", code.encode())
        await stranger.get("/", headers={"Cookie": f"{COOKIE}=y"})
        assert calls[-1] == (b"y", code.encode())

        verdict["answer"] = True  # its yes lets a wrong code of any length in...
        response = await stranger.get("/?code=z", allow_redirects=False)
        assert response.status == 303 and COOKIE in response.headers["Set-Cookie"]
        verdict["answer"] = False  # ...and its no keeps the right code out
        assert (await stranger.get(f"/?code={code}", allow_redirects=False)).status == 403
        assert (await stranger.get("/", headers={"Cookie": f"{COOKIE}={code}"})).status == 403
    monkeypatch.undo()
    served.access.clock.now += served.access.wrong_window
    await served.good_session_still_works()


async def test_guessing_is_cut_off_with_429_and_the_open_session_carries_on(served):
    access = served.access
    async with served.stranger() as stranger:
        for n in range(access.max_wrong):
            assert (await stranger.get(f"/?code=guess{n}")).status == 403
        # From now on nothing is even checked: the right code gets the same answer.
        for attempt in (f"/?code={access.code}", "/?code=guess", "/ws"):
            response = await stranger.get(attempt, allow_redirects=False)
            assert response.status == 429, attempt
            assert 0 < int(response.headers["Retry-After"]) <= access.wrong_window
            assert "too many wrong access codes" in await response.text()
        await served.good_session_still_works()  # an open session is not a new request
        access.clock.now += access.wrong_window
        response = await stranger.get(f"/?code={access.code}", allow_redirects=False)
        assert response.status == 303  # a minute later the right code works again


async def test_a_forged_origin_cannot_open_a_session(served):
    for origin in ("http://evil.example", "null", f"{served.origin}.evil.example", None):
        headers = {} if origin is None else {"Origin": origin}
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await served.client.ws_connect("/ws", headers=headers)  # the cookie goes with it
        assert refused.value.status == 403, origin
    assert served.access.live == 1
    await served.good_session_still_works()


async def test_sessions_beyond_the_cap_are_refused_and_room_comes_back(served):
    await served.settled()
    others = [await served.connect() for _ in range(CAP - 1)]
    await served.settled(CAP)
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await served.connect()
    assert refused.value.status == 503
    await served.good_session_still_works()
    await others[0].ws.close()
    await served.settled(CAP - 1)
    latecomer = await served.connect()  # a place is free again
    await latecomer.join("Ben")
    for session in [*others[1:], latecomer]:
        await session.ws.close()
    await served.settled()
    await served.good_session_still_works()


async def test_an_oversized_message_closes_only_its_own_connection(served):
    await served.settled()
    hostile = await served.connect()
    await hostile.wait_for("Your name?")
    with contextlib.suppress(ConnectionError):  # the server may hang up mid-send
        await hostile.send("stdin", "x" * MAX_MESSAGE)
    assert await hostile.closed_with() == WSCloseCode.MESSAGE_TOO_BIG
    await served.settled()
    await served.good_session_still_works()


async def test_a_long_paste_within_the_limit_is_saved_whole(served):
    # The limit refuses floods, not a pasted document: 64 KB is one point, every word kept.
    document = " ".join(f"harbour{n}" for n in range(7000))
    await served.capture(f"\x1b[200~{document}\x1b[201~")
    with Store(served.db) as store:
        assert store.workshop("harbour").points[-1].text == document


async def test_a_huge_terminal_size_is_clamped(served):
    # A size the page would never send; unclamped, the app would try to draw a screen of
    # a million by a million cells (and take all the memory it could).
    await served.settled()
    hostile = await served.connect("?width=1000000&height=1000000")
    await hostile.wait_for("Your name?")
    await hostile.send("resize", {"width": 10**9, "height": 10**9})
    mark = len(hostile.raw)
    await hostile.send("stdin", "Zed")
    await hostile.wait_for("Zed", since=mark)  # still alive, still drawing
    await hostile.ws.close()
    await served.settled()
    await served.good_session_still_works()


@pytest.mark.parametrize(
    "message",
    ["not json", "[" * 100_000, b"\x00binary"],
    ids=["not-json", "deeply-nested", "binary"],
)
async def test_a_malformed_message_closes_only_its_own_connection(served, message):
    await served.settled()
    hostile = await served.connect()
    if isinstance(message, bytes):
        await hostile.ws.send_bytes(message)
    else:
        await hostile.ws.send_str(message)
    assert await hostile.closed_with() == WSCloseCode.POLICY_VIOLATION
    await served.settled()
    await served.good_session_still_works()


async def test_a_cookie_from_before_a_restart_is_refused(tmp_path):
    db = str(tmp_path / "restart.db")
    with Store(db, "Facilitator") as store:
        store.create_workshop("Harbour Forum", ["Getting there"])
    before, client = await start(db, Access(new_code(), CAP))
    old_code = before.access.code
    await client.close()  # serve stops; the next start makes a new code
    after, client = await start(db, Access(new_code(), CAP))
    try:
        assert after.access.code != old_code
        origin = f"http://{client.host}:{client.port}"
        replayed = {"Cookie": f"{COOKIE}={old_code}", "Origin": origin}
        async with aiohttp.ClientSession(
            base_url=str(client.make_url("/")), cookie_jar=aiohttp.DummyCookieJar()
        ) as stranger:
            assert (await stranger.get("/", headers=replayed)).status == 403
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await stranger.ws_connect("/ws", headers=replayed)
            assert refused.value.status == 403
            assert (await stranger.get(f"/?code={old_code}")).status == 403
        # The new address works, cookie and all.
        assert (await client.get(f"/?code={after.access.code}")).status == 200
        good = Session(await client.ws_connect("/ws", headers={"Origin": origin}))
        await good.join("Ana")
        await good.send("stdin", "Bus stop moved\r")
        await good.wait_for("saved ✓ A1")
        await good.ws.close()
        while after.access.live:  # its app quits before the server stops
            await asyncio.sleep(0.05)
    finally:
        await client.close()
    with Store(db) as store:
        assert [p.text for p in store.workshop("harbour").points] == ["Bus stop moved"]
