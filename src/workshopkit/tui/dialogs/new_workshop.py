"""Create a workshop from the keyboard: title, date, venue, and one breakout per line."""

from dataclasses import dataclass
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static, TextArea


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
    NewWorkshopDialog Label { margin-top: 1; }
    NewWorkshopDialog TextArea { height: 6; }
    NewWorkshopDialog #problem { color: $error; height: auto; }
    NewWorkshopDialog #form-hint { color: $text-muted; margin-top: 1; }
    """
    BINDINGS = [  # noqa: RUF012 (Textual reads this class attribute)
        Binding("ctrl+s", "create", "Create", id="new.create", priority=True),
        Binding("escape", "cancel", "Cancel", id="new.cancel"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("New workshop: title")
            yield Input(placeholder="e.g. Riverside Partnership Day", id="title")
            yield Label("Breakouts, one per line")
            yield TextArea(id="breakouts", tab_behavior="focus", soft_wrap=False)
            yield Label("Date (YYYY-MM-DD) and venue, both optional")
            yield Input(date.today().isoformat(), id="date")
            yield Input(placeholder="venue", id="venue")
            yield Static("", id="problem", markup=False)
            yield Static("enter next field · ctrl+s create · esc cancel", id="form-hint")

    @on(Input.Submitted, "#title")
    def _next_from_title(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#breakouts").focus()

    @on(Input.Submitted, "#date")
    def _next_from_date(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#venue").focus()

    @on(Input.Submitted, "#venue")
    def _create_from_venue(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_create()

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
            self.query_one(field).focus()
            return
        self.dismiss(NewWorkshop(title, breakouts, day or None, venue or None))

    def action_cancel(self) -> None:
        self.dismiss(None)
