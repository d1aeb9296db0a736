"""Reading notes people already have (markdown or plain text) into a plan of breakouts and points.

Pure: text in, an ``ImportPlan`` out, with no store and no Textual. ``decoding.py`` turns
a file's bytes into text, ``note_lines.py`` says what each line is, and
``Store.import_notes`` writes a plan in one transaction.

How notes are read:

- Headings become breakouts. When the file has several markdown headings (``# Title`` or
  a line underlined with ``===``/``---``) only those count, and a heading nested under
  another carries it in front ("Group 1: Barriers"). Otherwise a short, title-like line on
  its own (a blank line before it, notes after it) is a heading when it ends in ``:``,
  when it only names a kind ("Barriers", "Next steps"), or when a blank line or a list
  follows it and the next note is not another such line; a title-like line with another
  heading right under it titles the file if it comes first, else stays a point. A
  repeated heading adds to the first.
- Every other line with text is one point, in the breakout of the heading above it (notes
  before any heading go to a breakout named after the file). Bullets (``-`` ``*`` ``+``
  ``•`` ``·`` ``1.`` ``a)`` …) are taken off; tick and cross marks (✓ ×) stay, they mean
  something. Only lines with nothing to keep are skipped: rules (``---``) and bare bullets.
- A sub-point (indented deeper, or listed under a line that ends in ``:`` or starts with a
  tick or cross) keeps its parent's text in front of its own and its parent's tags, unless
  it sets its own.
- Each line is read in the capture language (``#next @Sam due:2027-03``). Obvious kinds are
  recognised when no ``#kind`` says otherwise: a line starting "Barrier…" is a barrier,
  "Next step…" or "Action…" a next step, a line ending in ``?`` a question; then the
  parent's barrier/next/idea kind; then the heading's ("Barriers", "Next steps", ...).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from workshopkit.core.capture import Captured, parse
from workshopkit.core.carry import Standing
from workshopkit.core.importing.decoding import NotNotes, decode_notes
from workshopkit.core.importing.lines import MARKS, ONLY_A_KIND, Line, implicit_headings, read_lines
from workshopkit.core.kinds import Kind
from workshopkit.core.text import one_line

Progress = Callable[[int, int], None]  # (done, total)

_LINE_KINDS = (
    (re.compile(r"barriers?\b", re.IGNORECASE), Kind.BARRIER),
    (re.compile(r"(next\s+steps?|actions?)\b", re.IGNORECASE), Kind.NEXT),
)
# A heading that mentions barriers is about barriers; the other kinds must lead it.
_HEADING_KINDS = (
    (re.compile(r".*\bbarriers?\b", re.IGNORECASE), Kind.BARRIER),
    (re.compile(r"(next\s+steps?|(agreed\s+)?actions?)\b", re.IGNORECASE), Kind.NEXT),
    (re.compile(r"questions?\b", re.IGNORECASE), Kind.QUESTION),
    (re.compile(r"ideas?\b", re.IGNORECASE), Kind.IDEA),
)
_INHERITED_KINDS = (Kind.BARRIER, Kind.NEXT, Kind.IDEA)  # a question's sub-points are answers
PREAMBLE_TITLE = "Imported notes"  # notes before any heading, when the file has no name


@dataclass(frozen=True)
class PlannedPoint:
    """One point to create: a source line read in the capture language."""

    line: int  # its line in the source, from 1
    own: str  # the line's own text, without bullet and tags
    context: str | None  # the parent's text, kept in front of a sub-point's own
    captured: Captured  # text (context and own), kind, owner, due, themes
    plan_ref: str | None = None  # an improvement plan's ref for its row ("A1")
    standing: Standing | None = None  # what the plan's Progress cell says of it

    @property
    def text(self) -> str:
        """The point's text as it will be stored."""
        return self.captured.text


@dataclass(frozen=True)
class PlannedBreakout:
    """A breakout to create (or to add to, when the workshop has one of that title)."""

    title: str
    points: tuple[PlannedPoint, ...]
    lines: tuple[int, ...] = ()  # the heading lines it comes from; () for notes before any
    prompt: str | None = None  # the question it asks, for a breakout the file describes
    letter: str | None = None  # the letter its heading gives it ("A-Safer Streets"), if free


@dataclass(frozen=True)
class ImportPlan:
    """What a file holds, ready to write. Every line is a heading, a point, or skipped."""

    title: str  # a new workshop's title: the first heading, else the file's name
    breakouts: tuple[PlannedBreakout, ...]
    lines: int  # lines in the source
    headings: tuple[int, ...]  # lines read as headings (titles, not points)
    skipped: tuple[int, ...]  # lines with nothing to keep: rules, underlines, bare bullets
    encoding: str = "utf-8"
    found: str = ""  # what kind of document it was read as, when not plain notes

    @property
    def points(self) -> tuple[PlannedPoint, ...]:
        """Every planned point, breakout by breakout."""
        return tuple(p for b in self.breakouts for p in b.points)


def join_context(context: str | None, own: str) -> str:
    """A sub-point's text: its parent's text, then its own."""
    if not context:
        return own
    if context.endswith((":", "?", "!", ".", "…")):
        return f"{context} {own}"
    return f"{context}: {own}"


def title_from_name(name: str) -> str:
    """A readable title from a file name: 'group-a_notes.md' → 'Group a notes'."""
    stem = name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    stem = stem.rsplit(".", 1)[0] if "." in stem.lstrip(".") else stem
    words = one_line(re.sub(r"[-_]+", " ", stem))
    return (words[:1].upper() + words[1:]) if words else PREAMBLE_TITLE


def _heading_kind(titles: list[str]) -> Kind | None:
    for title in reversed(titles):  # the innermost heading that names a kind wins
        for pattern, kind in _HEADING_KINDS:
            if pattern.match(title):
                return kind
    return None


def _heading_title(text: str) -> str:
    return text.rstrip(":").rstrip()


def _own_kind(text: str) -> Kind | None:
    for pattern, kind in _LINE_KINDS:
        if pattern.match(text):
            return kind
    if text.rstrip(" \"'”’)]").endswith("?"):
        return Kind.QUESTION
    return None


def _sets_kind(source: str, captured: Captured) -> bool:
    """True when the line names a kind itself (``#note`` included)."""
    return captured.kind is not Kind.NOTE or bool(re.search(r"(^|\s)#note(\s|$)", source, re.I))


@dataclass
class _Open:
    """A point that later lines may hang under."""

    line: Line
    point: PlannedPoint
    label: bool  # lists the lines after it at its own indent: ends in ':', a tick, a kind
    child_marker: str | None = None


def _parent(stack: list[_Open], line: Line) -> _Open | None:
    while stack:
        top = stack[-1]
        if top.line.indent < line.indent:
            return top
        if (
            top.line.indent == line.indent
            and top.label
            and line.marker is not None
            and line.marker != top.line.marker
            and top.child_marker in (None, line.marker)
            and not (top.line.marker in MARKS and line.marker in MARKS)
        ):
            top.child_marker = line.marker
            return top
        stack.pop()
    return None


def _point(line: Line, parent: _Open | None, section_kind: Kind | None) -> PlannedPoint:
    captured = parse(line.content)
    own = captured.text or line.content  # a line of tags alone keeps them as its text
    kind = captured.kind
    above = parent.point.captured if parent else None
    if not _sets_kind(line.content, captured):
        inherited = above.kind if above and above.kind in _INHERITED_KINDS else None
        kind = _own_kind(own) or inherited or section_kind or Kind.NOTE
    context = parent.point.text if parent else None
    if above is not None:
        known = {a.casefold() for a in above.themes}
        themes = above.themes + tuple(t for t in captured.themes if t.casefold() not in known)
        captured = replace(
            captured,
            owner=captured.owner or above.owner,
            due=captured.due or above.due,
            themes=themes,
        )
    captured = replace(captured, text=join_context(context, own), kind=kind)
    return PlannedPoint(line.number, own, context, captured)


class _Breakouts:
    """Breakouts in the order their headings first appear; a repeated title adds to the first."""

    def __init__(self) -> None:
        self.order: list[str] = []
        self.titles: dict[str, str] = {}
        self.points: dict[str, list[PlannedPoint]] = {}
        self.lines: dict[str, list[int]] = {}

    def add(self, title: str, line: int | None) -> str:
        key = title.casefold()
        if key not in self.titles:
            self.order.append(key)
            self.titles[key], self.points[key], self.lines[key] = title, [], []
        if line is not None:
            self.lines[key].append(line)
        return key

    def plan(self) -> tuple[PlannedBreakout, ...]:
        return tuple(
            PlannedBreakout(self.titles[k], tuple(self.points[k]), tuple(self.lines[k]))
            for k in self.order
        )


def parse_notes(
    text: str, name: str = "", encoding: str = "utf-8", progress: Progress | None = None
) -> ImportPlan:
    """Read notes into a plan of breakouts and points. Never fails; see the module's notes.

    ``name`` is the file's name: a new workshop is titled from the first heading, else
    from it, and so is the breakout for notes that come before any heading.
    """
    lines, skipped = read_lines(text)
    # Markdown headings take over from title-like lines when there are several: one
    # alone is usually the document's title above notes typed as plain text.
    marked = {i for i, line in enumerate(lines) if line is not None and line.level}
    explicit = len(marked) > 1
    document = None  # a heading that titles the whole file, not a breakout
    if not explicit:
        found, first = implicit_headings(lines, marked)
        for i in found - marked:
            lines[i].marker, lines[i].level = "#", 1
        document = None if first is None else lines[first]
    heads = [line for line in lines if line is not None and line.level]
    if explicit and heads:
        # Under markdown headings, a lone top heading first in the file titles the document.
        top = min(h.level for h in heads)
        if heads[0].level == top and sum(h.level == top for h in heads) == 1:
            document = heads[0]
    breakouts = _Breakouts()
    preamble = title_from_name(name)
    current: str | None = None
    section_kind: Kind | None = None
    chain: list[Line] = []  # the headings enclosing the current one
    stack: list[_Open] = []
    total = len(lines)
    for index, line in enumerate(lines):
        if progress is not None and index % 2000 == 0:
            progress(index, total)
        if line is None:
            continue
        if line.level:
            chain = [h for h in chain if h.level < line.level] + [line]
            titles = [_heading_title(h.content) for h in chain if h is not document]
            titles = [t for t in titles if t]  # "# :" names nothing
            current = None
            if titles:
                current = breakouts.add(": ".join(titles), line.number)
            section_kind = _heading_kind(titles)
            stack = []
            continue
        if current is None:
            title = _heading_title(document.content) if document else ""
            current = breakouts.add(title or preamble, document.number if document else None)
        parent = _parent(stack, line)
        point = _point(line, parent, section_kind)
        breakouts.points[current].append(point)
        label = (
            point.own.endswith(":")
            or line.marker in MARKS
            or bool(ONLY_A_KIND.fullmatch(point.own))
        )
        stack.append(_Open(line, point, label))
    # A heading with sub-headings and no notes of its own lives on in their titles.
    sub_headed = {
        a.number for i, a in enumerate(heads) for b in heads[i + 1 : i + 2] if b.level > a.level
    }
    planned = tuple(
        b for b in breakouts.plan() if b.points or not any(n in sub_headed for n in b.lines)
    )
    first = next((t for t in (_heading_title(h.content) for h in heads) if t), preamble)
    if progress is not None:
        progress(total, total)
    return ImportPlan(
        title=first,
        breakouts=planned,
        lines=len(lines),
        headings=tuple(h.number for h in heads),
        skipped=tuple(sorted(skipped)),
        encoding=encoding,
    )


def read_notes(
    data: bytes, name: str, encoding: str | None = None, progress: Progress | None = None
) -> ImportPlan:
    """Decode a notes file (see ``decoding.py``) and plan its import.

    Raises ``NotNotes`` when the file is not text, or holds nothing to import.
    """
    text, used = decode_notes(data, name, encoding)
    plan = parse_notes(text, name, used, progress)
    if not plan.breakouts:
        raise NotNotes(f"{one_line(name) or 'The file'} has a title but no notes to import.")
    return plan
