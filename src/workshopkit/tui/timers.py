"""Breakout timers on screen: the countdown, and a bell and a flash when one runs out.

The store keeps when a timer runs out; every screen works out the time left from that
once a second, so all note-takers see the same countdown and a restart loses nothing.
"""

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from workshopkit.core.timer import DEFAULT_MINUTES, clock_face, seconds_left
from workshopkit.tui.messages import TimerTick, TimeUp
from workshopkit.tui.widgets.cells import flat

if TYPE_CHECKING:
    from workshopkit.core.views import BreakoutView

# A timer that ran out longer ago than this (the app was closed at the time) rings no bell
# when the app next looks: the moment has passed.
RING_WITHIN_SECONDS = 5


def now() -> datetime:
    return datetime.now(UTC)


def timer_label(breakout: "BreakoutView | None", at: datetime) -> str:
    """What the title line shows of a breakout's timer: "⏱ 04:12", "⏱ time's up", or ""."""
    if breakout is None or breakout.timer_ends_at is None:
        return ""
    left = seconds_left(breakout.timer_ends_at, at)
    return f"⏱ {clock_face(left)}" if left else "⏱ time's up"


FLASHES = 8  # half-second changes of colour: four flashes, then the title is as it was


def flash(widget) -> None:
    """Make ``widget`` flash (its ``times-up`` class on and off) for a few seconds."""
    count = 0

    def toggle() -> None:
        nonlocal count
        count += 1
        widget.set_class(count < FLASHES and count % 2 == 0, "times-up")

    widget.add_class("times-up")
    widget.set_interval(0.5, toggle, repeat=FLASHES)


class TimerWatch:
    """Looks at the open workshop's timers once a second (the app's interval calls tick);
    the screens hear of it through ``TimeUp`` and ``TimerTick``."""

    def __init__(self, app) -> None:
        self.app = app
        self.rung: set[tuple] = set()  # (breakout id, end) of timers already announced

    def tick(self) -> None:
        state = self.app.state
        if state is None:
            return
        at = now()
        any_timer = False
        for breakout in list(state.breakouts.values()):
            end = breakout.timer_ends_at
            if end is None:
                continue
            any_timer = True
            if seconds_left(end, at) or (breakout.id, end) in self.rung:
                continue
            self.rung.add((breakout.id, end))
            if (at - end).total_seconds() <= RING_WITHIN_SECONDS:
                self._time_up(breakout)
        if any_timer:
            self.app.tell_screens(TimerTick)

    def _time_up(self, breakout: "BreakoutView") -> None:
        self.app.bell()
        self.app.notify(
            f"Time's up for breakout {breakout.letter}: {flat(breakout.title)}",
            title="Timer",
            severity="warning",
            timeout=8,
            markup=False,
        )
        self.app.tell_screens(lambda: TimeUp(breakout.letter))


def ask_timer(app, letter: str) -> None:
    """Ask how many minutes breakout ``letter`` gets, then start (or, for 0, stop) its timer."""
    state = app.state
    breakout = state.breakouts.get(letter) if state is not None else None
    if breakout is None:
        return
    slug = state.slug
    running = breakout.timer_ends_at is not None and seconds_left(breakout.timer_ends_at, now())

    def answered(value: str | None) -> None:
        if value is None:
            return  # escape: the timer stays as it was
        value = value.strip()
        try:
            minutes = int(value or DEFAULT_MINUTES)
        except ValueError:
            app.notify(
                f"'{flat(value)}' is not a number of minutes; the timer is unchanged.",
                severity="error",
                markup=False,
            )
            return
        if minutes == 0:
            work = lambda store: store.stop_timer(slug, letter)  # noqa: E731
        else:
            work = lambda store: store.start_timer(slug, letter, minutes)  # noqa: E731

        def done(changed: "BreakoutView") -> None:
            if app.state is not None and app.state.slug == slug:
                app.state.add_breakout(changed)
                app.points_changed([])  # every open screen redraws its title
            said = "stopped" if minutes == 0 else f"started: {minutes} min"
            app.notify(f"Timer for breakout {letter} {said}.", markup=False)

        def failed(error: str) -> None:
            app.notify(error, severity="error", markup=False)

        app.run_job(work, done, failed)

    question = f"Timer for breakout {letter}: minutes (1–60)"
    hint = "Enter starts it from now; 0 stops it; esc leaves it as it is."
    if running:
        hint = "It is running. Enter starts it again from now; 0 stops it; esc leaves it."
    from workshopkit.tui.dialogs.ask import AskDialog  # loaded when first asked

    app.push_screen(
        AskDialog(question, str(breakout.timer_minutes or DEFAULT_MINUTES), hint=hint), answered
    )
