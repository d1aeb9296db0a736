"""The capture bar: where points are typed, with a live reading of their tags."""

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Static

from workshopkit.core.capture import Captured, parse
from workshopkit.tui.widgets.cells import KIND_STYLES, flat

PLACEHOLDER = "type a point; #barrier #next #question @owner due:2027-03 #theme"


class CaptureInput(Input):
    """The text field of the bar. Up in an empty bar asks for the last point back."""

    BINDINGS = [  # noqa: RUF012 (Textual reads this class attribute)
        Binding("up", "recall", "Last point", show=False, id="capture.recall"),
    ]

    class Recall(Message):
        """The user asked for the last captured point, to correct it."""

    def action_recall(self) -> None:
        if not self.value:
            self.post_message(self.Recall())


def understood(captured: Captured) -> Text:
    """What the bar understood of the typed text, shown while typing."""
    line = Text()
    if captured.kind.value != "note":
        line.append(captured.kind.value, style=KIND_STYLES[captured.kind])
    if captured.owner:
        line.append(f"  @{flat(captured.owner)}", style="cyan")
    if captured.due:
        line.append(f"  due {flat(captured.due)}", style="cyan")
    for theme in captured.themes:
        line.append(f"  #{flat(theme)}", style="cyan")
    return line


class CaptureBar(Vertical):
    """A prompt, the input, what it understood so far, and the save status."""

    DEFAULT_CSS = """
    CaptureBar { height: auto; border-top: solid $primary; padding: 0 1; }
    CaptureBar > Horizontal { height: 1; }
    CaptureBar #capture { border: none; height: 1; padding: 0; width: 1fr; }
    CaptureBar #prompt-mark { width: 2; color: $accent; }
    CaptureBar #understood { width: 1fr; height: 1; }
    CaptureBar #status { width: auto; height: 1; color: $success; }
    CaptureBar #status.error { color: $error; }
    CaptureBar #status.busy { color: $warning; }
    """

    class Submitted(Message):
        """Enter was pressed with this text in the bar."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Static("> ", id="prompt-mark")
            yield CaptureInput(placeholder=PLACEHOLDER, id="capture", select_on_focus=False)
        with Horizontal():
            yield Static("", id="understood", markup=False)
            yield Static("", id="status", markup=False)

    @property
    def input(self) -> CaptureInput:
        return self.query_one(CaptureInput)

    @property
    def value(self) -> str:
        return self.input.value

    def set_text(self, text: str) -> None:
        self.input.value = text
        self.input.cursor_position = len(text)

    @on(Input.Changed, "#capture")
    def _show_understood(self, event: Input.Changed) -> None:
        self.query_one("#understood", Static).update(understood(parse(event.value)))

    @on(Input.Submitted, "#capture")
    def _submit(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.post_message(self.Submitted(event.value))

    def status(self, message: str, kind: str = "") -> None:
        """Show 'saved ✓', 'saving…' or an error beside the bar."""
        label = self.query_one("#status", Static)
        label.set_classes(kind)
        label.update(Text(flat(message)))
