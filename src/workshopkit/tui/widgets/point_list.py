"""The point list of the workshop screen: walked with the arrows, never typed into.

It runs no command from a printable key: a letter typed here (the facilitator started
typing while someone spoke) goes to the capture bar with everything typed after it.
Each move of its cursor calls ``moved`` at once, so that what the screen shows of the
highlighted point is drawn in the same frame as the move.
"""

from collections.abc import Callable

from textual.coordinate import Coordinate
from textual.events import Key, Paste

from workshopkit.tui.widgets.clean_input import typed_joiner
from workshopkit.tui.widgets.list_keys import LIST_BINDINGS
from workshopkit.tui.widgets.point_table import PointTable


class PointList(PointTable):
    """The workshop screen's points; what is typed or pasted here goes to ``type_into_bar``."""

    # Enter and Delete act here; the arrows are the table's own; the rest is the screen's.
    BINDINGS = [*PointTable.BINDINGS, *LIST_BINDINGS[1:3]]  # noqa: RUF012

    def __init__(
        self, type_into_bar: Callable[[str], None], moved: Callable[[], None], **kwargs
    ) -> None:
        super().__init__(**kwargs)
        self.type_into_bar, self.moved = type_into_bar, moved

    def watch_cursor_coordinate(self, old: Coordinate, new: Coordinate) -> None:
        super().watch_cursor_coordinate(old, new)
        if old != new:
            # Now, not on the RowHighlighted message: handled after the frame that shows
            # the move, it took a frame of its own (a third as long again, per key).
            self.moved()

    def on_key(self, event: Key) -> None:
        focused = self.screen.focused
        if focused is not None and focused is not self:
            # Sent here before the first letter took focus to the bar (a fast typist's
            # next letters, their Enter): it goes on to the bar, in the order typed.
            event.stop()
            event.prevent_default()
            focused.post_message(Key(event.key, event.character))
            return
        typed = event.character if event.is_printable else typed_joiner(event)
        if typed:
            event.stop()
            event.prevent_default()
            self.type_into_bar(typed)

    def on_paste(self, event: Paste) -> None:
        event.stop()
        event.prevent_default()
        self.type_into_bar(event.text)
