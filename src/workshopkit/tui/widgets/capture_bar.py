"""The capture bar: where points are typed, with a live reading of their tags."""

import re
from collections.abc import Callable

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
from workshopkit.tui.widgets.titles import first_that_fits

PLACEHOLDER = "type a point; #barrier #next #question @owner due:2027-03 #theme"
SHORT_PLACEHOLDER = "type a point; #next @owner due:2027-03"  # below 70 columns
GAP = "  "  # between texts that share the bar (put back after a failed save, or a draft)


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
        """Enter was pressed with this text, which has left the bar.

        ``parts`` are the points it makes: one, or the texts put back after failed saves,
        left as they were, one by one, then what was typed after them.
        """

        def __init__(self, text: str, parts: list[str]) -> None:
            super().__init__()
            self.text, self.parts = text, parts

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
        # Texts whose save failed, back at the start of the bar in the order they were typed.
        self.returned: tuple[str, ...] = ()
        self.keep: Callable[[], None] | None = None  # writes the draft; see watch_value

    def watch_value(self, _value: str) -> None:
        # Called as the value changes, before the bar is drawn again: a crash can then never
        # lose text that was on screen. The Changed message would come too late, after
        # the next frame may already have shown the new text.
        if self.keep is not None:
            self.keep()

    async def _on_key(self, event: Key) -> None:
        message: Message | None = None
        if event.key == "enter":
            text = self.value
            if text.strip():
                # Split now, as the key arrives: a failed save coming back before the
                # screen reads this message would already have changed ``returned``.
                parts = self._parts(text)
                self.pending.extend(parts)  # first, so the draft never misses it
                message = self.Capture(text, parts)
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

    def _after_returned(self, text: str) -> str | None:
        """What was typed after the texts put back; None if they were edited."""
        block = GAP.join(self.returned)
        if not self.returned or not (text == block or text.startswith(block + GAP)):
            return None
        return text[len(block) + len(GAP) :]

    def _parts(self, text: str) -> list[str]:
        after = self._after_returned(text)
        returned, self.returned = self.returned, ()
        if after is None:
            return [text]
        return [*returned, after.strip()] if after.strip() else list(returned)

    def put_back(self, text: str) -> None:
        """Put a text whose save failed back into the bar, in the order it was typed.

        Saves fail in the order they were sent: after the texts already put back, before
        whatever has been typed since, so that is where it goes. A gap follows it: typing
        on, as a fast typist does, starts a new point instead of running into its last
        word, and Enter saves each text as the point it was.
        """
        after = self._after_returned(self.value)
        returned = (*self.returned, text) if after is not None else (text,)
        # What is being typed stays as it is, down to a space before the next word.
        self.value = GAP.join(returned) + GAP + (self.value if after is None else after)
        self.cursor_position = len(self.value)
        self.returned = returned

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
    for typed in captured.unapplied:  # said before Enter: it will be text, not a tag
        line.append(f"  {flat(typed)} stays in the text (one per point)", style="yellow")
    return line


class CaptureBar(Vertical):
    """A prompt, the input, what it understood so far, and the save status."""

    DEFAULT_CSS = """
    CaptureBar { height: auto; border-top: solid $primary; padding: 0 1; }
    CaptureBar > Horizontal { height: 1; }
    CaptureBar #capture { border: none; height: 1; padding: 0; width: 1fr; }
    CaptureBar #prompt-mark { width: 2; color: $accent; }
    CaptureBar #notes { height: auto; }
    CaptureBar #understood { width: 1fr; height: 1; }
    CaptureBar #understood.problem { height: auto; }
    CaptureBar #status { width: auto; height: 1; color: $success; }
    CaptureBar #status.error { color: $error; }
    CaptureBar #status.busy { color: $warning; }
    """

    _problem_text: str | None = None

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Static("> ", id="prompt-mark")
            yield CaptureInput(placeholder=PLACEHOLDER, id="capture", select_on_focus=False)
        with Horizontal(id="notes"):
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
        self.input.returned = ()

    def put_back(self, text: str) -> None:
        """Put a text whose save failed back into the bar (see ``CaptureInput.put_back``)."""
        self.input.put_back(text)

    @on(Input.Changed, "#capture")
    def _show_understood(self, event: Input.Changed) -> None:
        if self.value == self._problem_text:
            return  # the text that failed to save is back: keep saying why
        line = self.query_one("#understood", Static)
        if self._problem_text is not None:
            self._problem_text = None
            line.remove_class("problem")  # back to one line
        self._parsed = (event.value, parse(event.value))
        # A fixed-size line: no layout pass on every key.
        line.update(understood(self._parsed[1]), layout=False)

    _parsed: tuple[str, Captured] = ("", Captured(""))

    def parsed(self, text: str) -> Captured:
        """``text`` as the capture language reads it: the reading under the bar already
        parsed it as it was typed, so a capture is parsed once, here, not by the store."""
        typed, captured = self._parsed
        return captured if typed == text else parse(text)

    def problem(self, message: str) -> None:
        """Say why the text in the bar was not saved, until the next key."""
        self._problem_text = self.value
        line = self.query_one("#understood", Static)
        line.add_class("problem")  # wraps: what to do comes last, and must stay on screen
        line.update(Text(flat(message), style="bold red"))

    _status = ""

    def status(self, message: str, kind: str = "") -> None:
        """Show 'saved ✓', 'saving…' or an error beside the bar."""
        label = self.query_one("#status", Static)
        label.set_classes(kind)
        self._status = flat(message)
        label.update(Text(fit_status(self._status, max(self.size.width - 2, 20))))

    def on_resize(self) -> None:
        if self._status:  # refitted to the new width (an empty one would only cost a layout)
            self.query_one("#status", Static).update(
                Text(fit_status(self._status, max(self.size.width - 2, 20)))
            )
        narrow = self.size.width < 70
        self.input.placeholder = SHORT_PLACEHOLDER if narrow else PLACEHOLDER


def fit_status(message: str, width: int) -> str:
    """A status line made to fit: "C12: now a barrier (was a next step) — ctrl+z brings it
    back" loses its aside first, then says only "ctrl+z undoes", then drops the hint."""
    head, dash, tail = message.partition(" — ")
    plain = re.sub(r" \([^()]*\)", "", head)
    forms = [[message], [plain + dash + tail]]
    if tail.startswith("ctrl+z"):
        forms.append([plain + dash + "ctrl+z undoes"])
    forms.append([plain])
    return first_that_fits(forms, width)
