"""An improvement plan written for the tests, as a council officer would paste one:
two themes, nested bullets, a lead-in paragraph, a table of what works and what to
stop, and a paragraph of prose."""

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
