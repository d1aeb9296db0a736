"""The workshopkit app: screens on top, one store worker underneath.

The screen is drawn before the store opens (importing the database layer alone takes a
third of a second); what the facilitator types meanwhile stays in the capture bar, and
store calls queue up until the store is ready (see ``store_worker.py``).
"""

import gc
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from textual import events, on
from textual.app import App
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen

from workshopkit.core.text import one_line
from workshopkit.core.user_names import default_user, explicit_user
from workshopkit.tui.jobs import Done, EarlyWork, Failed, Job, JobDone, JobQueue, UndoSteps, Work
from workshopkit.tui.messages import PointsChanged
from workshopkit.tui.others_changes import OthersChanges
from workshopkit.tui.room import RoomProcess
from workshopkit.tui.screens.base import WorkshopkitScreen
from workshopkit.tui.small_terminal import SmallTerminal
from workshopkit.tui.store_worker import StoreWorker
from workshopkit.tui.terminal_input import (
    key_typed,
    plain_escape,
    read_keys_as_typed,
    unambiguous_escape_sequences,
)

if TYPE_CHECKING:
    from workshopkit.core.views import BreakoutView, PointView
    from workshopkit.tui.state import WorkshopState
    from workshopkit.tui.store_calls import StoreCalls


def _palette_commands():
    # Loaded when the palette first opens: the palette machinery is slow to import.
    from workshopkit.tui.commands import WorkshopkitCommands

    return WorkshopkitCommands


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
    LOOK_EVERY = 0.1  # seconds: others' changes show within a blink (see others_changes)

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
        self.worker = StoreWorker(self, self._open_store, self._store_opened, self.quiet_for)
        self.others = OthersChanges(self, self.worker)
        self.last_key_at = float("-inf")  # no key yet: nothing waits for a pause in typing
        self.state: WorkshopState | None = None
        self.undo = UndoSteps(self)  # ctrl+z
        self.voter: str | None = None  # who votes in voting mode, when not the user
        self.timers: Any = None  # rings and redraws breakout timers, once the screen is up
        self.small = SmallTerminal(self)  # a notice instead of the screens in a tiny terminal
        self.room = RoomProcess()  # the room's server, when this UI opened the room

    @property
    def store(self) -> "StoreCalls | None":
        """The Store, once the store worker has opened it."""
        return self.worker.store

    @property
    def store_error(self) -> str | None:
        """Why the store could not be opened; every job then reports it."""
        return self.worker.error

    @property
    def jobs(self) -> JobQueue:
        """The store calls queued for the store worker and the look thread."""
        return self.worker.jobs

    @property
    def looking(self) -> bool:
        """A look for others' changes is queued or running: none other is queued till then."""
        return self.others.looking

    @looking.setter
    def looking(self, value: bool) -> None:
        self.others.looking = value

    # -- start ---------------------------------------------------------------------

    def get_default_screen(self) -> Screen:
        """The first screen is the app's own bottom screen, not one pushed onto Textual's
        empty one: a second screen to make, style and lay out cost the first frame a
        tenth of its time. Only its module is loaded before it is drawn."""
        if self.demo or self.start_workshop:
            from workshopkit.tui.screens.workshop import WorkshopScreen  # see above

            return WorkshopScreen(self.start_workshop, self.start_breakout, demo=self.demo)
        from workshopkit.tui.screens.workshops import WorkshopsScreen  # see above

        return WorkshopsScreen()

    def on_mount(self) -> None:
        self.small.start()  # the terminal may be too small for the first screen
        self.call_after_refresh(self._first_frame_drawn)
        if self.ask_name:
            from workshopkit.tui import names  # only for a browser session's name

            self.call_after_refresh(names.ask_for_name, self)

    # Nothing else starts for this long after the first frame: a facilitator who types at
    # once sees the first keys at once. The store worker's first read (on a thread of its
    # own, but holding the interpreter lock), the looks for others' changes and the
    # breakout timers all wait for it.
    FIRST_KEYS_GRACE = 0.05
    first_frame_at = float("inf")  # time.monotonic() of the first frame

    def _first_frame_drawn(self) -> None:
        if not gc.isenabled():
            # Started from the command line, with no garbage collection on the way here
            # (see launch.py). What was made so far lives as long as the app: it is left
            # out of collections from now on.
            gc.freeze()
            gc.enable()
        self.first_frame_at = time.monotonic()
        self.set_timer(self.FIRST_KEYS_GRACE, self._start_background)

    def _start_background(self) -> None:
        from workshopkit.tui.timers import TimerWatch  # no timer rings before the first frame

        self.worker.start()  # the store loads in the first pause in typing after this
        self.others.start()
        self.set_interval(self.LOOK_EVERY, self.look_for_changes, name="look for changes")
        self.timers = TimerWatch(self)
        self.set_interval(1, self.timers.tick, name="breakout timers")

    def _open_store(self) -> "StoreCalls":
        """On the store worker."""
        # Loaded here, on the worker, after the first paint: it brings in SQLAlchemy.
        from workshopkit.store.facade import Store

        return Store(self.db, self.user)

    def _store_opened(self, store: "StoreCalls") -> None:
        """On the store worker, once the store is open."""
        if not self.named:
            from workshopkit.tui import names  # on the store worker, after the first frame

            names.take_remembered_name(self, store)

    def get_driver_class(self):
        driver_class = super().get_driver_class()
        read_keys_as_typed(driver_class)  # undecodable bytes, Esc then typing at once
        unambiguous_escape_sequences()  # Esc then "fish…" is not ctrl+right then "ish…"
        return driver_class

    def _replace_base(self, screen: Screen) -> None:
        """Show ``screen`` in place of every screen: of the bottom one too."""
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.switch_screen(screen)

    def show_workshops(self, message: str | None = None) -> None:
        # Each screen's module loads when first shown: the first paint loads only its own.
        from workshopkit.tui.screens.workshops import WorkshopsScreen

        self.state = None
        self.undo.clear()
        self._replace_base(WorkshopsScreen(message))

    def open_workshop(self, key: str, breakout: str | None = None) -> None:
        # Each screen's module loads when first shown: the first paint loads only its own.
        from workshopkit.tui.screens.workshop import WorkshopScreen

        self.undo.clear()
        self._replace_base(WorkshopScreen(key, breakout))

    # -- keys as typed -------------------------------------------------------------

    def quiet_for(self, seconds: float) -> bool:
        """True when no key has been pressed for ``seconds``."""
        return time.monotonic() - self.last_key_at >= seconds

    def on_resize(self, event: events.Resize) -> None:
        self.small.fit(event.size)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.Paste):
            self.last_key_at = time.monotonic()
            screen = self.screen
            if isinstance(screen, WorkshopkitScreen):
                screen.answer_at_once()
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

    # -- store jobs ----------------------------------------------------------------

    def run_early(self, work: EarlyWork, done: Done) -> None:
        """Queue a read that needs no store (``work`` gets None); it runs before the store
        opens when it can, and in turn with the other jobs otherwise."""
        self.jobs.put_early(Job(work, done, early=True))

    def run_job(self, work: Work, done: Done | None = None, failed: Failed | None = None) -> None:
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
        self.room.stop()  # the room stays open in the store: the next start serves it again

    # -- changes -------------------------------------------------------------------

    def look_for_changes(self) -> None:
        """Bring in what other note-takers (terminals, browsers, commands) have saved."""
        self.others.look()

    def points_changed(self, points: "Iterable[PointView]") -> None:
        """The store confirmed these points: update the state, then tell every open screen."""
        points = list(points)
        if self.state is not None:  # a copy older than the one shown is not drawn either
            points = [point for point in points if self.state.apply(point)]
        self.tell_screens(lambda: PointsChanged(points))

    def tell_screens(self, message: Callable[[], Message]) -> None:
        """Give a new ``message()`` to each of workshopkit's screens (``hear``); never to
        Textual's own (the palette): one below the top, woken, repaints the whole screen."""
        for screen in self.screen_stack:
            if isinstance(screen, WorkshopkitScreen):
                screen.hear(message())

    def breakout_changed(self, breakout: "BreakoutView") -> None:
        """The store confirmed a change to a breakout (blind voting, say): every open
        screen redraws from it, as for a change another note-taker made."""
        if self.state is not None:
            self.state.add_breakout(breakout)
        self.points_changed([])

    def remember(self, label: str, undo: Work) -> None:
        """Offer ``undo`` (a store call returning the points it changed) on ctrl+z."""
        self.undo.remember(label, undo)

    def tell(self, text: str) -> None:
        """Say what a change did: on the status line of a screen that has one (a toast
        there would cover the capture bar), else as a toast."""
        screen = self.screen
        if isinstance(screen, WorkshopkitScreen):
            screen.tell(text)
        else:
            self.notify(text, markup=False)

    def action_undo(self) -> None:
        self.undo.undo()

    # -- keys and export -----------------------------------------------------------

    def action_keys(self) -> None:
        from workshopkit.tui.dialogs.keys import KeysDialog, binding_rows  # when first asked

        screen = self.screen
        own = screen.key_sections() if isinstance(screen, WorkshopkitScreen) else []
        sections = [(heading, binding_rows(self, bindings)) for heading, bindings in own]
        sections.append(("Anywhere", binding_rows(self, self.BINDINGS)))
        sections.append(("", [("ctrl+p", "Command palette: every action by name")]))
        self.push_screen(KeysDialog(f"Keys: {screen.sub_title or screen.title or ''}", sections))

    def action_export(self, include_all: bool = False) -> None:
        if self.state is None:
            self.notify("Open a workshop first, then export its action list.", markup=False)
            return
        # Loaded when asked for: the markdown renderer is slow to import.
        from workshopkit.tui.screens.export import ExportScreen

        if isinstance(self.screen, ExportScreen):
            return
        self.push_screen(ExportScreen(self.state.slug, include_all=include_all))
