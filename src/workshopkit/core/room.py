"""The room on phones: join codes, phone names and what the facilitator has the room do.

Pure rules; the store keeps the room's state and the server serves it.
"""

import secrets
from dataclasses import dataclass, field

from workshopkit.core.errors import WorkshopkitError
from workshopkit.core.text import one_line

# Read off a projector from the back of a room: no 0/O, 1/I/L, 2/Z, 5/S or 8/B to mix up.
JOIN_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
JOIN_CODE_LENGTH = 6
PHONE = "phone"  # said after a phone's name wherever its points and dots show
LONGEST_PHONE_NAME = 40


class RoomRefused(WorkshopkitError):
    """A room action that cannot be done: a code mistyped, a name too long."""


def new_join_code() -> str:
    """A fresh join code: 6 characters a room can read aloud and type on a phone."""
    return "".join(secrets.choice(JOIN_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def new_room_secret() -> str:
    """The key that signs the phones' cookies for one opening of the room."""
    return secrets.token_urlsafe(32)


def typed_join_code(typed: str) -> str:
    """The join code in ``typed`` as a phone keyboard gives it: any case, spaces or
    dashes between groups. Refused when it cannot be one of ours."""
    code = "".join(one_line(typed).split()).replace("-", "").upper()
    if len(code) != JOIN_CODE_LENGTH or any(c not in JOIN_ALPHABET for c in code):
        raise RoomRefused(
            f"A join code is {JOIN_CODE_LENGTH} letters and digits, as on the projector."
        )
    return code


def same_join_code(typed: str, code: str) -> bool:
    """True when ``typed`` is the room's ``code``, compared in constant time."""
    try:
        wanted = typed_join_code(typed)
    except RoomRefused:
        return False
    return secrets.compare_digest(wanted, code)


def phone_voter(name: str, number: int) -> str:
    """The name a phone's points and dots carry, one per phone: "Ana (phone 7)", or
    "Phone 7" when it gave none. The number keeps two phones that chose one name from
    sharing a budget of dots, and tells phones from note-takers in the room's list."""
    chosen = one_line(name)[:LONGEST_PHONE_NAME].strip()
    return f"{chosen} ({PHONE} {number})" if chosen else f"{PHONE.title()} {number}"


@dataclass(frozen=True)
class RoomState:
    """What the facilitator has the room's phones see and do, as the store keeps it.

    ``letter`` is the breakout on the room (none: the first one); ``adding`` and
    ``voting`` apply to it (a timer that runs out there closes adding); the counts stay
    hidden while the breakout's voting is blind. ``secret`` signs the phones' cookies: a
    new one when the room opens ends every phone session of the last opening. ``phones``
    counts the phones that joined since then, and numbers them.
    """

    open: bool = False
    code: str = ""
    letter: str = ""
    adding: bool = True
    voting: bool = False
    phones: int = 0
    secret: str = field(default="", repr=False)

    @classmethod
    def from_columns(cls, row) -> "RoomState":
        """The room as a workshop row keeps it (any mapping of column names)."""
        return cls(
            open=bool(row["room_open"]),
            code=row["room_code"],
            letter=row["room_letter"],
            adding=bool(row["room_adding"]),
            voting=bool(row["room_voting"]),
            phones=row["room_phones"],
            secret=row["room_secret"],
        )


def spaced_code(code: str) -> str:
    """A join code as the room reads it aloud and types it: ``YDA WXR``."""
    return f"{code[:3]} {code[3:]}"


def join_url(address: str, port: int, code: str) -> str:
    """The address a phone opens, with the join code in it: what the QR code holds."""
    host = f"[{address}]" if ":" in address else address
    return f"http://{host}:{port}/?code={code}"


def qr_rows(url: str) -> list[str]:
    """The QR code of ``url`` as lines of text, two modules per character cell (▀ ▄ █),
    dark on light with the quiet border a camera needs; for a terminal or the projector."""
    import segno  # loaded only when a room opens

    matrix = [list(row) for row in segno.make(url, error="m", micro=False).matrix_iter(border=2)]
    if len(matrix) % 2:
        matrix.append([0] * len(matrix[0]))
    # Light modules are drawn (the terminal's text colour), dark ones left as background:
    # on a dark terminal that is the dark-on-light a camera reads.
    cells = {(0, 0): "█", (0, 1): "▀", (1, 0): "▄", (1, 1): " "}
    return [
        "".join(cells[top, bottom] for top, bottom in zip(upper, lower, strict=True))
        for upper, lower in zip(matrix[0::2], matrix[1::2], strict=True)
    ]
