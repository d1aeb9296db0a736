"""The projector view: large, high-contrast and read-only, for the room's screen.

It shows the current breakout's points as they arrive (the newest at the bottom, where
eyes go), or the vote ranking with bars, with the breakout timer in large digits. It
follows live changes from every note-taker; nothing typed here changes anything. While
the room on phones is open and served from here, a line under the title says how to
join (the room screen, f5, has the QR code).
"""

from rich.console import Group
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Digits, Static

from workshopkit.core.kinds import Kind
from workshopkit.core.room import spaced_code
from workshopkit.core.timer import clock_face, seconds_left
from workshopkit.core.views import PointView
from workshopkit.tui import timers
from workshopkit.tui.messages import PointsChanged, TimerTick, TimeUp
from workshopkit.tui.screens.base import KeySection, WorkshopkitScreen
from workshopkit.tui.widgets.cells import flat

# A room reads a screen from metres away: the newest points that fit are what matters.
NEWEST_SHOWN = 40
KIND_STYLES = {
    Kind.BARRIER: "bold #ff8080",
    Kind.NEXT: "bold #80ff80",
    Kind.QUESTION: "bold #80c0ff",
    Kind.IDEA: "bold #ffd700",
}


def point_block(point: PointView) -> Text:
    """One point as the room sees it: ref and kind in colour, the text in bold white."""
    line = Text()
    line.append(f"{point.ref}  ", style="bold #ffd700")
    if point.kind is not Kind.NOTE:
        line.append(f"{point.kind.value.upper()}  ", style=KIND_STYLES.get(point.kind, "bold"))
    line.append(flat(point.text), style="bold #ffffff")
    if point.owner or point.due:
        extra = " · ".join(
            part
            for part in (
                point.owner and f"@{flat(point.owner)}",
                point.due and f"due {flat(point.due)}",
            )
            if part
        )
        line.append(f"\n      {extra}", style="#c0c0c0")
    return line


def ranking_blocks(points: list[PointView], width: int) -> Group:
    """The ranking as wide bars, the most votes first, each with its count."""
    top = max((p.votes for p in points), default=0) or 1
    bar_room = max(10, width - 16)
    rows = []
    for place, point in enumerate(points, start=1):
        heading = Text(f"{place:>2}. ", style="bold #ffd700")
        heading.append(f"{point.ref}  ", style="bold #ffd700")
        heading.append(flat(point.text), style="bold #ffffff")
        bar = Text("    ")
        bar.append("█" * round(point.votes / top * bar_room), style="#80ff80")
        bar.append(f" {point.votes}", style="bold #ffffff")
        rows += [heading, bar, Text("")]
    return Group(*rows)


class ProjectorScreen(WorkshopkitScreen):
    """Read-only; escape goes back to where the facilitator was."""

    DEFAULT_CSS = """
    ProjectorScreen { background: #000000; color: #ffffff; }
    ProjectorScreen #projector-head { height: 5; background: #000000; padding: 0 2; }
    ProjectorScreen #projector-title {
        width: 1fr; height: 5; content-align: left middle; text-style: bold;
        color: #ffffff;
    }
    ProjectorScreen #projector-timer { width: auto; min-width: 0; color: #ffd700; }
    ProjectorScreen #projector-timer.times-up { color: #ff5050; background: #400000; }
    ProjectorScreen #projector-times-up {
        width: auto; padding: 1 2; color: #ff5050; background: #400000; display: none;
    }
    ProjectorScreen #projector-body {
        height: 1fr; padding: 1 2; background: #000000; scrollbar-size-vertical: 1;
    }
    ProjectorScreen #projector-help { height: 1; color: #808080; padding: 0 2; }
    ProjectorScreen #projector-join { height: 1; padding: 0 2; display: none; }
    """
    BINDINGS = [  # noqa: RUF012 (Textual reads this class attribute)
        Binding("escape,p", "back", "Back", id="projector.back", priority=True),
        Binding("r", "toggle", "Points / ranking", id="projector.toggle"),
        Binding("tab", "step(1)", "Next breakout", id="projector.next", priority=True),
        Binding(
            "shift+tab",
            "step(-1)",
            "Previous breakout",
            id="projector.previous",
            show=False,
            priority=True,
        ),
    ]

    def __init__(self, letter: str, ranking: bool = False) -> None:
        super().__init__()
        self.letter, self.ranking = letter, ranking

    def compose(self) -> ComposeResult:
        with Horizontal(id="projector-head"):
            yield Static("", id="projector-title")
            yield Digits("", id="projector-timer")
            # Words, not a big 00:00 the room reads as a clock that stopped.
            yield Static(Text("TIME'S UP", style="bold"), id="projector-times-up")
        yield Static("", id="projector-join")
        with VerticalScroll(id="projector-body"):
            yield Static("", id="projector-points")
        yield Static(Text("r points / ranking · tab next breakout · esc back"), id="projector-help")

    def on_mount(self) -> None:
        self.sub_title = f"Projector {self.letter}"
        self.query_one("#projector-body").focus()
        self.draw()

    def key_sections(self) -> list[KeySection]:
        return [("Projector view", self.BINDINGS)]

    def draw(self) -> None:
        state = self.app.state
        if state is None or self.letter not in state.breakouts:
            return
        breakout = state.breakouts[self.letter]
        title = Text(f"{breakout.letter}  {flat(breakout.title)}", style="bold #ffffff")
        if breakout.prompt:
            title.append(f"\n{flat(breakout.prompt)}", style="italic #c0c0c0")
        count = state.count(self.letter)
        title.append(f"\n{count} point" + ("" if count == 1 else "s"), style="#c0c0c0")
        if self.ranking:
            title.append(" · ranking by votes", style="#c0c0c0")
        self.query_one("#projector-title", Static).update(title)
        self.show_timer()
        self.show_join()
        body = self.query_one("#projector-points", Static)
        if not count:
            body.update(Text("No points yet.", style="bold #c0c0c0"))
        elif self.ranking and state.blind(self.letter):
            body.update(Text("Blind voting: the ranking shows once counts are revealed."))
        elif self.ranking:
            body.update(ranking_blocks(state.ranked(self.letter), self.size.width - 4))
        else:
            newest = state.points(self.letter)[-NEWEST_SHOWN:]
            body.update(Group(*[item for p in newest for item in (point_block(p), Text(""))]))
            self.call_after_refresh(self.query_one("#projector-body").scroll_end, animate=False)

    def show_join(self) -> None:
        """How to join the room on phones, while it is open and served from here."""
        room = self.app.state.view.room
        url = self.app.room.url(room)
        line = self.query_one("#projector-join", Static)
        line.display = url is not None
        if url is not None:
            phones = f"{room.phones} phone{'' if room.phones == 1 else 's'} in"
            join = Text("Join on your phone: ", style="#c0c0c0")
            join.append(url.partition("/?")[0], style="bold #ffd700")
            join.append("  code ", style="#c0c0c0")
            join.append(spaced_code(room.code), style="bold #ffd700")
            join.append(f"  · {phones}", style="#c0c0c0")
            line.update(join)

    def show_timer(self) -> None:
        """The big countdown, or TIME'S UP in words once it is over."""
        state = self.app.state
        breakout = state.breakouts.get(self.letter) if state is not None else None
        digits = self.query_one("#projector-timer", Digits)
        end = breakout.timer_ends_at if breakout is not None else None
        left = seconds_left(end, timers.now()) if end is not None else None
        digits.display = bool(left)
        self.query_one("#projector-times-up").display = left == 0
        if left:
            digits.update(clock_face(left))

    @on(TimerTick)
    def _timer_tick(self) -> None:
        if not self.closed:
            self.show_timer()

    @on(TimeUp)
    def _time_up(self, message: TimeUp) -> None:
        if message.letter == self.letter and not self.closed:
            timers.flash(self.query_one("#projector-times-up"))

    @on(PointsChanged)
    def _points_changed(self, message: PointsChanged) -> None:
        points = message.points  # none when a breakout changed (its title, its timer)
        if not self.closed and (not points or any(p.letter == self.letter for p in points)):
            self.draw()

    def on_resize(self) -> None:
        self.draw()

    def action_toggle(self) -> None:
        self.ranking = not self.ranking
        self.draw()
        self._ranking_from_the_top()

    def _ranking_from_the_top(self) -> None:
        # The points view keeps its scroll at the newest point, at the end; a ranking
        # opened there showed its middle, with the points the room voted for above it.
        if self.ranking:
            self.call_after_refresh(self.query_one("#projector-body").scroll_home, animate=False)

    def action_step(self, step: int) -> None:
        letters = self.app.state.letters
        self.letter = letters[(letters.index(self.letter) + step) % len(letters)]
        self.sub_title = f"Projector {self.letter}"
        self.draw()
        self._ranking_from_the_top()

    def action_back(self) -> None:
        self.app.pop_screen()
