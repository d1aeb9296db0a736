"""workshopkit import of an improvement plan pasted as text: its sections as breakouts
with their prompts, each action a next step with its lead and timescale."""

from plan_texts import INTRO, PLAN

SLUG = "harbour-forum-improvement-plan"


def test_dry_run_says_what_the_plan_holds_and_writes_nothing(cli, tmp_path):
    path = tmp_path / "harbour-plan.txt"
    path.write_text(PLAN, encoding="utf-8")
    result = cli.ok("import", str(path), "--dry-run")
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "Read harbour-plan.txt as an improvement plan: 9 actions in 5 rows (5 with a ref), "
        "9 with an owner, 8 with a due; 1 table of lists; 1 paragraph of prose not made into "
        "points."
    )
    assert lines[1].startswith("Would create workshop 'Harbour Forum Improvement Plan'")
    assert lines[-1] == "Dry run: nothing was written."
    assert cli("show", SLUG).exit_code != 0  # nothing was written


def test_the_imported_plan_has_its_actions_owners_dues_prompts_and_lists(cli, tmp_path):
    path = tmp_path / "harbour-plan.txt"
    path.write_text(PLAN, encoding="utf-8")
    cli.ok("import", str(path))
    points = cli.points(SLUG)
    assert (points["A1"]["text"], points["A1"]["kind"]) == ("Replace dead lamps", "next")
    assert (points["A1"]["owner"], points["A1"]["due"]) == ("Highways", "Autumn 2027")
    assert points["A1"]["themes"] == ["lighting"]
    assert points["A3"]["text"] == "Survey crossings near: Schools; Clinics"
    # The lead-in of row B1 stays with it, as a note just above its actions.
    assert (points["B1"]["text"], points["B1"]["kind"]) == (
        "The cleansing team will look at:",
        "note",
    )
    assert [points[f"B{n}"]["text"] for n in (2, 3, 4)] == [
        "Bigger bins",
        "A second round",
        "Bins for recycling",
    ]
    assert points["B5"]["due"] is None  # its Timescale cell was empty
    assert points["C3"]["themes"] == ["what-do-we-need-to-stop-doing"]
    assert not any(INTRO[:30] in point["text"] for point in points.values())
    shown = cli.ok("show", SLUG).stdout
    assert "Streets are lit; crossings are where people walk." in shown  # A's prompt
    assert "<" not in "".join(point["text"] for point in points.values())


def _word_plan(path):
    from docx import Document

    document = Document()
    document.add_paragraph("Parks Plan 2027")
    document.add_paragraph("C-Green Spaces")
    document.add_paragraph("Key characteristics: every park has a bench in the shade.")
    table = document.add_table(rows=2, cols=4)
    for cell, text in zip(table.rows[0].cells, ["Ref", "Action", "Lead", "Due"], strict=True):
        cell.text = text
    ref, action, lead, due = table.rows[1].cells
    ref.text, lead.text, due.text = "C1.", "Parks Team", "Spring 2027"
    action.paragraphs[0].text = "The team will:"
    action.add_paragraph("Plant a row of trees & shrubs", style="List Bullet")
    action.add_paragraph("Mend the benches by", style="List Bullet")
    action.add_paragraph("the pond", style="List Bullet 2")
    document.save(path)


def test_a_word_plan_is_imported_with_its_heading_prompt_and_bulleted_actions(cli, tmp_path):
    path = tmp_path / "parks.docx"
    _word_plan(path)
    result = cli.ok("import", str(path))
    assert result.stdout.splitlines()[0] == (
        "Read parks.docx as an improvement plan: 2 actions in 1 row (1 with a ref), "
        "2 with an owner, 2 with a due."
    )
    points = cli.points("parks-plan-2027")
    # The breakout keeps the letter of its heading, C-Green Spaces.
    assert [points[ref]["text"] for ref in ("C1", "C2", "C3")] == [
        "The team will:",
        "Plant a row of trees & shrubs",
        "Mend the benches by: the pond",
    ]
    assert (points["C2"]["owner"], points["C2"]["due"]) == ("Parks Team", "Spring 2027")
    assert "every park has a bench in the shade." in cli.ok("show", "parks-plan-2027").stdout


def test_a_spreadsheet_plan_has_a_breakout_per_sheet(cli, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Litter"
    sheet.append(["No.", "Actions", "Owner", "When"])
    sheet.append(["D1", "Add bins by the bus stops", "Street Team", "May 2027"])
    path = tmp_path / "litter.xlsx"
    book.save(path)
    cli.ok("import", str(path))
    points = cli.points("litter")
    assert (points["A1"]["text"], points["A1"]["owner"]) == (
        "Add bins by the bus stops",
        "Street Team",
    )


def test_a_damaged_word_file_is_refused_in_one_line(cli, tmp_path):
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 not really a document")
    result = cli("import", str(path))
    assert result.exit_code != 0
    assert result.stderr.strip() == "Error: broken.docx could not be read as a Word document."


def test_comma_separated_notes_without_an_action_column_are_still_notes(cli, tmp_path):
    path = tmp_path / "ideas.csv"
    path.write_text("Ideas\nA later bus\nA bike shelter\n", encoding="utf-8")
    result = cli.ok("import", str(path))
    assert "as an improvement plan" not in result.stdout


def test_an_html_plan_with_headings_prompts_and_tables(cli, tmp_path):
    page = (
        "<html><head><style>td { padding: 0 }</style></head><body>"
        "<h1>Town Plan</h1><p>Short words.</p><h2>A-Roads</h2>"
        "<p>Key characteristics: the roads are safe to cross.</p>"
        "<table><tr><th>Ref</th><th>Action</th><th>Owner</th></tr>\n"
        "<tr><td>A1.</td><td><p>We will:</p>\n<ul><li>Fill potholes</li>"
        "<li>Paint &amp; mark lines</li></ul></td><td>Highways</td></tr></table>"
        "</body></html>"
    )
    path = tmp_path / "town.html"
    path.write_text(page, encoding="utf-8")
    cli.ok("import", str(path))
    points = cli.points("town-plan")
    assert [points[ref]["text"] for ref in ("A1", "A2", "A3")] == [
        "We will:",
        "Fill potholes",
        "Paint & mark lines",
    ]
    assert points["A2"]["owner"] == "Highways"
    assert "the roads are safe to cross." in cli.ok("show", "town-plan").stdout


REVIEWED = "\n".join(
    [
        "Quay Plan Review",
        "",
        "| Ref | Action | Lead | Timescale | Progress |",
        "|---|---|---|---|---|",
        "| Q1. | Paint the railings | Works | June 2027 | In progress · since 2027-02-01 · "
        "Paint ordered |",
        "| Q2 | Fix the crane | Works | | Completed |",
        "| Q3 | Move the kiosk | Estates | 2027 | Dropped - no budget |",
        "| Q4 | Light the steps | Works | | Met the electricians twice |",
    ]
)


def test_a_plan_s_refs_and_progress_come_in_as_plan_ref_status_and_note(cli, tmp_path):
    from datetime import date

    from workshopkit.store.facade import Store

    path = tmp_path / "quay.md"
    path.write_text(REVIEWED, encoding="utf-8")
    cli.ok("import", str(path))
    with Store(str(cli.db)) as store:
        points = {p.text: p for p in store.workshop("quay-plan-review").points}
    standing = {
        text: (p.plan_ref, p.status, p.status_at and p.status_at.date(), p.progress, p.done)
        for text, p in points.items()
    }
    assert standing["Paint the railings"] == (
        "Q1",
        "in progress",
        date(2027, 2, 1),
        "Paint ordered",
        False,
    )
    assert standing["Fix the crane"][:2] == ("Q2", "done") and standing["Fix the crane"][4]
    assert standing["Move the kiosk"][1:4:2] == ("dropped", "no budget")
    assert standing["Light the steps"] == ("Q4", "open", None, "Met the electricians twice", False)


def test_a_heading_s_letter_already_taken_gives_way_to_the_next_free_one(cli, tmp_path):
    cli.ok("new", "Harbour Forum", "--breakout", "Welcome")  # A is taken
    path = tmp_path / "harbour-plan.txt"
    path.write_text(PLAN, encoding="utf-8")
    cli.ok("import", str(path), "--workshop", "harbour-forum")
    shown = cli.show("harbour-forum")
    letters = {b["title"]: b["letter"] for b in shown["breakouts"]}
    assert letters["Welcome"] == "A"
    assert letters["Clean Harbour"] == "B"  # its heading's letter, free
    assert letters["Safer Streets"] not in ("A", "B")
