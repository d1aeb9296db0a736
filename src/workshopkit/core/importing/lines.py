"""What each line of a notes file is: a heading, a bullet, a plain line, or nothing to keep.

The first half of reading notes (``importer.py`` builds the plan from these lines). Pure
text handling: no store, no Textual.
"""

import re
from dataclasses import dataclass

from workshopkit.core.capture import Captured, parse
from workshopkit.core.text import clean, one_line

# Zero-width characters that editors and word processors leave in pasted text.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_ATX = re.compile(r"(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*")
_UNDERLINE = re.compile(r"(?:={2,}|-{2,})[ \t]*")
_RULE = re.compile(r"([-*_=~+#])(?:[ \t]*\1){2,}[ \t]*")
_BULLET = re.compile(
    r"""(?:
      (?P<ascii>[-*+])\s+
    | (?P<dot>[•·◦▪▫‣⁃●○■□►▸➢➤])\s*
    | (?P<dash>[–—])\s+
    | (?P<number>\d{1,3})(?P<numberend>[.)])\s+
    | \((?:\d{1,3}|[a-zA-Z]|[ivxIVX]{1,4})\)\s+
    | (?P<letter>[a-z]|[ivx]{2,4})(?P<letterend>[.)])\s+
    | [A-Z]\)\s+
    )""",
    re.VERBOSE,
)
_BARE_BULLET = re.compile(
    r"(?:[-*+•·◦▪▫‣⁃●○■□►▸➢➤–—]|\d{1,3}[.)]|[a-z][.)]|\((?:\d{1,3}|[a-zA-Z]|[ivx]{1,4})\))"
)
_TICK, _CROSS = "✓✔☑", "✗✘×☒"
_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_SENTENCE_BREAK = re.compile(r"[.!?;]\s+\S")
# A title never ends on a word like these: such a line is a sentence cut in two.
_TRAILING_WORDS = frozenset(
    ["a", "an", "the", "and", "or", "of", "to", "in", "on", "at", "by", "for", "from", "with"]
)
ONLY_A_KIND = re.compile(
    r"(barriers?|next\s+steps?|actions?(\s+(points?|plan|list))?|agreed\s+actions|"
    r"questions?|ideas?)\s*:?",
    re.IGNORECASE,
)
TITLE_LENGTH = 120  # longer lines are sentences, not headings
MARKS = ("tick", "cross")  # the markers of lines that start with ✓ or ×


@dataclass
class Line:
    """One source line with text."""

    number: int  # from 1
    indent: int  # columns, a tab counting to the next multiple of 4
    marker: str | None  # the kind of bullet ("-", "1.", "tick"…); "#" a heading; None plain
    content: str  # one line, bullet and emphasis taken off
    level: int = 0  # a heading's level; 0 for anything else


def _indent_width(raw: str) -> int:
    width = 0
    for char in raw:
        if char == "\t":
            width += 4 - width % 4
        elif char.isspace():
            width += 1
        else:
            break
    return width


def _unemphasise(text: str) -> str:
    return _EMPHASIS.sub(r"\2", text)


def _read_line(number: int, raw: str) -> Line | None:
    """A source line, or None when it is blank."""
    raw = clean(raw).translate(_INVISIBLE)
    body = raw.strip()
    if not body:
        return None
    indent = _indent_width(raw)
    if _RULE.fullmatch(body):
        return Line(number, indent, "rule", body)
    if indent <= 3 and (atx := _ATX.fullmatch(body)):
        return Line(number, indent, "#", one_line(_unemphasise(atx[2] or "")), len(atx[1]))
    marker = None
    if match := _BULLET.match(body):
        if match["ascii"] or match["dot"]:
            marker = match["ascii"] or match["dot"]
        elif match["dash"]:
            marker = "dash"
        elif match["number"]:
            marker = "1" + match["numberend"]
        elif match["letter"]:
            marker = "a" + match["letterend"]
        else:
            marker = "(1)" if match.group().startswith("(") else "A)"
        body = body[match.end() :]
    if body[:1] in _TICK:  # the mark stays in the text: it says something
        marker = marker or "tick"
    elif body[:1] in _CROSS:
        marker = marker or "cross"
    return Line(number, indent, marker, one_line(_unemphasise(body)))


def _skippable(line: Line) -> bool:
    """Nothing to keep: a rule, an empty heading, or a bullet with no text."""
    if line.marker == "rule" or not line.content:
        return True
    return line.marker is None and bool(_BARE_BULLET.fullmatch(line.content))


def _title_like(line: Line) -> bool:
    text = line.content
    if line.marker is not None or line.indent >= 2 or len(text) > TITLE_LENGTH:
        return False
    if not any(char.isalpha() for char in text) or _SENTENCE_BREAK.search(text):
        return False
    if text.endswith((".", ",", ";")) and not text.endswith(("...", "…")):
        return False
    if text.split()[-1].lower().rstrip(":") in _TRAILING_WORDS:
        return False
    return parse(text) == Captured(text)  # a tagged line is a point


def implicit_headings(lines: list[Line | None], fixed: set[int]) -> tuple[set[int], int | None]:
    """Indexes of the headings of a plain-text file, and of the document's title.

    ``fixed`` are the indexes of markdown headings, which stay headings. Other headings
    are short title-like lines that head the notes after them; the document's title is a
    first line standing alone right above another heading.
    """
    notes = [i for i, line in enumerate(lines) if line is not None]
    headings = set(fixed)
    for position, i in enumerate(notes[:-1]):
        line = lines[i]
        if i in fixed or not _title_like(line):
            continue
        after = lines[i + 1] if i + 1 < len(lines) else None
        alone_before = i == 0 or lines[i - 1] is None or i - 1 in headings
        alone_after = after is None or after.marker is not None or after.indent >= 2
        if (
            ONLY_A_KIND.fullmatch(line.content)
            or (alone_before and line.content.endswith(":"))
            or (alone_before and alone_after and not _title_like(lines[notes[position + 1]]))
        ):
            headings.add(i)
    # A heading with another right under it heads nothing: it stays a point, except
    # first in the file, where it titles the document.
    for position in range(len(notes) - 2, 0, -1):
        if notes[position + 1] in headings and notes[position] not in fixed:
            headings.discard(notes[position])
    document = None
    if notes:
        first = notes[0]
        heads_nothing = len(notes) == 1 or notes[1] in headings
        alone = first + 1 == len(lines) or lines[first + 1] is None
        titled = len(notes) > 1 and alone and _title_like(lines[first])
        if heads_nothing and (first in headings or titled):
            headings.add(first)
            document = first
    return headings, document


def read_lines(text: str) -> tuple[list[Line | None], list[int]]:
    """The lines of ``text`` (None where blank or with nothing to keep), and the numbers of
    the lines skipped for having nothing to keep: rules, underlines, bare bullets."""
    lines = [_read_line(n, raw) for n, raw in enumerate(text.splitlines(), 1)]
    skipped: list[int] = []
    # A line underlined with === or --- is a markdown heading; the underline is skipped.
    for i, line in enumerate(lines):
        above = lines[i - 1] if i else None
        if (
            line is not None
            and line.marker in (None, "rule")
            and line.indent <= 3
            and _UNDERLINE.fullmatch(line.content)
            and above is not None
            and above.marker is None
            and above.level == 0
        ):
            above.marker, above.level = "#", 1 if line.content.startswith("=") else 2
            skipped.append(line.number)
            lines[i] = None
    for i, line in enumerate(lines):
        if line is not None and _skippable(line):
            skipped.append(line.number)
            lines[i] = None
    return lines, sorted(skipped)
