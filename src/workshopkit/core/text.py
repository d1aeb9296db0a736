"""Text hygiene shared by every layer: control characters out, slugs, single lines."""

import re
import unicodedata

# C0 controls except tab and newline, DEL, and the C1 block: an ESC or a C1 CSI that
# reached a terminal would let a point rewrite the screen. Then the bidi embeddings,
# overrides and isolates (U+202A-U+202E, U+2066-U+2069): invisible, they reverse
# whatever follows them on the line (a table row, a terminal line, a spreadsheet
# cell), so a point could make a ref or an owner read as something else. Arabic and
# Hebrew need none of them: their letters carry their direction. The single marks
# (U+200E, U+200F, U+061C) reorder nothing else and stay, as do zero-width joiners,
# which emoji sequences and some scripts' spelling need.
CONTROLS = r"\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"  # a regex class's body
_CONTROL = re.compile(f"[{CONTROLS}]")
# Half a UTF-16 pair: what Python makes of bytes that are not UTF-8 in a command's
# arguments. No database can store one.
SURROGATES = r"\ud800-\udfff"
_SURROGATE = re.compile(f"[{SURROGATES}]")
# Everything ``clean`` changes, and tab and newline: a text with none of these is a line
# that ``clean`` and the one-line forms built on it (``one_line``, the cells of a list,
# markdown) leave as it is; one search says so, before any of their passes.
UNCLEAN_OR_MULTILINE = f"\t\n{CONTROLS}{SURROGATES}"
_SPACES = re.compile(r"\s+")


def clean(text: str) -> str:
    """Return ``text`` without control characters (newline and tab survive).

    Control characters are C0 (but tab and newline), DEL, C1 and the bidi embedding,
    override and isolate characters. A carriage return before a newline is dropped
    with it, so Windows line ends become plain newlines rather than disappearing into
    one line. A lone surrogate becomes U+FFFD, the replacement character.
    """
    return _SURROGATE.sub("\ufffd", _CONTROL.sub("", text.replace("\r\n", "\n")))


def types_text(character: str | None) -> bool:
    """True when a key's character is text to insert: printable, or one of the invisible
    format characters that spelling needs and ``clean`` keeps (a zero-width joiner in an
    emoji sequence or in Persian, a tag in a flag). ``str.isprintable`` says no to those,
    so an input that trusted it dropped them when typed and kept them when pasted."""
    if not character or len(character) != 1:
        return False
    if character.isprintable():
        return True
    return unicodedata.category(character) == "Cf" and clean(character) == character


def has_control(text: str) -> bool:
    """True when ``text`` holds a character ``clean`` removes, a newline or a tab."""
    return clean(text) != text or "\n" in text or "\t" in text


def one_line(text: str) -> str:
    """Clean ``text`` and collapse every run of whitespace (newlines too) into one space."""
    return _SPACES.sub(" ", clean(text)).strip()


def slugify(title: str, max_length: int = 48) -> str:
    """Make a file- and URL-safe slug from a title: lowercase ASCII words joined by '-'."""
    # Decomposed a character at a time: NFKD of a whole title sorts each run of combining
    # marks by insertion, so 100 KB of them took seconds. The ASCII left is the same,
    # since only marks (never ASCII) are reordered.
    decomposed = "".join(unicodedata.normalize("NFKD", char) for char in title)
    ascii_title = decomposed.encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    slug = slug[:max_length].rstrip("-")
    return slug or "workshop"
