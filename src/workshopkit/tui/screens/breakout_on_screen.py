"""The breakout the workshop screen shows: which one, moving between them, and drawing it.

Everything is drawn from the app's ``WorkshopState``: the breakouts down the side, the
points of the one on screen, the highlighted point in full beneath them, the breakout's
prompt, and the title with the countdown of its timer.

The first frame has only the title and the capture bar, so that the first keys show as
soon as a bare text box would show them. The side bar and the list (the costliest widgets
to load, style and draw) join in the first pause in typing after it (``mount_list``);
until then there is no highlighted point, and what changes waits in the state for the
first ``show``.
"""

import time
from typing import TYPE_CHECKING

from rich.text import Text
from textual.containers import Vertical
from textual.widgets import Static

from workshopkit.tui.widgets.capture_bar import CaptureBar
from workshopkit.tui.widgets.cells import detail_line, dots, flat, hidden_votes
from workshopkit.tui.widgets.titles import fit_title

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from workshopkit.core.views import BreakoutView, PointView
    from workshopkit.tui.screens.base import WorkshopkitScreen
    from workshopkit.tui.state import WorkshopState
    from workshopkit.tui.widgets.breakout_list import BreakoutList
    from workshopkit.tui.widgets.point_list import PointList


class BreakoutOnScreen:
    """Breakout ``letter`` of the open workshop, shown on ``screen``."""

    def __init__(self, screen: "WorkshopkitScreen", letter: str | None) -> None:
        self.screen = screen
        self.letter = letter
        self.drawn_blind = False  # whether the list shows the breakout's counts hidden
        self.listed = False  # whether the side bar and the list are on the screen yet
        self._listing: Awaitable[None] | None = None  # their mounting, once begun
        self.side_bar: BreakoutList | None = None
        self._table: PointList | None = None

    @property
    def state(self) -> "WorkshopState | None":
        return self.screen.app.state

    @property
    def table(self) -> "PointList":
        """The list (once ``listed``)."""
        assert self._table is not None, "the list is not on the screen yet"
        return self._table

    # -- drawing -------------------------------------------------------------------

    # Filling the screen with the workshop takes a frame of its own (tens of
    # milliseconds); keys typed meanwhile wait for it. So the list and the first fill wait
    # for the app's grace after the first frame (a typist may start at once), and while
    # keys come, for a pause in typing (at most a second and a half): what is typed shows
    # first.
    QUIET_BEFORE_FILL = 0.15
    LONGEST_FILL_WAIT = 1.5

    def when_typing_pauses(self, since: float, then: "Callable[[], object]") -> None:
        """Call ``then`` after the grace from ``since``, once no key came for a moment."""
        waited = time.monotonic() - since
        typing = not self.screen.app.quiet_for(self.QUIET_BEFORE_FILL)
        grace = self.screen.app.FIRST_KEYS_GRACE
        if (typing or waited < grace) and waited < self.LONGEST_FILL_WAIT:
            self.screen.set_timer(0.05, lambda: self.when_typing_pauses(since, then))
            return
        self.screen.call_next(then)

    async def mount_list(self) -> None:
        """Put the side bar and the list on the screen, under the title (once)."""
        if self._listing is None:
            # Loaded now, after the first frame: a third of the first screen's widgets' cost.
            from workshopkit.tui.widgets.breakout_list import BreakoutList
            from workshopkit.tui.widgets.point_list import PointList

            self.side_bar = side_bar = BreakoutList(id="breakouts")
            side_bar.can_focus = False  # tab switches breakouts instead
            self.screen.fit_side_bar()  # its width before its first layout
            self._table = PointList(
                self.screen.type_into_bar, self.show_detail, votes_cell=self.votes_cell, id="points"
            )
            pane = Vertical(self._table, Static("", id="point-detail"), id="points-pane")
            self._listing = self.screen.query_one("#workshop-body").mount(side_bar, pane)
        await self._listing
        self.listed = True

    def first_show(self, since: float, then: "Callable[[], None]") -> None:
        """Draw the workshop just loaded once typing pauses; ``then`` after that frame."""

        async def show_first() -> None:
            await self.mount_list()
            self.show()
            self.screen.call_after_refresh(then)

        self.when_typing_pauses(since, show_first)

    def show(self) -> None:
        """Draw the breakout afresh: on opening the workshop, and on moving to another."""
        state = self.state
        if state is None or not self.listed:
            return
        self.side_bar.show_state(state, self.letter or "")
        points = state.points(self.letter) if self.letter else []
        self.drawn_blind = state.blind(self.letter or "")
        self.table.show_points(points)
        if points:
            self.table.move_cursor(row=len(points) - 1)
        self.show_detail()  # the cursor may have stayed where it was (row 0), or on no row
        breakout = state.breakouts.get(self.letter or "")
        prompt = self.screen.query_one("#breakout-prompt", Static)
        prompt.update(
            Text(flat(breakout.prompt), style="italic") if breakout and breakout.prompt else ""
        )
        prompt.display = bool(breakout and breakout.prompt)
        self.show_title()

    def show_title(self) -> None:
        state = self.state
        if state is None:
            return
        parts = [flat(state.view.title)]
        breakout = state.breakouts.get(self.letter or "")
        if breakout:
            count = state.count(breakout.letter)
            parts.append(f"{breakout.letter} {flat(breakout.title)}")
            parts.append(f"{count} point" + ("" if count == 1 else "s"))
        else:
            parts.append("no breakouts yet: add one from ctrl+p")
        from workshopkit.tui import timers  # loaded with the first workshop, after the first frame

        countdown = timers.timer_label(breakout, timers.now())
        if countdown:
            parts.append(countdown)
        parts.append(f"you: {flat(self.screen.app.user)}")
        self.screen.sub_title = parts[0]
        width = max(self.screen.size.width - 2, 20)  # the title's padding
        title = self.screen.query_one("#workshop-title", Static)
        # One line high, so no layout of the screen for a new count, unless it shows an
        # error (then it grows to fit).
        title.update(Text(fit_title(parts, width)), layout=title.has_class("error"))

    def show_detail(self) -> None:
        """The whole text of the highlighted point: the list cuts long points short."""
        if not self.listed:
            return
        detail = self.screen.query_one("#point-detail", Static)
        point = self.selected()
        # A fixed height: no layout pass per cursor move.
        detail.update("" if point is None else detail_line(point), layout=False)

    def votes_cell(self, point: "PointView") -> Text:
        state = self.state
        if state is not None and state.blind(point.letter):
            return hidden_votes()
        return dots(point.votes)

    def selected(self) -> "PointView | None":
        """The highlighted point, if any."""
        if self.state is None or self.letter is None or not self.listed:
            return None
        point_id = self.table.current_id
        return self.state.get(self.letter, point_id) if point_id else None

    def show_saved(self, point: "PointView") -> None:
        """Highlight a point just captured here, so that a chord typed next tags it."""
        if point.letter == self.letter and self.listed:
            # Its row is added now, not when PointsChanged arrives: a chord typed straight
            # after must already find it highlighted.
            self.table.upsert(point)
            self.table.select_point(point.id)

    # -- changes -------------------------------------------------------------------

    def take(self, points: list["PointView"]) -> None:
        """The store confirmed these points (none: a breakout changed): redraw what they
        change, row by row."""
        state = self.state
        if not self.listed:
            self.show_title()  # the rest is drawn by the first show
            return
        self.screen.call_after_refresh(self.show_detail)
        if state is not None and self.letter:
            blind = state.blind(self.letter)
            if blind != self.drawn_blind:  # blind voting turned on or off, here or elsewhere
                self.drawn_blind = blind
                self.table.refresh_votes(state.points(self.letter))
        for point in points:
            if point.letter == self.letter:
                self.table.upsert(point)
        if state is not None:
            self.side_bar.show_state(state, self.letter or "")
            self.show_title()

    def tick(self) -> None:
        """A second went by: the countdown in the title moves on."""
        breakout = self.state.breakouts.get(self.letter or "") if self.state else None
        if breakout is not None and breakout.timer_ends_at is not None:
            self.show_title()

    def time_up(self, letter: str) -> None:
        """Breakout ``letter``'s timer ran out: if it is this one, the title flashes."""
        if letter == self.letter:
            from workshopkit.tui import timers  # as above

            timers.flash(self.screen.query_one("#workshop-title"))

    # -- moving between breakouts ----------------------------------------------------

    def switch_to(self, letter: str) -> None:
        if self.state is None or letter not in self.state.breakouts or letter == self.letter:
            return
        self.letter = letter
        self.screen.query_one(CaptureBar).status("", "")  # it spoke of the breakout left
        self.show()

    def step(self, step: int) -> None:
        """To the next breakout (``step`` 1) or the previous one (-1), round the end."""
        if self.state is None or not self.state.letters:
            return
        letters = self.state.letters
        index = letters.index(self.letter) if self.letter in letters else 0
        self.switch_to(letters[(index + step) % len(letters)])

    def add(self, slug: str | None) -> None:
        """Ask for a new breakout's title; add it to workshop ``slug`` and show it."""
        app = self.screen.app

        def answered(title: str | None) -> None:
            if not title or not title.strip():
                return

            def done(breakout: "BreakoutView") -> None:
                self.state.add_breakout(breakout)
                self.letter = breakout.letter
                self.show()
                self.screen.tell(f"Added breakout {breakout.letter}")

            app.run_job(lambda store: store.add_breakout(slug, title), done)

        if self.state is not None:
            from workshopkit.tui.dialogs.ask import AskDialog  # loaded when first asked

            app.push_screen(AskDialog("New breakout: title"), answered)
