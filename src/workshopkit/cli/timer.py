"""`workshopkit timer`: start or stop a breakout's timer from the command line.

The timer is the same one the TUI shows: every open screen counts down from it.
"""

from typing import Annotated

import typer
from rich.text import Text

from workshopkit.cli.common import WorkshopArg, command, out, store_settings
from workshopkit.core.timer import DEFAULT_MINUTES


@command("timer")
def timer(
    ctx: typer.Context,
    workshop: WorkshopArg,
    breakout: Annotated[str, typer.Argument(help="Breakout letter, or the start of its title.")],
    minutes: Annotated[
        int | None,
        typer.Argument(
            help=f"1 to 60 [default: the breakout's last length, or {DEFAULT_MINUTES}]."
        ),
    ] = None,
    stop: Annotated[bool, typer.Option("--stop", help="Stop the timer instead.")] = False,
) -> None:
    """Start a breakout's timer from now (every open screen counts down), or stop it."""
    with store_settings(ctx).store() as store:
        if stop:
            changed = store.stop_timer(workshop, breakout)
            out.print(Text(f"Timer for breakout {changed.letter} {changed.title} stopped."))
            return
        if minutes is None:
            minutes = store.breakout(workshop, breakout).timer_minutes or DEFAULT_MINUTES
        changed = store.start_timer(workshop, breakout, minutes)
    ends = changed.timer_ends_at.astimezone().strftime("%H:%M:%S")
    out.print(
        Text(f"Timer for breakout {changed.letter} {changed.title}: {minutes} min, ends at {ends}.")
    )
