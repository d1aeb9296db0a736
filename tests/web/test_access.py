"""The access checks in front of the served app: code, cookie, Origin, session cap."""

import asyncio

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from workshopkit.web import COOKIE, Access, guard, new_code, reachable_host

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
