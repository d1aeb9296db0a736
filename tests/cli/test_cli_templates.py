"""`templates`, `new --template`, `new --carry-from` and `done` from the shell."""

import json

import pytest

from workshopkit.core.templates import TEMPLATES


def test_templates_lists_every_template_with_its_breakouts(cli):
    out = cli.ok("templates").stdout
    for template in TEMPLATES:
        assert template.name in out
        assert template.breakouts[0].title in out
    assert "A Driving forces · B Resisting forces" in out


def test_new_with_a_template_sets_up_breakouts_with_prompts(cli):
    result = cli.ok("new", "Library Move", "--template", "force", "-b", "Any other business")
    assert result.stdout.strip() == "library-move"
    assert "A Driving forces, B Resisting forces, C Next steps, D Any other business" in (
        result.stderr
    )
    data = cli.show("library-move")
    assert data["workshop"]["template"] == "force-field"
    breakouts = data["breakouts"]
    assert breakouts[0]["prompt"].startswith("What pushes the change forward?")
    assert breakouts[3]["prompt"] is None


def test_an_unknown_template_is_one_line_naming_the_templates_and_creates_nothing(cli):
    result = cli.error("new", "Library Move", "--template", "retro")
    assert "No template 'retro'" in result.stderr
    assert all(t.name in result.stderr for t in TEMPLATES)
    assert cli.ok("list", "--json").stdout.strip() == "[]"


def test_a_score_typed_in_add_gives_totals_in_the_export(cli):
    slug = cli.ok("new", "Library Move", "--template", "force-field").stdout.strip()
    cli.add(slug, "A", "Council backing score:4")
    cli.add(slug, "A", "Keen volunteers score:5")
    cli.add(slug, "B", "Staff shortages score:2")
    assert cli.points(slug)["A1"]["score"] == 4
    markdown = cli.ok("export", slug, "-o", "-").stdout
    assert "Driving forces: total 9 — " in markdown
    assert "Resisting forces: total 2 — B1 Staff shortages (score 2)" in markdown


def _harbour_with_actions(cli, harbour) -> None:
    cli.add(harbour, "A", "Parking is scarce #barrier")  # A1
    cli.add(harbour, "A", "Book the big hall @Sam due:2027-03 #next")  # A2
    cli.add(harbour, "C", "Print larger signs #next")  # C1: done below
    cli.add(harbour, "C", "Gone #next")  # C2: deleted below
    cli.ok("done", harbour, "C1")
    cli.ok("delete", harbour, "C2")


def test_carry_from_brings_open_actions_with_owner_due_and_link(cli, harbour):
    _harbour_with_actions(cli, harbour)
    result = cli.ok("new", "Harbour Review", "--carry-from", "harb")
    slug = result.stdout.strip()
    assert "Carried forward 1 open action from harbour-day." in result.stderr
    points = cli.points(slug)
    assert list(points) == ["A1"]  # the done, deleted and non-actions stayed behind
    assert (points["A1"]["owner"], points["A1"]["due"]) == ("Sam", "2027-03")
    assert points["A1"]["carried_from"] == "harbour-day A2"
    # The plan ref it keeps is the ref it had: one ref from review to review.
    assert "| A2 (A1) |" in cli.ok("export", slug, "-o", "-").stdout


def test_carry_from_with_nothing_open_says_so(cli, harbour):
    result = cli.ok("new", "Harbour Review", "--carry-from", harbour)
    assert "Nothing to carry: harbour-day has no open actions." in result.stderr
    assert cli.show(result.stdout.strip())["breakouts"] == []


def test_carry_from_an_unknown_workshop_is_refused_and_creates_nothing(cli, harbour):
    cli.error("new", "Harbour Review", "--carry-from", "nowhere")
    slugs = [w["slug"] for w in json.loads(cli.ok("list", "--json").stdout)]
    assert slugs == [harbour]


def test_done_and_undo(cli, harbour):
    ref = cli.add(harbour, "C", "Agree a date #next")
    result = cli.ok("done", harbour, ref)
    assert f"{ref} done ✓ Agree a date" in result.stdout
    assert f"workshopkit done {harbour} {ref} --undo" in result.stdout
    assert cli.points(harbour)[ref]["done"] is True
    assert "✓ done" in cli.ok("show", harbour).stdout
    assert "is open again" in cli.ok("done", harbour, ref, "--undo").stdout
    assert cli.points(harbour)[ref]["done"] is False


def test_done_refuses_what_makes_no_sense(cli, harbour):
    barrier = cli.add(harbour, "A", "Parking is scarce #barrier")
    action = cli.add(harbour, "C", "Agree a date #next")
    assert "not a next step" in cli.error("done", harbour, barrier).stderr
    assert "already open" in cli.error("done", harbour, action, "--undo").stderr
    cli.ok("done", harbour, action)
    assert "already done" in cli.error("done", harbour, action).stderr
    cli.error("done", harbour, "Z9")
    assert cli.points(harbour)[barrier]["done"] is False


@pytest.mark.sqlite_only
def test_status_shows_a_note_another_tool_wrote_without_its_escape_codes(cli, harbour):
    import sqlite3

    ref = cli.add(harbour, "A", "Agree a date #next")
    cli.ok("status", harbour, ref, "in progress", "--note", "Two dates offered")
    connection = sqlite3.connect(cli.db)
    connection.execute("UPDATE point SET progress = 'Two \x1b[2Jdates\x07 offered'")
    connection.commit()
    connection.close()
    shown = cli.ok("status", harbour, ref).stdout
    assert "In progress since" in shown and "Two [2Jdates offered" in shown
    assert "\x1b" not in shown and "\x07" not in shown
