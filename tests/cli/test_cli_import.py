"""workshopkit import: notes files into workshops, from the shell."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from workshopkit.cli import imports as cli_import

NOTES = """\
# Harbour Forum

## Getting there
- The ferry is late on Mondays
- Barrier: no step-free route
  - the ramp is too steep

## Next steps
1. Ask the harbour master about a ramp @Sam due:2027-04
2. Is there money for signs?
"""


def write(path: Path, text: str | bytes) -> str:
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return str(path)


def test_import_prints_each_breakout_and_the_points_are_in_the_store(cli, tmp_path):
    result = cli.ok("import", write(tmp_path / "forum.md", NOTES))
    lines = result.stdout.splitlines()
    assert lines[0] == "Read forum.md: 10 lines, 3 headings, 5 points."
    assert lines[1] == "Created workshop 'Harbour Forum' (harbour-forum): 5 points in 2 breakouts."
    assert lines[2].split() == [
        "A",
        "Getting",
        "there",
        "new",
        "3",
        "points",
        "A1–A3",
        "2",
        "barriers",
    ]
    assert lines[3].split()[:6] == ["B", "Next", "steps", "new", "2", "points"]
    assert "1 next step, 1 question" in lines[3]
    points = cli.points("harbour-forum")
    assert points["A3"]["text"] == "Barrier: no step-free route: the ramp is too steep"
    assert points["A3"]["kind"] == "barrier"
    assert (points["B1"]["owner"], points["B1"]["due"]) == ("Sam", "2027-04")
    export = cli.ok("export", "harbour-forum", "-o", "-").stdout
    assert "| B1 |  | Ask the harbour master about a ramp | Sam | 2027-04 | Open | 0 |" in export


def test_import_into_an_existing_workshop_adds_to_its_breakouts(cli, harbour, tmp_path):
    cli.add(harbour, "A", "Parking is scarce")
    notes = write(
        tmp_path / "more.txt", "Barriers\n- Tides cut the path\n\nFood\n- Cafe shuts at 3\n"
    )
    result = cli.ok("import", notes, "--workshop", harbour)
    assert "Added to 'Harbour Day' (harbour-day): 2 points in 2 breakouts." in result.stdout
    points = cli.points(harbour)
    assert points["A2"]["text"] == "Tides cut the path"
    assert points["D1"]["text"] == "Cafe shuts at 3"


def test_a_workshop_name_that_matches_none_creates_it(cli, tmp_path):
    cli.ok("import", write(tmp_path / "n.txt", "- One\n"), "-w", "Spring Review")
    assert cli.show("spring-review")["workshop"]["title"] == "Spring Review"


def test_dry_run_shows_the_same_and_writes_nothing(cli, harbour, tmp_path):
    notes = write(tmp_path / "forum.md", NOTES)
    before = cli.show(harbour)
    dry = cli.ok("import", notes, "-w", harbour, "--dry-run").stdout
    assert "Would add to 'Harbour Day' (harbour-day): 5 points in 2 breakouts." in dry
    assert dry.rstrip().endswith("Dry run: nothing was written.")
    assert cli.show(harbour) == before
    assert [w["slug"] for w in json.loads(cli.ok("list", "--json").stdout)] == [harbour]
    real = cli.ok("import", notes, "-w", harbour).stdout
    assert real.splitlines()[1] == "Added to 'Harbour Day' (harbour-day): 5 points in 2 breakouts."
    assert real.splitlines()[2:] == dry.splitlines()[2:-1]  # the same breakouts and refs


@pytest.mark.sqlite_only
def test_a_dry_run_does_not_even_create_the_store(cli, tmp_path):
    result = cli.ok("import", write(tmp_path / "forum.md", NOTES), "--dry-run")
    assert "Would create workshop 'Harbour Forum' (harbour-forum)" in result.stdout
    assert not Path(cli.db).exists()


@pytest.mark.sqlite_only
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x02\x00>\x00", "is not a text file"),
        (bytes(range(1, 9)) * 40, "is not a text file"),
        (b"", "is empty"),
        (b"# Just a title\n", "no notes to import"),
    ],
)
def test_binary_or_empty_files_give_one_error_line_and_change_nothing(
    cli, tmp_path, content, message
):
    result = cli.error("import", write(tmp_path / "odd.bin", content))
    assert message in result.stderr
    assert not Path(cli.db).exists()


@pytest.mark.sqlite_only
def test_a_missing_file_gives_one_error_line(cli, tmp_path):
    result = cli.error("import", str(tmp_path / "nowhere.md"))
    assert "nowhere.md" in result.stderr


@pytest.mark.sqlite_only
def test_a_cp1252_file_is_read_and_the_encoding_said(cli, tmp_path):
    data = "Caf\u00e9 notes\n\n- Tea \u2013 \u00a31\n- \u201cToo noisy\u201d\n".encode("cp1252")
    result = cli.ok("import", write(tmp_path / "cafe.txt", data))
    assert result.stdout.startswith("Read cafe.txt as cp1252 (not UTF-8): 4 lines")
    texts = [p["text"] for p in cli.points("cafe-notes").values()]
    assert texts == ["Tea – £1", "“Too noisy”"]
    bad = cli.error("import", str(tmp_path / "cafe.txt"), "--encoding", "utf-8")
    assert "not utf-8" in bad.stderr


@pytest.mark.sqlite_only
def test_notes_can_come_from_standard_input(cli):
    cli.ok("import", "-", "-w", "Piped", input="- From a pipe #idea\n")
    [point] = cli.points("piped").values()
    assert (point["text"], point["kind"]) == ("From a pipe", "idea")


@pytest.mark.sqlite_only
def test_a_big_file_shows_a_progress_bar_in_a_terminal(cli, tmp_path, monkeypatch):
    screen = io.StringIO()
    monkeypatch.setattr(cli_import, "err", Console(file=screen, force_terminal=True, width=80))
    monkeypatch.setattr(cli_import, "BIG_FILE_LINES", 50)
    notes = "## Ideas\n" + "".join(f"- idea number {n}\n" for n in range(60))
    result = cli.ok("import", write(tmp_path / "big.md", notes))
    assert "60 points in 1 breakout" in result.stdout
    assert "Reading" in screen.getvalue() and "Saving" in screen.getvalue()
    assert "Saving" not in result.stdout  # the bar never mixes into what scripts read


@pytest.mark.sqlite_only
def test_the_real_program_refuses_a_binary_file_in_one_line(cli, tmp_path):
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.7\n\x00\x01\x02\xff\xfe binary stream \x00" * 20)
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKSHOPKIT_")}
    done = subprocess.run(
        [sys.executable, "-m", "workshopkit", "--db", str(cli.db), "import", "scan.pdf"],
        cwd=tmp_path,
        env=env | {"PYTHONUTF8": "1"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        "Error: scan.pdf is not a text file (it looks like binary data); save the notes as "
        "plain text or markdown and import that."
    ]
