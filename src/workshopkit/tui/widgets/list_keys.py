"""The keys of the point list, for the keys screen (f1); they act on the workshop screen.

Apart from the list's module, which loads after the first frame (see
``breakout_on_screen.py``), while the screen's keys load before it.
"""

from textual.binding import Binding

LIST_BINDINGS = [
    Binding(
        "up,down,pageup,pagedown,home,end",
        "screen.noop",
        "Move",
        id="list.move",
        tooltip="Walk the list (the detail line shows the whole point)",
    ),
    Binding("enter", "screen.edit", "Edit", id="list.edit", tooltip="Edit it in the capture bar"),
    Binding(
        "delete", "screen.delete", "Delete", id="list.delete", tooltip="Delete (ctrl+z undoes)"
    ),
    Binding(
        "escape",
        "screen.to_bar",
        "Type",
        id="list.to_bar",
        tooltip="Back to the capture bar (typing any letter goes there too)",
    ),
]
