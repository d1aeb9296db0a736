"""Create a workshop from the keyboard: title, date, venue, and one breakout per line.

Optionally a template (its breakouts, with prompts, come first) and an earlier workshop
whose open actions start a "Carried forward" breakout; both are reached with tab.
"""

from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static, TextArea

from workshopkit.core.templates import TEMPLATES
from workshopkit.tui.widgets.cells import flat
from workshopkit.tui.widgets.clean_input import CleanInput


@dataclass(frozen=True)
class NewWorkshop:
    """What the facilitator filled in."""

    title: str
    breakouts: list[str]
    date: str | None
    venue: str | None
    template: str | None = None  # a template's name
    carry_from: str | None = None  # the slug of an earlier workshop


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
    NewWorkshopDialog #choices { height: 1; margin-top: 1; }
    NewWorkshopDialog #choices Label { margin: 0 1 0 0; }
    NewWorkshopDialog #choices Select { width: 1fr; }
    NewWorkshopDialog #choices #template { width: 23; margin-right: 2; }
    NewWorkshopDialog #template-hint { color: $text-muted; height: auto; display: none; }
    /* A short terminal (60×20): no gaps, a smaller breakouts box, the key line on screen. */
    NewWorkshopDialog.-short Label { margin-top: 0; }
    NewWorkshopDialog.-short TextArea { height: 3; }
    """
    SHORT_BELOW = 24  # rows: the form with its gaps needs 24
    BINDINGS = [  # noqa: RUF012 (Textual reads this class attribute)
        Binding("ctrl+s", "create", "Create", id="new.create", priority=True),
        Binding("escape", "cancel", "Cancel", id="new.cancel", priority=True),
        Binding("enter", "next_field", "Next field", id="new.next", priority=True, show=False),
        # Priority, so focus moves before the keys typed next are handed out.
        Binding("tab", "step(1)", "Next field", id="new.tab", priority=True, show=False),
        Binding(
            "shift+tab", "step(-1)", "Previous field", id="new.back_tab", priority=True, show=False
        ),
    ]

    def __init__(self, workshops: list[tuple[str, str]] | None = None) -> None:
        """``workshops``: (slug, title) of the workshops actions can be carried from."""
        super().__init__()
        self.workshops = workshops or []

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
            # One line for both: the form still fits a terminal of 24 lines.
            with Horizontal(id="choices"):
                yield Label("Template")
                yield Select(
                    [(Text(t.name), t.name) for t in TEMPLATES],
                    prompt="none",
                    id="template",
                    compact=True,
                )
                yield Label("Carry from")
                yield Select(
                    [(Text(flat(title)), slug) for slug, title in self.workshops],
                    prompt="none",
                    id="carry",
                    compact=True,
                )
            yield Static("", id="template-hint", markup=False)
            yield Static("", id="problem", markup=False)
            yield Static(
                "tab next field (enter too, but in breakouts it starts a new one) · "
                "ctrl+s create · esc cancel",
                id="form-hint",
            )

    FIELDS = ("#title", "#breakouts", "#date", "#venue", "#template", "#carry")

    def on_resize(self) -> None:
        self.set_class(self.size.height < self.SHORT_BELOW, "-short")

    def _field_of(self, widget: Widget | None) -> int:
        """Which of FIELDS holds ``widget`` (a Select's open list counts as the Select)."""
        ids = [name[1:] for name in self.FIELDS]
        while widget is not None and widget is not self:
            if widget.id in ids:
                return ids.index(widget.id)
            widget = widget.parent
        return -1

    def action_step(self, step: int) -> None:
        index = self._field_of(self.focused)
        self.set_focus(self.query_one(self.FIELDS[(index + step) % len(self.FIELDS)]))

    @on(Select.Changed, "#template")
    def _show_template(self, event: Select.Changed) -> None:
        hint = self.query_one("#template-hint", Static)
        chosen = next((t for t in TEMPLATES if t.name == event.value), None)
        hint.display = chosen is not None
        if chosen is not None:
            hint.update(
                Text(
                    " · ".join(
                        f"{chr(ord('A') + n)} {b.title}" for n, b in enumerate(chosen.breakouts)
                    )
                )
            )

    def action_next_field(self) -> None:
        # Move focus now, not on the next idle: keys typed straight after Enter belong
        # to the next field.
        focused = self.focused
        if focused is None or not isinstance(focused, Input):
            raise SkipAction()  # Enter: a new line in the breakouts box, or a Select's list
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
        template = self.query_one("#template", Select).value
        carry = self.query_one("#carry", Select).value
        self.dismiss(
            NewWorkshop(
                title,
                breakouts,
                day or None,
                venue or None,
                None if template is Select.NULL else str(template),
                None if carry is Select.NULL else str(carry),
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
