"""Who may reach a served session: the access code, its cookie, the wrong-code limit,
the Origin check and the cap on sessions, as aiohttp middleware in front of the server."""

import hmac
import logging
import math
import secrets
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from aiohttp import web

COOKIE = "workshopkit_code"
WILDCARD_HOSTS = {"0.0.0.0", "::", ""}
MAX_MESSAGE = 1024 * 1024  # bytes in one websocket message: a pasted document still fits
log = logging.getLogger("workshopkit.serve")


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
    """The access code, the session cap and the wrong codes per address."""

    code: str
    max_sessions: int
    live: int = 0
    max_wrong: int = 20  # wrong codes one address may send...
    wrong_window: float = 60.0  # ...in this many seconds, before it gets 429
    clock: Callable[[], float] = time.monotonic
    _wrong: dict[str, list[float]] = field(default_factory=dict, repr=False)

    def allows(self, candidate: str | None) -> bool:
        # Constant time, whatever the candidate: how long the answer takes says nothing
        # about how much of the code was right.
        return candidate is not None and hmac.compare_digest(
            candidate.encode("utf-8", "surrogateescape"), self.code.encode()
        )

    def wait_before_next(self, address: str) -> float:
        """Seconds before ``address`` may try a code again: 0 unless it used up its tries."""
        now = self.clock()
        recent = [t for t in self._wrong.get(address, ()) if now - t < self.wrong_window]
        if recent:
            self._wrong[address] = recent
        else:
            self._wrong.pop(address, None)
        if len(recent) < self.max_wrong:
            return 0.0
        return self.wrong_window - (now - recent[-self.max_wrong])

    def record_wrong(self, address: str) -> None:
        """Count a wrong code (in the address or in a cookie) against ``address``."""
        now = self.clock()
        if len(self._wrong) > 4096:  # many addresses: forget those whose minute is over
            self._wrong = {
                a: times for a, times in self._wrong.items() if now - times[-1] < self.wrong_window
            }
        self._wrong.setdefault(address, []).append(now)


def _refuse(status: type[web.HTTPException], why: str) -> web.HTTPException:
    return status(text=f"workshopkit: {why}\n", content_type="text/plain")


def guard(access: Access):
    """aiohttp middleware enforcing the code, the cookie, the wrong-code limit, the Origin
    and the cap."""

    @web.middleware
    async def check(request: web.Request, handler):
        if request.path.startswith("/static/"):
            return await handler(request)
        address = request.remote or ""
        cookie = request.cookies.get(COOKIE)
        signed_in = access.allows(cookie)
        # A browser already holding the right cookie is never held up by others' mistakes
        # from the same address (a venue's network often shows one address for everyone).
        wait = 0.0 if signed_in else access.wait_before_next(address)
        if wait > 0:
            # No code is checked now, right or wrong: guessing gets no answer at all.
            seconds = math.ceil(wait)
            at = time.strftime("%H:%M:%S", time.localtime(time.time() + seconds))
            raise web.HTTPTooManyRequests(
                text="workshopkit: too many wrong access codes from this address. Try again "
                f"in {seconds} seconds (at {at}) with the address serve printed.\n",
                content_type="text/plain",
                headers={"Retry-After": str(seconds)},
            )
        offered = request.query.get("code")
        if request.path == "/" and offered is not None:
            if not access.allows(offered):
                access.record_wrong(address)
                raise _refuse(web.HTTPForbidden, "that access code is wrong.")
            # Keep the code out of the address bar and history: a cookie carries it now.
            response = web.HTTPSeeOther(location="/")
            response.set_cookie(COOKIE, access.code, httponly=True, samesite="Strict", path="/")
            raise response
        if not signed_in:
            if cookie:  # a guess, or the code of an earlier run of serve
                access.record_wrong(address)
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
