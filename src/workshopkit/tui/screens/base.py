"""What the app may ask of any workshopkit screen, with the answer of a screen that has
nothing to say: no keys of its own, no palette commands, no status line."""

from collections.abc import Callable

from textual.binding import Binding
from textual.screen import Screen

Command = tuple[str, str, Callable[[], object]]  # name, help, what it runs
KeySection = tuple[str, list[Binding]]  # a heading of the keys screen, and its keys


class WorkshopkitScreen(Screen):
    """The base of every workshopkit screen (dialogs are Textual's modal screens)."""

    def key_sections(self) -> list[KeySection]:
        """This screen's keys, under their headings, for the keys screen (f1)."""
        return []

    def palette_commands(self) -> list[Command]:
        """This screen's commands for the palette (ctrl+p), before the app's own."""
        return []

    def tell(self, text: str) -> None:
        """Say what a change just did. Screens with a status line say it there (a toast
        would cover what they show); this one has none, so it is a toast."""
        self.notify(text, markup=False)

    @property
    def closed(self) -> bool:
        """True once the screen has been closed. A message posted to it just before then
        finds it on its way out: it must not draw from a state that has moved on."""
        return self not in self.app.screen_stack
