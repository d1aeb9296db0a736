"""A one-line question in a small modal: an owner, a due, themes, a voter, a tally."""

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static

from workshopkit.tui.widgets.cells import flat
from workshopkit.tui.widgets.clean_input import CleanInput


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
    """
    BINDINGS = [  # noqa: RUF012 (Textual reads this class attribute)
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
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
            suggester = (
                SuggestFromList(self.suggestions, case_sensitive=False)
                if self.suggestions
                else None
            )
            # Clean: a pasted ESC would otherwise be drawn, raw, before the answer is saved.
            yield CleanInput(
                self.value, placeholder=self.placeholder, suggester=suggester, id="answer"
            )
            if self.hint:
                yield Static(Text(flat(self.hint)), id="hint")

    def on_mount(self) -> None:
        # Textual gives a new screen focus only while the app has it; a browser session
        # starts unfocused (until the page is clicked), and its name question must still
        # take what is typed.
        self.query_one("#answer", Input).focus()

    @on(Input.Submitted, "#answer")
    def _answer(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
