"""Store calls off the event loop, in order, and the undo steps of the changes they made.

Every store call the TUI makes runs on one thread worker, first in first out, so a tag
typed straight after a capture always finds the point saved. Each job ends by posting a
``JobDone`` message; the screen that asked reacts to it on the event loop.

Looks for other note-takers' changes are the exception: they only read, and run on a
worker of their own, so that a save waiting for the database's write lock (seconds, when
many write at once) never holds up what others have saved from reaching the screen.

Each change made here is remembered with the store call that takes it back (ctrl+z).
"""

import queue
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from textual.message import Message

from workshopkit.core.errors import WorkshopkitError
from workshopkit.core.text import one_line

if TYPE_CHECKING:
    from workshopkit.tui.store_calls import StoreCalls

Work = Callable[["StoreCalls"], Any]  # given the Store, returns a result
EarlyWork = Callable[[None], Any]  # a read that needs no store: given None
Done = Callable[[Any], None]
Failed = Callable[[str], None]


@dataclass
class Job:
    """One store call, and what to do with its result on the event loop."""

    work: Work | EarlyWork
    done: Done | None = None
    failed: Failed | None = None
    label: str = field(default="")
    early: bool = False  # needs no store


class JobDone(Message):
    """A job finished: ``error`` is a one-line message for the user, or None."""

    def __init__(self, job: Job, result: Any = None, error: str | None = None) -> None:
        super().__init__()
        self.job, self.result, self.error = job, result, error


def describe(error: BaseException) -> str:
    """One line a user can act on; never a traceback."""
    if isinstance(error, WorkshopkitError):
        return one_line(str(error))
    return one_line(f"Unexpected {type(error).__name__}: {error}")


class JobQueue:
    """A first-in-first-out queue of jobs that one thread worker drains."""

    STOP = object()

    def __init__(self) -> None:
        self._queue: queue.Queue = queue.Queue()
        self._early: queue.Queue = queue.Queue()
        self._looks: queue.Queue = queue.Queue()
        self.pending = 0  # jobs submitted and not yet reported back

    def put(self, job: Job) -> None:
        self.pending += 1
        self._queue.put(job)

    def put_early(self, job: Job) -> None:
        """A job that needs no store: it may run before the store has opened."""
        self.pending += 1
        self._early.put(job)

    def take_early(self) -> Job | None:
        try:
            return self._early.get_nowait()
        except queue.Empty:
            return None

    def put_look(self, job: Job) -> None:
        """A look for others' changes: it runs on the look worker, beside the others."""
        self.pending += 1
        self._looks.put(job)

    def take_look(self, timeout: float) -> Job | object | None:
        try:
            return self._looks.get(timeout=timeout)
        except queue.Empty:
            return None

    def stop(self) -> None:
        self._queue.put(self.STOP)
        self._looks.put(self.STOP)

    def take(self, timeout: float) -> Job | object | None:
        try:
            return self._queue.get(timeout=timeout)
        except queue.Empty:
            return None


# -- ctrl+z: the changes made from this UI, latest last, each with the store call that
# takes it back.


@dataclass(frozen=True)
class UndoStep:
    """How to take back one change: a label for the user and the store call that does it."""

    label: str
    work: Work


class UndoSteps:
    """The app's undo steps, the last hundred."""

    KEPT = 100

    def __init__(self, app) -> None:  # the WorkshopkitApp
        self.app = app
        self.steps: list[UndoStep] = []

    def remember(self, label: str, undo: Work) -> None:
        self.steps.append(UndoStep(label, undo))
        del self.steps[: -self.KEPT]

    def clear(self) -> None:
        """Another workshop is open: the steps were about the last one."""
        self.steps.clear()

    def undo(self) -> None:
        """Take back the last change (a store call returning the points it changed, or
        the breakout), and say so."""
        app = self.app
        if not self.steps:
            app.tell("Nothing to undo.")
            return
        step = self.steps.pop()

        def done(result: Any) -> None:
            from workshopkit.core.views import BreakoutView, PointView  # loaded by now

            if isinstance(result, BreakoutView):
                app.breakout_changed(result)
            else:
                points = result if isinstance(result, list) else [result]
                app.points_changed(p for p in points if isinstance(p, PointView))
            app.tell(f"Undone: {step.label}")

        def failed(error: str) -> None:
            app.notify(f"Could not undo {step.label}: {error}", severity="error", markup=False)

        app.run_job(step.work, done, failed)
