"""The action list and the CSV/JSON exports: shape, ranking, escaping, stability."""

import csv
import io
import json
import re

import pytest

from workshopkit.core.errors import ExportRefused
from workshopkit.core.files import export


@pytest.fixture
def filled(store, workshop):
    a, b, c = workshop.breakouts
    store.add_points(
        a,
        [
            "Parking is scarce #barrier",  # A1
            "Book the big hall @Sam due:2027-02 #next",  # A2
            "Print larger signs #next",  # A3
            "Who pays for the hall? #question",  # A4
        ],
    )
    store.add_points(b, ["Volunteers were brilliant"])
    store.add_points(c, ["Write to every partner @Ana #next", "Agree a date due:2027-05 #next"])
    store.vote(workshop.slug, "A3", "Sam")
    store.vote(workshop.slug, "A3", "Ana")
    store.set_tally(workshop.slug, "C2", 4)
    return store.workshop(workshop.slug)


def _cells(row: str) -> list[str]:
    """Split a markdown table row on pipes that are not escaped."""
    return re.split(r"(?<!\\)\|", row)[1:-1]


def test_action_list_layout(filled):
    text = export.to_markdown(filled)
    lines = text.splitlines()
    assert lines[0] == "# Harbour Day — action list"
    assert lines[1] == "2026-06-01 · Quay · 3 breakouts · 7 points · 2 voters"
    assert "## A. Barriers" in lines and "## B. What works" in lines and "## C. Next steps" in lines
    assert (
        lines.count("| Ref | Area | Action | Owner | Due | Status | Votes |") == 2
    )  # B has no actions
    a_rows = [line for line in lines if line.startswith("| A")]
    # Ranked by votes: A3 (2) before A2 (0), whatever the capture order.
    assert a_rows == [
        "| A3 |  | Print larger signs | ⚠ none | ⚠ none | Open | 2 |",
        "| A2 |  | Book the big hall | Sam | 2027-02 | Open | 0 |",
    ]
    assert "Barriers raised: A1 Parking is scarce (0)" in lines
    assert "Questions: A4 Who pays for the hall? (0)" in lines
    # B has no next step: its points instead, not an empty section.
    b_section = text.split("## B. What works")[1].split("##")[0]
    assert b_section.strip().splitlines() == [
        "_No next steps yet._ The points raised:",
        "",
        "- B1 Volunteers were brilliant (note)",
    ]
    owner_section = text.split("## Needs an owner")[1].split("##")[0]
    assert owner_section.strip().splitlines() == [
        "- C2 Agree a date (4 votes)",
        "- A3 Print larger signs (2 votes)",
    ]
    assert text.endswith("\n") and not text.endswith("\n\n")


def test_the_rooms_priorities_come_first_whatever_their_kind(store):
    workshop = store.create_workshop("Harbour Day", ["Barriers"])
    store.add_points(
        workshop.breakouts[0],
        [
            "Ferry stops at six #barrier",  # A1
            "Lift is broken #barrier",  # A2
            "Everyone loves the market",  # A3: a note, the room's favourite
            "Ask the port about late ferries #next",  # A4
        ],
    )
    store.set_tally(workshop.slug, "A3", 8)
    store.set_tally(workshop.slug, "A2", 3)
    store.set_tally(workshop.slug, "A4", 1)
    text = export.to_markdown(store.workshop(workshop.slug))
    section = text.split("## A. Barriers")[1].split("##")[0].strip().splitlines()
    assert section[:6] == [
        "The room's priorities:",
        "",
        "1. A3 Everyone loves the market (note · 8 votes)",
        "2. A2 Lift is broken (barrier · 3 votes)",
        "3. A4 Ask the port about late ferries (next step · 1 vote)",
        "",
    ]
    # The barriers by votes, not in the order they were raised.
    assert "Barriers raised: A2 Lift is broken (3) · A1 Ferry stops at six (0)" in section


def test_a_blind_breakout_exports_no_counts_until_revealed(store, filled):
    store.set_blind(filled.slug, "A", True)
    blind = store.workshop(filled.slug)
    text = export.to_markdown(blind)
    section = text.split("## A. Barriers")[1].split("## B.")[0]
    assert "_Blind voting: the votes stay hidden until the facilitator reveals them._" in section
    assert "The room's priorities:" not in section  # the ranking would give the counts away
    rows = [line for line in section.splitlines() if line.startswith("| A")]
    assert rows == [  # capture order, and no count
        "| A2 |  | Book the big hall | Sam | 2027-02 | Open | hidden |",
        "| A3 |  | Print larger signs | ⚠ none | ⚠ none | Open | hidden |",
    ]
    assert "Barriers raised: A1 Parking is scarce" in section.splitlines()
    owners = text.split("## Needs an owner")[1].split("##")[0].strip().splitlines()
    assert owners == ["- C2 Agree a date (4 votes)", "- A3 Print larger signs (votes hidden)"]
    data = json.loads(export.to_json(blind, include_all=True))
    a, c = data["breakouts"][0], data["breakouts"][2]
    assert a["blind"] and not c["blind"]
    assert {(p["votes"], p["dots"], p["voters"]) for p in a["points"]} == {(None, None, None)}
    assert c["points"][1]["votes"] == 4
    rows = list(csv.DictReader(io.StringIO(export.to_csv(blind))))
    assert [(r["ref"], r["votes"]) for r in rows] == [
        ("A2", ""),
        ("A3", ""),
        ("C2", "4"),
        ("C1", "0"),
    ]
    store.set_blind(filled.slug, "A", False)
    assert export.to_markdown(store.workshop(filled.slug)) == export.to_markdown(filled)


def test_same_data_same_bytes(store, filled):
    first = export.to_markdown(store.workshop(filled.slug))
    second = export.to_markdown(store.workshop(filled.slug))
    assert first == second
    assert export.to_csv(filled) == export.to_csv(store.workshop(filled.slug))


HOSTILE = [
    "Pipes | in | text",
    "line one\nline two",
    "[bold]x[/] [@click=app.quit]y",
    "<script>alert(1)</script> & &amp;",
    "*stars* _under_ `code` ~~strike~~ \\ back",
    "Emoji 🎉👩‍👩‍👧 ok",
]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_markdown_keeps_table_shape_and_neutralises_markup(store, workshop, hostile):
    point = store.add_point(workshop.breakouts[0], hostile + " #next @O|w")
    text = export.to_markdown(store.workshop(workshop.slug))
    row = next(line for line in text.splitlines() if line.startswith(f"| {point.ref} "))
    assert len(_cells(row)) == 7
    assert "<script>" not in text
    assert "[bold]" not in text.replace("\\[bold\\]", "")


@pytest.mark.parametrize("hostile", HOSTILE)
def test_csv_and_json_read_back_to_the_same_text(store, workshop, hostile):
    point = store.add_point(workshop.breakouts[0], "placeholder #next")
    stored = store.edit_point(workshop.slug, point.ref, hostile + " #next").text
    view = store.workshop(workshop.slug)
    rows = list(csv.DictReader(io.StringIO(export.to_csv(view))))
    assert rows[0]["text"] == stored
    data = json.loads(export.to_json(view))
    assert data["breakouts"][0]["points"][0]["text"] == stored


def test_csv_has_actions_only_unless_all(filled):
    actions = list(csv.DictReader(io.StringIO(export.to_csv(filled))))
    everything = list(csv.DictReader(io.StringIO(export.to_csv(filled, include_all=True))))
    assert {r["kind"] for r in actions} == {"next"}
    assert len(actions) == 4 and len(everything) == 7
    assert set(actions[0]) == set(export.CSV_COLUMNS)


def test_markdown_all_lists_every_point(filled):
    text = export.to_markdown(filled, include_all=True)
    assert "| B1 | note | Volunteers were brilliant |" in text


def test_write_refuses_overwrite_and_paths_outside(tmp_path, filled):
    folder = tmp_path / "exports"
    path = export.write_export("one\n", folder, "a.md")
    assert path == folder / "a.md" and path.read_text() == "one\n"
    with pytest.raises(ExportRefused, match="--force"):
        export.write_export("two\n", folder, "a.md")
    assert path.read_text() == "one\n"
    export.write_export("two\n", folder, "a.md", force=True)
    assert path.read_text() == "two\n"
    for outside in ["../escape.md", str(tmp_path / "escape.md"), "/etc/x.md", "."]:
        with pytest.raises(ExportRefused, match="inside"):
            export.write_export("x\n", folder, outside)
    (folder / "link").symlink_to(tmp_path)
    with pytest.raises(ExportRefused):
        export.write_export("x\n", folder, "link/escape.md")
    assert not (tmp_path / "escape.md").exists()
    assert sorted(p.name for p in folder.iterdir()) == ["a.md", "link"]  # no temp files left
