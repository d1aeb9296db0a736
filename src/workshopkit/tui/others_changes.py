"""Bringing in what other note-takers saved: other terminals, browsers, commands, merges.

Every ``LOOK_EVERY`` seconds the app asks for a look; while looks keep finding changes
(a room voting), one is queued every ``BUSY_EVERY`` seconds at most, so that the changes
come in batches rather than a redraw every tenth of a second beside the facilitator's
typing; a quiet store's next change shows within ``LOOK_EVERY``. Looks only read, and
run on a thread
of their own beside the store worker, so that a save waiting for the database's write
lock (seconds, when many write at once) never holds up what others saved from reaching
the screen. A look asks the store's watcher whether anything committed and, if so, reads
the changes to the open workshop above the revision the app's state has reached.

On PostgreSQL every write also announces itself as it commits; a third thread listens,
and another's commit is looked at as soon as it is announced rather than at the next
tick.
"""

import time
from typing import TYPE_CHECKING

from textual.worker import get_current_worker

from workshopkit.tui.jobs import Job, JobQueue
from workshopkit.tui.messages import StoreChanged

if TYPE_CHECKING:
    from workshopkit.core.views import Changes
    from workshopkit.tui.store_calls import StoreCalls, Watcher
    from workshopkit.tui.store_worker import StoreWorker

BUSY_EVERY = 0.3  # seconds between looks while they keep finding changes


class OthersChanges:
    """Looks for others' changes for ``app`` and applies what it finds to its state."""

    def __init__(self, app, worker: "StoreWorker") -> None:
        self.app, self.worker = app, worker
        self.watcher: Watcher | None = None  # made by the first look, on the look thread
        self.synced_rev = -1  # the revision the last look at the store's changes reached
        self.looking = False  # a look is queued or running
        self.busy = False  # the last look found changes
        self.looked_at = -BUSY_EVERY  # when the last look was queued (monotonic seconds)
        self.nudged = False  # a commit was announced while a look was on its way

    def start(self) -> None:
        self.app.run_worker(self._work, name="looks", thread=True, exit_on_error=False)
        self.app.run_worker(self._listen, name="commit notices", thread=True, exit_on_error=False)

    def _listen(self) -> None:
        """PostgreSQL: look as soon as another's commit is announced (see the top)."""
        worker = get_current_worker()
        while self.worker.store is None and self.worker.error is None:
            if worker.is_cancelled:
                return
            time.sleep(0.05)
        store = self.worker.store
        notices = store.commit_notices() if store is not None else None
        if notices is None:
            return  # SQLite, or no listening connection: the regular looks carry on
        try:
            while not worker.is_cancelled:
                if notices.wait(0.25):
                    self.app.call_from_thread(self.nudge)
        except RuntimeError:
            pass  # the app has stopped
        finally:
            notices.close()

    def nudge(self) -> None:
        """Another's commit was announced: look now, or once the look on its way is done."""
        if self.looking:
            self.nudged = True
        else:
            self.look()

    def _work(self) -> None:
        """Run the looks, one at a time, beside the store worker."""
        worker = get_current_worker()
        while not worker.is_cancelled:
            job = self.worker.jobs.take_look(timeout=0.1)
            if job is JobQueue.STOP:
                break
            if isinstance(job, Job):
                self.worker.run(job)
        if self.watcher is not None:
            self.watcher.close()

    def look(self) -> None:
        """Queue a look, unless one is on its way or the store is not open yet."""
        if self.worker.store is None or self.looking:
            return
        now = time.monotonic()
        if self.busy and now - self.looked_at < BUSY_EVERY:
            return
        self.looking, self.looked_at = True, now
        state = self.app.state
        workshop_id, since = (None, 0) if state is None else (state.view.id, state.rev)

        def work(store: "StoreCalls") -> "Changes | bool | None":
            if self.watcher is None:
                self.watcher = store.watcher()
            changed = self.watcher.changed()
            if workshop_id is None:
                return changed  # the workshops list reloads (it is short)
            # A state loaded since the last look may be behind what that look consumed.
            if not changed and since == self.synced_rev:
                return None
            changes = store.changes(workshop_id, since)
            self.synced_rev = changes.rev
            return changes

        def done(changes: "Changes | bool | None") -> None:
            self.looking = False
            self.busy = bool(changes)
            self._take(workshop_id, changes)
            if self.nudged:  # a commit announced while this look was on its way
                self.nudged = False
                self.look()

        def failed(error: str) -> None:
            self.looking = False  # the next look tries again; a lost store shows on save

        self.worker.jobs.put_look(Job(work, done, failed))

    def _take(self, workshop_id, changes: "Changes | bool | None") -> None:
        """Apply what a look at ``workshop_id`` (None: the workshops list) found."""
        state = self.app.state
        if workshop_id is None:
            if changes and state is None:
                self.app.screen.post_message(StoreChanged())
            return
        if changes is None or isinstance(changes, bool):
            return  # nothing new in this workshop
        if state is None or state.view.id != workshop_id:
            return
        breakouts = bool(changes.breakouts or changes.workshop)
        state.take_changes(changes)
        if changes.points or breakouts:
            self.app.points_changed(changes.points)
