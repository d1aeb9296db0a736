"""Every key of the screen underneath, with what it does (the `?` key)."""

from collections.abc import Iterable

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


class KeysDialog(ModalScreen[None]):
    """A table of keys; any of escape, q or ? closes it."""

    DEFAULT_CSS = """
    KeysDialog { align: center middle; }
    KeysDialog > VerticalScroll {
        width: 76; max-width: 100%; height: auto; max-height: 90%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    """
    BINDINGS = [  # noqa: RUF012 (Textual reads this class attribute)
        Binding("escape,q,question_mark", "close", "Close", id="keys.close", priority=True),
    ]

    def __init__(self, title: str, sections: Iterable[tuple[str, list[tuple[str, str]]]]) -> None:
        super().__init__()
        self.title_text, self.sections = title, list(sections)

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Text(self.title_text, style="bold"))
            for heading, rows in self.sections:
                table = Table(title=heading, title_justify="left", box=None, show_header=False)
                table.add_column(style="bold cyan", no_wrap=True)
                table.add_column()
                for keys, what in rows:
                    table.add_row(Text(keys), Text(what))
                yield Static(table)
            yield Static(Text("esc close", style="dim"))

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()  # so the arrows and page keys scroll it

    def action_close(self) -> None:
        self.dismiss(None)


def binding_rows(app, bindings: Iterable) -> list[tuple[str, str]]:
    """(keys, what they do) for each described binding, as the footer would name the keys."""
    rows = []
    for binding in bindings:
        if not isinstance(binding, Binding) or not binding.description:
            continue
        keys = " ".join(
            app.get_key_display(Binding(key.strip(), binding.action))
            for key in binding.key.split(",")
        )
        rows.append((keys, binding.tooltip or binding.description))
    return rows
