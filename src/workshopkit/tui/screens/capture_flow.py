"""From the capture bar to the store and back: the points typed, and points corrected.

A point is shown as saved only once the store's commit returned; if the write fails its
text goes back into the bar. Points sent before the workshop has loaded wait for it.
A chord typed straight after Enter (ctrl+b: a barrier) waits for that capture, and then
tags the point just captured.
"""

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol

from workshopkit.core.capture import as_typed

if TYPE_CHECKING:
    from workshopkit.core.views import PointView
    from workshopkit.tui.screens.breakout_on_screen import BreakoutOnScreen
    from workshopkit.tui.widgets.capture_bar import CaptureBar

PointAction = Callable[["PointView"], None]


class CapturingScreen(Protocol):
    """What the capture flow needs of the screen whose bar it serves."""

    key: str | None  # the workshop's slug (as typed, until the workshop has loaded)

    @property
    def app(self) -> Any: ...

    @property
    def bar(self) -> "CaptureBar": ...

    def save_draft(self) -> None: ...


class CaptureFlow:
    """Sends what is typed in ``screen``'s bar to the store, into the breakout ``shown``,
    and corrections of points."""

    def __init__(self, screen: CapturingScreen, shown: "BreakoutOnScreen") -> None:
        self.screen, self.shown = screen, shown
        self.last: PointView | None = None  # the point captured last, for the bar's shortcuts
        self.correcting: PointView | None = None  # a point being edited in the bar
        self.waiting: list[str] = []  # captured before the workshop had loaded
        self.after_capture: list[PointAction] = []  # chords waiting for the captures before
        self.load_error: str | None = None  # the workshop could not be loaded: nothing saves

    @property
    def bar(self) -> "CaptureBar":
        return self.screen.bar

    # -- capture -------------------------------------------------------------------

    def capture(self, text: str, parts: list[str]) -> None:
        """Enter in the bar: ``text`` left it, as the points ``parts``."""
        if self.correcting is not None:
            for part in parts:
                self.bar.input.pending.remove(part)
            self._save_correction(self.correcting, text)
            return
        self.bar.status("saving…", "busy")
        for part in parts:  # texts put back after a failed save stay apart
            if self.load_error:
                self.failed(part, self.load_error)
            elif self.shown.state is None:
                self.waiting.append(part)  # sent once the workshop is loaded
            else:
                self._send(part)

    def flush_waiting(self) -> None:
        """The workshop has loaded: send what was captured before."""
        waiting, self.waiting = self.waiting, []
        for text in waiting:
            self._send(text)

    def refuse_waiting(self, error: str) -> None:
        """The workshop could not be loaded: nothing captured can be saved."""
        self.load_error = error
        waiting, self.waiting = self.waiting, []
        for text in waiting:
            self.failed(text, error)

    def _send(self, text: str) -> None:
        state, letter = self.shown.state, self.shown.letter
        if state is None or letter is None:
            self.failed(text, "This workshop has no breakout yet; add one from ctrl+p.")
            return
        breakout, captured = state.breakouts[letter], self.bar.parsed(text)
        self.screen.app.run_job(
            lambda store: store.add_point(breakout, captured),
            partial(self._captured, text),
            partial(self.failed, text),
        )

    def _settled(self, text: str) -> None:
        pending = self.bar.input.pending
        if text in pending:
            pending.remove(text)

    def _captured(self, text: str, point: "PointView") -> None:
        app = self.screen.app
        self._settled(text)
        app.points_changed([point])
        self.last = point
        slug, ref = self.screen.key, point.ref
        app.remember(f"capture of {ref}", lambda store: store.delete_point(slug, ref))
        self.shown.show_saved(point)
        self.bar.status(f"saved ✓ {ref}", "")
        self.screen.save_draft()
        if not self.bar.input.pending:
            waiting, self.after_capture = self.after_capture, []
            for action in waiting:
                action(point)

    def failed(self, text: str, error: str) -> None:
        """``text`` was not saved: back into the bar, with why."""
        self._settled(text)
        self.after_capture.clear()
        self.bar.put_back(text)
        self.bar.status("not saved", "error")
        self.bar.problem(f"Not saved: {error}")

    def on_target(self, action: PointAction) -> None:
        """Run ``action`` on the highlighted point: the one just captured, once the captures
        typed so far are in (a chord right after Enter tags what was just said)."""
        if self.bar.input.pending:
            self.after_capture.append(action)
            return
        point = self.shown.selected()
        if point is None:
            self.bar.status("no point here yet", "busy")
        else:
            action(point)

    def confirmed(self, points: "list[PointView]") -> None:
        """The store confirmed these points: the last one captured may be among them."""
        for point in points:
            if self.last is not None and point.id == self.last.id:
                self.last = point

    # -- correcting a point in the bar -----------------------------------------------

    def recall_last(self) -> None:
        """Up in an empty bar: the last point of the breakout on screen, to correct it."""
        letter, state = self.shown.letter, self.shown.state
        point = self.last if self.last is not None and self.last.letter == letter else None
        if point is None and state is not None and letter:
            points = [p for p in state.points(letter) if not p.deleted]
            point = points[-1] if points else None
        if point is None:
            self.bar.status(f"nothing captured in {letter or 'this breakout'} yet", "busy")
            return
        self.start_correction(point)

    def start_correction(self, point: "PointView") -> None:
        self.correcting = point
        from workshopkit.tui.tagging import as_captured  # with the first correction

        self.bar.set_text(as_typed(as_captured(point)))
        self.bar.status(f"editing {point.ref}: enter saves, esc cancels", "busy")
        self.bar.screen.set_focus(self.bar.input)

    def cancel_correction(self) -> bool:
        """Esc while correcting: the bar is emptied. False when nothing was corrected."""
        if self.correcting is None:
            return False
        self.correcting = None
        self.bar.set_text("")
        self.bar.status("edit cancelled", "")
        return True

    def _save_correction(self, point: "PointView", text: str) -> None:
        app = self.screen.app
        from workshopkit.tui.tagging import as_captured  # as above

        slug, ref, before = self.screen.key, point.ref, as_typed(as_captured(point))
        self.correcting = None
        self.bar.set_text("")
        self.bar.status("saving…", "busy")

        def done(changed: "PointView") -> None:
            app.points_changed([changed])
            app.remember(f"edit of {ref}", lambda store: store.edit_point(slug, ref, before))
            self.bar.status(f"saved ✓ {ref}", "")

        def failed(error: str) -> None:
            self.correcting = point
            self.bar.set_text(text)
            self.bar.status("not saved", "error")
            self.bar.problem(f"Not saved: {error}")

        app.run_job(lambda store: store.edit_point(slug, ref, text), done, failed)
