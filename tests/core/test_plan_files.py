"""Improvement plans kept as files: a Word document with real tables and bulleted cells,
a spreadsheet and comma-separated values, read into the same rows as a pasted plan."""

import datetime

from docx import Document
from openpyxl import Workbook

from workshopkit.core.importing.plan_files import csv_tables, docx_tables, xlsx_tables
from workshopkit.core.importing.plan_tables import plan_rows


def test_a_word_table_with_bulleted_cells(tmp_path):
    document = Document()
    document.add_heading("C-Green Spaces", level=2)
    table = document.add_table(rows=3, cols=4)
    for cell, text in zip(table.rows[0].cells, ["Ref", "Action", "Lead", "Timescale"], strict=True):
        cell.text = text
    ref, action, lead, due = table.rows[1].cells
    ref.text, lead.text, due.text = "C1.", "Parks Team", "Spring 2027"
    action.paragraphs[0].text = "The team will:"
    action.add_paragraph("Plant a row of trees", style="List Bullet")
    action.add_paragraph("Mend the benches, starting with", style="List Bullet")
    action.add_paragraph("the ones by the pond", style="List Bullet 2")
    header_again = table.rows[2].cells  # a header repeated, as a page break leaves it
    for cell, text in zip(header_again, ["Ref", "Action", "Lead", "Timescale"], strict=True):
        cell.text = text
    path = tmp_path / "plan.docx"
    document.save(path)

    rows, unread = plan_rows(docx_tables(path))
    assert unread == []
    (row,) = rows
    assert (row.ref, row.lead, row.timescales) == ("C1", "Parks Team", ("Spring 2027",) * 2)
    assert row.lead_in == "The team will:"
    assert row.actions == (
        "Plant a row of trees",
        "Mend the benches, starting with: the ones by the pond",
    )


def test_a_spreadsheet_with_a_date_and_an_empty_timescale(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["No.", "Theme", "Actions", "Owner", "Due"])
    sheet.append(
        ["D1", "Litter", "Add bins by the bus stops", "Street Team", datetime.date(2027, 5, 1)]
    )
    sheet.append(["D2", "Litter", "Run a clean-up day", "Volunteers", None])
    path = tmp_path / "plan.xlsx"
    book.save(path)

    rows, _ = plan_rows(xlsx_tables(path))
    assert [(row.ref, row.area, row.actions, row.lead, row.timescales) for row in rows] == [
        ("D1", "Litter", ("Add bins by the bus stops",), "Street Team", ("2027-05-01",)),
        ("D2", "Litter", ("Run a clean-up day",), "Volunteers", ("",)),
    ]


def test_comma_separated_values_with_a_bulleted_cell():
    text = 'Ref,Action,Lead\nE1,"• Ask the shops\n• Ask the school",Chair\n'
    rows, _ = plan_rows(csv_tables(text))
    assert [(row.ref, row.actions, row.lead) for row in rows] == [
        ("E1", ("Ask the shops", "Ask the school"), "Chair")
    ]
