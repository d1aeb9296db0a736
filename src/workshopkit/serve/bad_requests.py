"""Requests ``serve`` cannot read: one line on the console, a page that repeats nothing.

aiohttp answers a request it cannot parse (a header line without a colon, a line over
8 KB) itself, before any middleware sees it: it prints a traceback for each one, so 200
bad requests from anyone on the network filled the console with 2,200 lines, and its 400
page and its log quote the first 100 bytes of the offending line, which for a request
line is the address with its access code. Here each bad request is one line, at most
``BURST`` of them a minute with a count of the rest, naming the client address and the
kind of error only; the page says what was wrong in general words.

aiohttp has no public hook for the connection handler that does this, so the app's
handler factory is wrapped (``answer_bad_requests_quietly``); the rest of aiohttp is as
it ships.
"""

import logging
import time
from collections.abc import Callable
from http import HTTPStatus

from aiohttp import web
from aiohttp.web_protocol import RequestHandler

log = logging.getLogger("workshopkit.serve")

BURST = 10  # lines about bad requests per WINDOW; the rest are counted
WINDOW = 60.0


class OneLineLog:
    """At most ``burst`` lines per ``window`` seconds; then one line with what was left out."""

    def __init__(
        self,
        burst: int = BURST,
        window: float = WINDOW,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.burst, self.window, self.clock = burst, window, clock
        self.started = -window
        self.said = self.left_out = 0

    def say(self, line: str) -> None:
        now = self.clock()
        if now - self.started >= self.window:
            if self.left_out:
                log.warning(
                    "serve: %d more bad requests in the last minute were not logged.",
                    self.left_out,
                )
            self.started, self.said, self.left_out = now, 0, 0
        if self.said < self.burst:
            self.said += 1
            log.warning("%s", line)
        else:
            self.left_out += 1


BAD_REQUESTS = OneLineLog()


class _QuietLogger:
    """What aiohttp's connection handler logs through: exceptions become one line."""

    def debug(self, *args, **kwargs) -> None:
        pass  # aiohttp's own debug lines (dropped connections): not the facilitator's concern

    def exception(self, message: str, *args, exc_info=None, **kwargs) -> None:
        kind = type(exc_info).__name__ if isinstance(exc_info, BaseException) else "error"
        BAD_REQUESTS.say(f"serve: a request failed ({kind}).")

    warning = error = exception


class QuietRequestHandler(RequestHandler):
    """aiohttp's connection handler, answering an unreadable request in general words."""

    __slots__ = ()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.logger = _QuietLogger()

    def handle_error(
        self,
        request,
        status: int = 500,
        exc: BaseException | None = None,
        message: str | None = None,
    ) -> web.StreamResponse:
        # Neither the log nor the page repeats the request: it may hold the access code.
        kind = type(exc).__name__ if exc is not None else HTTPStatus(status).phrase
        BAD_REQUESTS.say(f"serve: refused a bad request from {request.remote or '?'} ({kind}).")
        if request.writer.output_size > 0:  # as aiohttp does: too late for an answer
            raise ConnectionError("the response had started; the connection is closed")
        phrase = HTTPStatus(status).phrase
        if status == 400:
            why = "the request is not one a browser sends (a line too long, or malformed)."
        else:
            why = "the server could not answer that request; reload the page."
        response = web.Response(
            status=status,
            text=f"workshopkit: {status} {phrase}: {why}\n",
            content_type="text/plain",
        )
        response.force_close()
        return response


class _QuietServer(web.Server):
    def __call__(self) -> RequestHandler:
        return QuietRequestHandler(self, loop=self._loop, **self._kwargs)


def answer_bad_requests_quietly(app: web.Application) -> None:
    """Make ``app``'s connections use ``QuietRequestHandler``, whichever runner starts it
    (``web.run_app`` in serve, aiohttp's test server in the tests)."""
    make_handler = app._make_handler

    def make_quiet_handler(**kwargs) -> web.Server:
        server = make_handler(**kwargs)
        server.__class__ = _QuietServer  # the same server, handing out the quiet handler
        return server

    app._make_handler = make_quiet_handler
