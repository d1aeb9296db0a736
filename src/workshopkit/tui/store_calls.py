"""The Store as the TUI sees it: every call its jobs make, and nothing else.

Jobs, undo steps and the app's store are typed against ``StoreCalls`` rather than the
Store itself: importing ``store/facade.py`` loads SQLAlchemy, and the first screen is
drawn before that (see ``tests/core/test_layering.py``). ``tests/tui/test_store_calls.py``
checks that the Store answers every call here, so the two cannot drift apart.
"""

import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol

from workshopkit.core.capture import Captured
from workshopkit.core.room import RoomState
from workshopkit.core.views import (
    BreakoutView,
    Changes,
    PointView,
    VoteResult,
    WorkshopSummary,
    WorkshopView,
)

if TYPE_CHECKING:  # types only: these modules load the database layer
    from workshopkit.core.importing.notes import ImportPlan, Progress
    from workshopkit.store.bulk.duplicates import Merged, Unmerged
    from workshopkit.store.bulk.imported import ImportReport


class Watcher(Protocol):
    """Tells, cheaply and again and again, whether anyone has written to the store."""

    def changed(self) -> bool: ...

    def close(self) -> None: ...


class CommitNotices(Protocol):
    """PostgreSQL: waits for another's commit (see ``store/watch.py``)."""

    def wait(self, timeout: float) -> bool: ...

    def close(self) -> None: ...


class StoreCalls(Protocol):
    """What the TUI calls on the Store, on its store worker (see ``store_worker.py``)."""

    user: str  # who signs what is saved from here on
    location: object  # where the store is; its str() names it

    def close(self) -> None: ...

    def watcher(self) -> Watcher: ...

    def commit_notices(self) -> CommitNotices | None: ...

    def changes(self, workshop_id: uuid.UUID, since: int) -> Changes: ...

    def list_workshops(self) -> list[WorkshopSummary]: ...

    def create_workshop(
        self,
        title: str,
        breakouts: Iterable[str] = (),
        date: str | None = None,
        venue: str | None = None,
        *,
        template: str | None = None,
        carry_from: str | None = None,
    ) -> WorkshopView: ...

    def workshop(self, key: str) -> WorkshopView: ...

    def add_breakout(self, workshop: str, title: str) -> BreakoutView: ...

    def start_timer(self, workshop: str, key: str, minutes: int) -> BreakoutView: ...

    def stop_timer(self, workshop: str, key: str) -> BreakoutView: ...

    def set_blind(self, workshop: str, key: str, blind: bool) -> BreakoutView: ...

    def open_room(self, workshop: str) -> RoomState: ...

    def close_room(self, workshop: str) -> RoomState: ...

    def set_room(self, workshop: str, breakout=None, adding=None, voting=None) -> RoomState: ...

    def add_point(self, breakout: BreakoutView, point: str | Captured) -> PointView: ...

    def edit_point(self, workshop: str, ref: str, text: str) -> PointView: ...

    def tag_point(
        self,
        workshop: str,
        ref: str,
        kind: str | None = None,
        owner: str | None = None,
        due: str | None = None,
        themes: Iterable[str] = (),
    ) -> PointView: ...

    def delete_point(self, workshop: str, ref: str) -> PointView: ...

    def restore_point(self, workshop: str, ref: str) -> PointView: ...

    def set_status(
        self, workshop: str, ref: str, status: str, note: str | None = None
    ) -> PointView: ...

    def vote(self, workshop: str, ref: str, voter: str, remove: bool = False) -> VoteResult: ...

    def set_tally(self, workshop: str, ref: str, count: int) -> PointView: ...

    def import_notes(
        self,
        plan: "ImportPlan",
        workshop: str | None = None,
        dry_run: bool = False,
        progress: "Progress | None" = None,
    ) -> "ImportReport": ...

    def merge_points(self, workshop: str, keep: str, absorb: str) -> "Merged": ...

    def unmerge(self, workshop: str, ref: str) -> "Unmerged": ...
