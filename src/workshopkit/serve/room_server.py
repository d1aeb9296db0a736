"""``workshopkit room``: the room on phones, an aiohttp server on the facilitator's machine.

What keeps it safe:
- the join code, checked in constant time, with wrong codes limited per address (the
  serve limit: 429 for the rest of the minute);
- a phone is a signed, HttpOnly, SameSite cookie: its number and name, signed with the
  room's secret. Closing the room changes the secret, so every phone session ends; a
  phone cannot become another phone or get a second budget by editing its cookie;
- every POST must come from the page itself (its Origin) and carry the phone's CSRF
  token; requests are small (``MAX_REQUEST``), points short, a phone adds at most
  ``points_per_minute`` points a minute, and at most ``most_phones`` phones join;
- a phone can only add its own points and place or take back its own dots, on the
  breakout the facilitator has put on the room while voting is open: the budget and the
  cap are checked in the vote's own transaction;
- the page loads nothing from elsewhere, and its Content-Security-Policy says so.

Store calls block, so they run on a thread of their own, in arrival order: the writes,
and the looks that notice others' commits for the live updates (``room_store.py``).
"""

import asyncio
import hashlib
import hmac
import re
import time
from base64 import urlsafe_b64decode, urlsafe_b64encode
from collections import deque
from dataclasses import replace

from aiohttp import web

from workshopkit.core.capture import parse
from workshopkit.core.errors import StoreError, WorkshopkitError
from workshopkit.core.kinds import Kind, parse_kind
from workshopkit.core.room import (
    LONGEST_PHONE_NAME,
    RoomRefused,
    RoomState,
    phone_voter,
    same_join_code,
)
from workshopkit.core.text import clean, one_line
from workshopkit.core.views import WorkshopView
from workshopkit.serve.access import Access
from workshopkit.serve.bad_requests import answer_bad_requests_quietly
from workshopkit.serve.room_assets import SCRIPT, STYLE
from workshopkit.serve.room_live import CLOSED, LiveRoom
from workshopkit.serve.room_page import (
    LONGEST_POINT,
    Phone,
    adding_open,
    closed_page,
    join_page,
    phone_part,
    room_breakout,
    room_page,
)
from workshopkit.serve.room_store import StoreQueue

COOKIE = "workshopkit_phone"
MAX_REQUEST = 16 * 1024  # bytes in one request: a point of LONGEST_POINT characters fits
REF = re.compile(r"[A-Z]{1,3}[0-9]{1,6}")
POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)


class Refused(Exception):
    """A request refused with a status and one line a person can act on."""

    def __init__(self, status: int, said: str) -> None:
        super().__init__(said)
        self.status, self.said = status, said


class RoomServer(LiveRoom):
    """The room of one workshop, served to phones."""

    def __init__(
        self,
        store,
        slug: str,
        most_phones: int = 200,
        points_per_minute: int = 10,
        clock=time.monotonic,
    ) -> None:
        self.store, self.slug = store, slug
        self.most_phones, self.points_per_minute, self.clock = most_phones, points_per_minute, clock
        self.workshop: WorkshopView = store.workshop(slug)
        self.room: RoomState = self.workshop.room
        self.wrong = Access(code="", max_sessions=most_phones, clock=clock)
        self.queue = StoreQueue()
        self.listeners: dict[asyncio.Queue, Phone] = {}
        self.last_sent: dict[asyncio.Queue, str] = {}  # each phone's own part, as last sent
        # What the phones were last told: they get only what changed since.
        self.told_workshop, self.told_room = None, None
        self.told_frame: tuple | None = None
        self.told_points: dict[str, list] = {}
        self.added: dict[int, deque[float]] = {}
        self.said_next: dict[int, str] = {}
        self.closed = asyncio.Event()
        self._watcher = None

    # -- the application -------------------------------------------------------------

    def application(self) -> web.Application:
        app = web.Application(client_max_size=MAX_REQUEST, middlewares=[self._headers])
        app.add_routes(
            [
                web.get("/", self.index),
                web.post("/join", self.join),
                web.post("/add", self.add),
                web.post("/dot", self.dot),
                web.get("/events", self.events),
                web.get("/room.css", _style),
                web.get("/room.js", _script),
            ]
        )
        app.on_startup.append(self._start_looking)
        app.on_cleanup.append(self._stop)
        answer_bad_requests_quietly(app)
        return app

    @web.middleware
    async def _headers(self, request: web.Request, handler):
        try:
            response = await handler(request)
        except web.HTTPRequestEntityTooLarge:
            response = web.Response(
                status=413, text="workshopkit: that is too long for the room; shorten it.\n"
            )
        response.headers.setdefault("Content-Security-Policy", POLICY)
        response.headers["X-Content-Type-Options"] = "nosniff"
        # same-origin, not no-referrer: with no-referrer a browser sends "Origin: null" on
        # the page's own form posts, which the Origin check must then refuse.
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    # -- who is asking -----------------------------------------------------------------

    def _sign(self, value: str) -> str:
        key = self.room.secret.encode()
        return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()[:32]

    def phone_of(self, request: web.Request) -> Phone | None:
        """The phone whose signed cookie came with the request, while the room it joined
        is open; None otherwise."""
        cookie = request.cookies.get(COOKIE, "")
        if not self.room.open or not self.room.secret or cookie.count(".") != 2:
            return None
        number, name64, mac = cookie.split(".")
        if not _same(self._sign(f"{number}.{name64}"), mac) or not number.isdigit():
            return None
        try:
            name = urlsafe_b64decode(name64.encode()).decode()
        except ValueError:
            return None
        voter = phone_voter(name, int(number))
        return Phone(int(number), name, voter, self._sign(f"csrf.{number}"))

    def _check_post(self, request: web.Request, form) -> Phone:
        if request.headers.get("Origin") != f"{request.scheme}://{request.host}":
            raise Refused(403, "This came from another site; open the room's own page.")
        phone = self.phone_of(request)
        if phone is None:
            raise Refused(403, "You are not in the room (it was closed or reopened): join again.")
        if not _same(str(form.get("csrf", "")), phone.csrf):
            raise Refused(403, "This form is out of date; reload the page and try again.")
        return phone

    # -- the pages -----------------------------------------------------------------------

    async def index(self, request: web.Request) -> web.Response:
        if not self.room.open:
            return _html(closed_page(self.workshop.title), 403)
        phone = self.phone_of(request)
        if phone is None:
            return _html(join_page(self.workshop.title, request.query.get("code", "")))
        said = self.said_next.pop(phone.number, "")
        return _html(room_page(self.workshop, self.room, phone, said))

    async def join(self, request: web.Request) -> web.Response:
        address = request.remote or ""
        form = await request.post()
        title = self.workshop.title
        if request.headers.get("Origin") != f"{request.scheme}://{request.host}":
            return _html(join_page(title, said="This came from another site."), 403)
        wait = self.wrong.wait_before_next(address)
        if wait > 0:
            said = f"Too many wrong codes from here: try again in {int(wait) + 1} seconds."
            return _html(join_page(title, said=said), 429)
        if not self.room.open:
            return _html(closed_page(title), 403)
        if not same_join_code(str(form.get("code", "")), self.room.code):
            self.wrong.record_wrong(address)
            return _html(join_page(title, said="That code is not the room's: check it."), 403)
        name = one_line(str(form.get("name", "")))[:LONGEST_PHONE_NAME].strip()
        try:
            number, room = await self.queue.together(self._let_in, None)
        except WorkshopkitError as error:
            return _html(join_page(title, said=str(error)), 503)
        if room.phones > self.room.phones:  # answers may come back out of order
            self.room = room
        name64 = urlsafe_b64encode(name.encode()).decode()
        value = f"{number}.{name64}"
        response = web.HTTPSeeOther("/")
        response.set_cookie(
            COOKIE, f"{value}.{self._sign(value)}", httponly=True, samesite="Lax", max_age=86400
        )
        raise response

    async def add(self, request: web.Request) -> web.Response:
        form = await request.post()
        kept = str(form.get("text", ""))
        try:
            phone = self._check_post(request, form)
            breakout = room_breakout(self.workshop, self.room)
            if not adding_open(self.room, breakout):
                raise Refused(409, "Adding points is closed for now.")
            text = clean(kept).strip()
            if not text:
                raise Refused(400, "Type your point first.")
            if len(text) > LONGEST_POINT:
                raise Refused(413, f"A point is at most {LONGEST_POINT} characters; shorten it.")
            captured = parse(text)
            kind = parse_kind(str(form.get("kind", "")))
            if kind is not None and captured.kind is Kind.NOTE:
                captured = replace(captured, kind=kind)
            self._count_point(phone)
            point = (await self._write(self.store.add_points, breakout, [captured], phone.voter))[0]
        except Refused as refused:
            return self._answer(request, None, refused.said, refused.status, kept)
        except WorkshopkitError as error:  # not saved: the text stays in the box
            return self._answer(request, phone, f"Not saved: {error}", 503, kept)
        self.workshop = self.workshop.with_point(point)
        return self._answer(request, phone, f"Saved ✓ {point.ref}")

    async def dot(self, request: web.Request) -> web.Response:
        form = await request.post()
        try:
            phone = self._check_post(request, form)
            ref = str(form.get("ref", ""))
            if not REF.fullmatch(ref):
                raise Refused(400, "That is not a point of this room.")
            remove = form.get("do") == "take"
            result = await self.queue.together(self._save_dots, (ref, phone.voter, remove))
        except Refused as refused:
            return self._answer(request, None, refused.said, refused.status)
        except StoreError as error:
            return self._answer(request, phone, f"Not saved: {error}", 503)
        except WorkshopkitError as error:  # over budget or cap, voting closed
            return self._answer(request, phone, str(error), 409)
        self.workshop = self.workshop.with_point(result.point)
        said = "Dot taken back from" if remove else "Dot placed on"
        return self._answer(request, phone, f"{said} {result.point.ref}: {result.dots_left} left.")

    def _count_point(self, phone: Phone) -> None:
        now = self.clock()
        recent = self.added.setdefault(phone.number, deque())
        while recent and now - recent[0] > 60:
            recent.popleft()
        if len(recent) >= self.points_per_minute:
            raise Refused(429, "That is a lot of points at once: wait a minute, then add more.")
        recent.append(now)

    def _answer(
        self, request: web.Request, phone: Phone | None, said: str, status: int = 200, kept=""
    ) -> web.Response:
        """What a post gets back: for the page's script, what happened and the phone's own
        part (the list itself comes with the room's next event, as for every phone); else
        the page itself (a refusal, with the text kept) or a redirect to it (success)."""
        if request.headers.get("X-Room") == "fetch":
            state: dict = {"said": said}
            if phone is not None:
                state["me"] = phone_part(self.workshop, self.room, phone)
            return web.json_response(state, status=status)
        if status == 200 and phone is not None:
            self.said_next[phone.number] = said
            raise web.HTTPSeeOther("/")
        if phone is None:
            phone = self.phone_of(request)
        if phone is None:
            return _html(join_page(self.workshop.title, said=said), status)
        return _html(room_page(self.workshop, self.room, phone, said, kept), status)

    async def _stop(self, _app) -> None:
        self.closed.set()
        looking = getattr(self, "_looking", None)
        if looking is not None:
            looking.cancel()
        for queue in self.listeners:
            queue.put_nowait(CLOSED)
        if self._watcher is not None:
            self.queue.thread.submit(self._watcher.close)
        self.queue.shutdown()

    def _save_dots(self, dots: list[tuple[str, str, bool]]) -> list:
        """On the store thread: the dots waiting, each (ref, voter, remove)."""
        return self.store.votes_together(self.slug, dots, True)

    def _let_in(self, phones: list[None]) -> list:
        """On the store thread: the phones waiting to join, each its number and the room
        after it, or the room's refusal for the ones that found it full."""
        numbers, room = self.store.join_room(self.slug, self.most_phones, len(phones))
        full = RoomRefused(
            f"The room is full ({self.most_phones} phones). Share a phone with a neighbour."
        )
        return [(number, room) for number in numbers] + [full] * (len(phones) - len(numbers))

    async def _write(self, call, *args):
        return await self.queue.call(call, *args)


def _same(offered: str, wanted: str) -> bool:
    """Compared in constant time, as bytes: ``compare_digest`` raises on a str that is
    not ASCII, and a cookie or a form field can hold anything."""
    return hmac.compare_digest(offered.encode("utf-8", "surrogateescape"), wanted.encode())


def _html(page: str, status: int = 200) -> web.Response:
    return web.Response(text=page, status=status, content_type="text/html", charset="utf-8")


async def _style(_request: web.Request) -> web.Response:
    return _static(STYLE, "text/css")


async def _script(_request: web.Request) -> web.Response:
    return _static(SCRIPT, "text/javascript")


def _static(text: str, content_type: str) -> web.Response:
    # Static for the life of the server: a phone may keep them.
    response = web.Response(text=text, content_type=content_type, charset="utf-8")
    response.headers["Cache-Control"] = "max-age=3600"
    return response
