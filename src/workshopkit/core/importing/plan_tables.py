"""The rows of an improvement plan's action tables, read by their headers.

A plan has one table per theme: Ref · Area for improvement · Action · Lead · Timescale ·
Progress, in any order and case, under the names organisers use. A header row is never
a row of the plan, and one repeated mid-table (as page breaks leave them) is skipped.
Each row keeps its ref (``A1.`` and ``A1`` are the same), and its Action cell becomes one
action per list item (see ``plan_cells``). A Timescale cell that lists one value per
action maps item by item; otherwise the whole cell is every action's timescale.
"""

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from workshopkit.core.files.export import MISSING
from workshopkit.core.importing.plan_cells import read_cell

FIELDS: dict[str, tuple[str, ...]] = {
    "ref": ("ref", "ref no", "no", "#", "number"),
    "area": ("area", "area for improvement", "areas for improvement", "theme", "issue"),
    "action": ("action", "actions", "what"),
    "lead": ("lead", "owner", "responsible", "who", "lead officer"),
    "timescale": ("timescale", "timescales", "due", "when", "by", "by when", "deadline"),
    "progress": ("progress", "status", "rag", "rag status"),
}
_NAMES = {name: field for field, names in FIELDS.items() for name in names}


def _name(cell: str) -> str:
    """A header cell as compared: lower case, without its trailing stop or colon, one space."""
    text = " ".join(read_cell(cell).lead_in.lower().split()) if "<" in cell else cell
    return " ".join(text.lower().split()).rstrip(".:").strip()


def header_fields(cells: list[str]) -> dict[int, str] | None:
    """Which field each column holds, when ``cells`` are a header row: an Action column
    and at least one other that a plan has."""
    fields = {
        index: _NAMES[_name(cell)] for index, cell in enumerate(cells) if _name(cell) in _NAMES
    }
    if "action" in fields.values() and len(set(fields.values())) >= 2:
        return fields
    return None


def normal_ref(text: str) -> str:
    """``A1.``, ``a1`` and ``A 1`` are all ``A1``; so is ``A1 (B4)``, a plan ref with the
    workshop's own ref after it, as plans are exported."""
    return re.sub(r"\s+", "", text.split("(")[0]).rstrip(".:").upper()


@dataclass(frozen=True)
class PlanRow:
    """One row of a plan's action table."""

    line: int  # where it was read, from 1
    ref: str
    area: str
    lead_in: str  # the Action cell's text before its list
    actions: tuple[str, ...]
    lead: str
    timescales: tuple[str, ...]  # one per action
    progress: str


def _text(cell: str) -> str:
    read = read_cell(cell)
    text = " · ".join(part for part in (read.lead_in, *read.items) if part)
    return "" if text == MISSING else text  # an exported plan's mark of a missing value


def plan_row(line: int, cells: list[str], fields: dict[int, str]) -> PlanRow | None:
    """The row, read by the columns of its header; None when it holds no action."""
    by_field = {
        field: cells[index] if index < len(cells) else "" for index, field in fields.items()
    }
    action = read_cell(by_field.get("action", ""))
    actions = action.texts if action.items else ((action.lead_in,) if action.lead_in else ())
    lead_in = action.lead_in if action.items else ""
    if not actions:
        return None
    timescale = read_cell(by_field.get("timescale", ""))
    if len(timescale.items) == len(actions) and len(actions) > 1:
        timescales = timescale.items
    else:
        timescales = (_text(by_field.get("timescale", "")),) * len(actions)
    return PlanRow(
        line=line,
        ref=normal_ref(_text(by_field.get("ref", ""))),
        area=_text(by_field.get("area", "")),
        lead_in=lead_in,
        actions=actions,
        lead=_text(by_field.get("lead", "")),
        timescales=timescales,
        progress=_text(by_field.get("progress", "")),
    )


Table = list[tuple[int, list[str]]]  # a table's rows: where each was read, and its cells


def plan_rows(tables: list[Table]) -> tuple[list[PlanRow], list[int]]:
    """The plan's rows in ``tables``, and where rows under a header could not be read. A
    table is read from its header row on; a header repeated in it is skipped."""
    rows: list[PlanRow] = []
    unread: list[int] = []
    for table in tables:
        fields: dict[int, str] | None = None
        for number, cells in table:
            header = header_fields(cells)
            if header is not None:
                fields = header
            elif fields is not None:
                row = plan_row(number, cells, fields)
                if row is None:
                    unread.append(number)
                else:
                    rows.append(row)
    return rows, unread


def tab_tables(text: str) -> list[Table]:
    """Runs of tab-separated lines (tables pasted from a word processor or a PDF); a
    line of other text ends a table, a blank line does not."""
    tables: list[Table] = []
    current: Table = []
    for number, line in enumerate(text.splitlines(), start=1):
        if "\t" in line:
            current.append((number, line.split("\t")))
        elif line.strip() and current:
            tables.append(current)
            current = []
    if current:
        tables.append(current)
    return tables


_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


_PIPE = re.compile(r"(?<!\\)\|")  # a pipe between cells; ``\|`` is one in a cell's text
_LAST_PIPE = re.compile(r"(?<!\\)\|\s*$")
_ESCAPED = re.compile(r"\\([\\`*_\[\]<>|~&])")  # what the action list escapes
# A character escaped in markdown is that character as text; a bare ``<ul>`` is HTML.
_AS_TEXT = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}


def _markdown_cell(cell: str) -> str:
    """A markdown cell as ``read_cell`` reads it: text, or HTML when it has an escaped
    angle bracket, which must stay text ("Print \\<script\\>" is not a script)."""
    cell = cell.strip().replace("<br>", "\n")
    if "\\<" not in cell and "\\>" not in cell:
        return _ESCAPED.sub(lambda found: found[1], cell)
    return "<p>" + _ESCAPED.sub(lambda found: _AS_TEXT.get(found[1], found[1]), cell) + "</p>"


def markdown_tables(text: str) -> list[Table]:
    """Markdown pipe tables; the rule under a header (``|---|``) is not a row."""
    tables: list[Table] = []
    current: Table = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("|"):
            if not _RULE.match(stripped):
                inner = _LAST_PIPE.sub("", stripped[1:])
                cells = [_markdown_cell(cell) for cell in _PIPE.split(inner)]
                current.append((number, cells))
        elif current:
            tables.append(current)
            current = []
    if current:
        tables.append(current)
    return tables


class _HtmlTables(HTMLParser):
    """The rows of each outermost ``<table>``, each cell as its source HTML (its lists
    are read by ``plan_cells``). A cell or row whose end tag is left out ends where the
    next one starts."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.source = source
        self.starts = [0]  # where each line of the source starts
        for line in source.splitlines(keepends=True):
            self.starts.append(self.starts[-1] + len(line))
        self.tables: list[Table] = []
        self.depth = 0  # tables open (one inside a cell is part of the cell)
        self.row: list[str] | None = None
        self.row_line = 0
        self.cell_from: int | None = None

    def _here(self) -> int:
        line, column = self.getpos()
        return self.starts[line - 1] + column

    def _end_cell(self) -> None:
        if self.cell_from is not None and self.row is not None:
            self.row.append(self.source[self.cell_from : self._here()])
        self.cell_from = None

    def _end_row(self) -> None:
        self._end_cell()
        if self.row is not None and self.tables:
            self.tables[-1].append((self.row_line, self.row))
        self.row = None

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "table":
            self.depth += 1
            if self.depth == 1:
                self.tables.append([])
        elif self.depth != 1:
            return
        elif tag == "tr":
            self._end_row()
            self.row, self.row_line = [], self.getpos()[0]
        elif tag in ("td", "th"):
            self._end_cell()
            if self.row is None:
                self.row, self.row_line = [], self.getpos()[0]
            self.cell_from = self._here() + len(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            if self.depth == 1:
                self._end_row()
            self.depth = max(0, self.depth - 1)
        elif self.depth != 1:
            return
        elif tag == "tr":
            self._end_row()
        elif tag in ("td", "th"):
            self._end_cell()


def html_tables(source: str) -> list[Table]:
    """The tables of an HTML document, read with the standard library's parser."""
    parser = _HtmlTables(source)
    parser.feed(source)
    parser.close()
    return parser.tables


def read_tab_rows(text: str) -> tuple[list[PlanRow], list[int]]:
    """The plan's rows in tab-separated tables, and the rows that could not be read."""
    return plan_rows(tab_tables(text))
