"""A one-line question in a small modal: an owner, a due, themes, a voter, a tally."""

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Static

from workshopkit.tui.widgets.cells import flat
from workshopkit.tui.widgets.clean_input import CleanInput


class EveryMatch(Suggester):
    """Completes from every earlier answer that starts with what is typed, in the order
    given; ``turn`` picks which of them is offered (tab moves it on)."""

    def __init__(self, answers: Sequence[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.answers = list(dict.fromkeys(answers))
        self.turn = 0

    def matches(self, value: str) -> list[str]:
        typed = value.casefold()
        if not typed:
            return []
        return [a for a in self.answers if a.casefold().startswith(typed) and a != value]

    async def get_suggestion(self, value: str) -> str | None:
        found = self.matches(value)
        return found[self.turn % len(found)] if found else None


class AskDialog(ModalScreen[str | None]):
    """Ask for one value; Enter answers (an empty answer is allowed), Escape cancels."""

    DEFAULT_CSS = """
    AskDialog { align: center middle; }
    AskDialog > Vertical {
        width: 64; max-width: 100%; height: auto; padding: 1 2;
        border: thick $primary; background: $surface;
    }
    AskDialog #question { margin-bottom: 1; }
    AskDialog #hint { color: $text-muted; margin-top: 1; }
    AskDialog #matches { color: $text-muted; height: auto; }
    """
    BINDINGS = [  # noqa: RUF012 (Textual reads this class attribute)
        Binding("escape", "cancel", "Cancel", id="dialog.cancel", priority=True),
        Binding(
            "tab",
            "next_match",
            "Next match",
            id="dialog.next_match",
            tooltip="Offer the next match",
        ),
    ]

    def __init__(
        self,
        question: str,
        value: str = "",
        suggestions: Sequence[str] = (),
        hint: str = "",
        placeholder: str = "",
    ) -> None:
        super().__init__()
        self.question, self.value, self.hint = question, value, hint
        self.suggestions, self.placeholder = list(suggestions), placeholder

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(flat(self.question), style="bold"), id="question")
            suggester = EveryMatch(self.suggestions) if self.suggestions else None
            # Clean: a pasted ESC would otherwise be drawn, raw, before the answer is saved.
            yield CleanInput(
                self.value, placeholder=self.placeholder, suggester=suggester, id="answer"
            )
            if self.suggestions:  # every answer that fits, not only the first
                yield Static("", id="matches")
            if self.hint:
                yield Static(Text(flat(self.hint)), id="hint")

    def on_mount(self) -> None:
        # Textual gives a new screen focus only while the app has it; a browser session
        # starts unfocused (until the page is clicked), and its name question must still
        # take what is typed.
        self.query_one("#answer", Input).focus()

    @on(Input.Changed, "#answer")
    def _show_matches(self, event: Input.Changed) -> None:
        suggester = event.input.suggester
        if not isinstance(suggester, EveryMatch):
            return
        suggester.turn = 0
        found = suggester.matches(event.value)
        text = ""
        if len(found) > 1:
            text = " · ".join(flat(a) for a in found) + "  (tab: next, → takes it)"
        self.query_one("#matches", Static).update(Text(text))

    async def action_next_match(self) -> None:
        answer = self.query_one("#answer", Input)
        suggester = answer.suggester
        if isinstance(suggester, EveryMatch) and len(suggester.matches(answer.value)) > 1:
            suggester.turn += 1
            await suggester._get_suggestion(answer, answer.value)  # offers it at once

    @on(Input.Submitted, "#answer")
    def _answer(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
