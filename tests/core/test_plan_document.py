"""A whole improvement plan pasted as text: its title, sections, prompts, action rows,
lists and prose, as a council officer would write one."""

from plan_texts import INTRO, PLAN
from workshopkit.core.importing.plan_document import read_plan


def test_sections_with_their_letters_prompts_and_rows():
    plan = read_plan(PLAN)
    assert plan.title == "Harbour Forum Improvement Plan"
    assert [(s.letter, s.title) for s in plan.sections] == [
        ("A", "Safer Streets"),
        ("B", "Clean Harbour"),
    ]
    safer, clean = plan.sections
    assert safer.prompt == "Streets are lit; crossings are where people walk."
    assert clean.prompt == "the quay is clean by nine every morning."
    assert [row.ref for row in safer.rows] == ["A1", "A2"]
    assert [row.ref for row in clean.rows] == ["B1", "B2", "B3"]


def test_nine_actions_with_nested_bullets_and_a_lead_in_kept():
    plan = read_plan(PLAN)
    actions = [action for s in plan.sections for row in s.rows for action in row.actions]
    assert len(actions) == 9  # 2 + 2 in A, 3 + 1 + 1 in B
    assert "Survey crossings near: Schools; Clinics" in actions
    b1 = plan.sections[1].rows[0]
    assert b1.lead_in == "The cleansing team will look at:"
    assert b1.actions == ("Bigger bins", "A second round", "Bins for recycling")
    assert plan.unread == ()


def test_lists_by_column_and_prose_as_notes():
    plan = read_plan(PLAN)
    (table,) = plan.lists
    assert [(column.heading, column.items) for column in table] == [
        ("What works well?", ("Monthly walkabouts", "The shared inbox")),
        ("What do we need to stop doing?", ("Late agendas",)),
    ]
    assert plan.notes == (INTRO,)
    everything = [a for s in plan.sections for row in s.rows for a in row.actions]
    assert not any("harbour forum met" in action for action in everything)


def test_no_control_character_survives_in_titles_prompts_or_actions():
    hostile = (
        "Plan\x1b[31m title\n\nA-Ro\x07ads\n\nKey characteristics: sa\x1b]0;x\x07fe\n\n"
        "Ref\tAction\tLead\nA1\tFix\x1b[2J it\tBo\x9bb\n"
    )
    plan = read_plan(hostile)
    (section,) = plan.sections
    texts = [plan.title, section.title, section.prompt, *section.rows[0].actions]
    texts.append(section.rows[0].lead)
    for text in texts:
        assert not any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in text), repr(text)


def test_an_exported_action_list_reads_back_with_its_title_sections_and_prompts():
    document = read_plan(
        "\n".join(
            [
                "# Quay Day — action list",
                "2 breakouts · 3 points · 2 voters",
                "",
                "## C. Getting there",
                "",
                "> How do people reach the quay without a car, every day of the year?",
                "",
                "The room's priorities:",
                "",
                "1. C1 Run a late bus (next step · 3 votes)",
                "",
                "| Ref | Area | Action | Owner | Due | Status | Votes |",
                "|---|---|---|---|---|---|---|",
                "| C1 | buses | Run a late bus | Ops | 2027 | Open | 3 |",
                "",
                "1. Background",
                "The forum met twice this spring and agreed on what each partner will change.",
            ]
        )
    )
    assert document.title == "Quay Day"
    [section] = document.sections  # a section with no table is not one
    assert (section.letter, section.title) == ("C", "Getting there")
    assert section.prompt == "How do people reach the quay without a car, every day of the year?"
    assert [row.actions for row in section.rows] == [("Run a late bus",)]
    # A numbered section's first line is not its prompt: prose stays the plan's notes.
    assert document.notes == (
        "The forum met twice this spring and agreed on what each partner will change.",
    )
