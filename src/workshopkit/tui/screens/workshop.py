"""The workshop screen: breakouts at the side, the current breakout's points, the capture bar.

The capture bar keeps focus after Enter. What it sends reaches the store through the
capture flow (``capture_flow.py``), and the text in it is written to a draft file on every
change (``bar_draft.py``), so a crash never costs it. The breakout on screen, and how it
is drawn, is ``breakout_on_screen.py``; the keys are in ``workshop_keys.py``.
"""

import gc
import time
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.containers import Horizontal
from textual.widgets import Static

from workshopkit.core.errors import Ambiguous, NotFound
from workshopkit.core.files.draft import DraftFile, claim, draft_path
from workshopkit.core.files.locations import sqlite_file
from workshopkit.tui.messages import NameChanged, PointsChanged, TimerTick, TimeUp
from workshopkit.tui.screens import workshop_keys
from workshopkit.tui.screens.bar_draft import BarDraft
from workshopkit.tui.screens.base import WorkshopkitScreen, settle_memory
from workshopkit.tui.screens.breakout_on_screen import BreakoutOnScreen
from workshopkit.tui.screens.capture_flow import CaptureFlow
from workshopkit.tui.screens.workshop_commands import OpensOtherScreens, palette_commands
from workshopkit.tui.widgets.capture_bar import CaptureBar, CaptureInput

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.widgets import OptionList

    from workshopkit.core.views import WorkshopView
    from workshopkit.tui.screens.base import Command, KeySection
    from workshopkit.tui.state import WorkshopState
    from workshopkit.tui.store_calls import StoreCalls
    from workshopkit.tui.widgets.point_list import PointList


class WorkshopScreen(OpensOtherScreens, WorkshopkitScreen):
    """Capture and tag the points of one workshop, breakout by breakout."""

    BINDINGS = workshop_keys.BINDINGS

    def __init__(self, key: str | None, breakout: str | None = None, demo: bool = False) -> None:
        super().__init__()
        self.key, self.demo = key, demo
        self.shown = BreakoutOnScreen(self, breakout.upper() if breakout else None)
        self.capturing = CaptureFlow(self, self.shown)
        self.draft: BarDraft | None = None

    @property
    def state(self) -> "WorkshopState | None":
        return self.app.state

    @property
    def letter(self) -> str | None:
        """The breakout on screen."""
        return self.shown.letter

    # -- layout --------------------------------------------------------------------

    def compose(self) -> "ComposeResult":
        yield Static(Text("Opening the store…"), id="workshop-title")
        yield Horizontal(id="workshop-body")  # the side bar and the list join after a frame
        yield Static("", id="breakout-prompt")  # the question in hand, read while typing
        yield CaptureBar(id="capture-bar")
        yield Static("", id="footer-space")  # the footer's line, until the footer comes

    def on_mount(self) -> None:
        self.bar.input.focus()
        self.draft = BarDraft(self.bar, DraftFile(claim(draft_path(self.app.db, self.app.user))))
        self.bar.input.keep = self.save_draft  # on every change of the bar's text
        self.draft.restore(self.key)
        self.load()
        self.call_after_refresh(
            lambda: self.shown.when_typing_pauses(time.monotonic(), self.shown.mount_list)
        )  # the first frame has only the title and the bar

    # Below this width the side bar goes: beside it the points had 9 columns at 60×20. The
    # title still names the breakout, and tab still moves between them.
    SIDE_BAR_FROM = 70

    def on_resize(self) -> None:
        self.fit_side_bar()
        self.shown.show_title()  # fitted to the new width

    def fit_side_bar(self) -> None:
        # The side bar gives room to the points on a small terminal, and goes on a narrow one.
        side_bar = self.shown.side_bar
        if side_bar is None:
            return
        side_bar.display = self.size.width >= self.SIDE_BAR_FROM
        side_bar.styles.width = 22 if self.size.width < 110 else 32

    @property
    def bar(self) -> CaptureBar:
        return self.query_one(CaptureBar)

    @property
    def table(self) -> "PointList":
        return self.shown.table

    def key_sections(self) -> list["KeySection"]:
        return workshop_keys.key_sections()

    def palette_commands(self) -> list["Command"]:
        return palette_commands(self)

    # -- loading -------------------------------------------------------------------

    def load(self) -> None:
        path = None if self.demo or not self.key else sqlite_file(self.app.db)
        if path is None:
            self._load_from_store()
            return
        key = self.key

        def read(_store: None) -> "WorkshopView | None":
            # Loaded on the store worker, after the first frame: it brings in sqlite3.
            from workshopkit.store.sqlite_read import read_workshop

            return read_workshop(path, key)

        self.app.run_early(read, self._read_early)

    def _read_early(self, view: "WorkshopView | None") -> None:
        if view is None:
            self._load_from_store()  # the store explains what is unusual, or upgrades it
        else:
            self.loaded(view)

    def _load_from_store(self) -> None:
        key, demo = self.key, self.demo

        def work(store: "StoreCalls") -> "WorkshopView | str":
            if demo:
                # Loaded on the store worker: it brings in the database layer.
                from workshopkit.store.bulk.demo import create_demo

                return create_demo(store)[0]
            try:
                return store.workshop(key)
            except (NotFound, Ambiguous) as error:
                return str(error)  # not a failure of the store: the user picks another

        self.app.run_job(work, self.loaded, self.load_failed)

    def load_failed(self, error: str) -> None:
        if not self.is_attached:
            return  # left before the store answered
        title = self.query_one("#workshop-title", Static)
        title.add_class("error")  # wraps, so that what to do stays on screen
        title.update(Text(error, style="bold red"))
        self.capturing.refuse_waiting(error)
        self.bar.problem(error)
        self._mount_footer()

    def loaded(self, view: "WorkshopView | str") -> None:
        if not self.is_attached:
            return  # left before the store answered (anything typed is in the draft)
        if isinstance(view, str):
            self.app.show_workshops(view)
            return
        from workshopkit.tui.state import WorkshopState  # with the views it holds

        self.app.state = state = WorkshopState(view)
        typed_key, self.key = self.key, view.slug
        if typed_key and typed_key != view.slug and self.draft is not None:
            self.draft.move(typed_key, view.slug, self.letter)
        if self.letter not in state.breakouts:
            if self.letter:
                self.notify(f"No breakout {self.letter}; showing the first.", markup=False)
            self.shown.letter = view.breakouts[0].letter if view.breakouts else None
        if self.draft is not None:
            self.draft.restore(self.key)
        self.capturing.flush_waiting()
        # The grace for the first keys counts from the first frame: the store's first read
        # came after it already.
        since = min(self.app.first_frame_at, time.monotonic())
        self.shown.first_show(since, then=self._mount_footer)

    def _mount_footer(self) -> None:
        # Textual's footer is the costliest widget here to style (over a tenth of a
        # second); it joins once the screen is full, so it never delays the first keys.
        from textual.widgets import Footer  # loaded once the screen is full

        if not self.query(Footer):
            with self.app.batch_update():  # one layout: nothing on screen moves
                self.mount(Footer(), before="#footer-space")
                self.query_one("#footer-space").remove()
            # A footer shows keys once the screen announces its bindings: announce them.
            self.call_after_refresh(self.refresh_bindings)
            self.call_after_refresh(settle_memory)

    # -- what the app tells the screen -------------------------------------------------

    @on(PointsChanged)
    def _points_changed(self, message: PointsChanged) -> None:
        if not self.closed:
            self.shown.take(message.points)
            self.capturing.confirmed(message.points)

    @on(TimerTick)
    def _timer_tick(self) -> None:
        if not self.closed:
            self.shown.tick()

    @on(TimeUp)
    def _time_up(self, message: TimeUp) -> None:
        if not self.closed:
            self.shown.time_up(message.letter)

    @on(NameChanged)
    def _name_changed(self) -> None:
        if not self.closed:
            self.shown.show_title()

    def tell(self, text: str) -> None:
        """What a change just did, on the status line beside the bar."""
        self.bar.status(text, "")

    # -- the capture bar -------------------------------------------------------------

    def save_draft(self) -> None:
        if self.draft is not None:
            self.draft.save(self.key, self.letter)

    @on(CaptureInput.Capture)
    def capture(self, event: CaptureInput.Capture) -> None:
        self.save_draft()
        self.capturing.capture(event.text, event.parts)

    @on(CaptureInput.Recall)
    def recall_last(self) -> None:
        self.capturing.recall_last()

    @on(CaptureInput.Step)
    def _step_from_bar(self, event: CaptureInput.Step) -> None:
        self.shown.step(event.step)

    def action_to_list(self) -> None:
        if self.capturing.cancel_correction() or not self.shown.listed:
            return
        if self.focused is self.table:
            self.action_to_bar()
            return
        self.set_focus(self.table)  # now, so the next arrow already reaches the list

    def action_to_bar(self) -> None:
        self.set_focus(self.bar.input)

    def type_into_bar(self, text: str) -> None:
        """Text typed or pasted on the list: into the bar, where it was meant to go."""
        self.set_focus(self.bar.input)
        self.bar.input.insert_text_at_cursor(text)

    # -- breakouts -----------------------------------------------------------------

    def action_next_breakout(self) -> None:
        self.shown.step(1)

    def action_previous_breakout(self) -> None:
        self.shown.step(-1)

    def add_breakout(self) -> None:
        self.shown.add(self.key)

    def on_option_list_option_selected(self, event: "OptionList.OptionSelected") -> None:
        # Named, not decorated: the side bar's module loads after the first frame.
        if event.option_list.id == "breakouts" and event.option.id:
            self.shown.switch_to(event.option.id)

    # -- the highlighted point -------------------------------------------------------

    def _tag(self, change: str, **options: str) -> None:
        """``tagging.<change>`` on the highlighted point (after Enter, the one captured)."""
        from workshopkit.tui import tagging  # loaded with the first chord, after the first frame

        self.capturing.on_target(partial(getattr(tagging, change), self.app, **options))

    def action_kind(self, kind: str) -> None:
        self._tag("set_kind", kind=kind)

    def action_owner(self) -> None:
        self._tag("ask_owner")

    def action_due(self) -> None:
        self._tag("ask_due")

    def action_themes(self) -> None:
        self._tag("ask_themes")

    def action_complete(self) -> None:
        self._tag("toggle_done")

    def action_edit(self) -> None:
        point = self.shown.selected()
        if point is not None:
            self.capturing.start_correction(point)

    def action_noop(self) -> None:
        """The list's own keys (the arrows) are listed under f1 with this action."""

    def action_delete(self) -> None:
        point = self.shown.selected()
        if point is not None:
            from workshopkit.tui import tagging  # as above

            tagging.delete(self.app, point, self.tell)


# This module is loaded just before the first screen is made. What the modules loaded so
# far made (tens of thousands of objects) is left out of garbage collections from now
# on: a full collection during the first frames took 50 ms (see also settle_memory).
gc.freeze()
