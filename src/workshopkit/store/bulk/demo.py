"""A realistic demo workshop, written for workshopkit: a made-up partnership day."""

from workshopkit.core.views import WorkshopView
from workshopkit.store.facade import Store

DEMO_TITLE = "Riverside Partnership Day"

BREAKOUTS = [
    (
        "What gets in the way",
        "What stops partners sharing rooms, staff and volunteers?",
        [
            "Each partner books rooms through a different system #barrier #venues",
            "Data sharing agreements take months to sign #barrier #data",
            "Volunteers drop out after the first training session #barrier #volunteers",
            "Nobody knows who holds the shared budget #barrier #funding",
            "Could the library host the joint helpdesk? #question",
            'Map every room partners can lend, with access times #next @"Venues group" due:2027-01',
            "Draft one data sharing template for all partners #next @Priya due:2027-02-28 #data",
            "Buddy scheme pairing new volunteers with regulars #idea #volunteers",
            "Ask the council finance team to name a budget holder #next #funding",
            "Parking at the civic centre puts older residents off #barrier",
            "Publish meeting notes within a week #next @Tom due:Ongoing",
        ],
    ),
    (
        "What works well",
        "Where has working together already paid off?",
        [
            "The shared calendar stopped double bookings",
            "Monthly coffee mornings bring new people in #volunteers",
            "Youth club and library swap staff for holiday events",
            'Keep the coffee mornings going through summer #next @"Friends of Riverside" '
            "due:2027-06",
            "What would it cost to open on Saturdays? #question #funding",
            "Pop-up stalls at the market reached people we never see #idea",
            'Write up the holiday staff swap as a case study #next @Ana due:"March 2027"',
            "Older residents prefer printed newsletters to email",
            "Add a printed newsletter to the spring mailing #next due:2027-04",
            "Could the schools share their minibus? #question",
        ],
    ),
    (
        "Next steps",
        "Who will do what, and by when?",
        [
            'Agree one contact person per partner #next @"Chief Officers" due:2027-01-15',
            'Set up a joint volunteer induction #next @"Volunteer Centre" due:"Q1 2027"',
            "Bid for the community fund together #next #funding",
            "Review room booking charges #next @Tom",
            "Invite the health centre to the next partnership day #next due:2027-03",
            "Share a single events calendar online #next @Priya due:Ongoing",
            "Who signs off joint press releases? #question",
            "Staff turnover makes commitments hard to keep #barrier",
            "A shared volunteer badge would help people feel part of one team #idea",
        ],
    ),
]

# (voter, refs they put a dot on; a ref twice is two dots)
VOTES = [
    ("Priya", ["A2", "A2", "A6", "A9", "A4", "B4", "B4", "B9", "B7", "C1", "C1", "C3", "C2"]),
    ("Tom", ["A6", "A6", "A9", "A7", "A2", "B7", "B4", "B9", "B9", "C3", "C3", "C2", "C5"]),
    ("Ana", ["A9", "A9", "A6", "A1", "A3", "B4", "B9", "B2", "C1", "C2", "C2", "C6", "C4"]),
]
TALLIES = {"C1": 6, "A6": 4}


def create_demo(store: Store) -> tuple[WorkshopView, bool]:
    """The demo workshop, created on first use; True when it was created just now."""
    for summary in store.list_workshops():
        if summary.title == DEMO_TITLE:
            return store.workshop(summary.slug), False
    workshop = store.create_workshop(DEMO_TITLE, date="2027-01-20", venue="Riverside Library")
    for title, prompt, points in BREAKOUTS:
        breakout = store.add_breakout(workshop.slug, title, prompt)
        store.add_points(breakout, points)
    for voter, refs in VOTES:
        for ref in refs:
            store.vote(workshop.slug, ref, voter)
    for ref, count in TALLIES.items():
        store.set_tally(workshop.slug, ref, count)
    return store.workshop(workshop.slug), True
