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
