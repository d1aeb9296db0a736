"""The tables of an improvement plan kept as a file: a Word document, a spreadsheet or
comma-separated values. Each gives tables of rows of cells, as ``plan_tables`` reads
them; a Word cell's bulleted paragraphs come as lines with a bullet each, nested ones
with a nested bullet, so that ``plan_cells`` reads them as any pasted list."""

import csv
import io
from pathlib import Path

from workshopkit.core.importing.plan_cells import NESTED_BULLETS, TOP_BULLETS
from workshopkit.core.importing.plan_tables import Table


def csv_tables(text: str) -> list[Table]:
    """One table: every row of the file (a blank row is left out)."""
    rows = csv.reader(io.StringIO(text))
    return [[(number, cells) for number, cells in enumerate(rows, start=1) if any(cells)]]


def xlsx_tables(path: Path) -> list[Table]:
    """A table per sheet; a cell's value as text (a date as written, 2027-05-01)."""
    from openpyxl import load_workbook  # loaded when a spreadsheet is imported

    book = load_workbook(path, read_only=True, data_only=True)
    tables: list[Table] = []
    try:
        for sheet in book.worksheets:
            table: Table = []
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                cells = ["" if value is None else _as_text(value) for value in values]
                if any(cell.strip() for cell in cells):
                    table.append((number, cells))
            tables.append(table)
    finally:
        book.close()
    return tables


def _as_text(value: object) -> str:
    isoformat = getattr(value, "isoformat", None)
    if isoformat is not None:  # a date or a time: the day, unless the time matters
        text = isoformat()
        return text.removesuffix("T00:00:00")
    return str(value)


def docx_tables(path: Path) -> list[Table]:
    """A table per Word table (rows counted from 1 in each); a cell's paragraphs as lines,
    those in a list with a bullet of their level."""
    from docx import Document  # loaded when a Word file is imported

    tables: list[Table] = []
    for word_table in Document(str(path)).tables:
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
