"""The action list as an improvement plan: one standalone HTML page, or a Word file.

Each breakout with next steps gets a table of Ref · Area · Action · Owner · Due · Status ·
Votes, its actions ranked exactly as in the markdown action list. The Ref is the ref
the action has in the plan it was imported from, so the plan reads the same from one
review to the next; when the workshop gave it another ref, that one follows in brackets
("A1 (B4)") so that the room can still find it on the screen. An action with no plan
ref shows its own.

As with the other exports, the output depends only on the data: the same workshop gives
the same bytes, the Word file included.
"""

import html
import io
import re
import zipfile
from typing import NamedTuple

from workshopkit.core.carry import standing_text
from workshopkit.core.files.export import (
    HIDDEN,
    MISSING,
    PLAN_COLUMNS,
    actions,
    area_text,
    shown_ref,
    status_since,
)
from workshopkit.core.text import clean
from workshopkit.core.views import BreakoutView, PointView, WorkshopView
from workshopkit.core.voting import conceal

COLUMNS = PLAN_COLUMNS
NO_ACTIONS = "No actions yet."
# Not characters at all: XML refuses them, so python-docx does too, and a browser shows
# them as boxes. ``clean`` has taken every control character already.
_NONCHARACTERS = re.compile("[\ufffe\uffff]")


class _Cell(NamedTuple):
    """One table cell: its text, and whether it stands for a value the action lacks
    (``⚠ none``)."""

    text: str
    missing: bool = False


def _plain(text: str) -> str:
    """User text safe for any document: no control characters, each line trimmed."""
    text = _NONCHARACTERS.sub("", clean(text)).replace("\t", " ")
    return "\n".join(line.strip() for line in text.split("\n")).strip()


def _line(text: str) -> str:
    """``_plain`` on one line, for a title or a ref."""
    return " ".join(_plain(text).split())


def _or_missing(value: str | None) -> _Cell:
    value = _plain(value or "")
    return _Cell(value) if value else _Cell(MISSING, missing=True)


def _row(point: PointView, blind: bool) -> list[_Cell]:
    # The Action cell holds the action alone and the Status cell where it stands, in the
    # words the import reads back ("In progress · since 2027-03-01 · Quote received"):
    # the plan imported again is the same plan.
    return [
        _Cell(shown_ref(point)),
        _Cell(_line(area_text(point))),
        _Cell(_plain(point.text)),
        _or_missing(point.owner),
        _or_missing(point.due),
        _Cell(standing_text(point.status, status_since(point), _line(point.progress or ""))),
        _Cell(HIDDEN if blind else str(point.votes)),
    ]


def _sections(workshop: WorkshopView) -> list[tuple[BreakoutView, list[list[_Cell]]]]:
    """Each breakout with the rows of its plan table (none when it has no next step),
    with the counts of a blind breakout hidden."""
    return [
        (breakout, [_row(p, breakout.blind) for p in actions(breakout)])
        for breakout in conceal(workshop).breakouts
    ]


def _heading(breakout: BreakoutView) -> str:
    return f"{breakout.letter}. {_line(breakout.title)}"


def _facts(workshop: WorkshopView) -> str:
    return " · ".join(filter(None, (_line(workshop.date or ""), _line(workshop.venue or ""))))


# -- HTML ------------------------------------------------------------------------------

_STYLE = """
:root { --ink: #1c1c1c; --paper: #fff; --rule: #8a8a8a; --head: #e9edf1; --muted: #555;
  --warn: #9a3412; }
@media screen and (prefers-color-scheme: dark) {
  :root { --ink: #e6e6e6; --paper: #16181b; --rule: #5b5f66; --head: #262a30;
    --muted: #a8adb4; --warn: #fdba74; color-scheme: dark; }
}
body { margin: 2rem auto; max-width: 80rem; padding: 0 1rem; color: var(--ink);
  background: var(--paper); font: 15px/1.4 system-ui, sans-serif; }
h1 { margin: 0 0 .2em; }
h2 { margin: 1.6em 0 .4em; }
.facts, .prompt { color: var(--muted); }
.prompt { font-style: italic; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
th, td { border: 1px solid var(--rule); padding: .35em .5em; text-align: left;
  vertical-align: top; overflow-wrap: anywhere; }
th { background: var(--head); }
th.ref { width: 8%; } th.area { width: 12%; } th.action { width: 35%; }
th.owner { width: 12%; } th.due { width: 11%; } th.status { width: 16%; } th.votes { width: 6%; }
td.votes { text-align: right; }
.missing { color: var(--warn); }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 10pt; }
  section.actions:not(:first-of-type) > h2 { break-before: page; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
}
"""


def _html_text(text: str) -> str:
    return html.escape(text, quote=True).replace("\n", "<br>")


def _html_cell(column: str, cell: _Cell) -> str:
    classes = [column.lower()] + (["missing"] if cell.missing else [])
    return f'<td class="{" ".join(classes)}">{_html_text(cell.text)}</td>'


def _html_section(breakout: BreakoutView, rows: list[list[_Cell]]) -> list[str]:
    lines = ['<section class="actions">' if rows else "<section>"]
    lines.append(f"<h2>{_html_text(_heading(breakout))}</h2>")
    if prompt := _plain(breakout.prompt or ""):
        lines.append(f'<p class="prompt">{_html_text(prompt)}</p>')
    if not rows:
        return [*lines, f"<p>{NO_ACTIONS}</p>", "</section>"]
    header = "".join(f'<th scope="col" class="{c.lower()}">{c}</th>' for c in COLUMNS)
    lines += ["<table>", f"<thead><tr>{header}</tr></thead>", "<tbody>"]
    for row in rows:
        cells = "".join(_html_cell(c, cell) for c, cell in zip(COLUMNS, row, strict=True))
        lines.append(f"<tr>{cells}</tr>")
    return [*lines, "</tbody>", "</table>", "</section>"]


def to_plan_html(workshop: WorkshopView) -> str:
    """The improvement plan as one HTML page that needs nothing else: no script, no
    link, its style inline; it prints one breakout per A4 landscape page."""
    title = _html_text(_line(workshop.title))
    lines = [
        "<!doctype html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title} — improvement plan</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{title}</h1>",
    ]
    if facts := _facts(workshop):
        lines.append(f'<p class="facts">{_html_text(facts)}</p>')
    lines.append("</header>")
    for breakout, rows in _sections(workshop):
        lines += _html_section(breakout, rows)
    return "\n".join([*lines, "</body>", "</html>"]) + "\n"


# -- Word ------------------------------------------------------------------------------

_WIDTHS_MM = (20, 32, 90, 35, 25, 42, 16)  # within A4 landscape's 273 mm between margins
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip entry can say


def to_plan_docx(workshop: WorkshopView) -> bytes:
    """The improvement plan as a Word file: A4 landscape, a table per breakout whose
    header row repeats on every page it runs onto."""
    # python-docx (and lxml under it) loads only when a plan is exported.
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(12))
    title = _line(workshop.title)
    document.core_properties.title = title
    document.core_properties.author = "workshopkit"
    document.add_heading(title, level=1)
    if facts := _facts(workshop):
        document.add_paragraph(facts)
    for breakout, rows in _sections(workshop):
        document.add_heading(_heading(breakout), level=2)
        if prompt := _plain(breakout.prompt or ""):
            document.add_paragraph().add_run(prompt).italic = True
        if rows:
            _word_table(document, rows)
        else:
            document.add_paragraph(NO_ACTIONS)
    written = io.BytesIO()
    document.save(written)
    return _without_timestamps(written.getvalue())


def _word_table(document, rows: list[list[_Cell]]) -> None:
    from docx.shared import Mm  # loaded with python-docx, for a plan only

    table = document.add_table(rows=1, cols=len(COLUMNS))
    table.style = "Table Grid"
    for cell, name in zip(table.rows[0].cells, COLUMNS, strict=True):
        cell.paragraphs[0].add_run(name).bold = True
    _row_flag(table.rows[0], "w:tblHeader")  # repeated at the top of every page
    for row in rows:
        word_row = table.add_row()
        _row_flag(word_row, "w:cantSplit")  # a row never breaks across two pages
        for word_cell, cell in zip(word_row.cells, row, strict=True):
            word_cell.paragraphs[0].add_run(cell.text)
    for column, width in zip(table.columns, _WIDTHS_MM, strict=True):
        column.width = Mm(width)
        for cell in column.cells:  # Word reads each cell's width, LibreOffice the grid's
            cell.width = Mm(width)


def _row_flag(row, tag: str) -> None:
    from docx.oxml import OxmlElement  # loaded with python-docx, for a plan only
    from docx.oxml.ns import qn

    flag = OxmlElement(tag)
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _without_timestamps(data: bytes) -> bytes:
    """The same zip with every entry dated 1980: python-docx stamps each one with the
    time of saving, and an export should not change when the data has not."""
    source = zipfile.ZipFile(io.BytesIO(data))
    written = io.BytesIO()
    with zipfile.ZipFile(written, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, _FIXED_TIME)
            target.writestr(info, source.read(entry), zipfile.ZIP_DEFLATED)
    return written.getvalue()


RENDERERS = {"html": to_plan_html, "docx": to_plan_docx}
