"""Text hygiene shared by every layer: control characters out, slugs, single lines."""

import re
import unicodedata

# C0 controls except tab and newline, DEL, and the C1 block. An ESC or a C1 CSI
# that reached a terminal would let a point rewrite the screen.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"\s+")


def clean(text: str) -> str:
    """Return ``text`` without control characters (newline and tab survive).

    A carriage return before a newline is dropped with it, so Windows line ends
    become plain newlines rather than disappearing into one line.
    """
    return _CONTROL.sub("", text.replace("\r\n", "\n"))


def one_line(text: str) -> str:
    """Clean ``text`` and collapse every run of whitespace (newlines too) into one space."""
    return _SPACES.sub(" ", clean(text)).strip()


def slugify(title: str, max_length: int = 48) -> str:
    """Make a file- and URL-safe slug from a title: lowercase ASCII words joined by '-'."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    slug = slug[:max_length].rstrip("-")
    return slug or "workshop"
