"""The notice shown instead of a screen while the terminal is too small to lay it out."""

from textual.content import Content
from textual.widget import Widget

from workshopkit.core.screen_size import MIN_COLUMNS, MIN_ROWS

ASK = "Make the window larger"
ASK_WITH_SIZE = f"{ASK} (at least {MIN_COLUMNS}×{MIN_ROWS})"


def notice_lines(width: int) -> list[str]:
    """The notice for a terminal ``width`` columns wide: one line, or a word a line when
    not even the short line fits (each word then cut at the edge)."""
    for line in (ASK_WITH_SIZE, ASK):
        if len(line) <= width:
            return [line]
    return ASK.split()


class TooSmall(Widget):
    """Fills its screen with the notice, opaque, so no screen beneath shows through.

    Lines are chosen here and never wrapped by Textual: wrapping at a width of 0 (a
    screen narrower than its padding) is what crashes the widgets this notice hides.
    """

    DEFAULT_CSS = """
    TooSmall {
        width: 100%;
        height: 100%;
        background: $background;
        color: $text;
        text-wrap: nowrap;
        text-overflow: clip;
    }
    """

    def render(self) -> Content:
        return Content("\n".join(notice_lines(self.size.width)))

    def on_resize(self) -> None:
        self.refresh()  # the lines depend on the width
