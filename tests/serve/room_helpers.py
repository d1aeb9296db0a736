"""What the room tests share: a room served on aiohttp's test server, and phones that
join it, add points and place dots as the page's forms do."""

import asyncio
import contextlib
import re
from html import unescape

from aiohttp import ClientSession, CookieJar
from aiohttp.test_utils import TestServer

from workshopkit.serve.room_server import RoomServer

CSRF = re.compile(r'name="csrf" value="([0-9a-f]+)"')
SAID = re.compile(r'<p id="said"[^>]*>(.*?)</p>', re.DOTALL)


@contextlib.asynccontextmanager
async def served_room(store, slug: str, **options):
    """The room of ``slug`` served on a free port; yields (server, base URL)."""
    room = RoomServer(store, slug, **options)
    server = TestServer(room.application())
    await server.start_server()
    try:
        yield room, str(server.make_url("")).rstrip("/")
    finally:
        await server.close()


async def caught_up(room, store, seconds: float = 5.0) -> None:
    """Wait until the served room has read every commit made to the store so far (it
    looks a few times a second): what a phone loads next reflects them."""
    server, wanted = room[0], store.revision()
    for _ in range(int(seconds / 0.02)):
        if server.workshop.rev >= wanted:
            return
        await asyncio.sleep(0.02)
    raise AssertionError("the room never read the store's last commits")


class Phone:
    """One phone's browser: its own cookies, the page's forms, with or without script."""

    def __init__(self, base: str, script: bool = True) -> None:
        self.base, self.script = base, script
        self.http = ClientSession(cookie_jar=CookieJar(unsafe=True))  # 127.0.0.1 too
        self.csrf = ""

    async def close(self) -> None:
        await self.http.close()

    def _headers(self, origin: str | None = None) -> dict:
        headers = {"Origin": origin or self.base}
        if self.script:
            headers["X-Room"] = "fetch"
        return headers

    async def page(self) -> tuple[int, str]:
        async with self.http.get(f"{self.base}/") as answer:
            text = await answer.text()
        found = CSRF.search(text)
        if found:
            self.csrf = found.group(1)
        return answer.status, text

    async def join(self, code: str, name: str = "") -> tuple[int, str]:
        async with self.http.post(
            f"{self.base}/join", data={"code": code, "name": name}, headers={"Origin": self.base}
        ) as answer:
            text = await answer.text()
        if answer.status == 200 and "csrf" in text:
            await self.page()
        return answer.status, text

    async def post(self, path: str, origin: str | None = None, **form) -> tuple[int, dict | str]:
        form.setdefault("csrf", self.csrf)
        async with self.http.post(
            f"{self.base}{path}", data=form, headers=self._headers(origin)
        ) as answer:
            if answer.content_type == "application/json":
                return answer.status, await answer.json()
            return answer.status, await answer.text()

    async def add(self, text: str, kind: str = "") -> tuple[int, dict | str]:
        return await self.post("/add", text=text, kind=kind)

    async def dot(self, ref: str, take: bool = False) -> tuple[int, dict | str]:
        return await self.post("/dot", ref=ref, do="take" if take else "place")


def said(page: str) -> str:
    """The status line of a page (what the last action did)."""
    found = SAID.search(page)
    return unescape(found.group(1)) if found else ""


def decode_qr(rows: list[str]) -> list[str]:
    """What a camera reads from a QR code drawn in text (▀ ▄ █, light drawn): the texts
    of the codes it finds."""
    import zxingcpp

    halves = {"█": (255, 255), "▀": (255, 0), "▄": (0, 255), " ": (0, 0)}
    modules = []
    for line in rows:
        cells = [halves[c] for c in line]
        modules += [[top for top, _ in cells], [bottom for _, bottom in cells]]
    scale = 4
    width, height = len(modules[0]) * scale, len(modules) * scale
    image = bytes(modules[y // scale][x // scale] for y in range(height) for x in range(width))
    view = zxingcpp.ImageView(image, width, height, zxingcpp.ImageFormat.Lum)
    return [found.text for found in zxingcpp.read_barcodes(view)]


@contextlib.contextmanager
def room_process(location: str, slug: str, most_phones: int = 200):
    """The real ``workshopkit room`` serving ``slug`` in a process of its own, as a
    facilitator runs it; yields (join code, base URL). Ctrl+C at the end closes it."""
    import signal
    import socket
    import subprocess
    import sys

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "workshopkit", "--db", location, "room", slug]
    room = subprocess.Popen(
        [*command, "--port", str(port), "--most-phones", str(most_phones)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        encoding="utf-8",
    )
    try:
        room.stdout.readline()
        url = room.stdout.readline().strip()
        while not room.stdout.readline().startswith("Press Ctrl+C"):
            pass
        yield url.rpartition("=")[2], url.partition("/?")[0]
    finally:
        room.send_signal(signal.SIGINT)
        try:
            room.wait(timeout=20)
        except subprocess.TimeoutExpired:
            room.kill()
            room.wait()
