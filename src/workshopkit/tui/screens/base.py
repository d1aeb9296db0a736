"""What the app may ask of any workshopkit screen, with the answer of a screen that has
nothing to say: no keys of its own, no palette commands, no status line; and when a
screen draws.

Textual draws a screen on a repeating timer that is paused while nothing changes. When
that timer wakes after a pause, it skips to the tick after the next one, so a frame that
follows another by less than a period waits up to two periods (33 ms at 60 frames a
second) with nothing else to do. In a room voting, the list changes several times a
second, and a key typed just after one of those frames showed that much later. The
screens here draw on a clock of their own (``FrameTimer``): at once when the last frame
was a period or more ago, and otherwise as soon as the period is up. The answer to a key
never waits for the period: what the facilitator types shows at once, whenever the last
frame was (the period holds back only what others change).
"""

import asyncio
import contextlib
import gc
import math
from collections.abc import Callable
from functools import cache, cached_property

from textual import events
from textual._time import get_time
from textual.binding import Binding
from textual.message import Message
from textual.screen import UPDATE_PERIOD, Screen
from textual.timer import EventTargetGone, Timer

from workshopkit.tui.messages import PointsChanged, TimerTick

Command = tuple[str, str, Callable[[], object]]  # name, help, what it runs
KeySection = tuple[str, list[Binding]]  # a heading of the keys screen, and its keys


class FrameTimer(Timer):
    """A paused-until-needed timer that ticks at most once every ``interval`` seconds,
    unless hurried."""

    hurries = 0  # frames still to draw without waiting for the period

    @cached_property
    def _hurried(self) -> asyncio.Event:
        return asyncio.Event()

    def hurry(self) -> None:
        """A key was pressed: the next two frames are drawn without waiting for the period.
        Two, because a frame already due for another change may come before the key is
        handled, and the frame that answers it is the one after."""
        self.hurries = 2
        self._hurried.set()

    async def _run(self) -> None:
        last = -math.inf
        while True:
            await self._active.wait()  # resumed: something on the screen changed
            wait = last + self._interval - get_time()
            if wait > 0 and not self.hurries:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._hurried.wait(), wait)
                await self._active.wait()
            last = get_time()
            self.hurries = max(0, self.hurries - 1)
            if not self.hurries:
                self._hurried.clear()
            try:
                await self._tick(next_timer=last, count=0)
            except EventTargetGone:
                break


@cache
def settle_memory() -> None:
    """Once the first workshop is on screen, what the app is made of (modules, styles,
    widgets: most of its objects) is left out of Python's full garbage collections. They
    walked it all several times a minute in a busy room, stopping the app for about a
    tenth of a second each time; now they take about a tenth of that."""
    gc.freeze()


class WorkshopkitScreen(Screen):
    """The base of every workshopkit screen (dialogs are Textual's modal screens)."""

    _frame_timer: Timer | None = None
    _held: list[Message] | None = None  # the app's news while another screen is on top

    def on_mount(self) -> None:
        # The toasts' rack is hidden by its style. Textual hides it again when the screen
        # is first shown, after the first frame, and that is a layout and a repaint of
        # the whole screen just as the first keys arrive. Hidden here, before the first
        # layout, that second hiding changes nothing.
        for rack in self.query("ToastRack"):
            rack.display = False

    def hear(self, message: Message) -> None:
        """Take the app's ``message`` (points changed, a timer tick…) now if this screen
        is on top, or once it is on top again.

        Textual passes whatever the screen under the top one redraws up to the top one,
        as a repaint of the whole screen there, and once more each time a message wakes
        the screen under: in a voting room, every dot redrew the whole voting screen.
        The news waits instead, changed points merged into one message.
        """
        if self.is_active:
            self.post_message(message)
            return
        held = self._held = self._held or []
        last = held[-1] if held else None
        if isinstance(message, PointsChanged) and isinstance(last, PointsChanged):
            merged = {p.id: p for p in last.points} | {p.id: p for p in message.points}
            held[-1] = PointsChanged(list(merged.values()))
        elif not (isinstance(message, TimerTick) and any(isinstance(m, TimerTick) for m in held)):
            held.append(message)

    def on_screen_resume(self, _event: events.ScreenResume) -> None:
        held, self._held = self._held, None
        for message in held or ():
            self.post_message(message)

    @property
    def _update_timer(self) -> Timer:
        # Textual's own frame timer, on the clock above. Made when first asked for, as
        # Textual makes its own.
        if self._frame_timer is None:
            draw = self._on_timer_update
            timer = FrameTimer(self, UPDATE_PERIOD, name="screen_update", callback=draw, pause=True)
            timer._start()
            self._timers.add(timer)
            self._frame_timer = timer
        return self._frame_timer

    def answer_at_once(self) -> None:
        """A key was pressed: the frame that answers it is drawn without waiting."""
        timer = self._update_timer
        if isinstance(timer, FrameTimer):
            timer.hurry()

    def key_sections(self) -> list[KeySection]:
        """This screen's keys, under their headings, for the keys screen (f1)."""
        return []

    def palette_commands(self) -> list[Command]:
        """This screen's commands for the palette (ctrl+p), before the app's own."""
        return []

    def tell(self, text: str) -> None:
        """Say what a change just did. Screens with a status line say it there (a toast
        would cover what they show); this one has none, so it is a toast."""
        self.notify(text, markup=False)

    def _pop_result_callback(self) -> None:
        # The app's first screen is its default screen (see WorkshopkitApp), which is
        # never pushed, so it has no result callback for Textual to drop when another
        # screen replaces it.
        if self._result_callbacks:
            super()._pop_result_callback()

    @property
    def closed(self) -> bool:
        """True once the screen has been closed. A message posted to it just before then
        finds it on its way out: it must not draw from a state that has moved on."""
        return self not in self.app.screen_stack
