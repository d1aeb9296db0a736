"""The workshopkit app: screens on top, one store worker underneath.

The screen is drawn before the store opens (importing the database layer alone takes a
third of a second); what the facilitator types meanwhile stays in the capture bar, and
store calls queue up until the store is ready.
"""

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from textual import events, on, work
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen
from textual.worker import get_current_worker

from workshopkit.core.errors import WorkshopkitError
from workshopkit.core.text import one_line
from workshopkit.core.user_names import default_user, explicit_user
from workshopkit.core.views import BreakoutView, PointView
from workshopkit.tui.dialogs.keys import KeysDialog, binding_rows
from workshopkit.tui.jobs import Job, JobDone, JobQueue, describe
from workshopkit.tui.small_terminal import SmallTerminal
from workshopkit.tui.state import WorkshopState
from workshopkit.tui.terminal_input import (
    key_typed,
    plain_escape,
    read_keys_as_typed,
    unambiguous_escape_sequences,
)


def _palette_commands():
    # Loaded when the palette first opens: the palette machinery is slow to import.
    from workshopkit.tui.commands import WorkshopkitCommands

    return WorkshopkitCommands


@dataclass(frozen=True)
class UndoStep:
    """How to take back one change: a label for the user and the store call that does it."""

    label: str
    work: Callable[[Any], Any]


class WorkshopkitApp(App[None]):
    """Capture, tag and vote on a workshop's points. ``db``: the store's file or URL."""

    CSS_PATH = "app.tcss"
    TITLE = "workshopkit"
    COMMANDS = App.COMMANDS | {_palette_commands}
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [  # noqa: RUF012 (Textual reads this class attribute)
        Binding("ctrl+z", "undo", "Undo", id="app.undo", tooltip="Undo the last change"),
        Binding(
            "ctrl+e",
            "export",
            "Export",
            id="app.export",
            priority=True,
            tooltip="Preview the markdown action list, then write it to exports/",
        ),
        Binding("f1,question_mark", "keys", "Keys", id="app.keys", tooltip="Show every key"),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True, show=False),
    ]
    # The keys that still work while the terminal is too small to show anything.
    QUIT_KEYS = frozenset(
        key.strip()
        for binding in BINDINGS
        if binding.action == "quit"
        for key in binding.key.split(",")
    )

    def __init__(
        self,
        db: str | None = None,
        user: str | None = None,
        workshop: str | None = None,
        breakout: str | None = None,
        demo: bool = False,
        ask_name: bool = False,
    ) -> None:
        super().__init__()
        self.db = db
        self.user = one_line(user or "") or default_user()
        # No --as and no WORKSHOPKIT_USER: the login name stands in until the name given
        # for this store is found, or asked (once per store, on first voting).
        self.named = explicit_user(user) or ask_name
        self.store_name: str | None = None  # the store's location, for the name asked
        self.ask_name = ask_name  # a browser session: who is typing is asked first
        self.start_workshop, self.start_breakout, self.demo = workshop, breakout, demo
        self.jobs = JobQueue()
        self.store: Any = None  # the Store, once the worker has opened it
        self.store_error: str | None = None
        self.last_key_at = time.monotonic()  # the store loads in the first pause in typing
        self.state: WorkshopState | None = None
        self.undo_steps: list[UndoStep] = []
        self.voter: str | None = None  # who votes in voting mode, when not the user
        self.watcher: Any = None  # tells the store worker when anyone has written
        self.synced_rev = -1  # the revision the last look at the store's changes reached
        self.looking = False  # a look for changes is queued or running
        self.timers: Any = None  # rings and redraws breakout timers, once the screen is up
        self.small = SmallTerminal(self)  # a notice instead of the screens in a tiny terminal

    # -- start ---------------------------------------------------------------------

    def on_mount(self) -> None:
        self.small.start()  # first: the terminal may be too small for the first screen
        if self.demo or self.start_workshop:
            from workshopkit.tui.screens.workshop import WorkshopScreen

            self.push_screen(
                WorkshopScreen(self.start_workshop, self.start_breakout, demo=self.demo)
            )
        else:
            from workshopkit.tui.screens.workshops import WorkshopsScreen

            self.push_screen(WorkshopsScreen())
        # The store opens once the first screen is painted: importing the database layer
        # on another thread would hold the interpreter lock while the screen is drawn.
        self.call_after_refresh(self.store_worker)
        self.call_after_refresh(self.look_worker)
        self.set_interval(self.LOOK_EVERY, self.look_for_changes, name="look for changes")
        self.call_after_refresh(self._watch_timers)
        if self.ask_name:
            self.call_after_refresh(self.ask_for_name)

    def _watch_timers(self) -> None:
        from workshopkit.tui.timers import TimerWatch

        self.timers = TimerWatch(self)
        self.set_interval(1, self.timers.tick, name="breakout timers")

    def ask_for_name(self, hint: str = "Others see it beside what you capture and vote.") -> None:
        from workshopkit.tui.dialogs.ask import AskDialog

        def answered(name: str | None) -> None:
            name = one_line(name or "")
            if not name:
                self.ask_for_name("A name is needed before you capture: type yours.")
                return
            self.user = name
            # On the store worker, in turn: every save queued after this one is signed so.
            self.run_job(lambda store: setattr(store, "user", name))
            update_title = getattr(self.screen, "update_title", None)
            if update_title is not None:
                update_title()
            for bar in self.screen.query("#capture"):  # ready to capture, as in a terminal
                bar.focus()

        self.push_screen(AskDialog("Your name?", hint=hint, placeholder="e.g. Priya"), answered)

    def get_driver_class(self):
        driver_class = super().get_driver_class()
        read_keys_as_typed(driver_class)  # undecodable bytes, Esc then typing at once
        unambiguous_escape_sequences()  # Esc then "fish…" is not ctrl+right then "ish…"
        return driver_class

    def _replace_base(self, screen: Screen) -> None:
        """Show ``screen`` in place of every screen above the app's own (empty) one."""
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(screen)

    def show_workshops(self, message: str | None = None) -> None:
        from workshopkit.tui.screens.workshops import WorkshopsScreen

        self.state = None
        self.undo_steps.clear()
        self._replace_base(WorkshopsScreen(message))

    def open_workshop(self, key: str, breakout: str | None = None) -> None:
        from workshopkit.tui.screens.workshop import WorkshopScreen

        self.undo_steps.clear()
        self._replace_base(WorkshopScreen(key, breakout))

    # -- the store worker ----------------------------------------------------------

    @work(thread=True, name="store", exit_on_error=False)
    def store_worker(self) -> None:
        """Run early reads, open the store, then run queued jobs one at a time, in order."""
        worker = get_current_worker()
        job: Job | object | None = None
        self.last_key_at = max(self.last_key_at, time.monotonic())  # quiet counts from here
        # Until a job needs the store, only reads that need none run (the screen fills
        # from them), and the database layer, over half a second of work that holds the
        # interpreter lock, loads during a pause in typing, never under the fingers.
        while self.store is None and self.store_error is None:
            job = self.jobs.take_early() or self.jobs.take(timeout=0.05)
            if isinstance(job, Job) and job.early:
                self._run(job)
                job = None
            elif job is not None or worker.is_cancelled or self.quiet_for(self.QUIET_BEFORE_STORE):
                self._open_store()
        while True:
            if job is None:
                job = self.jobs.take_early() or self.jobs.take(timeout=0.1)
            if job is None:
                if worker.is_cancelled:
                    break  # the app is closing and nothing is left to save
                continue
            if job is JobQueue.STOP:
                break  # queued after every job the user asked for: those ran first
            self._run(job)
            job = None
        if self.store is not None:
            self.store.close()

    @work(thread=True, name="looks", exit_on_error=False)
    def look_worker(self) -> None:
        """Run the looks for others' changes, one at a time, beside the store worker."""
        worker = get_current_worker()
        while not worker.is_cancelled:
            job = self.jobs.take_look(timeout=0.1)
            if job is JobQueue.STOP:
                break
            if job is not None:
                self._run(job)
        if self.watcher is not None:
            self.watcher.close()

    QUIET_BEFORE_STORE = 0.4  # seconds without a key press before the store loads unasked

    def quiet_for(self, seconds: float) -> bool:
        """True when no key has been pressed for ``seconds``."""
        return time.monotonic() - self.last_key_at >= seconds

    def _open_store(self) -> None:
        try:
            from workshopkit.store.facade import Store

            self.store = Store(self.db, self.user)
            if not self.named:
                self._take_remembered_name(str(self.store.location))
        except WorkshopkitError as error:  # it names the store and says what to do
            self.store_error = describe(error)
        except Exception as error:  # shown to the user; every queued job reports it
            self.store_error = f"Cannot open the store: {describe(error)}"

    def _take_remembered_name(self, location: str) -> None:
        """On the store worker: sign with the name given for this store before, if any."""
        from workshopkit.core.user_names import remembered_name

        name = remembered_name(location)
        if name:
            self.store.user = name
            self.named = True
            self.call_from_thread(self._show_name, name)
        else:
            self.store_name = location

    def _show_name(self, name: str) -> None:
        self.user = name
        update_title = getattr(self.screen, "update_title", None)
        if update_title is not None:
            update_title()

    def ask_name_once(self, then: Callable[[], None]) -> None:
        """Ask who is at the keyboard the first time it matters (their dots), once per
        store: the answer is kept on this machine. ``then`` runs after, asked or not."""
        if self.named or self.store_name is None:
            then()
            return
        from workshopkit.core.user_names import remember_name
        from workshopkit.tui.dialogs.ask import AskDialog

        location = self.store_name

        def answered(name: str | None) -> None:
            name = one_line(name or "")
            if name:
                self.named = True
                self.user = name
                self.run_job(lambda store: setattr(store, "user", name))
                self.run_job(lambda store: remember_name(location, name))
            then()

        self.push_screen(
            AskDialog(
                "Your name, for your dots and what you capture?",
                self.user,
                hint="asked once for this store; w in voting changes who votes",
            ),
            answered,
        )

    def on_resize(self, event: events.Resize) -> None:
        self.small.fit(event.size)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key):
            self.last_key_at = time.monotonic()
        # Nothing is on screen while the terminal is too small: a key would act unseen.
        if (
            self.small.active
            and not self._quits(event)
            and isinstance(event, events.Key | events.Paste)
        ):
            return
        typed = plain_escape(event) if isinstance(event, events.Key) else None
        if typed is not None:
            # Esc, then at once a key: handled here, one after the other, so the key goes
            # where Esc took the facilitator (every Esc binding is a priority one, run
            # before the next key is handed on).
            await super().on_event(events.Key("escape", "\x1b"))
            await super().on_event(key_typed(typed))
            return
        await super().on_event(event)

    def _quits(self, event: events.Event) -> bool:
        return isinstance(event, events.Key) and event.key in self.QUIT_KEYS

    def _run(self, job: Job) -> None:
        if self.store is None and self.store_error and not job.early:
            self.post_message(JobDone(job, error=self.store_error))
            return
        try:
            result = job.work(self.store)
        except Exception as error:  # a refused action is a message, never a crash
            self.post_message(JobDone(job, error=describe(error)))
        else:
            self.post_message(JobDone(job, result))

    def run_early(self, work: Callable[[Any], Any], done: Callable[[Any], None]) -> None:
        """Queue a read that needs no store (``work`` gets None); it runs before the store
        opens when it can, and in turn with the other jobs otherwise."""
        self.jobs.put_early(Job(work, done, early=True))

    def run_job(
        self,
        work: Callable[[Any], Any],
        done: Callable[[Any], None] | None = None,
        failed: Callable[[str], None] | None = None,
    ) -> None:
        """Queue a store call; ``done`` or ``failed`` runs on the event loop afterwards."""
        self.jobs.put(Job(work, done, failed))

    @on(JobDone)
    def _job_done(self, message: JobDone) -> None:
        self.jobs.pending -= 1
        if not self.is_running or not self.screen.is_attached:
            return  # the app is closing: its screens are gone, and nothing is left to show
        job = message.job
        if message.error is None:
            if job.done is not None:
                job.done(message.result)
        elif job.failed is not None:
            job.failed(message.error)
        else:
            self.notify(message.error, severity="error", markup=False, timeout=8)

    async def on_unmount(self) -> None:
        self.jobs.stop()

    # -- changes -------------------------------------------------------------------

    LOOK_EVERY = 0.3  # seconds: others' changes show within a second of their commit

    def look_for_changes(self) -> None:
        """Bring in what other note-takers (terminals, browsers, commands) have saved."""
        if self.store is None or self.looking:
            return
        self.looking = True
        state = self.state
        workshop_id, since = (None, 0) if state is None else (state.view.id, state.rev)

        def work(store: Any) -> Any:
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

        def done(changes: Any) -> None:
            self.looking = False
            state = self.state
            if workshop_id is None:
                react = getattr(self.screen, "store_changed", None)
                if changes and state is None and react is not None:
                    react()
                return
            if changes is None or state is None or state.view.id != workshop_id:
                return
            breakouts = bool(changes.breakouts or changes.workshop)
            state.take_changes(changes)
            if changes.points or breakouts:
                self.points_changed(changes.points)

        def failed(error: str) -> None:
            self.looking = False  # the next look tries again; a lost store shows on save

        self.jobs.put_look(Job(work, done, failed))

    def points_changed(self, points: Iterable[PointView]) -> None:
        """The store confirmed these points: update the state, then every open screen."""
        points = list(points)
        if self.state is not None:
            for point in points:
                self.state.apply(point)
        for screen in self.screen_stack:
            react = getattr(screen, "points_changed", None)
            if react is not None:
                react(points)

    def breakout_changed(self, breakout: BreakoutView) -> None:
        """The store confirmed a change to a breakout (blind voting, say): every open
        screen redraws from it, as for a change another note-taker made."""
        if self.state is not None:
            self.state.add_breakout(breakout)
        self.points_changed([])

    def remember(self, label: str, undo: Callable[[Any], Any]) -> None:
        """Offer ``undo`` (a store call returning the points it changed) on ctrl+z."""
        self.undo_steps.append(UndoStep(label, undo))
        del self.undo_steps[:-100]

    def tell(self, text: str) -> None:
        """Say what a change did: on the status line of a screen that has one (a toast
        there would cover the capture bar), else as a toast."""
        screen = self.screen
        if hasattr(screen, "tell"):
            screen.tell(text)
        else:
            self.notify(text, markup=False)

    def action_undo(self) -> None:
        if not self.undo_steps:
            self.tell("Nothing to undo.")
            return
        step = self.undo_steps.pop()

        def done(result: Any) -> None:
            if isinstance(result, BreakoutView):
                self.breakout_changed(result)
            else:
                points = result if isinstance(result, list) else [result]
                self.points_changed(p for p in points if isinstance(p, PointView))
            self.tell(f"Undone: {step.label}")

        def failed(error: str) -> None:
            self.notify(f"Could not undo {step.label}: {error}", severity="error", markup=False)

        self.run_job(step.work, done, failed)

    # -- keys and export -----------------------------------------------------------

    def action_keys(self) -> None:
        screen = self.screen
        sections = []
        for heading, bindings in getattr(screen, "key_sections", lambda: [])():
            sections.append((heading, binding_rows(self, bindings)))
        sections.append(("Anywhere", binding_rows(self, self.BINDINGS)))
        sections.append(("", [("ctrl+p", "Command palette: every action by name")]))
        self.push_screen(KeysDialog(f"Keys: {screen.sub_title or screen.title or ''}", sections))

    def action_export(self, include_all: bool = False) -> None:
        if self.state is None:
            self.notify("Open a workshop first, then export its action list.", markup=False)
            return
        from workshopkit.tui.screens.export import ExportScreen

        if isinstance(self.screen, ExportScreen):
            return
        self.push_screen(ExportScreen(self.state.slug, include_all=include_all))
