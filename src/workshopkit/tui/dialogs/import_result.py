"""What an import of notes created, breakout by breakout (the palette's "Import notes…")."""

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from workshopkit.tui.widgets.cells import flat


class ImportResultDialog(ModalScreen[None]):
    """The import's report, one line per breakout; enter or escape closes it."""

    DEFAULT_CSS = """
    ImportResultDialog { align: center middle; }
    ImportResultDialog > VerticalScroll {
        width: 96; max-width: 100%; height: auto; max-height: 90%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    ImportResultDialog .import-head { text-style: bold; margin-bottom: 1; }
    ImportResultDialog #import-hint { color: $text-muted; margin-top: 1; }
    """
    BINDINGS = [  # noqa: RUF012 (Textual reads this class attribute)
        Binding("escape,enter", "close", "Close", id="import_result.close", priority=True),
    ]

    def __init__(self, heading: str, lines: list[str], hint: str = "enter close") -> None:
        super().__init__()
        self.heading, self.lines, self.hint = heading, lines, hint

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Text(flat(self.heading)), classes="import-head")
            for line in self.lines:
                yield Static(Text(flat(line)))
            yield Static(Text(self.hint), id="import-hint")

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()  # so the arrows and page keys scroll it

    def action_close(self) -> None:
        self.dismiss(None)
