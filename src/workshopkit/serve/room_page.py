"""The phone's page: the join form, the room (the breakout on it, its points, the dots),
and the style and script they load. Every user text goes through ``_text``: control
characters and bidi overrides out, then HTML-escaped. Nothing loads from anywhere else.

The page works as plain HTML forms; the script only makes it live (server-sent events)
and posts the same forms without a reload.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from html import escape

from workshopkit.core.kinds import Kind
from workshopkit.core.room import JOIN_CODE_LENGTH, LONGEST_PHONE_NAME, RoomState
from workshopkit.core.text import clean
from workshopkit.core.views import BreakoutView, PointView, WorkshopView

LONGEST_POINT = 2000  # characters of one point from a phone
KIND_BUTTONS = (
    (Kind.BARRIER, "Barrier"),
    (Kind.NEXT, "Next step"),
    (Kind.QUESTION, "Question"),
    (Kind.IDEA, "Idea"),
)


@dataclass(frozen=True)
class Phone:
    """One joined phone: its number, the name it chose, and the name its points carry."""

    number: int
    name: str
    voter: str
    csrf: str


def _text(value: object) -> str:
    return escape(clean(str(value)), quote=True)


def room_breakout(workshop: WorkshopView, room: RoomState) -> BreakoutView | None:
    """The breakout the facilitator has put on the room (None: there is none yet)."""
    return next((b for b in workshop.breakouts if b.letter == room.letter), None)


def adding_open(room: RoomState, breakout: BreakoutView | None) -> bool:
    """Whether phones may add points now: the facilitator allows it and the breakout's
    timer has not run out."""
    if not (room.open and room.adding and breakout is not None):
        return False
    ends = breakout.timer_ends_at
    return ends is None or ends > datetime.now(UTC)


def dots_left(workshop: WorkshopView, breakout: BreakoutView, voter: str | None) -> int:
    used = sum(dots for p in breakout.points for v, dots in p.voters if v == voter)
    return max(workshop.dots_per_voter - used, 0)


def _page(title: str, body: str) -> str:
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="color-scheme" content="light dark">'
        f"<title>{title}</title>"
        '<link rel="stylesheet" href="/room.css"><script src="/room.js" defer></script>'
        f"</head><body>{body}</body></html>"
    )


def join_page(title: str, code: str = "", said: str = "") -> str:
    """The page a phone opens from the QR code: the code (filled in from the address)
    and an optional name."""
    code = "".join(c for c in code if c.isalnum())[: JOIN_CODE_LENGTH + 2]
    return _page(
        f"Join {_text(title)}",
        f"<header><h1>{_text(title)}</h1></header><main>"
        f'<p id="said" role="status">{_text(said)}</p>'
        '<form method="post" action="/join" class="join">'
        '<label for="code">Join code (on the projector)</label>'
        f'<input id="code" name="code" value="{_text(code)}" required autocomplete="off"'
        ' autocapitalize="characters" spellcheck="false" inputmode="text">'
        '<label for="name">Your name (optional)</label>'
        f'<input id="name" name="name" maxlength="{LONGEST_PHONE_NAME}" autocomplete="nickname">'
        '<button type="submit">Join the room</button></form></main>',
    )


def closed_page(title: str) -> str:
    return _page(
        "Room closed",
        f"<header><h1>{_text(title)}</h1></header><main><p>The room is closed. When the "
        "facilitator opens it again, scan the new code on the projector.</p></main>",
    )


def room_page(
    workshop: WorkshopView, room: RoomState, phone: Phone, said: str = "", kept: str = ""
) -> str:
    """The whole page of a joined phone: who it is, the add form and the live part."""
    breakout = room_breakout(workshop, room)
    hidden = "" if adding_open(room, breakout) else " hidden"
    kinds = "".join(
        f'<button type="submit" name="kind" value="{kind.value}"'
        f' aria-label="Add point as {label.lower()}">{label}</button>'
        for kind, label in KIND_BUTTONS
    )
    body = (
        f"<header><h1>{_text(workshop.title)}</h1>"
        f'<p class="me">You are {_text(phone.voter)}</p></header><main>'
        f'<p id="said" role="status" aria-live="polite">{_text(said)}</p>'
        f'<form id="add" method="post" action="/add" data-post{hidden}>'
        f'<input type="hidden" name="csrf" value="{phone.csrf}">'
        '<label for="text">Your point</label>'
        f'<textarea id="text" name="text" rows="3" maxlength="{LONGEST_POINT}" required>'
        f"{_text(kept)}</textarea>"
        f'<div class="kinds">{kinds}</div>'
        '<button type="submit" class="add" name="kind" value="">Add point</button></form>'
        f'<section id="live">{live_part(workshop, room, phone)}</section></main>'
    )
    return _page(f"{_text(workshop.title)} · room", body)


def live_part(workshop: WorkshopView, room: RoomState, phone: Phone | None) -> str:
    """What changes while the phone looks: the breakout, its points newest first, the
    phone's dots. Without a phone, what every phone's events carry alike: the script
    fills in the phone's own part from ``phone_part``."""
    breakout = room_breakout(workshop, room)
    if breakout is None:
        return "<p>The facilitator has not put a breakout on the room yet.</p>"
    parts = [f"<h2>{_text(breakout.letter)} · {_text(breakout.title)}</h2>"]
    if breakout.prompt:
        parts.append(f'<p class="prompt">{_text(breakout.prompt)}</p>')
    if not adding_open(room, breakout):
        parts.append('<p class="state">Adding points is closed.</p>')
    voting = room.voting
    voter = phone.voter if phone is not None else None
    left = dots_left(workshop, breakout, voter)
    if voting:
        parts.append(
            f'<p class="state" id="dots">You have <strong>{left}</strong> of '
            f"{workshop.dots_per_voter} dots left, at most {workshop.cap_per_point} on a point."
            "</p>"
        )
    else:
        parts.append('<p class="state">Voting is closed.</p>')
    if breakout.blind:
        parts.append('<p class="state">Blind voting: the counts stay hidden until revealed.</p>')
    points = sorted(breakout.points, key=lambda p: p.number, reverse=True)
    if not points:
        parts.append("<p>No points yet: be the first.</p>")
    items = "".join(_point_item(workshop, breakout, p, phone, voting, left) for p in points)
    parts.append(f'<ol class="points" reversed>{items}</ol>')
    return "".join(parts)


def _point_item(
    workshop: WorkshopView,
    breakout: BreakoutView,
    point: PointView,
    phone: Phone | None,
    voting: bool,
    left: int,
) -> str:
    head, count = _shared_parts(point, breakout.blind)
    voter = phone.voter if phone is not None else None
    yours = ' <span class="mine">yours</span>' if point.captured_by == voter else ""
    item = f'{head}{yours}</p><p class="count">{count}'
    if not voting:
        return f"{item}</p></li>"
    ref = _text(point.ref)
    mine = dict(point.voters).get(voter, 0) if voter is not None else 0
    can_place = left > 0 and mine < workshop.cap_per_point
    return (
        f'{item} · your dots: <span class="n">{mine}</span></p>'
        f'<form method="post" action="/dot" data-post class="dots">'
        f'<input type="hidden" name="csrf" value="{phone.csrf if phone else ""}">'
        f'<input type="hidden" name="ref" value="{ref}">'
        f'<button type="submit" name="do" value="place" id="place-{ref}"'
        f' aria-label="Place a dot on {ref}"{"" if can_place else " disabled"}>+ dot</button>'
        f'<button type="submit" name="do" value="take" id="take-{ref}"'
        f' aria-label="Take a dot back from {ref}"{"" if mine else " disabled"}>− dot</button>'
        "</form></li>"
    )


def frame_of(workshop: WorkshopView, room: RoomState) -> tuple:
    """All of the live part but its points: when it changes, the phones get the live
    part whole; otherwise only the points that changed."""
    breakout = room_breakout(workshop, room)
    if breakout is None:
        return ()
    return (
        breakout.letter,
        breakout.title,
        breakout.prompt,
        breakout.blind,
        bool(breakout.points),
        adding_open(room, breakout),
        room.voting,
        workshop.dots_per_voter,
        workshop.cap_per_point,
    )


def points_data(workshop: WorkshopView, room: RoomState) -> dict[str, list]:
    """Each point of the room's breakout as the page's script draws it: its ref, kind,
    text and count. Plain data: the script sets them as text, never as HTML."""
    breakout = room_breakout(workshop, room)
    if breakout is None:
        return {}
    return {p.ref: _point_data(p, breakout.blind) for p in breakout.points}


@lru_cache(maxsize=8192)
def _point_data(point: PointView, blind: bool) -> list:
    kind = "" if point.kind is Kind.NOTE else clean(str(point.kind))
    return [point.ref, kind, clean(point.text), _count(point, blind)]


def _count(point: PointView, blind: bool) -> str:
    plural = "" if point.votes == 1 else "s"
    return "votes hidden" if blind else f"{point.votes} vote{plural}"


class PhoneParts:
    """Every phone's own part from one pass over the room's breakout: what a look needs
    for a whole room of phones, where ``phone_part`` would pass over it once a phone."""

    def __init__(self, workshop: WorkshopView, room: RoomState) -> None:
        self.dots: dict[str, dict[str, int]] = {}
        self.mine: dict[str, list[str]] = {}
        self.budget, self.cap = workshop.dots_per_voter, workshop.cap_per_point
        breakout = room_breakout(workshop, room)
        for point in breakout.points if breakout is not None else ():
            self.mine.setdefault(point.captured_by, []).append(point.ref)
            for voter, dots in point.voters:
                if dots:
                    self.dots.setdefault(voter, {})[point.ref] = dots

    def of(self, phone: Phone) -> dict:
        dots = self.dots.get(phone.voter, {})
        left = max(self.budget - sum(dots.values()), 0)
        return {"mine": self.mine.get(phone.voter, []), "dots": dots, "left": left, "cap": self.cap}


def phone_part(workshop: WorkshopView, room: RoomState, phone: Phone) -> dict:
    """A phone's own part of the live events, beside the part every phone shares: its
    points, its dots, the dots it has left."""
    breakout = room_breakout(workshop, room)
    if breakout is None:
        return {"mine": [], "dots": {}, "left": 0, "cap": workshop.cap_per_point}
    voter = phone.voter
    dots = {p.ref: d for p in breakout.points for v, d in p.voters if v == voter and d}
    return {
        "mine": [p.ref for p in breakout.points if p.captured_by == voter],
        "dots": dots,
        "left": max(workshop.dots_per_voter - sum(dots.values()), 0),
        "cap": workshop.cap_per_point,
    }


@lru_cache(maxsize=8192)
def _shared_parts(point: PointView, blind: bool) -> tuple[str, str]:
    """What every phone sees of a point alike: its ref, kind and text, and its count.
    Drawn again for every phone at every change, so drawn once per version of a point."""
    ref = _text(point.ref)
    kind = "" if point.kind is Kind.NOTE else f'<span class="kind">{_text(point.kind)}</span> '
    head = f'<li id="p-{ref}"><p><span class="ref">{ref}</span> {kind}{_text(point.text)}'
    return head, _count(point, blind)
