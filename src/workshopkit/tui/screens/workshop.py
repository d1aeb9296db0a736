"""The workshop screen: breakouts at the side, the current breakout's points, the capture bar.

The capture bar keeps focus after Enter. A point is shown as saved only once the store's
commit returned; if the write fails its text goes back into the bar. The text in the bar
is written to a draft file on every change, so a crash never costs it.
"""

import time
from functools import partial

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import Key, Paste
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static

from workshopkit.core.capture import as_typed
from workshopkit.core.errors import Ambiguous, NotFound
from workshopkit.core.files.draft import Draft, DraftFile, claim, draft_path
from workshopkit.core.files.locations import sqlite_file
from workshopkit.core.kinds import Kind
from workshopkit.core.views import PointView, WorkshopView
from workshopkit.store.sqlite_read import read_workshop
from workshopkit.tui import tagging, timers
from workshopkit.tui.dialogs.ask import AskDialog
from workshopkit.tui.state import WorkshopState
from workshopkit.tui.tagging import as_captured
from workshopkit.tui.widgets.breakout_list import BreakoutList
from workshopkit.tui.widgets.capture_bar import CaptureBar, CaptureInput
from workshopkit.tui.widgets.cells import dots, flat, hidden_votes
from workshopkit.tui.widgets.clean_input import typed_joiner
from workshopkit.tui.widgets.point_table import PointTable
from workshopkit.tui.widgets.titles import fit_title

LIST_KINDS = {"b": Kind.BARRIER, "n": Kind.NEXT, "q": Kind.QUESTION, "m": Kind.NOTE}


class WorkshopScreen(Screen):
    """Capture and tag the points of one workshop, breakout by breakout."""

    # No printable key is a command on this screen: whatever is typed, wherever focus is,
    # lands in the capture bar. Points are tagged with chords (ctrl+…), the other screens
    # open with function keys, and the list is walked with the arrows (see PointList).
    BINDINGS = [  # noqa: RUF012 (Textual reads this class attribute)
        # Priority: focus moves at once, so an arrow pressed right after moves the list.
        Binding("escape", "to_list", "List", id="capture.to_list", priority=True),
        Binding("tab", "next_breakout", "Breakout", id="breakout.next", tooltip="Next breakout"),
        Binding(
            "shift+tab",
            "previous_breakout",
            "Previous breakout",
            show=False,
            id="breakout.previous",
        ),
        # On the highlighted point: the one just captured, until the list is walked.
        Binding(
            "ctrl+b",
            "kind('barrier')",
            "Barrier",
            id="point.barrier",
            tooltip="Mark the highlighted point (after Enter, the one just captured) a barrier",
        ),
        Binding(
            "ctrl+n",
            "kind('next')",
            "Next",
            id="point.next",
            tooltip="Mark the highlighted point a next step",
        ),
        Binding(
            "ctrl+y",
            "kind('question')",
            "Question",
            show=False,
            id="point.question",
            tooltip="Mark the highlighted point a question",
        ),
        Binding(
            "ctrl+g",
            "kind('note')",
            "Note",
            show=False,
            id="point.note",
            tooltip="Make the highlighted point a plain note",
        ),
        Binding(
            "ctrl+o",
            "owner",
            "Owner",
            id="point.owner",
            tooltip="Set the owner of the highlighted point",
        ),
        Binding(
            "ctrl+t",
            "due",
            "Due",
            show=False,
            id="point.due",
            tooltip="Set the due of the highlighted point",
        ),
        Binding(
            "ctrl+l",
            "themes",
            "Themes",
            show=False,
            id="point.themes",
            tooltip="Add #themes to the highlighted point",
        ),
        # Priority: in the bar ctrl+d would delete a character (the Delete key still does).
        Binding(
            "ctrl+d",
            "complete",
            "Done",
            show=False,
            priority=True,
            id="point.done",
            tooltip="The highlighted action is done, or open again",
        ),
        Binding("f2", "vote", "Vote", id="screen.vote", tooltip="Voting mode for this breakout"),
        Binding(
            "f3",
            "ranking",
            "Ranking",
            show=False,
            id="screen.ranking",
            tooltip="Vote ranking with bars",
        ),
        Binding("f4", "actions", "Actions", id="screen.actions", tooltip="The action list"),
        Binding(
            "f6", "timer", "Timer", show=False, id="screen.timer", tooltip="Start or stop a timer"
        ),
        Binding(
            "f7",
            "projector",
            "Projector",
            show=False,
            id="screen.projector",
            tooltip="Projector view for the room's screen",
        ),
        Binding(
            "f8",
            "duplicates",
            "Duplicates",
            show=False,
            id="screen.duplicates",
            tooltip="Points that read almost the same: merge or skip them",
        ),
        Binding(
            "f9",
            "workshops",
            "Workshops",
            show=False,
            id="screen.workshops",
            tooltip="All workshops",
        ),
    ]
    LIST_BINDINGS = [  # noqa: RUF012 (the keys of the point list, for the keys screen)
        Binding(
            "up,down,pageup,pagedown,home,end",
            "screen.noop",
            "Move",
            id="list.move",
            tooltip="Walk the list (the detail line shows the whole point)",
        ),
        Binding(
            "enter", "screen.edit", "Edit", id="list.edit", tooltip="Edit it in the capture bar"
        ),
        Binding(
            "delete", "screen.delete", "Delete", id="list.delete", tooltip="Delete (ctrl+z undoes)"
        ),
        Binding(
            "escape",
            "screen.to_bar",
            "Type",
            id="list.to_bar",
            tooltip="Back to the capture bar (typing any letter goes there too)",
        ),
    ]

    def __init__(self, key: str | None, breakout: str | None = None, demo: bool = False) -> None:
        super().__init__()
        self.key, self.demo = key, demo
        self.letter: str | None = breakout.upper() if breakout else None
        self.last: PointView | None = None  # the point captured last, for the bar's shortcuts
        self.correcting: PointView | None = None  # a point being edited in the bar
        self.waiting: list[str] = []  # captured before the workshop had loaded
        self.after_capture: list = []  # bar shortcuts waiting for the capture typed before
        self.draft: DraftFile | None = None
        self.load_error: str | None = None
        self.drawn_blind = False  # whether the list shows the breakout's counts hidden

    @property
    def state(self) -> WorkshopState | None:
        return self.app.state

    # -- layout --------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(Text("Opening the store…"), id="workshop-title")
        with Horizontal(id="workshop-body"):
            yield BreakoutList(id="breakouts")
            with Vertical(id="points-pane"):
                yield PointList(votes_cell=self._votes_cell, id="points")
                yield Static("", id="point-detail")
        yield Static("", id="breakout-prompt")  # the question in hand, read while typing
        yield CaptureBar(id="capture-bar")
        yield Static("", id="footer-space")  # the footer's line, until the footer comes

    def on_mount(self) -> None:
        self.query_one("#breakouts").can_focus = False  # tab switches breakouts instead
        self.bar.input.focus()
        self.draft = DraftFile(claim(draft_path(self.app.db, self.app.user)))
        self.bar.input.keep = self._save_draft  # on every change of the bar's text
        self._restore_draft()
        self.load()

    # Below this width the side bar goes: beside it the points had 9 columns at 60×20. The
    # title still names the breakout, and tab still moves between them.
    SIDE_BAR_FROM = 70

    def on_resize(self) -> None:
        # The side bar gives room to the points on a small terminal, and goes on a narrow one.
        side_bar = self.query_one(BreakoutList)
        side_bar.display = self.size.width >= self.SIDE_BAR_FROM
        side_bar.styles.width = 22 if self.size.width < 110 else 32
        self.update_title()  # fitted to the new width

    @property
    def bar(self) -> CaptureBar:
        return self.query_one(CaptureBar)

    @property
    def table(self) -> "PointList":
        return self.query_one(PointList)

    def key_sections(self):
        chords = [b for b in self.BINDINGS if b.id and b.id.startswith("point.")]
        screens = [b for b in self.BINDINGS if b.id and b.id.startswith("screen.")]
        return [
            ("Capture bar", [*self.BINDINGS[:2], *CaptureInput.BINDINGS]),
            ("The highlighted point, from the bar or the list", chords),
            ("Other views", screens),
            ("Point list (esc)", self.LIST_BINDINGS[:-1]),
        ]

    # -- loading -------------------------------------------------------------------

    def load(self) -> None:
        path = None if self.demo or not self.key else sqlite_file(self.app.db)
        if path is None:
            self._load_from_store()
            return
        key = self.key
        self.app.run_early(lambda _store: read_workshop(path, key), self._read_early)

    def _read_early(self, view: WorkshopView | None) -> None:
        if view is None:
            self._load_from_store()  # the store explains what is unusual, or upgrades it
        else:
            self.loaded(view)

    def _load_from_store(self) -> None:
        key, demo = self.key, self.demo

        def work(store) -> WorkshopView | str:
            if demo:
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
        self.load_error = error
        title = self.query_one("#workshop-title", Static)
        title.add_class("error")  # wraps, so that what to do stays on screen
        title.update(Text(error, style="bold red"))
        waiting, self.waiting = self.waiting, []
        for text in waiting:
            self._failed(text, error)
        self.bar.problem(error)
        self._mount_footer()

    def loaded(self, view: WorkshopView | str) -> None:
        if not self.is_attached:
            return  # left before the store answered (anything typed is in the draft)
        if isinstance(view, str):
            self.app.show_workshops(view)
            return
        self.app.state = WorkshopState(view)
        typed_key, self.key = self.key, view.slug
        if typed_key and typed_key != view.slug and self.draft is not None:
            # What is in the bar now, and what was sent from it, belongs under the full
            # slug, beside any older draft.
            if self.bar.value or self.bar.input.pending:
                older = self.draft.load(view.slug)
                if older is not None:
                    self.bar.set_text(f"{older.text}  {self.bar.value}".strip())
                self._save_draft()
            self.draft.clear(typed_key)
        if self.letter not in self.app.state.breakouts:
            if self.letter:
                self.notify(f"No breakout {self.letter}; showing the first.", markup=False)
            self.letter = view.breakouts[0].letter if view.breakouts else None
        self._restore_draft()
        self.flush_waiting()
        self._first_show(time.monotonic())

    # Filling the screen with the workshop takes a layout pass of a few hundred
    # milliseconds; keys typed meanwhile wait. So the first fill waits for a pause in
    # typing (or at most a second and a half): what is typed shows first.
    QUIET_BEFORE_FILL = 0.15
    LONGEST_FILL_WAIT = 1.5

    def _first_show(self, since: float) -> None:
        waited = time.monotonic() - since
        if not self.app.quiet_for(self.QUIET_BEFORE_FILL) and waited < self.LONGEST_FILL_WAIT:
            self.set_timer(0.05, lambda: self._first_show(since))
            return
        self.show_breakout()
        self.call_after_refresh(self._mount_footer)

    def _mount_footer(self) -> None:
        # Textual's footer is the costliest widget here to style (over a tenth of a
        # second); it joins once the screen is full, so it never delays the first keys.
        if not self.query(Footer):
            with self.app.batch_update():  # one layout: nothing on screen moves
                self.mount(Footer(), before="#footer-space")
                self.query_one("#footer-space").remove()
            # A footer shows keys once the screen announces its bindings: announce them.
            self.call_after_refresh(self.refresh_bindings)

    def show_breakout(self) -> None:
        state = self.state
        if state is None:
            return
        self.query_one(BreakoutList).show_state(state, self.letter or "")
        points = state.points(self.letter) if self.letter else []
        self.drawn_blind = state.blind(self.letter or "")
        self.table.show_points(points)
        if points:
            self.table.move_cursor(row=len(points) - 1)
        else:  # no row to highlight, so nothing would clear the last breakout's detail
            self._show_detail()
        breakout = state.breakouts.get(self.letter or "")
        prompt = self.query_one("#breakout-prompt", Static)
        prompt.update(
            Text(flat(breakout.prompt), style="italic") if breakout and breakout.prompt else ""
        )
        prompt.display = bool(breakout and breakout.prompt)
        self.update_title()

    def update_title(self) -> None:
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
        countdown = timers.timer_label(breakout, timers.now())
        if countdown:
            parts.append(countdown)
        parts.append(f"you: {flat(self.app.user)}")
        self.sub_title = parts[0]
        width = max(self.size.width - 2, 20)  # the title's padding
        self.query_one("#workshop-title", Static).update(Text(fit_title(parts, width)))

    def timer_tick(self) -> None:
        """Once a second while a timer is set: the countdown in the title moves on."""
        breakout = self.state.breakouts.get(self.letter or "") if self.state else None
        if breakout is not None and breakout.timer_ends_at is not None:
            self.update_title()

    def time_up(self, letter: str) -> None:
        """The current breakout's timer ran out: the title flashes for a few seconds."""
        if letter == self.letter:
            timers.flash(self.query_one("#workshop-title"))

    def action_timer(self) -> None:
        if self.state is not None and self.letter:
            timers.ask_timer(self.app, self.letter)

    def action_projector(self) -> None:
        if self.state is not None and self.letter:
            from workshopkit.tui.screens.projector import ProjectorScreen

            self.app.push_screen(ProjectorScreen(self.letter))

    # -- the draft -----------------------------------------------------------------

    def _restore_draft(self) -> None:
        # Texts sent and not yet saved are in the draft too: this session's, not a crash's.
        if self.draft is None or self.bar.value or self.bar.input.pending or not self.key:
            return
        draft = self.draft.load(self.key)
        if draft is not None:
            self.bar.set_text(draft.text)
            self.bar.status("restored unsaved text", "busy")

    def _save_draft(self) -> None:
        if self.draft is None or not self.key:
            return
        # Texts sent but not yet confirmed are part of the draft until their commit.
        text = "  ".join([*self.bar.input.pending, self.bar.value]).strip()
        self.draft.save(Draft(self.key or "", self.letter, text))

    # -- capture -------------------------------------------------------------------

    @on(CaptureInput.Capture)
    def capture(self, event: CaptureInput.Capture) -> None:
        text = event.text
        self._save_draft()
        if self.correcting is not None:
            for part in event.parts:
                self.bar.input.pending.remove(part)
            self._save_correction(self.correcting, text)
            return
        self.bar.status("saving…", "busy")
        for part in event.parts:  # texts put back after a failed save stay apart
            if self.load_error:
                self._failed(part, self.load_error)
            elif self.state is None:
                self.waiting.append(part)  # sent once the workshop is loaded
            else:
                self._send(part)

    def flush_waiting(self) -> None:
        waiting, self.waiting = self.waiting, []
        for text in waiting:
            self._send(text)

    def _send(self, text: str) -> None:
        if self.letter is None:
            self._failed(text, "This workshop has no breakout yet; add one from ctrl+p.")
            return
        breakout = self.state.breakouts[self.letter]
        self.app.run_job(
            lambda store: store.add_point(breakout, text),
            partial(self._captured, text),
            partial(self._failed, text),
        )

    def _settled(self, text: str) -> None:
        pending = self.bar.input.pending
        if text in pending:
            pending.remove(text)

    def _captured(self, text: str, point: PointView) -> None:
        self._settled(text)
        self.app.points_changed([point])
        self.last = point
        slug, ref = self.key, point.ref
        self.app.remember(f"capture of {ref}", lambda store: store.delete_point(slug, ref))
        if point.letter == self.letter:
            self.table.select_point(point.id)
        self.bar.status(f"saved ✓ {ref}", "")
        self._save_draft()
        if not self.bar.input.pending:
            waiting, self.after_capture = self.after_capture, []
            for action in waiting:
                action(point)

    def _failed(self, text: str, error: str) -> None:
        self._settled(text)
        self.after_capture.clear()
        self.bar.put_back(text)
        self.bar.status("not saved", "error")
        self.bar.problem(f"Not saved: {error}")

    def _on_target(self, action) -> None:
        """Run ``action`` on the highlighted point: the one just captured, once the captures
        typed so far are in (a chord right after Enter tags what was just said)."""
        if self.bar.input.pending:
            self.after_capture.append(action)
            return
        point = self._selected()
        if point is None:
            self.bar.status("no point here yet", "busy")
        else:
            action(point)

    def _votes_cell(self, point: PointView) -> Text:
        if self.state is not None and self.state.blind(point.letter):
            return hidden_votes()
        return dots(point.votes)

    def points_changed(self, points: list[PointView]) -> None:
        self.call_after_refresh(self._show_detail)
        if self.state is not None and self.letter:
            blind = self.state.blind(self.letter)
            if blind != self.drawn_blind:  # blind voting turned on or off, here or elsewhere
                self.drawn_blind = blind
                self.table.refresh_votes(self.state.points(self.letter))
        for point in points:
            if point.letter == self.letter:
                self.table.upsert(point)
            if self.last is not None and point.id == self.last.id:
                self.last = point
        if self.state is not None:
            self.query_one(BreakoutList).show_state(self.state, self.letter or "")
            self.update_title()

    # -- correcting a point in the bar -----------------------------------------------

    @on(CaptureInput.Step)
    def _step_from_bar(self, event: CaptureInput.Step) -> None:
        self._step_breakout(event.step)

    @on(CaptureInput.Recall)
    def recall_last(self) -> None:
        """Up in an empty bar: the last point of the breakout on screen, to correct it."""
        point = self.last if self.last is not None and self.last.letter == self.letter else None
        if point is None and self.state is not None and self.letter:
            points = [p for p in self.state.points(self.letter) if not p.deleted]
            point = points[-1] if points else None
        if point is None:
            self.bar.status(f"nothing captured in {self.letter or 'this breakout'} yet", "busy")
            return
        self._start_correction(point)

    def _start_correction(self, point: PointView) -> None:
        self.correcting = point
        self.bar.set_text(as_typed(as_captured(point)))
        self.bar.status(f"editing {point.ref}: enter saves, esc cancels", "busy")
        self.set_focus(self.bar.input)

    def _save_correction(self, point: PointView, text: str) -> None:
        slug, ref, before = self.key, point.ref, as_typed(as_captured(point))
        self.correcting = None
        self.bar.set_text("")
        self.bar.status("saving…", "busy")

        def done(changed: PointView) -> None:
            self.app.points_changed([changed])
            self.app.remember(f"edit of {ref}", lambda store: store.edit_point(slug, ref, before))
            self.bar.status(f"saved ✓ {ref}", "")

        def failed(error: str) -> None:
            self.correcting = point
            self.bar.set_text(text)
            self.bar.status("not saved", "error")
            self.bar.problem(f"Not saved: {error}")

        self.app.run_job(lambda store: store.edit_point(slug, ref, text), done, failed)

    def action_to_list(self) -> None:
        if self.correcting is not None:
            self.correcting = None
            self.bar.set_text("")
            self.bar.status("edit cancelled", "")
            return
        if self.focused is self.table:
            self.action_to_bar()
            return
        self.set_focus(self.table)  # now, so the next arrow already reaches the list

    def action_to_bar(self) -> None:
        self.set_focus(self.bar.input)

    def tell(self, text: str) -> None:
        """What a change just did, on the status line beside the bar."""
        self.bar.status(text, "")

    def type_into_bar(self, text: str) -> None:
        """Text typed or pasted on the list: into the bar, where it was meant to go."""
        self.set_focus(self.bar.input)
        self.bar.input.insert_text_at_cursor(text)

    # -- breakouts -----------------------------------------------------------------

    def switch_to(self, letter: str) -> None:
        if self.state is None or letter not in self.state.breakouts or letter == self.letter:
            return
        self.letter = letter
        self.bar.status("", "")  # it spoke of the breakout left
        self.show_breakout()

    def _step_breakout(self, step: int) -> None:
        if self.state is None or not self.state.letters:
            return
        letters = self.state.letters
        index = letters.index(self.letter) if self.letter in letters else 0
        self.switch_to(letters[(index + step) % len(letters)])

    def action_next_breakout(self) -> None:
        self._step_breakout(1)

    def action_previous_breakout(self) -> None:
        self._step_breakout(-1)

    @on(OptionList.OptionSelected, "#breakouts")
    def _breakout_clicked(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.switch_to(event.option.id)

    def add_breakout(self) -> None:
        def answered(title: str | None) -> None:
            if not title or not title.strip():
                return
            slug = self.key

            def done(breakout) -> None:
                self.state.add_breakout(breakout)
                self.letter = breakout.letter
                self.show_breakout()
                self.tell(f"Added breakout {breakout.letter}")

            self.app.run_job(lambda store: store.add_breakout(slug, title), done)

        if self.state is not None:
            self.app.push_screen(AskDialog("New breakout: title"), answered)

    # -- tagging -------------------------------------------------------------------

    @on(PointTable.RowHighlighted, "#points")
    def _show_detail(self) -> None:
        """The whole text of the highlighted point: the list cuts long points short."""
        detail = self.query_one("#point-detail", Static)
        point = self._selected()
        if point is None:
            detail.update("", layout=False)
            return
        line = Text(f"{point.ref} ", style="bold")
        line.append(flat(point.text))
        if point.carried_from:
            line.append(f"  from {flat(point.carried_from)}", style="bold italic")
        who = f"captured by {flat(point.captured_by)}"
        if point.changed_by and point.changed_by != point.captured_by:
            who += f", last changed by {flat(point.changed_by)}"
        line.append(f"  ({who})", style="dim")
        detail.update(line, layout=False)  # a fixed height: no layout pass per cursor move

    def _selected(self) -> PointView | None:
        if self.state is None or self.letter is None:
            return None
        point_id = self.table.current_id
        return self.state.get(self.letter, point_id) if point_id else None

    def action_kind(self, kind: str) -> None:
        self._on_target(partial(tagging.set_kind, self.app, kind=kind))

    def action_owner(self) -> None:
        self._on_target(partial(tagging.ask_owner, self.app))

    def action_due(self) -> None:
        self._on_target(partial(tagging.ask_due, self.app))

    def action_themes(self) -> None:
        self._on_target(partial(tagging.ask_themes, self.app))

    def action_complete(self) -> None:
        self._on_target(partial(tagging.toggle_done, self.app))

    def action_edit(self) -> None:
        point = self._selected()
        if point is not None:
            self._start_correction(point)

    def action_noop(self) -> None:
        """The list's own keys (the arrows) are listed under f1 with this action."""

    def action_delete(self) -> None:
        point = self._selected()
        if point is None:
            return
        slug, ref = self.key, point.ref

        def done(deleted: PointView) -> None:
            self.app.points_changed([deleted])
            self.app.remember(f"delete of {ref}", lambda store: store.restore_point(slug, ref))
            self.tell(f"Deleted {ref} — ctrl+z brings it back")

        self.app.run_job(lambda store: store.delete_point(slug, ref), done)

    # -- other screens -------------------------------------------------------------

    def action_vote(self) -> None:
        if self.state is not None and self.letter:
            from workshopkit.tui.screens.voting import VotingScreen

            letter = self.letter  # dots need a name: the login name is not one (asked once)
            self.app.ask_name_once(lambda: self.app.push_screen(VotingScreen(letter)))

    def action_ranking(self) -> None:
        if self.state is not None and self.letter:
            from workshopkit.tui.screens.ranking import RankingScreen

            self.app.push_screen(RankingScreen(self.letter))

    def action_actions(self) -> None:
        if self.state is not None:
            from workshopkit.tui.screens.actions import ActionsScreen

            self.app.push_screen(ActionsScreen())

    def action_workshops(self) -> None:
        self.app.show_workshops()

    def action_duplicates(self) -> None:
        if self.state is not None:
            from workshopkit.tui.screens.duplicates import DuplicatesScreen

            self.app.push_screen(DuplicatesScreen())

    def palette_commands(self):
        commands = [
            ("Voting mode", "Place dots on this breakout's points", self.action_vote),
            ("Vote ranking", "This breakout's points by votes, with bars", self.action_ranking),
            ("Action list", "Every next step, ranked; fix owners and dues", self.action_actions),
            ("Breakout timer", "Start or stop this breakout's countdown", self.action_timer),
            ("Projector view", "Large, read-only, for the room's screen", self.action_projector),
            ("Add a breakout", "A new breakout in this workshop", self.add_breakout),
            ("Capture bar", "Back to typing points", self.action_to_bar),
        ]
        point = self._selected()
        if point is not None:
            for kind in Kind:
                commands.append(
                    (
                        f"Mark {point.ref} as {kind.value}",
                        "Change its kind",
                        partial(tagging.set_kind, self.app, point, kind=kind.value),
                    )
                )
            commands += [
                (f"Owner of {point.ref}", "Set or clear the owner", self.action_owner),
                (f"Due of {point.ref}", "Set or clear the due", self.action_due),
                (f"Themes of {point.ref}", "Add #themes", self.action_themes),
                (f"Edit {point.ref}", "Edit in the capture language", self.action_edit),
                (f"Delete {point.ref}", "ctrl+z brings it back", self.action_delete),
                (f"Done: {point.ref}", "Action done, or open again", self.action_complete),
            ]
        if self.state is not None:
            for breakout in self.state.breakouts.values():
                commands.append(
                    (
                        f"Breakout {breakout.letter}: {flat(breakout.title)}",
                        "Switch to this breakout",
                        partial(self.switch_to, breakout.letter),
                    )
                )
        return commands


class PointList(PointTable):
    """The point list of the workshop screen, walked with the arrows.

    It runs no command from a printable key: a letter typed here (the facilitator started
    typing while someone spoke) goes to the capture bar with everything typed after it.
    """

    # Enter and Delete act here; the arrows are the table's own; the rest is the screen's.
    BINDINGS = [*PointTable.BINDINGS, *WorkshopScreen.LIST_BINDINGS[1:3]]  # noqa: RUF012

    def on_key(self, event: Key) -> None:
        focused = self.screen.focused
        if focused is not None and focused is not self:
            # Sent here before the first letter took focus to the bar (a fast typist's
            # next letters, their Enter): it goes on to the bar, in the order typed.
            event.stop()
            event.prevent_default()
            focused.post_message(Key(event.key, event.character))
            return
        typed = event.character if event.is_printable else typed_joiner(event)
        if typed:
            event.stop()
            event.prevent_default()
            self.screen.type_into_bar(typed)

    def on_paste(self, event: Paste) -> None:
        event.stop()
        event.prevent_default()
        self.screen.type_into_bar(event.text)
