"""A text field that never holds a control character, whatever is pasted into it."""

from textual import events
from textual.geometry import Size
from textual.keys import key_to_character
from textual.widgets import Input

from workshopkit.core.text import clean, types_text


def typed_joiner(event: events.Key) -> str | None:
    """The invisible character a key types that text needs (a zero-width joiner, say)."""
    if event.is_printable:
        return None
    character = event.character or key_to_character(event.key)
    return character if types_text(character) else None


def _one_line(text: str) -> str:
    return clean(text).replace("\t", " ").replace("\n", " ")


class CleanInput(Input):
    """An Input that strips control characters from pasted or inserted text.

    Textual draws a pasted ESC or OSC sequence as it is, which would reach the terminal
    before the text is ever saved (and cleaned) by the store.
    """

    async def _on_key(self, event: events.Key) -> None:
        joiner = typed_joiner(event)
        if joiner:  # Input types only what str.isprintable accepts, and drops this
            event.stop()
            event.prevent_default()
            if self.selection.is_empty:
                self.insert_text_at_cursor(joiner)
            else:
                self.replace(joiner, *self.selection)
            return
        await super()._on_key(event)

    def insert_text_at_cursor(self, text: str) -> None:
        super().insert_text_at_cursor(_one_line(text))

    def replace(self, text: str, start: int, end: int) -> None:
        super().replace(_one_line(text), start, end)

    def _on_paste(self, event: events.Paste) -> None:
        # Input keeps the first line of a paste and drops the rest (lines as
        # str.splitlines reads them: a U+2028 or a stray \x1c ends one too), so most of
        # a pasted note was lost without a word. Here all of it comes in, on one line.
        event.prevent_default()
        event.stop()
        if event.text:
            if self.selection.is_empty:
                self.insert_text_at_cursor(event.text)
            else:
                self.replace(event.text, *self.selection)

    def _watch_value(self, value: str) -> None:
        # Input sets its scrollable width as the text grows, and setting it lays the
        # whole screen out again at every key typed. The field's own size never changes
        # with its text, so the width is set without that layout.
        self.set_reactive(Input.virtual_size, Size(self.content_width, 1))
        super()._watch_value(value)
