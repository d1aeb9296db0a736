"""What the app tells its screens: changes to the open workshop, the store, the timers.

The app posts these to the screens on its stack, and each screen that shows what changed
handles them; a screen that shows none of it has no handler and the message is dropped.
None bubbles on to the app: it sent them.
"""

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from workshopkit.core.views import PointView


class PointsChanged(Message, bubble=False):
    """The store confirmed these points (new, changed or deleted) and the app's
    ``WorkshopState`` holds them already. Also posted with no points when a breakout
    changed (its title, its timer, blind voting): screens redraw from the state."""

    def __init__(self, points: list["PointView"]) -> None:
        super().__init__()
        self.points = points


class StoreChanged(Message, bubble=False):
    """Someone wrote to the store while no workshop is open: the workshops list reloads."""


class TimerTick(Message, bubble=False):
    """A second went by while a breakout timer is set: countdowns on screen move on."""


class TimeUp(Message, bubble=False):
    """The timer of breakout ``letter`` just ran out (the bell has rung): flash it."""

    def __init__(self, letter: str) -> None:
        super().__init__()
        self.letter = letter


class NameChanged(Message, bubble=False):
    """The name the user signs with is now ``name`` (asked, or remembered for the store)."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
