"""The capture bar: where points are typed, with a live reading of their tags."""

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import Key
from textual.message import Message
from textual.widgets import Input, Static

from workshopkit.core.capture import Captured, parse
from workshopkit.tui.widgets.cells import KIND_STYLES, flat
from workshopkit.tui.widgets.clean_input import CleanInput

PLACEHOLDER = "type a point; #barrier #next #question @owner due:2027-03 #theme"


class CaptureInput(CleanInput):
    """The text field of the bar.

    Enter, tab and up are handled as the keys arrive, in the same queue as the typed
    characters, and their messages go straight to the screen. Bindings are looked up only
    once a key has bubbled to the app, and by then keys typed after it (a fast typist,
    a paste, a busy moment) would already be in the bar: two points would run together.
    """

    BINDINGS = [  # noqa: RUF012 (listed on the keys screen; handled in _on_key)
        Binding("enter", "submit", "Save the point", show=False, id="capture.save"),
        Binding("up", "recall", "Last point back, to correct it", show=False, id="capture.recall"),
    ]

    class Capture(Message):
        """Enter was pressed with this text, which has left the bar."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Recall(Message):
        """Up in an empty bar: the user wants the last captured point back."""

    class Step(Message):
        """Tab or shift+tab: move to the next or previous breakout."""

        def __init__(self, step: int) -> None:
            super().__init__()
            self.step = step

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.pending: list[str] = []  # captured texts not yet confirmed saved

    async def _on_key(self, event: Key) -> None:
        message: Message | None = None
        if event.key == "enter":
            text = self.value
            if text.strip():
                self.pending.append(text)  # first, so the draft never misses it
                message = self.Capture(text)
                self.value = ""
            else:
                message = Message()  # nothing to save: swallow the key
        elif event.key in ("tab", "shift+tab"):
            message = self.Step(-1 if event.key == "shift+tab" else 1)
        elif event.key == "up" and not self.value:
            message = self.Recall()
        if message is None:
            await super()._on_key(event)
            return
        event.stop()
        event.prevent_default()
        if type(message) is not Message:
            self.screen.post_message(message)

    def action_recall(self) -> None:
        if not self.value:
            self.screen.post_message(self.Recall())


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
    if captured.score is not None:
        line.append(f"  score {captured.score}", style="cyan")
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

    _problem_text: str | None = None

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
        if self.value == self._problem_text:
            return  # the text that failed to save is back: keep saying why
        self._problem_text = None
        # A fixed-size line: no layout pass on every key.
        self.query_one("#understood", Static).update(understood(parse(event.value)), layout=False)

    def problem(self, message: str) -> None:
        """Say why the text in the bar was not saved, until the next key."""
        self._problem_text = self.value
        line = self.query_one("#understood", Static)
        line.update(Text(flat(message), style="bold red"))

    def status(self, message: str, kind: str = "") -> None:
        """Show 'saved ✓', 'saving…' or an error beside the bar."""
        label = self.query_one("#status", Static)
        label.set_classes(kind)
        label.update(Text(flat(message)))
