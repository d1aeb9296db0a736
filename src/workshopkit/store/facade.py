"""The Store: the one facade for every read and write of workshopkit's data.

Each user action is one short transaction (``BEGIN IMMEDIATE`` on SQLite); a merge of
another store is many, each short (see ``bulk/other_stores/merge.py``). What the
store returns is a plain frozen value from ``views.py``; no database session outlives
the call that made it.

Many processes may write to one store at once (terminals, browser sessions, the command
line). Every write takes the store's next revision first, which queues writers; one that
still finds the store busy is run again a few times before the user hears of it.
"""

import re
import uuid
from collections.abc import Iterable
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

from sqlalchemy import Connection

from workshopkit.core.room import RoomState
from workshopkit.core.text import one_line
from workshopkit.core.user_names import default_user
from workshopkit.core.views import (
    BreakoutView,
    Changes,
    PointView,
    VoteResult,
    WorkshopSummary,
    WorkshopView,
)
from workshopkit.store import changes, core, points, schema, votes, workshops
from workshopkit.store.core import retrying
from workshopkit.store.models import utcnow
from workshopkit.store.sqlite_insert import SqlitePointInserter
from workshopkit.store.watch import ChangeWatcher, CommitNotices

if TYPE_CHECKING:
    from workshopkit.core.capture import Captured
    from workshopkit.core.dupes import Pair
    from workshopkit.core.importing.notes import ImportPlan, Progress
    from workshopkit.store.bulk.duplicates import Merged, Unmerged
    from workshopkit.store.bulk.imported import ImportReport
    from workshopkit.store.bulk.other_stores.batches import MergeReport

_REF = re.compile(r"([A-Za-z]+)(\d+)")

# BULK_LOADS_WHEN_USED: the modules of merges, imports and folds (about 25 ms of imports)
# load when first called, not when a Store opens under the first screen.


class Store:
    """Open (or create) the store at ``location`` (a SQLite file path, a database URL,
    or None for ``WORKSHOPKIT_DB``, then ``sessions/workshopkit.db``) and act as ``user``.

    The one door the CLI and the UI call: each method below the transactions hands its
    arguments to the module that does the work, so the class holds no logic of its own.
    """

    def __init__(self, location: str | None = None, user: str | None = None) -> None:
        self.location = schema.resolve_location(location)
        self.user = one_line(user or "") or default_user()
        # backup_path: where opening copied an older store aside to upgrade it, or None.
        self._engine, self.backup_path = schema.open_store(self.location)
        self._writer = self._engine.execution_options(workshopkit_write=True)
        self._inserter = (
            SqlitePointInserter(self._engine) if self.location.path is not None else None
        )

    def close(self) -> None:
        """Release every connection."""
        self._engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    # -- transactions --------------------------------------------------------------

    def _read(self) -> AbstractContextManager[Connection]:
        return core.reading(self._engine, self.location)

    def _write(self) -> AbstractContextManager[Connection]:
        """A write transaction at the store's next revision (``_stamp`` carries it)."""
        return core.writing(self._writer, self.location)

    def _stamp(self, connection: Connection) -> dict:
        """Who changed a row, when, and at which revision."""
        return {"updated_at": utcnow(), "changed_by": self.user, "rev": connection.info["wk_rev"]}

    # -- changes -------------------------------------------------------------

    def watcher(self) -> ChangeWatcher:
        """A cheap way to ask, again and again, whether anyone has written since."""
        return changes.watcher(self)

    def commit_notices(self) -> CommitNotices | None:
        """PostgreSQL: a way to wait for another's commit; None on SQLite."""
        return changes.commit_notices(self)

    def revision(self) -> int:
        """The revision of the store's last committed write."""
        return changes.revision(self)

    def changes(self, workshop_id: uuid.UUID, since: int) -> Changes:
        """What was written to one workshop after revision ``since``: for open screens.

        Only rows written after ``since`` are read, so a 10,000-point breakout costs no
        more than a small one. The revision is read first: a write that commits while this
        reads comes again next time rather than being missed."""
        return changes.changes(self, workshop_id, since)

    # -- workshops -----------------------------------------------------------

    def list_workshops(self) -> list[WorkshopSummary]:
        """Every workshop, most recently active first."""
        return workshops.list_workshops(self)

    @retrying
    def create_workshop(
        self,
        title: str,
        breakouts: Iterable[str] = (),
        date: str | None = None,
        venue: str | None = None,
        dots_per_voter: int = 5,
        cap_per_point: int = 3,
        template: str | None = None,
        carry_from: str | None = None,
        timer_minutes: int | None = None,
    ) -> WorkshopView:
        """Create a workshop (and its first breakouts); its slug comes from the title.

        ``template`` (see ``templates.py``) puts its breakouts, with their prompts, before
        ``breakouts``. ``carry_from`` (an earlier workshop) copies its open actions into a
        first breakout, "Carried forward" (see ``carry.py``); none when it has none.
        ``timer_minutes`` is the length of every breakout's timer (started later)."""
        return workshops.create_workshop(
            self,
            title,
            breakouts,
            date,
            venue,
            dots_per_voter,
            cap_per_point,
            template,
            carry_from,
            timer_minutes,
        )

    def slug(self, key: str) -> str:
        """The full slug of the workshop ``key`` names (a slug or a unique prefix)."""
        return workshops.slug(self, key)

    def workshop(self, key: str, with_deleted: bool = False) -> WorkshopView:
        """One workshop with its breakouts, live points and votes. ``key``: slug or prefix."""
        return workshops.workshop(self, key, with_deleted)

    @retrying
    def add_breakout(
        self,
        workshop: str,
        title: str,
        prompt: str | None = None,
        timer_minutes: int | None = None,
    ) -> BreakoutView:
        """Add a breakout; it takes the next letter. ``timer_minutes``: its timer's length."""
        return workshops.add_breakout(self, workshop, title, prompt, timer_minutes)

    @retrying
    def start_timer(self, workshop: str, key: str, minutes: int) -> BreakoutView:
        """Start a breakout's timer, or start it again: it runs out ``minutes`` from now."""
        return workshops.start_timer(self, workshop, key, minutes)

    @retrying
    def stop_timer(self, workshop: str, key: str) -> BreakoutView:
        """Stop a breakout's timer; its length stays for the next start."""
        return workshops.stop_timer(self, workshop, key)

    @retrying
    def set_blind(self, workshop: str, key: str, blind: bool) -> BreakoutView:
        """Hide a breakout's vote counts (blind voting) or reveal them, for every screen."""
        return workshops.set_blind(self, workshop, key, blind)

    # -- the room on phones (closing it ends every phone's session) ------------------

    def room(self, workshop: str) -> RoomState:
        return workshops.room(self, workshop)

    @retrying
    def open_room(self, workshop: str) -> RoomState:
        return workshops.open_room(self, workshop)

    @retrying
    def close_room(self, workshop: str) -> RoomState:
        return workshops.close_room(self, workshop)

    @retrying
    def set_room(self, workshop: str, breakout=None, adding=None, voting=None) -> RoomState:
        return workshops.set_room(self, workshop, breakout, adding, voting)

    @retrying
    def join_room(self, workshop: str, most: int, phones: int = 1) -> tuple[range, RoomState]:
        return workshops.join_room(self, workshop, most, phones)

    def breakout(self, workshop: str, key: str) -> BreakoutView:
        """A breakout by letter ('B') or the start of its title ('what wo')."""
        return workshops.breakout(self, workshop, key)

    # -- points --------------------------------------------------------------

    def add_point(self, breakout: BreakoutView, point: "str | Captured") -> PointView:
        """Capture one point (its text, or the text as parsed); returns it once committed."""
        return points.add_point(self, breakout, point)

    @retrying
    def add_points(
        self, breakout: BreakoutView, texts: "Iterable[str | Captured]", by: str | None = None
    ) -> list[PointView]:
        """Capture several points in one transaction: all are saved, or none; ``by``: who."""
        return points.add_points(self, breakout, texts, by)

    def point(self, workshop: str, ref: str) -> PointView:
        """One point by ref, deleted or not."""
        return points.point(self, workshop, ref)

    @retrying
    def edit_point(self, workshop: str, ref: str, text: str) -> PointView:
        """Replace a point's text and tags with ``text`` in the capture language."""
        return points.edit_point(self, workshop, ref, text)

    @retrying
    def tag_point(
        self,
        workshop: str,
        ref: str,
        kind: str | None = None,
        owner: str | None = None,
        due: str | None = None,
        themes: Iterable[str] = (),
    ) -> PointView:
        """Change a point's tags. ``owner``/``due`` of "" clear them; themes are added."""
        return points.tag_point(self, workshop, ref, kind, owner, due, themes)

    @retrying
    def delete_point(self, workshop: str, ref: str) -> PointView:
        """Tombstone a point. Its ref is never reused; ``restore_point`` brings it back."""
        return points.delete_point(self, workshop, ref)

    @retrying
    def restore_point(self, workshop: str, ref: str) -> PointView:
        """Bring a deleted point back, with its tags and votes."""
        return points.restore_point(self, workshop, ref)

    @retrying
    def set_status(
        self, workshop: str, ref: str, status: str, note: str | None = None
    ) -> PointView:
        """Say where an action stands (open, in progress, done, dropped); ``note`` is its
        progress note ("" clears it, None keeps it)."""
        return points.set_status(self, workshop, ref, status, note)

    # -- votes ---------------------------------------------------------------

    @retrying
    def vote(
        self, workshop: str, ref: str, voter: str, remove: bool = False, from_room: bool = False
    ) -> VoteResult:
        """Place (or take back) one dot of ``voter`` on a point, within budget and cap;
        ``from_room``: a phone's, refused unless the room votes on that breakout."""
        return votes.vote(self, workshop, ref, voter, remove, from_room)

    @retrying
    def votes_together(self, workshop: str, dots: list, from_room: bool = False) -> list:
        """Dots, (ref, voter, remove) each, in one transaction: see ``store/votes.py``."""
        return votes.votes_together(self, workshop, dots, from_room)

    @retrying
    def set_tally(self, workshop: str, ref: str, count: int) -> PointView:
        """Set the room tally (a counted show of hands) of a point."""
        return votes.set_tally(self, workshop, ref, count)

    # -- merging another store, importing, duplicates ------------------------------

    def merge_store(
        self,
        other: str,
        workshop: str | None = None,
        force: bool = False,
        progress: "Progress | None" = None,
    ) -> "MergeReport":
        """Bring another store (a file or a URL) into this one; see ``other_stores/merge.py``.

        It writes in many short transactions, so that others can save in between; a
        store of more than ``batches.MERGE_LIMIT`` points is refused unless ``force``.
        ``progress(done, total)`` counts the other store's rows.
        """
        from workshopkit.store.bulk.other_stores import merge  # see BULK_LOADS_WHEN_USED

        return merge.merge_into(self, other, workshop, force, progress)

    @retrying
    def import_notes(
        self,
        plan: "ImportPlan",
        workshop: str | None = None,
        dry_run: bool = False,
        progress: "Progress | None" = None,
    ) -> "ImportReport":
        """Write an import plan (see ``importing/notes.py``) in one transaction: all of it,
        or nothing.

        ``workshop`` (a slug, the start of one, or a title) is added to; one that matches
        none is created with that title; None creates one titled from the plan. A breakout
        whose title the workshop has is added to. ``dry_run`` reports without writing.
        """
        from workshopkit.store.bulk import imported  # see BULK_LOADS_WHEN_USED

        return imported.write_import(self, plan, workshop, dry_run, progress)

    def find_duplicates(self, workshop: str, threshold: float | None = None) -> "list[Pair]":
        """Near-duplicate pairs among a workshop's live points; see ``dupes.py``."""
        return points.find_duplicates(self, workshop, threshold)

    @retrying
    def merge_points(self, workshop: str, keep: str, absorb: str) -> "Merged":
        """Fold point ``absorb`` into ``keep``; ``unmerge`` undoes it. See ``duplicates.py``."""
        from workshopkit.store.bulk import duplicates  # see BULK_LOADS_WHEN_USED

        return duplicates.fold_points(self, workshop, keep, absorb)

    @retrying
    def merge_duplicates(
        self, workshop: str, threshold: float | None = None
    ) -> "tuple[list[tuple[Pair, Merged]], list[tuple[Pair, str]]]":
        """Merge every near-duplicate pair (the earlier point kept), all or none.

        Returns the pairs merged, and the pairs left with the reason (see ``plan_merges``).
        """
        from workshopkit.store.bulk import duplicates  # see BULK_LOADS_WHEN_USED

        return duplicates.fold_every_pair(self, workshop, threshold)

    @retrying
    def unmerge(self, workshop: str, ref: str) -> "Unmerged":
        """Put back a point a merge absorbed, exactly, and take back what the kept one got."""
        from workshopkit.store.bulk import duplicates  # see BULK_LOADS_WHEN_USED

        return duplicates.unfold_point(self, workshop, ref)
