"""Store.import_notes: one transaction, kinds as columns, adding to what is there."""

import pytest

from workshopkit.core.errors import WorkshopkitError
from workshopkit.core.importing.notes import parse_notes
from workshopkit.core.kinds import Kind
from workshopkit.store.bulk import imported as import_write

NOTES = """\
# Library Forum

## Barriers
- Opening hours clash with school runs
- Is the lift ever fixed?

## Next steps
1. Survey parents @Jo due:2027-02
2. Ask about Saturday staffing #staff
"""


def test_import_creates_the_workshop_breakouts_and_points_with_kinds_as_fields(store):
    report = store.import_notes(parse_notes(NOTES, "forum.md"))
    assert (report.slug, report.title, report.created, report.points) == (
        "library-forum",
        "Library Forum",
        True,
        4,
    )
    view = store.workshop("library-forum")
    assert [(b.letter, b.title) for b in view.breakouts] == [("A", "Barriers"), ("B", "Next steps")]
    rows = [(p.ref, p.kind.value, p.text, p.owner, p.due, p.themes) for p in view.points]
    assert rows == [
        ("A1", "barrier", "Opening hours clash with school runs", None, None, ()),
        ("A2", "question", "Is the lift ever fixed?", None, None, ()),
        ("B1", "next", "Survey parents", "Jo", "2027-02", ()),
        ("B2", "next", "Ask about Saturday staffing", None, None, ("staff",)),
    ]
    assert view.points[2].due_date.isoformat() == "2027-02-28"
    assert {p.captured_by for p in view.points} == {"Facilitator"}
    [a, b] = report.breakouts
    assert (a.letter, a.created, a.refs()) == ("A", True, "A1–A2")
    assert a.kinds == ((Kind.BARRIER, 1), (Kind.QUESTION, 1))
    assert (b.refs(), b.kinds) == ("B1–B2", ((Kind.NEXT, 2),))


def test_import_adds_to_an_existing_workshop_and_its_breakout_of_the_same_title(store, workshop):
    store.add_point(store.breakout(workshop.slug, "A"), "Ferry timetable unclear")
    store.add_point(store.breakout(workshop.slug, "A"), "Signs are small")
    store.delete_point(workshop.slug, "A2")  # its number stays taken
    plan = parse_notes("Barriers\n- Steep ramp\n\nCatering\n- Vegan options\n")
    report = store.import_notes(plan, "Harbour Day")  # by title
    assert (report.slug, report.created) == (workshop.slug, False)
    assert [(b.letter, b.title, b.created, b.refs()) for b in report.breakouts] == [
        ("A", "Barriers", False, "A3"),
        ("D", "Catering", True, "D1"),
    ]
    view = store.workshop(workshop.slug)
    assert [p.ref for p in view.breakouts[0].points] == ["A1", "A3"]
    assert view.breakouts[3].points[0].text == "Vegan options"
    assert store.import_notes(plan, "harb", dry_run=True).slug == workshop.slug  # by prefix


def test_a_workshop_name_that_matches_none_is_created_with_that_title(store, workshop):
    report = store.import_notes(parse_notes("- One thing\n", "x.txt"), "Quay Review 2027")
    assert (report.created, report.slug, report.title) == (
        True,
        "quay-review-2027",
        "Quay Review 2027",
    )
    again = store.import_notes(parse_notes("# Harbour Day\n- Two\n"))  # plan's title is taken
    assert (again.created, again.slug) == (True, "harbour-day-2")


def test_dry_run_reports_the_same_and_writes_nothing(store, workshop):
    plan = parse_notes(NOTES)
    before = store.revision()
    dry = store.import_notes(plan, workshop.slug, dry_run=True)
    assert store.revision() == before
    assert store.workshop(workshop.slug).points == ()
    real = store.import_notes(plan, workshop.slug)
    assert dry.breakouts == real.breakouts and dry.dry_run and not real.dry_run


def test_the_import_is_all_or_nothing(store, monkeypatch):
    monkeypatch.setattr(import_write, "CHUNK", 2)
    plan = parse_notes("# Big Day\n" + "".join(f"- point {n}\n" for n in range(7)))

    def fail_after_the_first_chunk(done: int, total: int) -> None:
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        store.import_notes(plan, progress=fail_after_the_first_chunk)
    assert store.list_workshops() == []


def test_big_imports_report_progress_chunk_by_chunk(store, monkeypatch):
    monkeypatch.setattr(import_write, "CHUNK", 3)
    seen = []
    store.import_notes(
        parse_notes("".join(f"- p{n}\n" for n in range(7))), progress=lambda *a: seen.append(a)
    )
    assert seen == [(3, 7), (6, 7), (7, 7)]


def test_an_ambiguous_or_blank_workshop_name_is_refused(store):
    store.create_workshop("Harbour Day")
    store.create_workshop("Harbour Night")
    plan = parse_notes("- x\n")
    with pytest.raises(WorkshopkitError, match="several"):
        store.import_notes(plan, "harbour")
    with pytest.raises(WorkshopkitError, match="slug or a title"):
        store.import_notes(plan, "  ")
    assert len(store.list_workshops()) == 2
