"""The breakouts down the side: letter, title and point count."""

from rich.text import Text
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from workshopkit.tui.state import WorkshopState
from workshopkit.tui.widgets.cells import flat


def breakout_prompt(
    letter: str, title: str, count: int, width: int, total: int | None = None
) -> Text:
    """``A Barriers to sharing   23``, the title cut to fit the side bar.

    A breakout with scores (force-field analysis) has its total on a second line.
    """
    number = str(count)
    room = max(4, width - len(letter) - len(number) - 3)
    # Cut and padded by cells, not characters: a title in Japanese or emoji (two cells
    # each) overflowed the side bar and wrapped, and combining marks cut it short.
    shown = Text(flat(title))
    shown.truncate(room, overflow="ellipsis", pad=True)
    line = Text(f"{letter} ", style="bold")
    line.append_text(shown)
    line.append(" ")
    line.append(number, style="dim")
    if total is not None:
        line.append(f"\n  total {total}", style="bold")
    return line


class BreakoutList(OptionList):
    """One option per breakout; the highlighted one is the breakout on screen."""

    DEFAULT_CSS = """
    BreakoutList { width: 30; height: 1fr; border: none; border-right: solid $primary; }
    """

    def show_state(self, state: WorkshopState, current: str) -> None:
        # Just joined the screen, it has no size yet: its width is its style's, less its
        # padding and border (the breakouts are first listed in the frame that shows it).
        styled = self.styles.width.cells if self.styles.width else None
        inner = self.size.width or (styled or 30) - self.styles.gutter.width
        width = max(12, inner - 2)
        prompts = {
            b.letter: breakout_prompt(
                b.letter, b.title, state.count(b.letter), width, state.score_total(b.letter)
            )
            for b in state.breakouts.values()
        }
        if [option.id for option in self.options] == list(prompts):
            # The same breakouts: only the changed lines are drawn again (a new list is a
            # new layout of the whole screen, at every point another note-taker saves).
            for index, option in enumerate(self.options):
                prompt = prompts[option.id]
                if option.prompt == prompt:
                    continue
                if len(prompt.plain.split("\n")) == len(option.prompt.plain.split("\n")):
                    self._replace_in_place(index, option, prompt)
                else:
                    self.replace_option_prompt(option.id, prompt)
        else:
            self.clear_options()
            self.add_options(Option(prompt, id=letter) for letter, prompt in prompts.items())
        if current in state.breakouts:
            self.highlighted = state.letters.index(current)

    def _replace_in_place(self, index: int, option: Option, prompt: Text) -> None:
        """A new prompt of as many lines: only its lines are drawn again. OptionList's
        own ``replace_option_prompt`` draws the whole list again, blank lines and all,
        which in a room voting meant each look's frame kept a typed key waiting."""
        option._set_prompt(prompt)
        drawn = self._option_render_cache
        for key in [key for key in drawn.keys() if key[0] is option]:  # noqa: SIM118
            drawn.discard(key)
        top = self.scroll_offset.y
        for line, (option_index, _) in enumerate(self._lines):
            if option_index == index and top <= line < top + self.size.height:
                self.refresh(Region(0, line - top, self.size.width, 1))

    _blank: Strip | None = None  # the line below the last breakout, drawn once a frame

    def render_lines(self, crop: Region) -> list[Strip]:
        self._blank = None
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        if self.scroll_offset.y + y < len(self._lines):
            return super().render_line(y)
        if self._blank is None:
            self._blank = super().render_line(y)
        return self._blank
