"""``workshopkit serve``: the terminal UI in note-takers' browsers, behind an access code.

textual-serve runs one app process per browser tab and has no authentication of its own.
This adds it:
- an access code (in the printed URL), checked in constant time; with the right code the
  browser gets it back as an HttpOnly, SameSite=Strict cookie, and every later request
  (the page, the websocket, downloads) must carry that cookie. Anything else gets 403;
- the websocket also checks its Origin, so another site's page cannot drive a session
  with the browser's cookie;
- a cap on live sessions (each one is a process on the facilitator's machine);
- loopback unless ``--host`` says otherwise.
The static files of the page (scripts, fonts) carry nothing of the workshop and are served
to anyone.
"""

import hmac
import secrets
import shlex
import socket
import sys
from dataclasses import dataclass

from aiohttp import web
from textual_serve.server import Server

COOKIE = "workshopkit_code"
WILDCARD_HOSTS = {"0.0.0.0", "::", ""}


def new_code() -> str:
    """An access code that is hard to guess and easy to read out: 12 letters and digits."""
    return secrets.token_urlsafe(9)


def reachable_host(host: str) -> str:
    """The address a browser should use: for 0.0.0.0 or ::, this machine's own address."""
    if host not in WILDCARD_HOSTS:
        return host
    try:
        # Connecting a UDP socket sends nothing; it only picks the outgoing address.
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))
            return probe.getsockname()[0]
    except OSError:
        return socket.gethostname()


@dataclass
class Access:
    """The access code and the session cap, checked on every request."""

    code: str
    max_sessions: int
    live: int = 0

    def allows(self, candidate: str | None) -> bool:
        return candidate is not None and hmac.compare_digest(
            candidate.encode("utf-8", "surrogateescape"), self.code.encode()
        )


def _refuse(status: type[web.HTTPException], why: str) -> web.HTTPException:
    return status(text=f"workshopkit: {why}\n", content_type="text/plain")


def guard(access: Access):
    """aiohttp middleware enforcing the code, the cookie, the Origin and the cap."""

    @web.middleware
    async def check(request: web.Request, handler):
        if request.path.startswith("/static/"):
            return await handler(request)
        offered = request.query.get("code")
        if request.path == "/" and offered is not None:
            if not access.allows(offered):
                raise _refuse(web.HTTPForbidden, "that access code is wrong.")
            # Keep the code out of the address bar and history: a cookie carries it now.
            response = web.HTTPSeeOther(location="/")
            response.set_cookie(COOKIE, access.code, httponly=True, samesite="Strict", path="/")
            raise response
        if not access.allows(request.cookies.get(COOKIE)):
            raise _refuse(
                web.HTTPForbidden, "open the address with the access code that serve printed."
            )
        if request.path == "/ws":
            origin = request.headers.get("Origin")
            if origin != f"{request.scheme}://{request.host}":
                raise _refuse(web.HTTPForbidden, "this connection comes from another site.")
            if access.live >= access.max_sessions:
                raise _refuse(
                    web.HTTPServiceUnavailable,
                    f"all {access.max_sessions} sessions are in use; close one and reload.",
                )
            access.live += 1
            try:
                return await handler(request)
            finally:
                access.live -= 1
        return await handler(request)

    return check


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
        return app

    async def handle_index(self, request: web.Request):
        # The page points its websocket and scripts at the address the browser used, so
        # the cookie (kept per host) goes with them whichever address that was.
        self.public_url = f"{request.scheme}://{request.host}"
        return await super().handle_index(request)

    def initialize_logging(self) -> None:
        pass  # textual-serve logs every request to the console; the command says enough


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
    return shlex.join(parts)
