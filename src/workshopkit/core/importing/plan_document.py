"""An improvement plan pasted as text: its title, its sections with their action rows,
its tables of lists, and its prose.

A heading such as ``A-Shared Buildings`` or ``3. What we need to do`` starts a section
(its letter from the heading when it has one), and a "Key characteristics …" paragraph
after it is the section's prompt. Action tables (see ``plan_tables``) belong to the
section above them. A table of lists under other headers ("What works well? | What
should we stop?") gives its items column by column. Long paragraphs are the plan's
notes, never points. Nothing here writes to a store.
"""

import re
from dataclasses import dataclass

from workshopkit.core.importing.plan_cells import read_cell
from workshopkit.core.importing.plan_tables import (
    PlanRow,
    header_fields,
    markdown_tables,
    plan_rows,
    tab_tables,
)
from workshopkit.core.text import one_line

_LETTERED = re.compile(r"^([A-Z])\s*[-–—.:)]\s*(\S.{0,78})$")
# "3. What we need to do"; not "1. A2 Fix the lights (3 votes)", an exported ranking.
_NUMBERED = re.compile(r"^\d{1,2}[.)]\s+(?![A-Z]+\d+\s)(\S.{0,78})$")
_MARKDOWN_MARK = re.compile(r"^\s*(?:#{1,6}|>)\s+")
# An action list exported as markdown is titled so; imported again, it is the workshop.
_EXPORTED = re.compile(r"\s+—\s+action list$")
_PROMPT = re.compile(r"^key characteristics?\b[\s:–—-]*(.*)$", re.IGNORECASE)
PROSE = 120  # characters: a line this long, or a sentence, is prose


@dataclass(frozen=True)
class PlanSection:
    letter: str | None  # from the heading, when it has one
    title: str
    prompt: str
    rows: tuple[PlanRow, ...]


@dataclass(frozen=True)
class ListColumn:
    heading: str  # "What works well?"
    items: tuple[str, ...]


@dataclass(frozen=True)
class PlanDocument:
    title: str
    sections: tuple[PlanSection, ...]
    lists: tuple[tuple[ListColumn, ...], ...]  # a table of lists: its columns
    notes: tuple[str, ...]  # the paragraphs of prose, in order
    unread: tuple[int, ...]  # lines of rows under a header that could not be read


def _is_prose(line: str) -> bool:
    return len(line) >= PROSE or (line.endswith(".") and len(line.split()) > 12)


def _heading(line: str) -> tuple[str | None, str] | None:
    """(letter, title) when ``line`` is a section heading."""
    if _is_prose(line):
        return None
    if lettered := _LETTERED.match(line):
        return lettered.group(1), lettered.group(2).strip()
    if numbered := _NUMBERED.match(line):
        return None, numbered.group(1).strip()
    return None


class _Sections:
    """The sections as they are met; the first holds rows met before any heading."""

    def __init__(self) -> None:
        self.opened: list[dict] = []

    def open(self, letter: str | None, title: str) -> None:
        self.opened.append({"letter": letter, "title": title, "prompt": "", "rows": []})

    def current(self) -> dict:
        if not self.opened:
            self.open(None, "Actions")
        return self.opened[-1]

    def done(self) -> tuple[PlanSection, ...]:
        return tuple(
            PlanSection(s["letter"], s["title"], s["prompt"], tuple(s["rows"]))
            for s in self.opened
            if s["rows"]
        )


def _list_columns(table: list[tuple[int, list[str]]]) -> list[ListColumn]:
    headings = [" ".join(read_cell(cell).texts) for cell in table[0][1]]
    columns: list[list[str]] = [[] for _ in headings]
    for _, cells in table[1:]:
        for index, cell in enumerate(cells[: len(headings)]):
            read = read_cell(cell)
            columns[index].extend(part for part in (read.lead_in, *read.items) if part)
    return [
        ListColumn(heading, tuple(items))
        for heading, items in zip(headings, columns, strict=True)
        if heading and items
    ]


def read_plan(text: str) -> PlanDocument:
    """The plan in ``text``: tables as tab-separated rows or markdown, the rest as lines."""
    tables = {table[0][0]: table for table in [*tab_tables(text), *markdown_tables(text)]}
    in_table = {number for table in tables.values() for number, _ in table}
    sections = _Sections()
    lists: list[tuple[ListColumn, ...]] = []
    notes: list[str] = []
    unread: list[int] = []
    title = ""
    under_heading = False  # the last line read was a section heading
    for number, raw in enumerate(text.splitlines(), start=1):
        # No control character reaches a title; markdown's heading and quote marks go.
        line = _MARKDOWN_MARK.sub("", one_line(raw))
        if number in tables:
            table = tables[number]
            if header_fields(table[0][1]) is not None:
                rows, missed = plan_rows([table])
                sections.current()["rows"].extend(rows)
                unread.extend(missed)
            elif len(table) > 1 and (columns := _list_columns(table)):
                lists.append(tuple(columns))
        if number in in_table:
            under_heading = False
        if number in in_table or not line:
            continue
        if not title:
            title = _EXPORTED.sub("", line)
        elif prompt := _PROMPT.match(line):
            sections.current()["prompt"] = prompt.group(1).strip() or line
        elif (heading := _heading(line)) is not None:
            sections.open(*heading)
            under_heading = heading[0] is not None  # a lettered theme, not "1. Background"
            continue
        elif under_heading and not sections.current()["prompt"]:
            # The line a section opens with says what it is about, as a plan exported
            # by workshopkit writes its breakout's prompt.
            sections.current()["prompt"] = line
        elif _is_prose(line):
            notes.append(line)
        under_heading = False
    return PlanDocument(title, sections.done(), tuple(lists), tuple(notes), tuple(unread))
