"""The store worker: one thread that runs the TUI's store calls, one at a time, in order.

Until a job needs the store, only reads that need none run (the screen fills from them),
and the database layer, over half a second of work that holds the interpreter lock,
loads during a pause in typing, never under the fingers. Jobs queued meanwhile wait for
it; if the store cannot be opened, each reports why.
"""

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.worker import get_current_worker

from workshopkit.core.errors import WorkshopkitError
from workshopkit.tui.jobs import Job, JobDone, JobQueue, describe

if TYPE_CHECKING:
    from workshopkit.tui.store_calls import StoreCalls


class StoreWorker:
    """Opens the store, then drains the app's job queue on a thread of its own.

    ``open_store`` and ``opened`` run on that thread: the first returns the Store (it
    imports the database layer), the second takes it in (the name remembered for it).
    ``quiet_for(seconds)`` says whether no key has been pressed for that long.
    """

    QUIET_BEFORE_STORE = 0.4  # seconds without a key press before the store loads unasked

    def __init__(
        self,
        app: App[Any],
        open_store: Callable[[], "StoreCalls"],
        opened: Callable[["StoreCalls"], None],
        quiet_for: Callable[[float], bool],
    ) -> None:
        self.app = app
        self.open_store, self.opened, self.quiet_for = open_store, opened, quiet_for
        self.jobs = JobQueue()
        self.store: StoreCalls | None = None  # once open
        self.error: str | None = None  # why the store could not be opened

    def start(self) -> None:
        self.app.run_worker(self._work, name="store", thread=True, exit_on_error=False)

    def _work(self) -> None:
        """Run early reads, open the store, then run queued jobs one at a time, in order."""
        worker = get_current_worker()
        job: Job | object | None = None
        began = time.monotonic()  # the first screen is up: a typist may start now
        while self.store is None and self.error is None:
            job = self.jobs.take_early() or self.jobs.take(timeout=0.05)
            quiet = self.quiet_for(self.QUIET_BEFORE_STORE)
            if isinstance(job, Job) and job.early:
                self.run(job)
                job = None
            elif (
                job is not None
                or worker.is_cancelled
                or (quiet and time.monotonic() - began >= self.QUIET_BEFORE_STORE)
            ):
                self._open()
        while True:
            if job is None:
                job = self.jobs.take_early() or self.jobs.take(timeout=0.1)
            if job is None:
                if worker.is_cancelled:
                    break  # the app is closing and nothing is left to save
                continue
            if job is JobQueue.STOP:
                break  # queued after every job the user asked for: those ran first
            if isinstance(job, Job):
                self.run(job)
            job = None
        if self.store is not None:
            self.store.close()

    def _open(self) -> None:
        try:
            self.store = self.open_store()
            self.opened(self.store)
        except WorkshopkitError as error:  # it names the store and says what to do
            self.error = describe(error)
        except Exception as error:  # shown to the user; every queued job reports it
            self.error = f"Cannot open the store: {describe(error)}"

    def run(self, job: Job) -> None:
        """Run ``job`` on this thread; its ``JobDone`` reports back on the event loop."""
        if self.store is None and self.error and not job.early:
            self.app.post_message(JobDone(job, error=self.error))
            return
        try:
            result = job.work(self.store)  # an early job gets None
        except Exception as error:  # a refused action is a message, never a crash
            self.app.post_message(JobDone(job, error=describe(error)))
        else:
            self.app.post_message(JobDone(job, result))
