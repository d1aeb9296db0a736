"""Exports from the command line: where they go, what they refuse, and what they escape."""

import csv
import io
import json
import os
from pathlib import Path

import pytest


@pytest.fixture
def planned(cli, harbour) -> str:
    """Harbour Day with actions, a barrier, a question and a note; A2 has the most votes."""
    cli.add(harbour, "A", "Parking is scarce #barrier")
    cli.add(harbour, "A", "Print larger signs #next @Ana due:2027-03")
    cli.add(harbour, "A", "Book the hall #next")
    cli.add(harbour, "A", "Who pays? #q")
    cli.add(harbour, "B", "Coffee mornings work")
    cli.ok("vote", harbour, "A2", "--voter", "Tom")
    cli.ok("vote", harbour, "A2", "--voter", "Ana")
    return harbour


def _file(path: str | Path) -> bytes:
    return Path(path).read_bytes()


def _csv_rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


# -- where the export goes -------------------------------------------------------------


def test_export_writes_the_action_list_to_the_default_path(cli, planned, tmp_path):
    result = cli.ok("export", planned)
    assert result.stdout == "Wrote exports/harbour-day-actions.md\n"
    markdown = (tmp_path / "exports" / "harbour-day-actions.md").read_text(encoding="utf-8")
    assert markdown.startswith("# Harbour Day — action list\n")
    assert "## A. Barriers" in markdown
    assert "| Ref | Area | Action | Owner | Due | Status | Votes |" in markdown
    assert "| A2 |  | Print larger signs | Ana | 2027-03 | Open | 2 |" in markdown
    assert "| A3 |  | Book the hall | ⚠ none | ⚠ none | Open | 0 |" in markdown
    assert markdown.index("| A2 |") < markdown.index("| A3 |")
    assert "Barriers raised: A1 Parking is scarce (0)" in markdown
    assert "Questions: A4 Who pays? (0)" in markdown
    assert "| B1 |" not in markdown  # a note is not an action…
    assert "- B1 Coffee mornings work (note)" in markdown  # …but B has none: its points
    assert "## Needs an owner\n\n- A3 Book the hall (0 votes)" in markdown


def test_export_refuses_to_overwrite_without_force(cli, planned, tmp_path):
    path = tmp_path / "exports" / "harbour-day-actions.md"
    cli.ok("export", planned)
    original = _file(path)
    cli.add(planned, "C", "A new action #next")
    result = cli.error("export", planned)
    assert "exports/harbour-day-actions.md exists" in result.stderr
    assert "--force" in result.stderr
    assert _file(path) == original


def test_export_never_overwrites_a_file_of_the_user_without_force(cli, planned, tmp_path):
    (tmp_path / "exports").mkdir()
    mine = tmp_path / "exports" / "notes.md"
    mine.write_bytes(b"my own notes\n")
    cli.error("export", planned, "-o", "notes.md")
    assert mine.read_bytes() == b"my own notes\n"


def test_export_force_overwrites(cli, planned, tmp_path):
    path = tmp_path / "exports" / "harbour-day-actions.md"
    cli.ok("export", planned)
    cli.add(planned, "C", "A new action #next")
    cli.ok("export", planned, "--force")
    assert "A new action" in path.read_text(encoding="utf-8")
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".export-")]


def test_export_to_stdout_matches_the_file_and_writes_none(cli, planned, tmp_path):
    result = cli.ok("export", planned, "-o", "-")
    assert not (tmp_path / "exports" / "harbour-day-actions.md").exists()
    cli.ok("export", planned)
    assert result.stdout.encode("utf-8") == _file("exports/harbour-day-actions.md")


def test_export_gives_the_same_bytes_twice(cli, planned):
    first = cli.ok("export", planned, "-o", "-", "--all").stdout
    assert cli.ok("export", planned, "-o", "-", "--all").stdout == first


def test_export_named_file_inside_a_subfolder(cli, planned, tmp_path):
    result = cli.ok("export", planned, "-o", "week1/actions.md")
    assert result.stdout == "Wrote exports/week1/actions.md\n"
    assert (
        (tmp_path / "exports" / "week1" / "actions.md")
        .read_text(encoding="utf-8")
        .startswith("# Harbour Day")
    )


def test_export_dir_option_picks_the_folder(cli, planned, tmp_path):
    result = cli.ok("export", planned, "--dir", "handouts")
    assert result.stdout == "Wrote handouts/harbour-day-actions.md\n"
    assert (tmp_path / "handouts" / "harbour-day-actions.md").exists()
    assert not (tmp_path / "exports").exists()


def test_export_empty_output_name_uses_the_default(cli, planned, tmp_path):
    assert cli.ok("export", planned, "-o", "").stdout == "Wrote exports/harbour-day-actions.md\n"


@pytest.mark.parametrize("name", ["../x.md", "sub/../../x.md", ".", "exports/../../x.md"])
def test_export_refuses_paths_leading_outside_the_folder(cli, planned, tmp_path, name):
    result = cli.error("export", planned, "-o", name)
    assert "Exports stay inside exports/" in result.stderr
    assert not (tmp_path / "x.md").exists()
    assert [p for p in (tmp_path / "exports").rglob("*") if p.is_file()] == []


def test_export_refuses_an_absolute_path_outside_the_folder(cli, planned, tmp_path):
    target = tmp_path / "elsewhere" / "x.md"
    target.parent.mkdir()
    result = cli.error("export", planned, "-o", str(target))
    assert "leads outside" in result.stderr
    assert not target.exists()


def test_export_refuses_a_link_leading_outside_the_folder(cli, planned, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (tmp_path / "exports").mkdir()
    os.symlink(outside, tmp_path / "exports" / "link")
    cli.error("export", planned, "-o", "link/x.md")
    assert list(outside.iterdir()) == []


# -- formats ---------------------------------------------------------------------------


def test_export_csv(cli, planned, tmp_path):
    result = cli.ok("export", planned, "--format", "csv")
    assert result.stdout == "Wrote exports/harbour-day-actions.csv\n"
    with open(tmp_path / "exports" / "harbour-day-actions.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [(r["ref"], r["breakout"], r["kind"], r["text"]) for r in rows] == [
        ("A2", "Barriers", "next", "Print larger signs"),
        ("A3", "Barriers", "next", "Book the hall"),
    ]
    assert (rows[0]["owner"], rows[0]["due"], rows[0]["votes"]) == ("Ana", "2027-03", "2")
    assert rows[1]["owner"] == ""


def test_export_json(cli, planned):
    data = json.loads(cli.ok("export", planned, "-f", "json", "-o", "-").stdout)
    assert data["workshop"]["slug"] == "harbour-day"
    assert [p["ref"] for b in data["breakouts"] for p in b["points"]] == ["A2", "A3"]


def test_export_all_includes_every_point(cli, planned, tmp_path):
    result = cli.ok("export", planned, "--all")
    assert result.stdout == "Wrote exports/harbour-day-points.md\n"
    markdown = (tmp_path / "exports" / "harbour-day-points.md").read_text(encoding="utf-8")
    assert "All points:" in markdown
    assert "| B1 | note | Coffee mornings work |" in markdown
    rows = _csv_rows(cli.ok("export", planned, "-f", "csv", "--all", "-o", "-").stdout)
    assert [r["ref"] for r in rows] == ["A1", "A2", "A3", "A4", "B1"]
    data = json.loads(cli.ok("export", planned, "-f", "json", "--all", "-o", "-").stdout)
    assert len([p for b in data["breakouts"] for p in b["points"]]) == 5


@pytest.mark.parametrize("fmt", ["xml", "MD", "", "pdf"])
def test_export_unknown_format_is_a_usage_error(cli, planned, tmp_path, fmt):
    result = cli.error("export", planned, "--format", fmt, code=2)
    assert "Unknown format" in result.stderr
    assert not (tmp_path / "exports").exists()


def test_export_of_a_workshop_without_actions(cli, harbour):
    markdown = cli.ok("export", harbour, "-o", "-").stdout
    assert markdown.count("_No next steps yet._") == 3
    assert markdown.count("_Every action has one._") == 2


def test_export_unknown_workshop_writes_nothing(cli, harbour, tmp_path):
    cli.error("export", "nowhere")
    assert not (tmp_path / "exports").exists()


# -- escaping --------------------------------------------------------------------------

NASTY = "Pipe | here\nnext line [bold]x <script>alert(1)</script> 🎉 `tick` *star* C:\\dir\\"


def _unescaped_pipes(line: str) -> int:
    count, backslashes = 0, 0
    for char in line:
        if char == "\\":
            backslashes += 1
            continue
        if char == "|" and backslashes % 2 == 0:
            count += 1
        backslashes = 0
    return count


def test_unescaped_pipe_counter():
    assert _unescaped_pipes(r"| a \| b | c\\ |") == 3


def test_markdown_escapes_user_text_in_table_rows(cli, harbour):
    ref = cli.add(harbour, "A", NASTY + ' #next @"Ops | Team" due:"Q1|2027"')
    markdown = cli.ok("export", harbour, "-o", "-").stdout
    [row] = [line for line in markdown.splitlines() if line.startswith(f"| {ref} |")]
    assert _unescaped_pipes(row) == 8  # exactly 7 cells
    assert row.endswith(" |")
    assert "<br>" in row  # the newline stays inside the row
    assert "<script>" not in markdown and "\\<script\\>" in row
    assert "\\[bold\\]x" in row
    assert "🎉" in row
    for line in markdown.splitlines():
        if "Pipe" in line:
            assert "[bold]" not in line.replace("\\[bold\\]", "")


def test_markdown_all_points_table_keeps_seven_cells(cli, harbour):
    ref = cli.add(harbour, "A", NASTY + " #theme")
    markdown = cli.ok("export", harbour, "--all", "-o", "-").stdout
    [row] = [line for line in markdown.splitlines() if line.startswith(f"| {ref} |")]
    assert _unescaped_pipes(row) == 8


def test_csv_and_json_exports_give_back_the_exact_text(cli, harbour):
    ref = cli.add(harbour, "A", NASTY + ' #next @"Ops | Team"')
    shown = cli.points(harbour)[ref]
    assert shown["text"] == NASTY
    cli.ok("export", harbour, "-f", "csv")
    with open("exports/harbour-day-actions.csv", newline="", encoding="utf-8") as f:
        [row] = list(csv.DictReader(f))
    assert row["text"] == shown["text"]
    assert row["owner"] == shown["owner"] == "Ops | Team"
    assert _csv_rows(cli.ok("export", harbour, "-f", "csv", "-o", "-").stdout) == [row]
    data = json.loads(cli.ok("export", harbour, "-f", "json", "-o", "-").stdout)
    assert data["breakouts"][0]["points"][0]["text"] == NASTY


def test_show_prints_markup_literally(cli, harbour):
    cli.add(harbour, "A", "[bold]x[/bold] <script> 🎉")
    out = cli.ok("show", harbour).stdout
    assert "[bold]x[/bold] <script> 🎉" in out
    assert "\x1b" not in out
