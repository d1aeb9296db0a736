"""The access checks in front of the served app: code, cookie, Origin, session cap, the
limit on wrong codes, and what a websocket message may be."""

import asyncio

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from workshopkit.core.screen_size import MIN_COLUMNS, MIN_ROWS
from workshopkit.serve.access import COOKIE, Access, guard, new_code, reachable_host
from workshopkit.serve.server import (
    MAX_COLUMNS,
    MAX_ROWS,
    Malformed,
    _dimension,
    envelope,
    session_command,
)

CODE = "right-code-123"


async def _client(access: Access, hold: asyncio.Event | None = None) -> TestClient:
    async def index(_request):
        return web.Response(text="the app page")

    async def websocket(_request):
        if hold is not None:
            await hold.wait()  # a live session, until the test lets it end
        return web.Response(text="a session")

    async def script(_request):
        return web.Response(text="script")

    app = web.Application(middlewares=[guard(access)])
    app.router.add_get("/", index)
    app.router.add_get("/ws", websocket)
    app.router.add_get("/static/app.js", script)
    client = TestClient(TestServer(app))
    await client.start_server()
    return client


def _origin(client: TestClient) -> str:
    return f"http://{client.host}:{client.port}"


async def test_without_the_code_or_with_a_wrong_one_there_is_no_app():
    client = await _client(Access(CODE, 5))
    try:
        for path in ("/", "/?code=wrong", "/?code=", "/ws", "/download/x"):
            response = await client.get(path, allow_redirects=False)
            assert response.status == 403, path
            assert "the app page" not in await response.text()
        assert (await client.get("/static/app.js")).status == 200  # scripts carry nothing
    finally:
        await client.close()


async def test_the_right_code_becomes_an_httponly_strict_cookie():
    client = await _client(Access(CODE, 5))
    try:
        response = await client.get(f"/?code={CODE}", allow_redirects=False)
        assert response.status == 303 and response.headers["Location"] == "/"
        cookie = response.headers["Set-Cookie"]
        assert f"{COOKIE}={CODE}" in cookie
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
        page = await client.get("/")  # the cookie jar sends it back
        assert page.status == 200 and await page.text() == "the app page"
    finally:
        await client.close()


async def test_the_websocket_needs_the_cookie_and_our_own_origin():
    client = await _client(Access(CODE, 5))
    try:
        no_cookie = await client.get("/ws", headers={"Origin": _origin(client)})
        assert no_cookie.status == 403
        await client.get(f"/?code={CODE}")
        forged = await client.get("/ws", headers={"Origin": "http://evil.example"})
        assert forged.status == 403
        missing = await client.get("/ws")
        assert missing.status == 403
        good = await client.get("/ws", headers={"Origin": _origin(client)})
        assert good.status == 200
    finally:
        await client.close()


async def test_sessions_beyond_the_cap_are_refused_and_the_others_carry_on():
    hold = asyncio.Event()
    access = Access(CODE, 2)
    client = await _client(access, hold)
    try:
        await client.get(f"/?code={CODE}")
        headers = {"Origin": _origin(client)}
        live = [asyncio.create_task(client.get("/ws", headers=headers)) for _ in range(2)]
        while access.live < 2:
            await asyncio.sleep(0.01)
        refused = await client.get("/ws", headers=headers)
        assert refused.status == 503
        assert "sessions are in use" in await refused.text()
        hold.set()
        assert [(await task).status for task in live] == [200, 200]
        assert access.live == 0
        assert (await client.get("/ws", headers=headers)).status == 200  # room again
    finally:
        await client.close()


def test_codes_are_long_random_and_compared_whole():
    codes = {new_code() for _ in range(100)}
    assert len(codes) == 100 and all(len(code) >= 12 for code in codes)
    access = Access(CODE, 1)
    assert access.allows(CODE)
    assert not access.allows(CODE[:-1]) and not access.allows(CODE + "x")
    assert not access.allows(None) and not access.allows("")


@pytest.mark.parametrize("wildcard", ["0.0.0.0", "::"])
def test_a_wildcard_host_prints_an_address_a_browser_can_reach(wildcard):
    assert reachable_host(wildcard) not in ("0.0.0.0", "::", "")
    assert reachable_host("127.0.0.1") == "127.0.0.1"


def test_wrong_codes_are_counted_per_address_over_a_sliding_minute():
    now = [0.0]
    access = Access(CODE, 1, max_wrong=3, wrong_window=60.0, clock=lambda: now[0])
    for second in (0, 10, 20):
        now[0] = second
        assert access.wait_before_next("10.0.0.7") == 0
        access.record_wrong("10.0.0.7")
    assert access.wait_before_next("10.0.0.7") == 40  # until the first of the three is old
    assert access.wait_before_next("10.0.0.8") == 0  # the next laptop is not held up
    now[0] = 60
    assert access.wait_before_next("10.0.0.7") == 0  # one try back
    access.record_wrong("10.0.0.7")
    assert access.wait_before_next("10.0.0.7") == 10


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ('["stdin", "a\\u001b[A"]', ("stdin", "a\x1b[A")),
        ('["stdin", "[[[{"]', ("stdin", "[[[{")),  # brackets inside the text are text
        ('["resize", {"width": 120, "height": 40}]', ("resize", (120, 40))),
        ('["resize", {"width": 99999, "height": -5}]', ("resize", (MAX_COLUMNS, MIN_ROWS))),
        ('["resize", {"width": 6, "height": 24}]', ("resize", (MIN_COLUMNS, 24))),
        ('["ping", "1712345"]', ("ping", "1712345")),
        ('["focus"]', ("focus", None)),
        (' [ "blur" ] ', ("blur", None)),
        ('["newer_kind", {"any": [[["thing"]]]}]', ("newer_kind", None)),  # not read
    ],
)
def test_what_the_page_sends_is_understood(message, expected):
    assert envelope(message) == expected


@pytest.mark.parametrize(
    "message",
    [
        "not json",
        "",
        "[]",
        "[1]",
        '{"stdin": "x"}',
        '["stdin"]',
        '["stdin", 5]',
        '["stdin", "a", "b"]',
        '["stdin", "unterminated]',
        '["ping", null]',
        '["resize", {"width": "80", "height": 24}]',
        '["resize", {"width": 80.5, "height": 24}]',
        '["resize", {"width": true, "height": 24}]',
        '["resize", {"width": 1e400, "height": 24}]',
        '["resize", {"width": ' + "9" * 5000 + ', "height": 24}]',
        '["resize", {"width": [80], "height": 24}]',
        '["resize", {"height": 24}]',
        '["resize", "80x24"]',
        "[" * 100_000,
        '["stdin", ' + "[" * 100_000 + '"x"]',
    ],
)
def test_a_malformed_message_is_refused_before_it_reaches_the_app(message):
    with pytest.raises(Malformed):
        envelope(message)


def test_a_huge_or_tiny_size_in_the_websocket_address_is_clamped():
    assert _dimension("100000000", 80, MIN_COLUMNS, MAX_COLUMNS) == MAX_COLUMNS
    assert _dimension("6", 80, MIN_COLUMNS, MAX_COLUMNS) == MIN_COLUMNS
    assert _dimension("-3", 24, MIN_ROWS, MAX_ROWS) == MIN_ROWS
    assert _dimension("wide", 80, MIN_COLUMNS, MAX_COLUMNS) == 80
    assert _dimension(None, 24, MIN_ROWS, MAX_ROWS) == 24


def test_the_session_command_is_the_app_itself_so_killing_it_ends_the_app():
    command = session_command("/data/store.db", "harbour")
    assert command.startswith("exec ")
    assert command.endswith("--db /data/store.db browser-session harbour")
