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
