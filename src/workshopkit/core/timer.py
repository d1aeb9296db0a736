"""Breakout timers: how long a group has, and how much of it is left.

A running timer is stored as the moment it runs out (UTC), not as a count that ticks:
every screen works out the same time left from it, and it survives a restart.
"""

import math
from datetime import datetime, timedelta

from workshopkit.core.errors import WorkshopkitError

SHORTEST_MINUTES = 1
LONGEST_MINUTES = 60
DEFAULT_MINUTES = 10


def check_minutes(minutes: int) -> None:
    """A timer runs for 1 to 60 whole minutes."""
    if not SHORTEST_MINUTES <= minutes <= LONGEST_MINUTES:
        raise WorkshopkitError(
            f"A breakout timer runs for {SHORTEST_MINUTES} to {LONGEST_MINUTES} minutes; "
            f"{minutes} is outside that."
        )


def ends_at(now: datetime, minutes: int) -> datetime:
    """When a timer started ``now`` for ``minutes`` runs out."""
    return now + timedelta(minutes=minutes)


def seconds_left(end: datetime, now: datetime) -> int:
    """Whole seconds until ``end``, rounded up (so 0 means time is up), never negative."""
    return max(0, math.ceil((end - now).total_seconds()))


def clock_face(seconds: int) -> str:
    """``seconds`` as a countdown reads: 04:12, or 1:00:00 past the hour."""
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{seconds:02d}"
    return f"{minutes:02d}:{seconds:02d}"
