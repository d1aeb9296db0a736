"""A whole improvement plan pasted as text: its title, sections, prompts, action rows,
lists and prose, as a council officer would write one."""

from workshopkit.core.importing.plan_document import read_plan

INTRO = (
    "The harbour forum met twice this spring and agreed that each partner would say what "
    "it will change, who leads the change and when it should be done by."
)
PLAN = "\n".join(
    [
        "Harbour Forum Improvement Plan",
        "",
        "May 2027",
        "",
        "1. Background",
        "",
        INTRO,
        "",
        "2. What works and what to stop",
        "",
        "What works well?\tWhat do we need to stop doing?",
        '<ul style="list-style-type: none"> ▪ Monthly walkabouts ▪ The shared inbox </ul>\t'
        '<ul style="list-style-type: none"> ▪ Late agendas </ul>',
        "",
        "3. What we will do",
        "",
        "A-Safer Streets",
        "",
        "Key Characteristics - Streets are lit; crossings are where people walk.",
        "",
        "Ref\tArea for Improvement\tAction\tLead\tTimescales",
        'A1.\tLighting\t<ul style="x"> ▪ Replace dead lamps ▪ Light the underpass </ul>'
        "\tHighways\tAutumn 2027",
        'A2.\tCrossings\t<ul style="x"> ▪ Survey crossings near: <ul style="y"> ○ Schools'
        " ○ Clinics </ul> ▪ Add two zebra crossings </ul>\tRoad Safety\tMarch 2028",
        "",
        "B-Clean Harbour",
        "",
        "Key characteristics: the quay is clean by nine every morning.",
        "",
        "Ref\tArea for Improvement\tAction\tLead\tTimescales",
        "B1\tBins\t<p>The cleansing team will look at:</p><ul>▪ Bigger bins▪ A second round"
        "▪ Bins for recycling</ul>\tCleansing\tOngoing",
        "B2\tVolunteers\tHold a quarterly litter pick\tFriends of the Harbour\t",
        "Ref\tArea for Improvement\tAction\tLead\tTimescales",
        "B3\tReporting\tPut a QR code on every bin to report it full\tCleansing\tJuly 2027",
    ]
)


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
    assert [(column.heading, column.items) for column in plan.lists] == [
        ("What works well?", ("Monthly walkabouts", "The shared inbox")),
        ("What do we need to stop doing?", ("Late agendas",)),
    ]
    assert plan.notes == (INTRO,)
    everything = [a for s in plan.sections for row in s.rows for a in row.actions]
    assert not any("harbour forum met" in action for action in everything)
