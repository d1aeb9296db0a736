"""``workshopkit serve``: the terminal UI in note-takers' browsers, behind an access code.

textual-serve runs one app process per browser tab and has no authentication of its own.
This adds it:
- an access code (in the printed URL), checked in constant time; with the right code the
  browser gets it back as an HttpOnly, SameSite=Strict cookie, and every later request
  (the page, the websocket, downloads) must carry that cookie. Anything else gets 403;
- the websocket also checks its Origin, so another site's page cannot drive a session
  with the browser's cookie;
- a limit on wrong codes per client address (429 for the rest of the minute, saying
  when to try again), so that neither guessing nor timing can be tried at any useful
  rate; a browser that already holds the right cookie is let through all the same, so a
  mistyping neighbour behind the same address cannot lock the room out;
- a cap on live sessions (each one is a process on the facilitator's machine);
- on the websocket, a size limit per message, a terminal size within reason, and a
  closed connection for a message that is not what the page sends; a session that does
  not quit when its browser goes is ended;
- loopback unless ``--host`` says otherwise;
- a page that loads nothing from outside (textual-serve's asks a web font service, which
  an offline venue waits on and which learns of every session): the font comes from the
  package, and a Content-Security-Policy keeps the page on this server;
- requests it cannot parse answered in one line, without repeating them (``bad_requests``).
The static files of the page (scripts, fonts) carry nothing of the workshop and are served
to anyone.
"""

import asyncio
import json
import re
import shlex
import sys

from aiohttp import WSCloseCode, WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from workshopkit.core.screen_size import MIN_COLUMNS, MIN_ROWS
from workshopkit.serve.access import (
    MAX_MESSAGE,
    Access,
    guard,
    log,
    reachable_host,
)
from workshopkit.serve.bad_requests import answer_bad_requests_quietly

MAX_COLUMNS, MAX_ROWS = 500, 200  # a 4K screen at the page's font; a larger size is clamped
# MIN_COLUMNS, MIN_ROWS: the smallest terminal a session is given, the one below which
# the terminal UI draws only a notice (at 6 columns or fewer the app crashed, at 7–8 it
# redrew without end). A smaller browser window shows part of this size instead.
QUIT_GRACE = 5.0  # seconds a session has to quit once its browser has gone


class WorkshopkitServer(Server):
    """textual-serve's server with workshopkit's access checks in front of it."""

    def __init__(self, command: str, host: str, port: int, access: Access) -> None:
        public = f"http://{_url_host(reachable_host(host))}:{port}"
        super().__init__(command, host=host, port=port, title="workshopkit", public_url=public)
        self.access = access

    @property
    def url(self) -> str:
        """What to open in a browser: the server's address with the access code."""
        return f"{self.public_url}/?code={self.access.code}"

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(guard(self.access))
        app.on_startup.clear()  # textual-serve's banner; the command prints its own
        answer_bad_requests_quietly(app)
        return app

    async def handle_index(self, request: web.Request):
        # The page points its websocket and scripts at the address the browser used, so
        # the cookie (kept per host) goes with them whichever address that was.
        self.public_url = f"{request.scheme}://{request.host}"
        page = await super().handle_index(request)
        page.text = offline_page(page.text)
        page.headers["Content-Security-Policy"] = PAGE_POLICY
        return page

    def initialize_logging(self) -> None:
        pass  # textual-serve logs every request to the console; the command says enough

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        # textual-serve's own, with limits: the size of a message and of the terminal, a
        # closed connection for a malformed message, and an end to an app that will not quit.
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=MAX_MESSAGE)
        width = _dimension(request.query.get("width"), 80, MIN_COLUMNS, MAX_COLUMNS)
        height = _dimension(request.query.get("height"), 24, MIN_ROWS, MAX_ROWS)
        await websocket.prepare(request)
        session = AppService(
            self.command,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=websocket.close,
            download_manager=self.download_manager,
            debug=self.debug,
        )
        try:
            await session.start(width, height)
            await self._process_messages(websocket, session)
        except Malformed as error:
            await websocket.close(code=WSCloseCode.POLICY_VIOLATION, message=str(error).encode())
        except ConnectionError:
            pass  # the browser went away; its app quits below
        except Exception as error:  # one line on the console, never a traceback
            log.warning("A browser session ended: %s: %s", type(error).__name__, error)
            await websocket.close(code=WSCloseCode.INTERNAL_ERROR)
        finally:
            await _end(session)
        return websocket

    async def _process_messages(self, websocket: web.WebSocketResponse, app_service) -> None:
        async for message in websocket:
            if message.type is WSMsgType.ERROR:
                return  # aiohttp has closed the connection, saying why (a message too big)
            if message.type is not WSMsgType.TEXT:
                raise Malformed("the page sends only text messages")
            kind, data = envelope(message.data)
            if kind == "stdin":
                await app_service.send_bytes(data.encode("utf-8", "replace"))
            elif kind == "resize":
                await app_service.set_terminal_size(*data)
            elif kind == "ping":
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await app_service.blur()
            elif kind == "focus":
                await app_service.focus()
            # Any other kind is a newer page's message that this server does not know.


# Everything from this server and nothing from anywhere else: textual.js draws with inline
# styles, and the page's own small scripts are inline.
PAGE_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)
OUTSIDE_STYLESHEET = re.compile(r"<link\b[^>]*\bhref=[\"']?(?:https?:)?//[^>]*>\s*", re.IGNORECASE)
# The terminal's font, from textual-serve's own static files rather than a font service.
PACKAGED_FONT = (
    "<style>@font-face { font-family: 'Roboto Mono'; "
    "src: url('/static/fonts/RobotoMono-VariableFont_wght.ttf') format('truetype'); }</style>"
)


def offline_page(html: str) -> str:
    """textual-serve's page without its links to other sites, with the packaged font."""
    html = OUTSIDE_STYLESHEET.sub("", html)
    return html.replace("</head>", f"{PACKAGED_FONT}\n</head>", 1)


class Malformed(Exception):
    """A websocket message that is not one the page sends."""


ENVELOPE = re.compile(r'\s*\[\s*"(?P<kind>\w{1,40})"\s*(?:,(?P<data>.*))?\]\s*', re.DOTALL)
FLAT_OBJECT = re.compile(r"\{[^\[\]{}]*\}")  # no nesting: a resize's width and height


def envelope(text: str) -> tuple[str, object]:
    """The kind and data of one message from the page; raises Malformed otherwise.

    The page sends ``["kind"]`` or ``["kind", data]``, the data a string or, for a
    resize, a flat object. Only those shapes are handed to the JSON parser: deep nesting
    (``[[[[…``) makes CPython's parser overflow its stack, which can leave the server's
    interpreter unable to compile code afterwards. A resize comes back as (columns, rows)
    clamped to what a screen can show; the data of a kind the server does not know is
    not read at all.
    """
    shape = ENVELOPE.fullmatch(text)
    if shape is None:
        raise Malformed("a message that is not [kind, data]")
    kind, data = shape["kind"], (shape["data"] or "").strip()
    if kind in ("stdin", "ping"):
        value = _json(data) if data.startswith('"') else None
        if not isinstance(value, str):
            raise Malformed(f"a {kind} message without text")
        return kind, value
    if kind == "resize":
        value = _json(data) if FLAT_OBJECT.fullmatch(data) else None
        sizes = [value.get(key) for key in ("width", "height")] if value else [None]
        if not all(type(size) is int for size in sizes):
            raise Malformed("a resize message without a whole width and height")
        return kind, (
            min(max(sizes[0], MIN_COLUMNS), MAX_COLUMNS),
            min(max(sizes[1], MIN_ROWS), MAX_ROWS),
        )
    return kind, None


def _json(text: str) -> object:
    try:
        return json.loads(text)
    except ValueError:  # not JSON, more than one value, or an integer of 5,000 digits
        return None


def _dimension(value: str | None, default: int, smallest: int, largest: int) -> int:
    try:
        return min(max(int(value or default), smallest), largest)
    except ValueError:
        return default


async def _end(session: AppService) -> None:
    """End a session's app, even when aiohttp cancels the handler (its browser's
    connection dropped): its place under the cap is free only once the app is gone."""
    ending = asyncio.ensure_future(_quit_or_kill(session))
    try:
        await asyncio.shield(ending)
    except asyncio.CancelledError:
        await ending
        raise


async def _quit_or_kill(session: AppService) -> None:
    """Ask the app to quit; kill it if it has not within QUIT_GRACE seconds. An app that
    is busy (a flood of keys) or blocked (writing to a browser that has gone) never
    reads its quit message, and would otherwise stay a process for as long as serve runs.
    Nothing is lost by killing it: its draft is on disk."""
    process = session._process  # textual-serve keeps it to itself; it must still end
    if process is None:
        return
    try:
        async with asyncio.timeout(QUIT_GRACE):
            await session.send_meta({"type": "quit"})
            await process.wait()
    except TimeoutError:
        if process.returncode is None:
            process.kill()
            await process.wait()
    await session.stop()  # its reader ends at the closed pipe; its downloads are dropped


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def session_command(db: str | None, workshop: str | None) -> str:
    """The shell command textual-serve runs for each browser: the app, asking a name."""
    parts = [sys.executable, "-m", "workshopkit"]
    if db:
        parts += ["--db", db]
    parts.append("browser-session")
    if workshop:
        parts.append(workshop)
    # exec: the shell becomes the app, so that ending the process ends the app itself.
    return shlex.join(parts) if sys.platform == "win32" else f"exec {shlex.join(parts)}"
