"""The keys of the workshop screen, and how the keys screen (f1) lists them.

No printable key is a command on this screen: whatever is typed, wherever focus is,
lands in the capture bar. Points are tagged with chords (ctrl+…), the other screens
open with function keys, and the list is walked with the arrows (see ``PointList``).
"""

from textual.binding import Binding

from workshopkit.tui.screens.base import KeySection
from workshopkit.tui.widgets.capture_bar import CaptureInput
from workshopkit.tui.widgets.list_keys import LIST_BINDINGS

BINDINGS = [
    # Priority: focus moves at once, so an arrow pressed right after moves the list.
    Binding("escape", "to_list", "List", id="capture.to_list", priority=True),
    Binding("tab", "next_breakout", "Breakout", id="breakout.next", tooltip="Next breakout"),
    Binding(
        "shift+tab",
        "previous_breakout",
        "Previous breakout",
        show=False,
        id="breakout.previous",
    ),
    # On the highlighted point: the one just captured, until the list is walked.
    Binding(
        "ctrl+b",
        "kind('barrier')",
        "Barrier",
        id="point.barrier",
        tooltip="Mark the highlighted point (after Enter, the one just captured) a barrier",
    ),
    Binding(
        "ctrl+n",
        "kind('next')",
        "Next",
        id="point.next",
        tooltip="Mark the highlighted point a next step",
    ),
    Binding(
        "ctrl+y",
        "kind('question')",
        "Question",
        show=False,
        id="point.question",
        tooltip="Mark the highlighted point a question",
    ),
    Binding(
        "ctrl+g",
        "kind('note')",
        "Note",
        show=False,
        id="point.note",
        tooltip="Make the highlighted point a plain note",
    ),
    Binding(
        "ctrl+o",
        "owner",
        "Owner",
        id="point.owner",
        tooltip="Set the owner of the highlighted point",
    ),
    Binding(
        "ctrl+t",
        "due",
        "Due",
        show=False,
        id="point.due",
        tooltip="Set the due of the highlighted point",
    ),
    Binding(
        "ctrl+l",
        "themes",
        "Themes",
        show=False,
        id="point.themes",
        tooltip="Add #themes to the highlighted point",
    ),
    # Priority: in the bar ctrl+d would delete a character (the Delete key still does).
    Binding(
        "ctrl+d",
        "complete",
        "Done",
        show=False,
        priority=True,
        id="point.done",
        tooltip="The highlighted action is done, or open again",
    ),
    Binding("f2", "vote", "Vote", id="screen.vote", tooltip="Voting mode for this breakout"),
    Binding(
        "f3",
        "ranking",
        "Ranking",
        show=False,
        id="screen.ranking",
        tooltip="Vote ranking with bars",
    ),
    Binding("f4", "actions", "Actions", id="screen.actions", tooltip="The action list"),
    Binding(
        "f5",
        "room",
        "Room",
        show=False,
        id="screen.room",
        tooltip="Open the room to phones (join by code or QR), or close it",
    ),
    Binding("f6", "timer", "Timer", show=False, id="screen.timer", tooltip="Start or stop a timer"),
    Binding(
        "f7",
        "projector",
        "Projector",
        show=False,
        id="screen.projector",
        tooltip="Projector view for the room's screen",
    ),
    Binding(
        "f8",
        "duplicates",
        "Duplicates",
        show=False,
        id="screen.duplicates",
        tooltip="Points that read almost the same: merge or skip them",
    ),
    Binding(
        "f9",
        "workshops",
        "Workshops",
        show=False,
        id="screen.workshops",
        tooltip="All workshops",
    ),
]


def key_sections() -> list[KeySection]:
    chords = [b for b in BINDINGS if b.id and b.id.startswith("point.")]
    screens = [b for b in BINDINGS if b.id and b.id.startswith("screen.")]
    return [
        ("Capture bar", [*BINDINGS[:2], *CaptureInput.BINDINGS]),
        ("The highlighted point, from the bar or the list", chords),
        ("Other views", screens),
        ("Point list (esc)", LIST_BINDINGS[:-1]),
    ]
