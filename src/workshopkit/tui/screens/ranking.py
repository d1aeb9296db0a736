"""The vote ranking of one breakout, with bars, for the room to look at."""

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from workshopkit.core.views import PointView
from workshopkit.tui.messages import PointsChanged
from workshopkit.tui.screens.base import KeySection, WorkshopkitScreen
from workshopkit.tui.widgets.cells import flat, kind_cell, steady

BAR_WIDTH = 24


def ranking_table(points: list[PointView], bar_width: int = BAR_WIDTH) -> Table:
    """Rank, ref, kind, text, a bar scaled to the top score, and the count."""
    table = Table(box=None, expand=True, pad_edge=False)
    table.add_column("#", justify="right", width=3)
    table.add_column("Ref", width=4)
    table.add_column("Kind", width=8)
    table.add_column("Point", ratio=1, overflow="fold")
    table.add_column("Votes", width=bar_width + 5, no_wrap=True)
    top = max((p.votes for p in points), default=0) or 1
    for place, point in enumerate(points, start=1):
        length = round(point.votes / top * bar_width)
        bar = Text("█" * length, style="green")
        bar.append(f" {point.votes}", style="bold")
        table.add_row(str(place), point.ref, kind_cell(point.kind), Text(steady(point.text)), bar)
    return table


class RankingScreen(WorkshopkitScreen):
    """Read-only; follows new votes as they are saved."""

    BINDINGS = [  # noqa: RUF012 (Textual reads this class attribute)
        Binding("escape", "back", "Back", id="ranking.back", priority=True),
        Binding("tab", "step(1)", "Next breakout", id="ranking.next", priority=True),
        Binding(
            "shift+tab",
            "step(-1)",
            "Previous breakout",
            id="ranking.previous",
            show=False,
            priority=True,
        ),
    ]

    def __init__(self, letter: str) -> None:
        super().__init__()
        self.letter = letter

    def compose(self) -> ComposeResult:
        yield Static("", id="ranking-title", classes="screen-title")
        with VerticalScroll(id="ranking"):
            yield Static("", id="ranking-table")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"Ranking {self.letter}"
        self.query_one("#ranking").focus()
        self.draw()

    def key_sections(self) -> list[KeySection]:
        return [("Ranking", self.BINDINGS)]

    def draw(self) -> None:
        state = self.app.state
        breakout = state.breakouts[self.letter]
        title = f"Ranking ─ {breakout.letter} {flat(breakout.title)}"
        self.query_one("#ranking-title", Static).update(Text(title))
        body = self.query_one("#ranking-table", Static)
        if state.blind(self.letter):
            body.update(
                Text(
                    "Blind voting: the ranking shows once the counts are revealed "
                    "(h in voting mode)."
                )
            )
        elif not state.count(self.letter):
            body.update(Text("No points in this breakout yet."))
        else:
            bar_width = max(8, min(BAR_WIDTH, self.size.width // 5))
            body.update(ranking_table(state.ranked(self.letter), bar_width))

    @on(PointsChanged)
    def _points_changed(self, message: PointsChanged) -> None:
        points = message.points  # none when a breakout changed (blind voting, its title)
        if not self.closed and (not points or any(p.letter == self.letter for p in points)):
            self.draw()

    def on_resize(self) -> None:
        self.draw()

    def action_step(self, step: int) -> None:
        letters = self.app.state.letters
        self.letter = letters[(letters.index(self.letter) + step) % len(letters)]
        self.sub_title = f"Ranking {self.letter}"
        self.draw()

    def action_back(self) -> None:
        self.app.pop_screen()
