"""What the network tests of ``serve`` share: a hand-moved clock, a browser tab's
websocket that reads what its app drew, and the real server on aiohttp's test server."""

import asyncio
import contextlib
import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest
from aiohttp import WSMsgType
from aiohttp.test_utils import TestClient, TestServer

from workshopkit.serve import server as web
from workshopkit.serve.access import Access
from workshopkit.serve.server import WorkshopkitServer

# A session whose size limits failed would take all the memory it could; this keeps that
# to one failed test instead of a machine out of memory.
MEMORY_LIMIT = "ulimit -v 4000000; "
ESCAPES = re.compile(
    rb"\x1b(\[[0-9;?<=>]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|.)"
)
CLOSED = (WSMsgType.CLOSE, WSMsgType.CLOSING, WSMsgType.CLOSED, WSMsgType.ERROR)


class Clock:
    """A clock the tests move by hand, for the wrong-code limit."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Session:
    """One browser tab's websocket: what its app drew (escapes removed), and keys."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.raw = bytearray()
        self.messages: list[str] = []  # the server's own messages (pong, deliveries)

    def text(self, since: int = 0) -> str:
        return ESCAPES.sub(b"", bytes(self.raw[since:])).decode("utf-8", "replace")

    async def wait_for(self, words: str, since: int = 0, timeout: float = 30.0) -> None:
        """Read until ``words`` are drawn (after byte ``since`` of the output)."""
        await self.read_until(lambda: words in self.text(since), repr(words), timeout, since)

    async def read_until(self, done, what: str, timeout: float = 30.0, since: int = 0) -> None:
        """Read what the server sends until ``done()`` holds; fail after ``timeout``."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not done():
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(f"{what} never came: ...{self.text(since)[-300:]!r}")
            try:
                message = await self.ws.receive(timeout=remaining)
            except TimeoutError:
                continue
            if message.type is WSMsgType.BINARY:
                self.raw += message.data
            elif message.type is WSMsgType.TEXT:
                self.messages.append(message.data)
            elif message.type in CLOSED:
                raise AssertionError(f"closed ({self.ws.close_code}) before {what} came")

    async def send(self, kind: str, data=None) -> None:
        await self.ws.send_str(json.dumps([kind] if data is None else [kind, data]))

    async def join(self, name: str) -> None:
        """Answer the name question, as a note-taker does before capturing."""
        await self.wait_for("Your name?")
        await self.send("stdin", f"{name}\r")  # no click first: the question has the keys
        await self.wait_for(f"you: {name}")

    async def closed_with(self) -> int | None:
        """Read until the server closes this connection; its close code."""
        with contextlib.suppress(ConnectionError):
            while (await self.ws.receive(timeout=30)).type not in CLOSED:
                pass
        return self.ws.close_code


async def start(
    db: str, access: Access, cwd: str | None = None
) -> tuple[WorkshopkitServer, TestClient]:
    """The server on a free port, each session running in ``cwd`` (default: this one)."""
    command = MEMORY_LIMIT + web.session_command(db, "harbour")
    if cwd is not None:
        command = f"cd {shlex.quote(cwd)} && {command}"
    server = WorkshopkitServer(command, "127.0.0.1", 0, access)
    client = TestClient(TestServer(await server._make_app(), host="127.0.0.1"))
    await client.start_server()
    return server, client


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_serve(db: Path, cwd: Path, *args: str) -> tuple[subprocess.Popen, int]:
    """The real ``workshopkit serve ARGS…`` on a free port, its output piped: (process, port)."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "workshopkit", "--db", str(db), "serve", *args, "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=cwd,
    )
    return process, port


CHROMIUM = os.environ.get("WORKSHOPKIT_CHROMIUM") or shutil.which("chromium")


def chromium() -> str:
    """Debian's Chromium for the browser tests: skipped without it on a developer's
    machine, failed in CI (where ``CI`` is set and ``.ci/run`` installs it)."""
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed; .ci/run installs it with apt-get")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    return CHROMIUM
