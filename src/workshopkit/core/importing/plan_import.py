"""An improvement plan as an import: what ``workshopkit import`` creates from it.

Each section is a breakout, with its "Key characteristics" as the breakout's prompt;
each action a next step, with its row's lead as owner, its timescale as due (the text
as written; a date is read from it when it holds one) and its area as a theme. Each
table of lists ("What works well? | What do we need to stop doing?") is a breakout whose
points are themed by their column. The plan's prose is not made into points.
"""

import re
from pathlib import Path

from workshopkit.core.capture import Captured, theme_word
from workshopkit.core.carry import read_standing
from workshopkit.core.importing.decoding import NotNotes, decode_notes
from workshopkit.core.importing.notes import (
    ImportPlan,
    PlannedBreakout,
    PlannedPoint,
    Progress,
    read_notes,
    title_from_name,
)
from workshopkit.core.importing.plan_document import PlanDocument, PlanSection, read_plan
from workshopkit.core.importing.plan_files import (
    csv_tables,
    docx_as_pasted,
    html_as_pasted,
    xlsx_sheets,
)
from workshopkit.core.importing.plan_tables import plan_rows
from workshopkit.core.kinds import Kind
from workshopkit.core.text import one_line


def as_theme(text: str) -> str | None:
    """A theme from a plan's area or a column's heading: "Room booking" is room-booking."""
    words = re.findall(r"[^\W_]+", text.casefold())
    return theme_word("-".join(words)) if words else None


def _themes(*texts: str) -> tuple[str, ...]:
    return tuple(theme for text in texts if (theme := as_theme(text)))


def plan_as_import(document: PlanDocument, title: str, lines: int, encoding: str) -> ImportPlan:
    """The breakouts and points that ``document`` becomes, titled ``title`` if it has none."""
    breakouts = []
    for section in document.sections:
        points: list[PlannedPoint] = []
        for row in section.rows:
            themes = _themes(*row.area.split(","))  # "lighting, safety": two themes
            standing = read_standing(row.progress)
            if row.lead_in:  # kept with its row, as a note just above its actions
                captured = Captured(text=row.lead_in, themes=themes)
                points.append(PlannedPoint(row.line, row.lead_in, None, captured))
            for action, due in zip(row.actions, row.timescales, strict=True):
                captured = Captured(
                    text=action,
                    kind=Kind.NEXT,
                    owner=row.lead or None,
                    due=due or None,
                    themes=themes,
                )
                points.append(
                    PlannedPoint(row.line, action, None, captured, row.ref or None, standing)
                )
        title = section.title or "Actions"
        breakouts.append(
            PlannedBreakout(
                title, tuple(points), prompt=section.prompt or None, letter=section.letter or None
            )
        )
    for columns in document.lists:
        points = tuple(
            PlannedPoint(0, item, None, Captured(text=item, themes=_themes(column.heading)))
            for column in columns
            for item in column.items
        )
        breakouts.append(PlannedBreakout(" / ".join(c.heading for c in columns), points))
    return ImportPlan(
        title=document.title or title,
        breakouts=tuple(breakouts),
        lines=lines,
        headings=(),
        skipped=(),
        encoding=encoding,
        found=plan_summary(document),
    )


def plan_summary(document: PlanDocument) -> str:
    """What was found, for the import's first line: actions, refs, owners, dues, lists,
    prose left out, and the rows that could not be read."""
    rows = [row for section in document.sections for row in section.rows]
    actions = sum(len(row.actions) for row in rows)
    owners = sum(len(row.actions) for row in rows if row.lead)
    dues = sum(1 for row in rows for due in row.timescales if due)
    refs = sum(1 for row in rows if row.ref)
    parts = [
        f"an improvement plan: {actions} action{'' if actions == 1 else 's'} in {len(rows)} "
        f"row{'' if len(rows) == 1 else 's'} ({refs} with a ref), {owners} with an owner, "
        f"{dues} with a due"
    ]
    if document.lists:
        parts.append(
            f"{len(document.lists)} table{'' if len(document.lists) == 1 else 's'} of lists"
        )
    if document.notes:
        count = len(document.notes)
        parts.append(f"{count} paragraph{'' if count == 1 else 's'} of prose not made into points")
    if document.unread:
        lines = ", ".join(str(n) for n in document.unread)
        parts.append(f"rows not read (no action in them): lines {lines}")
    return "; ".join(parts)


FILES = {".docx": "a Word document", ".xlsx": "a spreadsheet", ".csv": "a CSV file"}


def read_import(
    data: bytes, name: str, encoding: str | None = None, progress: Progress | None = None
) -> ImportPlan:
    """What a file to import becomes: an improvement plan when it holds a plan's action
    tables (pasted rows, markdown, HTML, a Word document, a spreadsheet, CSV), else notes (see
    ``notes.read_notes``). Raises ``NotNotes`` for a Word file or a spreadsheet that
    cannot be read or holds no action table."""
    suffix = Path(name).suffix.casefold()
    title = title_from_name(name)
    if suffix in FILES:
        try:
            document, used = _file_plan(data, name, suffix, encoding)
        except NotNotes:
            raise
        except Exception as error:  # a damaged or mislabelled file: say so, in one line
            raise NotNotes(f"{one_line(name)} could not be read as {FILES[suffix]}.") from error
        if document.sections:
            return plan_as_import(document, title, data.count(b"\n") + 1, used)
        if suffix != ".csv":  # comma-separated notes are still notes
            raise NotNotes(
                f"{one_line(name)} holds no action table: a header row with an Action column."
            )
    text, used = decode_notes(data, name, encoding)
    document = read_plan(html_as_pasted(text) if suffix in (".html", ".htm") else text)
    if document.sections:
        return plan_as_import(document, title, text.count("\n") + 1, used)
    return read_notes(data, name, encoding, progress)


def _file_plan(
    data: bytes, name: str, suffix: str, encoding: str | None
) -> tuple[PlanDocument, str]:
    if suffix == ".docx":
        return read_plan(docx_as_pasted(data)), "utf-8"
    if suffix == ".xlsx":
        sections = []
        for sheet, table in xlsx_sheets(data):
            rows, _ = plan_rows([table])
            if rows:
                sections.append(PlanSection(None, one_line(sheet), "", tuple(rows)))
        return PlanDocument(title_from_name(name), tuple(sections), (), (), ()), "utf-8"
    text, used = decode_notes(data, name, encoding)
    rows, unread = plan_rows(csv_tables(text))
    section = PlanSection(None, title_from_name(name), "", tuple(rows))
    return PlanDocument("", (section,) if rows else (), (), (), tuple(unread)), used
