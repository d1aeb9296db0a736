"""An improvement plan kept as a file: a Word document, a spreadsheet or comma-separated
values. Each gives tables of rows of cells, as ``plan_tables`` reads them; a Word cell's
bulleted paragraphs come as lines with a bullet each, nested ones with a nested bullet,
so that ``plan_cells`` reads them as any pasted list. A Word document or an HTML page is
also read whole, headings and all, as the text a word processor pastes
(``docx_as_pasted``, ``html_as_pasted``)."""

import csv
import html
import io
from html.parser import HTMLParser
from pathlib import Path

from workshopkit.core.importing.plan_cells import NESTED_BULLETS, TOP_BULLETS
from workshopkit.core.importing.plan_tables import Table, html_tables


def csv_tables(text: str) -> list[Table]:
    """One table: every row of the file (a blank row is left out)."""
    rows = csv.reader(io.StringIO(text))
    return [[(number, cells) for number, cells in enumerate(rows, start=1) if any(cells)]]


def xlsx_tables(source: Path | bytes) -> list[Table]:
    """A table per sheet; a cell's value as text (a date as written, 2027-05-01)."""
    return [table for _, table in xlsx_sheets(source)]


def xlsx_sheets(source: Path | bytes) -> list[tuple[str, Table]]:
    """Each sheet's name and table."""
    from openpyxl import load_workbook  # loaded when a spreadsheet is imported

    opened = io.BytesIO(source) if isinstance(source, bytes) else source
    book = load_workbook(opened, read_only=True, data_only=True)
    tables: list[tuple[str, Table]] = []
    try:
        for sheet in book.worksheets:
            table: Table = []
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                cells = ["" if value is None else _as_text(value) for value in values]
                if any(cell.strip() for cell in cells):
                    table.append((number, cells))
            tables.append((sheet.title, table))
    finally:
        book.close()
    return tables


def _as_text(value: object) -> str:
    isoformat = getattr(value, "isoformat", None)
    if isoformat is not None:  # a date or a time: the day, unless the time matters
        text = isoformat()
        return text.removesuffix("T00:00:00")
    return str(value)


def _word(source: Path | bytes):
    from docx import Document  # loaded when a Word file is imported

    return Document(io.BytesIO(source) if isinstance(source, bytes) else str(source))


def docx_tables(source: Path | bytes) -> list[Table]:
    """A table per Word table (rows counted from 1 in each); a cell's paragraphs as lines,
    those in a list with a bullet of their level."""
    tables: list[Table] = []
    for word_table in _word(source).tables:
        table: Table = []
        for number, row in enumerate(word_table.rows, start=1):
            table.append((number, [_cell_text(cell) for cell in row.cells]))
        tables.append(table)
    return tables


def _cell_text(cell) -> str:
    lines = []
    for paragraph in cell.paragraphs:
        text = paragraph.text.strip()
        if not text:
            continue
        level = _list_level(paragraph)
        if level is None:
            lines.append(text)
        else:
            lines.append(f"{NESTED_BULLETS[0] if level else TOP_BULLETS[0]} {text}")
    return "\n".join(lines)


def _list_level(paragraph) -> int | None:
    """0 for a paragraph of a list, 1 for one nested deeper; None when not in a list."""
    properties = paragraph._p.pPr
    numbering = properties.numPr if properties is not None else None
    if numbering is not None and numbering.ilvl is not None:
        return min(1, int(numbering.ilvl.val))
    name = paragraph.style.name if paragraph.style is not None else ""
    if name.startswith("List"):
        return 1 if name.rstrip().endswith(("2", "3", "4")) else 0
    return 0 if numbering is not None else None


def docx_as_pasted(source: Path | bytes) -> str:
    """The document as a word processor pastes it: a line per paragraph, a tab-separated
    line per table row, each cell's lists as HTML (as a paste carries them)."""
    from docx.table import Table as WordTable  # loaded when a Word file is imported

    lines = []
    for part in _word(source).iter_inner_content():
        if isinstance(part, WordTable):
            lines.extend("\t".join(_cell_html(cell) for cell in row.cells) for row in part.rows)
        else:
            lines.append(" ".join(part.text.split()))
    return "\n".join(lines)


def _cell_html(cell) -> str:
    """A cell's paragraphs on one line: text as paragraphs, list paragraphs as lists."""
    parts, depth = [], 0
    for paragraph in cell.paragraphs:
        text = html.escape(" ".join(paragraph.text.split()))
        if not text:
            continue
        level = _list_level(paragraph)
        wanted = 0 if level is None else level + 1
        while depth < wanted:
            parts.append("<ul>")
            depth += 1
        while depth > wanted:
            parts.append("</ul>")
            depth -= 1
        parts.append(f"<li>{text}</li>" if depth else f"<p>{text}</p>")
    parts.extend("</ul>" * depth)
    return "".join(parts)


_PAGE_BLOCKS = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr"})


class _HtmlText(HTMLParser):
    """An HTML page's text outside its tables, a line per block, with a marker line
    where each outermost table stands."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.text: list[str] = []
        self.tables = 0  # open
        self.skipping = 0

    def _end_line(self) -> None:
        line = " ".join("".join(self.text).split())
        self.text = []
        if line:
            self.lines.append(line)

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in ("script", "style", "head"):
            self.skipping += 1
        elif tag == "table":
            if not self.tables:
                self._end_line()
                self.lines.append(TABLE_HERE)
            self.tables += 1
        elif tag in _PAGE_BLOCKS and not self.tables:
            self._end_line()

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head"):
            self.skipping = max(0, self.skipping - 1)
        elif tag == "table":
            self.tables = max(0, self.tables - 1)
        elif tag in _PAGE_BLOCKS and not self.tables:
            self._end_line()

    def handle_data(self, data: str) -> None:
        if not self.tables and not self.skipping:
            self.text.append(data)


TABLE_HERE = "\x00"  # where a table stands among the page's lines


def html_as_pasted(source: str) -> str:
    """An HTML page as a word processor pastes it: a line per heading or paragraph, and
    each table's rows as tab-separated lines of their cells' HTML."""
    page = _HtmlText()
    page.feed(source)
    page.close()
    page._end_line()
    tables = iter(html_tables(source))
    lines = []
    for line in page.lines:
        if line != TABLE_HERE:
            lines.append(line)
            continue
        for _, cells in next(tables, []):
            lines.append("\t".join(" ".join(cell.split()) for cell in cells))
    return "\n".join(lines)
