"""Hostile text for the fuzz suite: what a paste, a prank or an attacker puts in a point.

Every strategy mixes markup-like brackets, terminal escape sequences (CSI, OSC, DCS,
the C1 forms), C0 and C1 controls with NUL, bidi overrides and isolates, zero-width
characters, combining marks, emoji with ZWJ sequences and any other Unicode, and now
and then repeats the lot past 100 KB.

What the store must keep of it is ``stored_text``: the input minus control characters
as ``workshopkit.core.text.clean`` defines them (C0 but tab and newline, DEL, C1, the
bidi embeddings, overrides and isolates; a CR before a newline goes with it; a lone
surrogate becomes U+FFFD), without the whitespace at either end.
"""

import re

from hypothesis import strategies as st

MARKUP = [
    "[b]", "[/]", "[/b]", "[@click=app.quit]", "[@click=screen.dismiss]", "[red on blue]",
    "[link=http://x]", "[/link]", "[", "]", "[[", "]]", "$var", "${x}", ":smile:", "[b",
    "[bold]x[/bold]", "[i]", "\\[b]", "[#ff0000]", "[reverse]", "&amp;", "<b>", "</td>", "|",
    "||", "*", "_", "`", "~~", "<br>", "<script>", "-->", "---",
]  # fmt: skip
ESCAPES = [
    "\x1b[31m", "\x1b[0m", "\x1b[2J", "\x1b[H", "\x1b[?1049l", "\x1b[?25l", "\x1b[6n",
    "\x1b[1;31;42m", "\x1b]0;title\x07", "\x1b]2;pwned\x1b\\", "\x1b]8;;http://x\x1b\\",
    "\x1b]8;;\x1b\\", "\x1b]52;c;cHduZWQ=\x07", "\x1bP+q544e\x1b\\", "\x1bc", "\x1b7",
    "\x1b8", "\x1b(0", "\x1b[>c", "\x9b31m", "\x9b2J", "\x9d0;t\x9c", "\x90q\x9c", "\x1b",
    "\x1b[", "\x1b]",
]  # fmt: skip
BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068",
        "\u2069", "\u200e", "\u200f", "\u061c", "\u202eevil\u202c", "\u2067txt\u2069"]  # fmt: skip
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u180e", "\u034f"]
EMOJI = [
    "🎉", "👍🏽", "👩‍👩‍👧", "🏳️‍🌈", "🇬🇧", "🏴󠁧󠁢󠁥󠁮󠁧󠁿", "1️⃣", "❤️", "🧑🏿‍🤝‍🧑🏻", "🫠", "👁️‍🗨️",
]  # fmt: skip
SPACES = [" ", "  ", "\n", "\t", "\r\n", "\r", "\u00a0", "\u2028", "\u2029", "\u3000", "\x85"]
WORDS = ["Parking", "bus", "A1", "café", "日本語", "עברית", "العربية", "Ωmega", "x"]
# Half a UTF-16 pair: what Python makes of bytes that are not UTF-8 in an argument.
SURROGATES = ["\udcff", "\ud800", "\udc80x"]

controls = st.characters(codec=None, categories=["Cc"]).map(str)  # C0, DEL, C1, NUL
combining = st.builds(
    lambda base, marks: base + "".join(marks),
    st.sampled_from(["e", "a", "", "Z", "🎉"]),
    st.lists(st.characters(categories=["Mn", "Me"]), min_size=1, max_size=12),
)

piece = st.one_of(
    st.sampled_from(MARKUP),
    st.sampled_from(ESCAPES),
    controls,
    st.sampled_from(BIDI),
    st.sampled_from(ZERO_WIDTH),
    combining,
    st.sampled_from(EMOJI),
    st.sampled_from(SPACES),
    st.sampled_from(WORDS),
    st.sampled_from(SURROGATES),
    st.text(max_size=6),
)
# Short hostile text: a few pieces run together.
short_text = st.lists(piece, max_size=12).map("".join)


def _huge(text: str) -> str:
    """``text`` (or a fixed hostile one) repeated to a little over 100 KB."""
    unit = text or "x\x1b[2J[b]\u202e🎉 "
    return unit * (100_000 // len(unit.encode("utf-8", "surrogatepass")) + 1)


hostile_text = st.one_of(short_text, short_text, short_text, short_text.map(_huge))
# For tests that draw a dozen texts at once: a 100 KB one in about one in eight.
hostile_field = st.one_of(*[short_text] * 7, short_text.map(_huge))

# The capture language reads '#', '@', a leading backslash, 'due:' and 'score:'; with
# those kept out, the whole of what is typed is the point's text.
_MARKER_CHARS = str.maketrans({"#": "%", "@": "&", "\\": "/"})
_MARKER_WORD = re.compile(r"(?:due|score):", re.IGNORECASE)


def plain(texts: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """``texts`` with nothing the capture language would read as a tag."""
    return texts.map(lambda text: text.translate(_MARKER_CHARS)).filter(
        lambda text: not _MARKER_WORD.search(without_controls(text))
    )


plain_text = plain(hostile_text)


# The control characters, as the store defines them (and as written here independently of
# core/text.py, so that the test states the rule rather than repeating the code): C0 but
# tab and newline, DEL, C1, and the bidi embeddings, overrides and isolates.
CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Any character that must never be drawn or written: those, and lone surrogates.
FORBIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def without_controls(text: str) -> str:
    """``text`` minus its control characters; a CR before a newline goes with it, and a
    lone surrogate becomes U+FFFD."""
    text = CONTROLS.sub("", text.replace("\r\n", "\n"))
    return re.sub(r"[\ud800-\udfff]", "\ufffd", text)


def stored_text(typed: str) -> str:
    """What the store keeps of ``typed`` when it has no capture markers."""
    return without_controls(typed).strip()
