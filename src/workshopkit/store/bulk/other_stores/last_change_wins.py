"""Last change wins: a row that both stores hold, settled field by field (the rules are
in ``merge.py``)."""

import json
from datetime import datetime
from typing import Any

from workshopkit.store.row_views import FOLLOWERS

# The fields merged by "last change wins", table by table. Identity fields (ids, the
# workshop of a breakout, the breakout of a point, the point and voter of a vote) never
# change; numbers, letters and slugs are settled by the collision rules (see ``merge.py``).
_FIELDS = {
    "workshop": (
        "title",
        "date",
        "venue",
        "dots_per_voter",
        "cap_per_point",
        "template",
        "deleted_at",
    ),
    "breakout": ("title", "prompt", "timer_minutes", "timer_ends_at", "blind", "deleted_at"),
    "point": (
        "text",
        "kind",
        "owner",
        "due",
        "themes",
        "tally",
        "score",
        "done_at",
        "carried_from",
        "merged_into",
        "absorbed",
        "plan_ref",
        "status",
        "progress",
        "deleted_at",
    ),
    "vote": ("dots", "deleted_at"),
}
# Set together with another field: they take the winner of that field.
_FOLLOWS = {"point": FOLLOWERS}


def _order(value: Any) -> tuple:
    """A total order on field values, for ties: None first, then by their text."""
    return (value is not None, repr(value))


def _times(row: dict) -> dict[str, datetime]:
    times = json.loads(row.get("field_times") or "{}")
    return {name: datetime.fromisoformat(stamp) for name, stamp in times.items()}


def merge_row(kind: str, mine: dict, theirs: dict) -> dict:
    """``mine`` with each field taken from whichever copy changed it last."""
    merged = dict(mine)
    my_times, their_times = _times(mine), _times(theirs)
    times: dict[str, datetime] = {}
    for name in _FIELDS[kind]:
        my_time = my_times.get(name, mine["created_at"])
        their_time = their_times.get(name, theirs["created_at"])
        mine_wins = (my_time, _order(mine[name])) >= (their_time, _order(theirs[name]))
        winner = mine if mine_wins else theirs
        merged[name] = winner[name]
        for follower, leader in _FOLLOWS.get(kind, {}).items():
            if leader == name:
                merged[follower] = winner[follower]
        if name in my_times or name in their_times:
            times[name] = max(my_time, their_time)
    # As the store writes them: nothing for a row never changed since it was made.
    merged["field_times"] = (
        json.dumps(
            {name: stamp.isoformat() for name, stamp in times.items()},
            sort_keys=True,
            separators=(",", ":"),
        )
        if times
        else ""
    )
    merged["created_at"] = min(mine["created_at"], theirs["created_at"])
    latest = max((mine, theirs), key=lambda row: (row["updated_at"], row["changed_by"]))
    merged["updated_at"], merged["changed_by"] = latest["updated_at"], latest["changed_by"]
    return merged
