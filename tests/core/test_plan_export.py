"""The improvement plan as HTML and Word: its tables, cell by cell, ranked as the
markdown action list; hostile text made plain; the page printed by a real browser; and
``export --format html|docx`` from the command line."""

import io
import os
import pty
import re
import subprocess
import sys
import zipfile
from dataclasses import replace
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

sys.path.insert(0, str(Path(__file__).parent.parent / "cli"))
sys.path.insert(0, str(Path(__file__).parent.parent / "serve"))
from cli_helpers import Cli
from web_helpers import chromium

from workshopkit.core.files import export, plan_export
from workshopkit.store.facade import Store

HEADER = ["Ref", "Area", "Action", "Owner", "Due", "Status", "Votes"]
# Each table's rows as both formats must show them. The Status cell says where the
# action stands in the words the import reads back.
EXPECTED = [
    [
        HEADER,
        ["A3", "", "Print larger signs", "⚠ none", "⚠ none", "Open", "2"],
        [
            "A1 (A2)",
            "Housing, Transport",
            "Book the big hall",
            "Sam",
            "2027-02",
            "In progress · since 2027-03-01 · Met twice; report due in May",
            "0",
        ],
    ],
    [
        HEADER,
        ["C2", "", "Agree a date", "⚠ none", "2027-05", "Open", "4"],
        ["C1", "", "Write to every partner", "Ana", "⚠ none", "Done · since 2027-04-02", "9"],
    ],
]
HOSTILE = "Print <script>alert(1)</script> signs\x1b[31m \u202eevil\x07\x0c\ufffe\nline two"


@pytest.fixture
def plan(tmp_path):
    """Harbour Day: A has two actions (A3 voted up; A2 from the plan as A1, in progress),
    B none, C two (C1 has the most votes but is done, so it comes last)."""
    with Store(str(tmp_path / "plan.db"), user="Facilitator") as store:
        workshop = store.create_workshop(
            "Harbour Day", ["Barriers", "What works", "Next steps"], date="2026-06-01", venue="Quay"
        )
        a, b, c = workshop.breakouts
        store.add_points(
            a,
            [
                "Parking is scarce #barrier",
                "Book the big hall @Sam due:2027-02 #next",
                "Print larger signs #next",
                "Who pays for the hall? #question",
            ],
        )
        store.add_points(b, ["Volunteers were brilliant"])
        store.add_points(c, ["Write to every partner @Ana #next", "Agree a date due:2027-05 #next"])
        store.vote(workshop.slug, "A3", "Sam")
        store.vote(workshop.slug, "A3", "Ana")
        store.set_tally(workshop.slug, "C1", 9)
        store.set_tally(workshop.slug, "C2", 4)
        view = store.workshop(workshop.slug)
    points = {p.ref: p for p in view.points}
    return view.with_points(
        [
            replace(
                points["A2"],
                plan_ref="A1",
                themes=("Housing", "Transport"),
                status="in progress",
                status_at=datetime(2027, 3, 1, 9, 0, tzinfo=UTC),
                progress="Met twice;\nreport due in May",
            ),
            replace(points["A3"], plan_ref="A3"),
            replace(points["C2"], carried_from="spring-forum A4"),
            replace(
                points["C1"],
                status="done",
                done_at=datetime(2027, 4, 2, 15, 30, tzinfo=UTC),
                status_at=datetime(2027, 4, 2, 15, 30, tzinfo=UTC),
            ),
        ]
    )


def _hostile(view):
    """``view`` with A3's text, owner, theme and note full of markup and controls, as
    a store written by another program (or an older workshopkit) could hold them."""
    a3 = next(p for p in view.points if p.ref == "A3")
    return view.with_point(
        replace(
            a3,
            text=HOSTILE,
            owner="Ops\x1b]0;pwned\x07 & <Team>",
            themes=("<b>Roads</b>",),
            progress='"quoted" \u202eprogress',
        )
    )


CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff]")


def test_the_plan_ranks_actions_as_the_markdown_does(plan):
    a, _, c = plan.breakouts
    assert [p.ref for p in export.actions(a)] == ["A3", "A2"]
    assert [p.ref for p in export.actions(c)] == ["C2", "C1"]
    markdown = export.to_markdown(plan)
    assert markdown.index("| A3 |") < markdown.index("| A1 (A2) |")
    assert markdown.index("| C2 |") < markdown.index("| C1 |")


# -- Word ------------------------------------------------------------------------------


def _word(data: bytes):
    return docx.Document(io.BytesIO(data))


def _word_rows(document) -> list[list[list[str]]]:
    return [[[cell.text for cell in row.cells] for row in t.rows] for t in document.tables]


def test_the_word_plan_has_a_table_per_breakout_with_actions(plan):
    document = _word(plan_export.to_plan_docx(plan))
    assert _word_rows(document) == EXPECTED
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name != "Normal"]
    assert headings == [
        ("Heading 1", "Harbour Day"),
        ("Heading 2", "A. Barriers"),
        ("Heading 2", "B. What works"),
        ("Heading 2", "C. Next steps"),
    ]
    texts = [p.text for p in document.paragraphs]
    assert texts[1] == "2026-06-01 · Quay"
    assert texts[texts.index("B. What works") + 1] == "No actions yet."


def test_the_word_tables_are_real_tables_with_a_repeating_bold_header(plan):
    document = _word(plan_export.to_plan_docx(plan))
    for table in document.tables:
        assert table.style.name == "Table Grid"
        header, *rows = table.rows
        assert header._tr.trPr.find(qn("w:tblHeader")) is not None
        assert all(run.bold for cell in header.cells for run in cell.paragraphs[0].runs)
        for row in rows:
            assert row._tr.trPr is None or row._tr.trPr.find(qn("w:tblHeader")) is None
    action = document.tables[0].rows[2].cells[2]
    assert [p.text for p in action.paragraphs] == ["Book the big hall"]
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert section.page_width > section.page_height


def test_the_word_plan_is_the_same_bytes_twice(plan):
    data = plan_export.to_plan_docx(plan)
    assert plan_export.to_plan_docx(plan) == data
    # Not dated by the clock: python-docx would stamp each part with the time it saved.
    dates = {entry.date_time for entry in zipfile.ZipFile(io.BytesIO(data)).infolist()}
    assert dates == {(1980, 1, 1, 0, 0, 0)}


def test_a_blind_breakout_shows_no_counts_in_either_plan(plan):
    a = replace(plan.breakouts[0], blind=True)
    blind = replace(plan, breakouts=(a, *plan.breakouts[1:]))
    words = _word_rows(_word(plan_export.to_plan_docx(blind)))
    pages = _html_tables(plan_export.to_plan_html(blind)).tables
    for tables in (words, pages):
        assert [(row[0], row[-1]) for row in tables[0][1:]] == [
            ("A1 (A2)", "hidden"),
            ("A3", "hidden"),
        ]
        assert tables[1] == EXPECTED[1]


def test_hostile_text_reaches_the_word_plan_as_plain_text(plan):
    rows = _word_rows(_word(plan_export.to_plan_docx(_hostile(plan))))
    [row] = [r for r in rows[0] if r[0] == "A3"]
    assert row[1] == "<b>Roads</b>"
    assert row[2] == "Print <script>alert(1)</script> signs[31m evil\nline two"
    assert row[3] == "Ops]0;pwned & <Team>"
    assert row[5] == 'Open · "quoted" progress'
    assert not any(CONTROLS.search(cell) for r in rows[0] for cell in r)


# -- HTML ------------------------------------------------------------------------------


class _Page(HTMLParser):
    """What a browser would build: each table's rows of cell texts (a <br> or a note
    starting a new line), every tag met, and the text of headings and paragraphs."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self.tags: list[tuple[str, dict]] = []
        self.blocks: list[tuple[str, str]] = []
        self._cell: list[str] | None = None
        self._block: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag in ("br", "span") and self._cell is not None:
            self._cell.append("\n")
        elif tag in ("h1", "h2", "p"):
            self._block = []

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.tables[-1][-1].append("".join(self._cell))
            self._cell = None
        elif tag in ("h1", "h2", "p"):
            self.blocks.append((tag, "".join(self._block)))
            self._block = None

    def handle_data(self, data):
        for part in (self._cell, self._block):
            if part is not None:
                part.append(data)


def _html_tables(page: str) -> _Page:
    parsed = _Page()
    parsed.feed(page)
    parsed.close()
    return parsed


def test_the_html_plan_has_a_table_per_breakout_with_actions(plan):
    page = plan_export.to_plan_html(plan)
    assert page.startswith("<!doctype html>\n")
    parsed = _html_tables(page)
    assert parsed.tables == EXPECTED
    assert ("html", {"lang": "en"}) in parsed.tags
    assert ("meta", {"charset": "utf-8"}) in parsed.tags
    headers = [attrs for tag, attrs in parsed.tags if tag == "th"]
    assert len(headers) == 14 and all(a["scope"] == "col" for a in headers)
    assert [tag for tag, _ in parsed.tags].count("thead") == 2
    assert parsed.blocks == [
        ("h1", "Harbour Day"),
        ("p", "2026-06-01 · Quay"),
        ("h2", "A. Barriers"),
        ("h2", "B. What works"),
        ("p", "No actions yet."),
        ("h2", "C. Next steps"),
    ]
    assert plan_export.to_plan_html(plan) == page


def test_the_html_plan_escapes_hostile_text_and_loads_nothing(plan):
    page = plan_export.to_plan_html(_hostile(plan))
    parsed = _html_tables(page)
    assert "script" not in {tag for tag, _ in parsed.tags}
    assert "b" not in {tag for tag, _ in parsed.tags}
    [row] = [r for r in parsed.tables[0] if r[0] == "A3"]
    assert row[1:6] == [
        "<b>Roads</b>",
        "Print <script>alert(1)</script> signs[31m evil\nline two",
        "Ops]0;pwned & <Team>",
        "⚠ none",
        'Open · "quoted" progress',
    ]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&quot;quoted&quot;" in page and "&amp; &lt;Team&gt;" in page
    assert not CONTROLS.search(page)
    for outside in ("http://", "https://", "src=", "<link", "url(", "@import", "<script"):
        assert outside not in page.lower()


def test_the_html_plan_prints_a_landscape_page_per_breakout_with_actions(plan):
    sync_api = pytest.importorskip("playwright.sync_api")
    browser_path = chromium()
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=browser_path, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.set_content(plan_export.to_plan_html(plan))
            pdf = page.pdf(prefer_css_page_size=True)
        finally:
            browser.close()
    assert pdf.startswith(b"%PDF")
    # A's table, then B's "No actions yet." on the same page; C's table on the next.
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 2
    width, height = map(float, re.search(rb"/MediaBox\s*\[0 0 ([\d.]+) ([\d.]+)\]", pdf).groups())
    assert (round(width), round(height)) == (842, 595)  # A4 landscape, in points


# -- the command line ------------------------------------------------------------------


@pytest.fixture
def cli(tmp_path, monkeypatch) -> Cli:
    monkeypatch.chdir(tmp_path)
    return Cli(tmp_path / "s.db")


@pytest.fixture
def harbour(cli) -> str:
    slug = cli.ok("new", "Harbour Day", "-b", "Barriers", "-b", "What works").stdout.strip()
    cli.add(slug, "A", "Print larger signs #next @Ana due:2027-03")
    cli.add(slug, "A", "Book the hall #next")
    cli.add(slug, "B", "Ask the ferry company #next")
    cli.ok("vote", slug, "A2", "--voter", "Tom")
    return slug


def test_export_format_docx_writes_the_plan(cli, harbour, tmp_path):
    result = cli.ok("export", harbour, "--format", "docx")
    assert result.stdout == "Wrote exports/harbour-day-plan.docx\n"
    written = (tmp_path / "exports" / "harbour-day-plan.docx").read_bytes()
    rows = _word_rows(_word(written))
    assert [[row[0] for row in table] for table in rows] == [["Ref", "A2", "A1"], ["Ref", "B1"]]
    assert rows[0][2] == ["A1", "", "Print larger signs", "Ana", "2027-03", "Open", "0"]
    assert "exists" in cli.error("export", harbour, "-f", "docx").stderr
    cli.ok("export", harbour, "-f", "docx", "--force")
    assert (tmp_path / "exports" / "harbour-day-plan.docx").read_bytes() == written
    assert cli.ok("export", harbour, "-f", "docx", "-o", "-").stdout_bytes == written


def test_export_format_html_to_standard_output(cli, harbour, tmp_path):
    page = cli.ok("export", harbour, "--format", "html", "-o", "-").stdout
    assert page.startswith("<!doctype html>")
    assert [[row[0] for row in t] for t in _html_tables(page).tables] == [
        ["Ref", "A2", "A1"],
        ["Ref", "B1"],
    ]
    assert not (tmp_path / "exports").exists()
    cli.ok("export", harbour, "-f", "html")
    assert (tmp_path / "exports" / "harbour-day-plan.html").read_text(encoding="utf-8") == page


def test_export_plan_refuses_what_other_exports_refuse(cli, harbour, tmp_path):
    assert "leads outside" in cli.error("export", harbour, "-f", "docx", "-o", "../x.docx").stderr
    assert "--all" in cli.error("export", harbour, "-f", "html", "--all", code=2).stderr
    unknown = cli.error("export", harbour, "--format", "pdf", code=2)
    assert "Unknown format 'pdf'; use md, csv, json, html or docx." in unknown.stderr
    assert not (tmp_path / "x.docx").exists() and not (tmp_path / "exports").exists()


def test_a_word_file_is_never_written_to_a_terminal(cli, harbour, tmp_path):
    command = ["export", harbour, "--format", "docx", "-o", "-"]
    main, terminal = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "workshopkit", "--db", str(cli.db), *command],
            stdout=terminal,
            stderr=subprocess.PIPE,
            text=True,
            cwd=tmp_path,
            timeout=20,
        )
    finally:
        os.close(terminal)
        os.close(main)
    assert done.returncode == 2
    assert done.stderr.startswith("Error: A Word file cannot go to the terminal")
