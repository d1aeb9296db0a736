"""Create a workshop from the keyboard: title, date, venue, and one breakout per line."""

from dataclasses import dataclass
from datetime import date

from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static, TextArea

from workshopkit.tui.widgets.clean_input import CleanInput


@dataclass(frozen=True)
class NewWorkshop:
    """What the facilitator filled in."""

    title: str
    breakouts: list[str]
    date: str | None
    venue: str | None


class NewWorkshopDialog(ModalScreen[NewWorkshop | None]):
    """The form. Enter moves to the next field; ctrl+s (or Enter on the venue) creates."""

    DEFAULT_CSS = """
    NewWorkshopDialog { align: center middle; }
    NewWorkshopDialog > Vertical {
        width: 70; max-width: 100%; height: auto; max-height: 100%;
        padding: 0 2; border: thick $primary; background: $surface;
    }
    NewWorkshopDialog Label { margin-top: 1; color: $text-muted; }
    NewWorkshopDialog Input, NewWorkshopDialog TextArea { background: $boost; }
    NewWorkshopDialog Input:focus, NewWorkshopDialog TextArea:focus { background: $primary-muted; }
    NewWorkshopDialog TextArea { height: 5; }
    NewWorkshopDialog #problem { color: $error; height: auto; }
    NewWorkshopDialog #form-hint { color: $text-muted; margin-top: 1; }
    """
    BINDINGS = [  # noqa: RUF012 (Textual reads this class attribute)
        Binding("ctrl+s", "create", "Create", id="new.create", priority=True),
        Binding("escape", "cancel", "Cancel", id="new.cancel"),
        Binding("enter", "next_field", "Next field", id="new.next", priority=True, show=False),
        # Priority, so focus moves before the keys typed next are handed out.
        Binding("tab", "step(1)", "Next field", id="new.tab", priority=True, show=False),
        Binding(
            "shift+tab", "step(-1)", "Previous field", id="new.back_tab", priority=True, show=False
        ),
    ]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("New workshop: title")
            yield CleanInput(placeholder="e.g. Riverside Partnership Day", id="title", compact=True)
            yield Label("Breakouts, one per line")
            yield TextArea(id="breakouts", tab_behavior="focus", soft_wrap=False, compact=True)
            yield Label("Date (YYYY-MM-DD), optional")
            yield CleanInput(date.today().isoformat(), id="date", compact=True)
            yield Label("Venue, optional")
            yield CleanInput(placeholder="venue", id="venue", compact=True)
            yield Static("", id="problem", markup=False)
            yield Static("enter next field · ctrl+s create · esc cancel", id="form-hint")

    FIELDS = ("#title", "#breakouts", "#date", "#venue")

    def action_step(self, step: int) -> None:
        focused = self.focused
        index = self.FIELDS.index(f"#{focused.id}") if focused is not None else -1
        self.set_focus(self.query_one(self.FIELDS[(index + step) % len(self.FIELDS)]))

    def action_next_field(self) -> None:
        # Move focus now, not on the next idle: keys typed straight after Enter belong
        # to the next field.
        focused = self.focused
        if focused is None or isinstance(focused, TextArea):
            raise SkipAction()  # Enter in the breakouts box starts a new line
        if focused.id == "venue":
            self.action_create()
            return
        self.action_step(1)

    def action_create(self) -> None:
        title = self.query_one("#title", Input).value.strip()
        lines = self.query_one("#breakouts", TextArea).text.splitlines()
        breakouts = [line.strip() for line in lines if line.strip()]
        day = self.query_one("#date", Input).value.strip()
        venue = self.query_one("#venue", Input).value.strip()
        problem = ""
        if not title:
            problem, field = "A workshop needs a title.", "#title"
        elif day:
            try:
                day = date.fromisoformat(day).isoformat()
            except ValueError:
                problem, field = (
                    f"'{day}' is not a date; use YYYY-MM-DD or leave it empty.",
                    "#date",
                )
        if problem:
            self.query_one("#problem", Static).update(problem)
            self.set_focus(self.query_one(field))
            return
        self.dismiss(NewWorkshop(title, breakouts, day or None, venue or None))

    def action_cancel(self) -> None:
        self.dismiss(None)
