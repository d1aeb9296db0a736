"""The Store: the one facade for every read and write of workshopkit's data.

Each user action is one short transaction (``BEGIN IMMEDIATE`` on SQLite); a merge of
another store is many, each short (see ``merge.py``). What the
store returns is a plain frozen value from ``views.py``; no database session outlives
the call that made it.

Many processes may write to one store at once (terminals, browser sessions, the command
line). Every write takes the store's next revision first, which queues writers; one that
still finds the store busy is run again a few times before the user hears of it.
"""

import functools
import random
import re
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Row, func, insert, select, update
from sqlalchemy.exc import SQLAlchemyError

from workshopkit.core import timer
from workshopkit.core.capture import Captured, parse, theme_word
from workshopkit.core.carry import (
    CARRIED_TITLE,
    carried_prompt,
    carried_values,
    check_done,
    open_actions,
)
from workshopkit.core.dates import due_date
from workshopkit.core.errors import Ambiguous, NotFound, StoreError, WorkshopkitError
from workshopkit.core.kinds import Kind, parse_kind
from workshopkit.core.refs import breakout_letter
from workshopkit.core.templates import find_template
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
from workshopkit.core.voting import (
    VoteRules,
    check_add_dot,
    check_remove_dot,
    check_tally,
)
from workshopkit.store import schema
from workshopkit.store.models import Breakout, Point, Vote, Workshop, utcnow
from workshopkit.store.row_views import (
    Values,
    breakout_view,
    field_times,
    point_values,
    point_view,
    workshop_view,
)
from workshopkit.store.slugs import free_slug
from workshopkit.store.sqlite_insert import INSERT_POINT, NEXT_NUMBER, SqlitePointInserter
from workshopkit.store.watch import ChangeWatcher

if TYPE_CHECKING:
    from workshopkit.core.dupes import Pair
    from workshopkit.core.importing.notes import ImportPlan, Progress
    from workshopkit.store.duplicates import Merged, Unmerged
    from workshopkit.store.imported import ImportReport
    from workshopkit.store.other_stores import MergeReport

_REF = re.compile(r"([A-Za-z]+)(\d+)")


class _Busy(StoreError):
    """Another writer held the store; the write changed nothing and may be run again."""


WRITE_ATTEMPTS = 6


def _retrying(method):
    """Run a write again (after a short random pause) when another writer was in the way.

    A write is one transaction that either committed or changed nothing, so running it
    again is safe. The busy timeout covers ordinary queues; this covers the rest (a
    PostgreSQL serialization failure, a SQLite lock that the timeout cannot wait out).
    """

    @functools.wraps(method)
    def wrapper(self: "Store", *args, **kwargs):
        for attempt in range(WRITE_ATTEMPTS):
            try:
                return method(self, *args, **kwargs)
            except _Busy:
                if attempt == WRITE_ATTEMPTS - 1:
                    break
                time.sleep(random.uniform(0.01, 0.05) * 2**attempt)
        raise StoreError(
            f"The store {self.location} stayed busy with other people's saves; "
            "nothing was changed. Try again."
        )

    return wrapper


def _require_text(captured: Captured) -> None:
    if not captured.text.strip():
        raise WorkshopkitError("A point needs some text besides its tags; nothing was saved.")


class Store:
    """Open (or create) the store at ``location`` and act as ``user``.

    ``location`` is a SQLite file path, a database URL, or None for ``WORKSHOPKIT_DB``
    and then ``sessions/workshopkit.db``.
    """

    def __init__(self, location: str | None = None, user: str | None = None) -> None:
        self.location = schema.resolve_location(location)
        self.user = one_line(user or "") or default_user()
        if self.location.path is not None:
            version = schema.check_sqlite_file(self.location)
            if version is not None and version < schema.SCHEMA_VERSION:
                self.backup_path = schema.backup_sqlite_file(self.location.path, version)
        try:
            self._engine = schema.make_engine(self.location)
        except (SQLAlchemyError, ImportError) as error:
            raise StoreError(
                f"Cannot open the store {self.location}: {error}. Check the --db URL "
                "(e.g. postgresql+psycopg://host/db) and that its driver is installed."
            ) from None
        self._writer = self._engine.execution_options(workshopkit_write=True)
        self._inserter = (
            SqlitePointInserter(self._engine) if self.location.path is not None else None
        )
        try:
            schema.ensure_schema(self._engine, str(self.location))
        except BaseException:
            self._engine.dispose()
            raise

    backup_path = None  # set when opening upgraded an older store

    def close(self) -> None:
        """Release every connection."""
        self._engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    # -- transactions --------------------------------------------------------------

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        try:
            with self._engine.connect() as connection:
                yield connection
        except SQLAlchemyError as error:
            raise StoreError(
                f"Could not read {self.location}: {schema.describe_error(error)}."
            ) from None
        except ValueError as error:
            raise self._unreadable(f"Could not read {self.location}", error) from None

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """A write transaction at the store's next revision (``_stamp`` carries it)."""
        try:
            with self._writer.begin() as connection:
                connection.info["wk_rev"] = schema.next_revision(connection)
                yield connection
        except SQLAlchemyError as error:
            if schema.is_busy(error):
                raise _Busy(str(self.location)) from None
            raise StoreError(
                f"Could not save to {self.location} (nothing was changed): "
                f"{schema.describe_error(error)}."
            ) from None
        except ValueError as error:
            message = f"Could not save to {self.location} (nothing was changed)"
            raise self._unreadable(message, error) from None

    @staticmethod
    def _unreadable(what: str, error: ValueError) -> StoreError:
        """A row that no longer reads as its type (a bad UUID, say) means damage."""
        return StoreError(f"{what}: a stored value is unreadable ({error}). {schema.DAMAGED}.")

    def _stamp(self, connection: Connection) -> dict:
        """Who changed a row, when, and at which revision."""
        return {
            "updated_at": utcnow(),
            "changed_by": self.user,
            "rev": connection.info["wk_rev"],
        }

    # -- revisions -----------------------------------------------------------------

    def watcher(self) -> ChangeWatcher:
        """A cheap way to ask, again and again, whether anyone has written since."""
        return ChangeWatcher(self, self.location.path)

    def revision(self) -> int:
        """The revision of the store's last committed write."""
        with self._read() as connection:
            return schema.current_revision(connection)

    def changes(self, workshop_id: uuid.UUID, since: int) -> Changes:
        """What was written to one workshop after revision ``since``: for open screens.

        Only rows written after ``since`` are read, so a 10,000-point breakout costs no
        more than a small one. The revision is read first: a write that commits while this
        reads comes again next time rather than being missed.
        """
        with self._read() as connection:
            rev = schema.current_revision(connection)
            if rev <= since:
                return Changes(rev)
            workshop = connection.execute(
                select(Workshop).where(Workshop.id == workshop_id)
            ).one_or_none()
            if workshop is None:
                return Changes(rev)
            breakouts = connection.execute(
                select(Breakout).where(Breakout.workshop_id == workshop_id)
            ).all()
            letters = {b.id: b.letter for b in breakouts}
            changed_points = select(Point.id).join(Breakout, Breakout.id == Point.breakout_id)
            changed_votes = (
                select(Vote.point_id)
                .join(Point, Point.id == Vote.point_id)
                .join(Breakout, Breakout.id == Point.breakout_id)
            )
            ids = set(
                connection.execute(
                    changed_points.where(Breakout.workshop_id == workshop_id, Point.rev > since)
                ).scalars()
            )
            ids.update(
                connection.execute(
                    changed_votes.where(Breakout.workshop_id == workshop_id, Vote.rev > since)
                ).scalars()
            )
            points = self._points_by_id(connection, sorted(ids), letters, rev)
        return Changes(
            rev,
            workshop=workshop_view(workshop, rev=rev) if workshop.rev > since else None,
            breakouts=tuple(
                breakout_view(b) for b in breakouts if b.rev > since and b.deleted_at is None
            ),
            points=tuple(points),
        )

    def _points_by_id(
        self,
        connection: Connection,
        ids: list[uuid.UUID],
        letters: dict[uuid.UUID, str],
        rev: int = 0,
    ) -> list[PointView]:
        views: list[PointView] = []
        for start in range(0, len(ids), 500):  # keeps each IN (…) list a sane size
            chunk = ids[start : start + 500]
            voters: dict[uuid.UUID, list[tuple[str, int]]] = {}
            for vote in connection.execute(
                select(Vote.point_id, Vote.voter, Vote.dots).where(
                    Vote.point_id.in_(chunk), Vote.deleted_at.is_(None), Vote.dots > 0
                )
            ):
                voters.setdefault(vote.point_id, []).append((vote.voter, vote.dots))
            for row in connection.execute(select(Point).where(Point.id.in_(chunk))):
                letter = letters.get(row.breakout_id)
                if letter is not None:
                    views.append(point_view(row, letter, tuple(voters.get(row.id, ())), rev))
        return sorted(views, key=lambda p: (p.letter, p.number))

    # -- workshops -----------------------------------------------------------------

    def list_workshops(self) -> list[WorkshopSummary]:
        """Every workshop, most recently active first."""
        with self._read() as connection:
            live_breakouts = (
                select(Breakout.workshop_id, func.count().label("n"))
                .where(Breakout.deleted_at.is_(None))
                .group_by(Breakout.workshop_id)
                .subquery()
            )
            live_points = (
                select(
                    Breakout.workshop_id,
                    func.count().label("n"),
                    func.max(Point.updated_at).label("last"),
                )
                .join(Breakout, Breakout.id == Point.breakout_id)
                .where(Point.deleted_at.is_(None))
                .group_by(Breakout.workshop_id)
                .subquery()
            )
            rows = connection.execute(
                select(Workshop, live_breakouts.c.n, live_points.c.n, live_points.c.last)
                .outerjoin(live_breakouts, live_breakouts.c.workshop_id == Workshop.id)
                .outerjoin(live_points, live_points.c.workshop_id == Workshop.id)
                .where(Workshop.deleted_at.is_(None))
            ).all()
        summaries = [
            WorkshopSummary(
                id=row.id,
                slug=row.slug,
                title=row.title,
                date=row.date,
                venue=row.venue,
                breakouts=row[-3] or 0,
                points=row[-2] or 0,
                # max() keeps the column's UTC type, so it compares with updated_at.
                updated_at=max(row.updated_at, row[-1] or row.updated_at),
            )
            for row in rows
        ]
        return sorted(summaries, key=lambda s: (s.updated_at, s.slug), reverse=True)

    @_retrying
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
        ``timer_minutes`` is the length of every breakout's timer (started later).
        """
        title = one_line(title)
        if not title:
            raise WorkshopkitError("A workshop needs a title.")
        VoteRules(dots_per_voter, cap_per_point)  # refuses a budget or cap below 1
        if timer_minutes is not None:
            timer.check_minutes(timer_minutes)
        titles = [one_line(t) for t in breakouts]
        if any(not t for t in titles):
            raise WorkshopkitError("A breakout needs a title.")
        chosen = find_template(template) if template is not None else None
        plan = [(b.title, b.prompt) for b in chosen.breakouts] if chosen else []
        plan += [(t, None) for t in titles]
        with self._write() as connection:
            # Found before the new workshop exists, which its slug could otherwise match.
            source = None if carry_from is None else self._find_workshop(connection, carry_from)
            slug = free_slug(connection, title)
            workshop_id = uuid.uuid4()
            now = utcnow()
            connection.execute(
                insert(Workshop).values(
                    id=workshop_id,
                    slug=slug,
                    title=title,
                    date=one_line(date or "") or None,
                    venue=one_line(venue or "") or None,
                    dots_per_voter=dots_per_voter,
                    cap_per_point=cap_per_point,
                    template=chosen.name if chosen else None,
                    created_at=now,
                    **self._stamp(connection),
                )
            )
            first = 0 if source is None else self._carry_forward(connection, workshop_id, source)
            for index, (breakout_title, prompt) in enumerate(plan, first):
                self._insert_breakout(
                    connection, workshop_id, index, breakout_title, prompt, timer_minutes
                )
        return self.workshop(slug)

    def _carry_forward(self, connection: Connection, workshop_id: uuid.UUID, source: Row) -> int:
        """Copy ``source``'s open actions into breakout A; how many breakouts that took."""
        earlier = self._load(connection, source, with_deleted=False)
        actions = open_actions(earlier)
        if not actions:
            return 0
        breakout = self._insert_breakout(
            connection, workshop_id, 0, CARRIED_TITLE, carried_prompt(earlier)
        )
        for number, point in enumerate(actions, 1):
            now = utcnow()
            values = {
                "id": uuid.uuid4(),
                "breakout_id": breakout.id,
                "number": number,
                "tally": 0,
                "captured_by": self.user,
                "created_at": now,
                "deleted_at": None,
                "field_times": "",
                "score": None,
                "done_at": None,
                "merged_into": None,
                "absorbed": "",
                **self._stamp(connection),
                **carried_values(point, source.slug),
            }
            connection.execute(INSERT_POINT, values)
        return 1

    def slug(self, key: str) -> str:
        """The full slug of the workshop ``key`` names (a slug or a unique prefix)."""
        with self._read() as connection:
            return self._find_workshop(connection, key).slug

    def workshop(self, key: str, with_deleted: bool = False) -> WorkshopView:
        """One workshop with its breakouts, live points and votes. ``key``: slug or prefix."""
        with self._read() as connection:
            rev = schema.current_revision(connection)  # first: later writes count as new
            row = self._find_workshop(connection, key)
            return self._load(connection, row, with_deleted, rev)

    def _find_workshop(self, connection: Connection, key: str) -> Row:
        key = one_line(key).lower()  # slugs are lowercase; "Harbour-Day" means harbour-day
        live = select(Workshop).where(Workshop.deleted_at.is_(None))
        exact = connection.execute(live.where(Workshop.slug == key)).first()
        if exact is not None:
            return exact
        # Sorted here, not by ORDER BY, whose order follows the database's collation.
        matches = sorted(
            connection.execute(live.where(Workshop.slug.startswith(key, autoescape=True))),
            key=lambda m: m.slug,
        )
        if not key or not matches:
            raise NotFound(f"No workshop '{key}'. See the list with: workshopkit list")
        if len(matches) > 1:
            slugs = ", ".join(m.slug for m in matches[:5])
            raise Ambiguous(f"'{key}' matches several workshops ({slugs}); type more of it.")
        return matches[0]

    def _load(
        self, connection: Connection, workshop: Row, with_deleted: bool, rev: int = 0
    ) -> WorkshopView:
        breakouts = connection.execute(
            select(Breakout)
            .where(Breakout.workshop_id == workshop.id, Breakout.deleted_at.is_(None))
            .order_by(func.length(Breakout.letter), Breakout.letter)
        ).all()
        ids = [b.id for b in breakouts]
        point_query = select(Point).where(Point.breakout_id.in_(ids)).order_by(Point.number)
        if not with_deleted:
            point_query = point_query.where(Point.deleted_at.is_(None))
        points = connection.execute(point_query).all()
        votes = connection.execute(
            select(Vote.point_id, Vote.voter, Vote.dots)
            .join(Point, Point.id == Vote.point_id)
            .where(
                Point.breakout_id.in_(ids),
                Vote.deleted_at.is_(None),
                Vote.dots > 0,
            )
        ).all()
        voters: dict[uuid.UUID, list[tuple[str, int]]] = {}
        for vote in votes:
            voters.setdefault(vote.point_id, []).append((vote.voter, vote.dots))
        by_breakout: dict[uuid.UUID, list[PointView]] = {b.id: [] for b in breakouts}
        letters = {b.id: b.letter for b in breakouts}
        for point in points:
            view = point_view(point, letters[point.breakout_id], tuple(voters.get(point.id, ())))
            by_breakout[point.breakout_id].append(view)
        return workshop_view(
            workshop, tuple(breakout_view(b, tuple(by_breakout[b.id])) for b in breakouts), rev
        )

    # -- breakouts -----------------------------------------------------------------

    @_retrying
    def add_breakout(
        self,
        workshop: str,
        title: str,
        prompt: str | None = None,
        timer_minutes: int | None = None,
    ) -> BreakoutView:
        """Add a breakout; it takes the next letter. ``timer_minutes``: its timer's length."""
        title = one_line(title)
        if not title:
            raise WorkshopkitError("A breakout needs a title.")
        if timer_minutes is not None:
            timer.check_minutes(timer_minutes)
        with self._write() as connection:
            row = self._find_workshop(connection, workshop)
            count = connection.execute(
                select(func.count()).select_from(Breakout).where(Breakout.workshop_id == row.id)
            ).scalar_one()
            return self._insert_breakout(connection, row.id, count, title, prompt, timer_minutes)

    def _insert_breakout(
        self,
        connection: Connection,
        workshop_id: uuid.UUID,
        index: int,
        title: str,
        prompt: str | None,
        timer_minutes: int | None = None,
    ) -> BreakoutView:
        values = {
            "id": uuid.uuid4(),
            "workshop_id": workshop_id,
            "letter": breakout_letter(index),
            "title": title,
            "prompt": one_line(prompt or "") or None,
            "timer_minutes": timer_minutes,
            "created_at": utcnow(),
            **self._stamp(connection),
        }
        connection.execute(insert(Breakout).values(**values))
        return BreakoutView(
            values["id"], values["letter"], title, values["prompt"], timer_minutes=timer_minutes
        )

    @_retrying
    def start_timer(self, workshop: str, key: str, minutes: int) -> BreakoutView:
        """Start a breakout's timer, or start it again: it runs out ``minutes`` from now."""
        timer.check_minutes(minutes)
        with self._write() as connection:
            row = self._find_breakout(connection, self._find_workshop(connection, workshop), key)
            end = timer.ends_at(utcnow(), minutes)
            return self._update_breakout(connection, row, timer_minutes=minutes, timer_ends_at=end)

    @_retrying
    def stop_timer(self, workshop: str, key: str) -> BreakoutView:
        """Stop a breakout's timer; its length stays for the next start."""
        with self._write() as connection:
            row = self._find_breakout(connection, self._find_workshop(connection, workshop), key)
            return self._update_breakout(connection, row, timer_ends_at=None)

    @_retrying
    def set_blind(self, workshop: str, key: str, blind: bool) -> BreakoutView:
        """Hide a breakout's vote counts (blind voting) or reveal them, for every screen."""
        with self._write() as connection:
            row = self._find_breakout(connection, self._find_workshop(connection, workshop), key)
            if bool(row.blind) == blind:
                return breakout_view(row)  # already so: the row stays as it was
            return self._update_breakout(connection, row, blind=blind)

    def _update_breakout(self, connection: Connection, row: Row, **values) -> BreakoutView:
        stamp = self._stamp(connection)
        times = field_times(row, values, stamp["updated_at"])
        changed = update(Breakout).where(Breakout.id == row.id)
        connection.execute(changed.values(**values, **stamp, field_times=times))
        fresh = connection.execute(select(Breakout).where(Breakout.id == row.id)).one()
        return breakout_view(fresh)

    def breakout(self, workshop: str, key: str) -> BreakoutView:
        """A breakout by letter ('B') or the start of its title ('what wo')."""
        with self._read() as connection:
            row = self._find_workshop(connection, workshop)
            return breakout_view(self._find_breakout(connection, row, key))

    def _find_breakout(self, connection: Connection, workshop: Row, key: str) -> Row:
        key = one_line(key)
        rows = connection.execute(
            select(Breakout)
            .where(Breakout.workshop_id == workshop.id, Breakout.deleted_at.is_(None))
            .order_by(Breakout.letter)
        ).all()
        for row in rows:
            if row.letter == key.upper():
                return row
        matches = [r for r in rows if key and r.title.casefold().startswith(key.casefold())]
        if len(matches) == 1:
            return matches[0]
        letters = ", ".join(f"{r.letter} {r.title}" for r in rows) or "none yet"
        if matches:
            raise Ambiguous(f"'{key}' matches several breakouts; use a letter ({letters}).")
        raise NotFound(f"No breakout '{key}' in {workshop.slug}; breakouts: {letters}.")

    # -- points --------------------------------------------------------------------

    def add_point(self, breakout: BreakoutView, text: str) -> PointView:
        """Capture one point written in the capture language; returns it once committed."""
        return self.add_points(breakout, [text])[0]

    @_retrying
    def add_points(self, breakout: BreakoutView, texts: Iterable[str]) -> list[PointView]:
        """Capture several points in one transaction: all are saved, or none."""
        parsed = [parse(text) for text in texts]
        for captured in parsed:
            _require_text(captured)
        rows = []
        with self._insert_transaction() as insert_point:
            for captured in parsed:
                now = utcnow()
                values = {
                    "id": uuid.uuid4(),
                    "breakout_id": breakout.id,
                    "tally": 0,
                    "captured_by": self.user,
                    "created_at": now,
                    "updated_at": now,
                    "changed_by": self.user,
                    "deleted_at": None,
                    "field_times": "",
                    "score": None,
                    "done_at": None,
                    "carried_from": None,
                    "merged_into": None,
                    "absorbed": "",
                    **point_values(captured),
                }
                values["number"] = insert_point(values)
                rows.append(values)
        return [point_view(Values(v), breakout.letter) for v in rows]

    @contextmanager
    def _insert_transaction(self) -> Iterator[Callable[[dict], int]]:
        """A write transaction that numbers and inserts points (fast path on SQLite)."""
        if self._inserter is None:
            with self._write() as connection:

                def insert_point(values: dict) -> int:
                    values["rev"] = connection.info["wk_rev"]
                    number = connection.execute(
                        NEXT_NUMBER, {"breakout_id": values["breakout_id"]}
                    ).scalar_one()
                    connection.execute(INSERT_POINT, {**values, "number": number + 1})
                    return number + 1

                yield insert_point
            return
        try:
            with self._inserter.transaction() as insert_point:
                yield insert_point
        except sqlite3.Error as error:
            if schema.is_busy(error):
                raise _Busy(str(self.location)) from None
            raise StoreError(
                f"Could not save to {self.location} (nothing was changed): "
                f"{schema.describe_error(error)}."
            ) from None

    def point(self, workshop: str, ref: str) -> PointView:
        """One point by ref, deleted or not."""
        with self._read() as connection:
            row, letter = self._find_point(connection, workshop, ref, allow_deleted=True)
            return self._point_with_votes(connection, row, letter)

    def _find_point(
        self, connection: Connection, workshop: str, ref: str, allow_deleted: bool = False
    ) -> tuple[Row, str]:
        workshop_row = self._find_workshop(connection, workshop)
        match = _REF.fullmatch(one_line(ref))
        if not match:
            raise NotFound(f"'{one_line(ref)}' is not a ref; refs look like A1 or B7.")
        letter, number = match[1].upper(), int(match[2])
        row = connection.execute(
            select(Point)
            .join(Breakout, Breakout.id == Point.breakout_id)
            .where(
                Breakout.workshop_id == workshop_row.id,
                Breakout.letter == letter,
                Breakout.deleted_at.is_(None),
                Point.number == number,
            )
        ).first()
        if row is None:
            raise NotFound(f"No point {letter}{number} in {workshop_row.slug}.")
        if row.deleted_at is not None and not allow_deleted:
            raise NotFound(
                f"{letter}{number} was deleted; bring it back with: "
                f"workshopkit restore {workshop_row.slug} {letter}{number}"
            )
        return row, letter

    def _point_with_votes(self, connection: Connection, row: Row, letter: str) -> PointView:
        votes = connection.execute(
            select(Vote.voter, Vote.dots).where(
                Vote.point_id == row.id, Vote.deleted_at.is_(None), Vote.dots > 0
            )
        ).all()
        # Written in this transaction: at its revision. Read: not known.
        rev = connection.info.get("wk_rev", 0)
        return point_view(row, letter, tuple((v.voter, v.dots) for v in votes), rev)

    def _update_point(self, connection: Connection, row: Row, letter: str, **values) -> PointView:
        stamp = self._stamp(connection)
        times = field_times(row, values, stamp["updated_at"])
        connection.execute(
            update(Point).where(Point.id == row.id).values(**values, **stamp, field_times=times)
        )
        fresh = connection.execute(select(Point).where(Point.id == row.id)).one()
        return self._point_with_votes(connection, fresh, letter)

    @_retrying
    def edit_point(self, workshop: str, ref: str, text: str) -> PointView:
        """Replace a point's text and tags with ``text`` in the capture language."""
        captured = parse(text)
        _require_text(captured)
        with self._write() as connection:
            row, letter = self._find_point(connection, workshop, ref)
            return self._update_point(connection, row, letter, **point_values(captured))

    @_retrying
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
        values: dict = {}
        if kind is not None:
            found = parse_kind(kind)
            if found is None:
                names = ", ".join(k.value for k in Kind)
                raise WorkshopkitError(f"'{one_line(kind)}' is not a kind; use one of {names}.")
            values["kind"] = found.value
        if owner is not None:
            values["owner"] = one_line(owner) or None
        if due is not None:
            values["due"] = one_line(due) or None
            values["due_date"] = due_date(values["due"]) if values["due"] else None
        new_themes = []
        for theme in themes:
            word = theme_word(one_line(theme))
            if word is None:
                raise WorkshopkitError(
                    f"'{one_line(theme)}' is not a theme: one word starting with a letter, "
                    "and not a kind (use --kind for that)."
                )
            new_themes.append(word)
        with self._write() as connection:
            row, letter = self._find_point(connection, workshop, ref)
            if new_themes:
                merged = row.themes.split()
                known = {t.casefold() for t in merged}  # a set: a pasted 100 KB stays linear
                for word in new_themes:
                    if word.casefold() not in known:
                        known.add(word.casefold())
                        merged.append(word)
                values["themes"] = " ".join(merged)
            return self._update_point(connection, row, letter, **values)

    @_retrying
    def delete_point(self, workshop: str, ref: str) -> PointView:
        """Tombstone a point. Its ref is never reused; ``restore_point`` brings it back."""
        with self._write() as connection:
            row, letter = self._find_point(connection, workshop, ref)
            return self._update_point(connection, row, letter, deleted_at=utcnow())

    @_retrying
    def restore_point(self, workshop: str, ref: str) -> PointView:
        """Bring a deleted point back, with its tags and votes."""
        with self._write() as connection:
            row, letter = self._find_point(connection, workshop, ref, allow_deleted=True)
            if row.deleted_at is None:
                raise WorkshopkitError(f"{letter}{row.number} is not deleted; nothing to restore.")
            if row.merged_into is not None:  # its dots and tags live on in the kept point
                slug = self._find_workshop(connection, workshop).slug
                raise WorkshopkitError(
                    f"{letter}{row.number} was merged into another point as a duplicate; put "
                    f"it back with: workshopkit dupes {slug} --undo {letter}{row.number}"
                )
            return self._update_point(connection, row, letter, deleted_at=None)

    @_retrying
    def set_done(self, workshop: str, ref: str, done: bool = True) -> PointView:
        """Mark an action (a next step) done, or with ``done=False`` open it again."""
        with self._write() as connection:
            row, letter = self._find_point(connection, workshop, ref)
            check_done(row.kind, row.done_at is not None, f"{letter}{row.number}", done)
            return self._update_point(connection, row, letter, done_at=utcnow() if done else None)

    # -- merging -------------------------------------------------------------------

    def merge_store(
        self,
        other: str,
        workshop: str | None = None,
        force: bool = False,
        progress: "Progress | None" = None,
    ) -> "MergeReport":
        """Bring another store (a file or a URL) into this one; see ``other_stores.py``.

        It writes in many short transactions, so that others can save in between; a
        store of more than ``other_stores.MERGE_LIMIT`` points is refused unless ``force``.
        ``progress(done, total)`` counts the other store's rows.
        """
        from workshopkit.store.other_stores import merge_store

        where = schema.resolve_location(other)
        if self._same_store(where):
            raise WorkshopkitError(f"{where} is this store; merge another laptop's store into it.")

        def find_workshop(connection: Connection, key: str) -> Row:
            try:
                return self._find_workshop(connection, key)
            except NotFound:
                raise NotFound(f"No workshop '{one_line(key)}' in {where}.") from None

        return merge_store(
            self._read, self._merge_batch, where, workshop, find_workshop, force, progress
        )

    # Each transaction of a merge is run again on its own when another writer was in the
    # way: running the whole merge again would count what it had already written twice.
    @_retrying
    def _merge_batch(self, apply: Callable[[Connection, int], object]) -> object:
        with self._write() as connection:
            return apply(connection, connection.info["wk_rev"])

    def _same_store(self, where: schema.Location) -> bool:
        mine = self.location
        if where.path is not None and mine.path is not None:
            try:
                return where.path.resolve() == mine.path.resolve() or (
                    where.path.exists() and where.path.samefile(mine.path)
                )
            except OSError:
                return False
        return (
            where.path is None
            and mine.path is None
            and (
                where.url.render_as_string(hide_password=False)
                == mine.url.render_as_string(hide_password=False)
            )
        )

    # -- importing notes -----------------------------------------------------------

    @_retrying
    def import_notes(
        self,
        plan: "ImportPlan",
        workshop: str | None = None,
        dry_run: bool = False,
        progress: "Progress | None" = None,
    ) -> "ImportReport":
        """Write an import plan (see ``importer.py``) in one transaction: all of it, or nothing.

        ``workshop`` (a slug, the start of one, or a title) is added to; one that matches
        none is created with that title; None creates one titled from the plan. A breakout
        whose title the workshop has is added to. ``dry_run`` reports without writing.
        """
        from workshopkit.store.imported import import_plan

        if dry_run:
            with self._read() as connection:
                return import_plan(connection, None, plan, workshop, self._find_workshop)
        with self._write() as connection:
            stamp = self._stamp(connection)
            return import_plan(connection, stamp, plan, workshop, self._find_workshop, progress)

    # -- duplicates ----------------------------------------------------------------

    def find_duplicates(self, workshop: str, threshold: float | None = None) -> "list[Pair]":
        """Near-duplicate pairs among a workshop's live points; see ``dupes.py``."""
        from workshopkit.core.dupes import THRESHOLD, check_threshold, find_duplicates

        threshold = check_threshold(THRESHOLD if threshold is None else threshold)
        return find_duplicates(self.workshop(workshop).points, threshold)

    @_retrying
    def merge_points(self, workshop: str, keep: str, absorb: str) -> "Merged":
        """Fold point ``absorb`` into ``keep``; ``unmerge`` undoes it. See ``duplicates.py``."""
        from workshopkit.store import duplicates

        with self._write() as connection:
            row = self._find_workshop(connection, workshop)
            kept = self._find_point(connection, row.slug, keep, allow_deleted=True)
            gone = self._find_point(connection, row.slug, absorb, allow_deleted=True)
            return duplicates.fold(connection, self._stamp(connection), row, kept, gone)

    @_retrying
    def merge_duplicates(
        self, workshop: str, threshold: float | None = None
    ) -> "tuple[list[tuple[Pair, Merged]], list[tuple[Pair, str]]]":
        """Merge every near-duplicate pair (the earlier point kept), all or none.

        Returns the pairs merged, and the pairs left with the reason (see ``plan_merges``).
        """
        from workshopkit.core.dupes import THRESHOLD, check_threshold
        from workshopkit.store import duplicates

        threshold = check_threshold(THRESHOLD if threshold is None else threshold)
        with self._write() as connection:
            row = self._find_workshop(connection, workshop)
            points = self._load(connection, row, with_deleted=False).points
            return duplicates.fold_all(connection, self._stamp(connection), row, points, threshold)

    @_retrying
    def unmerge(self, workshop: str, ref: str) -> "Unmerged":
        """Put back a point a merge absorbed, exactly, and take back what the kept one got."""
        from workshopkit.store import duplicates

        with self._write() as connection:
            gone = self._find_point(connection, workshop, ref, allow_deleted=True)
            return duplicates.unfold(connection, self._stamp(connection), gone)

    # -- votes ---------------------------------------------------------------------

    @_retrying
    def vote(self, workshop: str, ref: str, voter: str, remove: bool = False) -> VoteResult:
        """Place (or take back) one dot of ``voter`` on a point, within budget and cap."""
        voter = one_line(voter)
        if not voter:
            raise WorkshopkitError("A vote needs a voter's name (--voter NAME).")
        with self._write() as connection:
            workshop_row = self._find_workshop(connection, workshop)
            row, letter = self._find_point(connection, workshop_row.slug, ref)
            votes = connection.execute(
                select(Vote.id, Vote.point_id, Vote.voter, Vote.dots, Vote.field_times)
                .join(Point, Point.id == Vote.point_id)
                .where(
                    Point.breakout_id == row.breakout_id,
                    Point.deleted_at.is_(None),
                    Vote.deleted_at.is_(None),
                )
            ).all()
            # "sam" and "Sam" are one voter: keep the spelling first used.
            for vote in votes:
                if vote.voter.casefold() == voter.casefold():
                    voter = vote.voter
                    break
            mine = [v for v in votes if v.voter == voter]
            used = sum(v.dots for v in mine)
            existing = next((v for v in mine if v.point_id == row.id), None)
            on_point = existing.dots if existing else 0
            rules = VoteRules(workshop_row.dots_per_voter, workshop_row.cap_per_point)
            ref_text = f"{letter}{row.number}"
            if remove:
                check_remove_dot(voter, ref_text, on_point)
                on_point, used = on_point - 1, used - 1
            else:
                check_add_dot(rules, voter, ref_text, letter, used, on_point)
                on_point, used = on_point + 1, used + 1
            if existing is None:
                now = utcnow()
                connection.execute(
                    insert(Vote).values(
                        id=uuid.uuid4(),
                        point_id=row.id,
                        voter=voter,
                        dots=on_point,
                        created_at=now,
                        **self._stamp(connection),
                    )
                )
            else:
                stamp = self._stamp(connection)
                times = field_times(existing, {"dots": on_point}, stamp["updated_at"])
                connection.execute(
                    update(Vote)
                    .where(Vote.id == existing.id)
                    .values(dots=on_point, field_times=times, **stamp)
                )
            point = self._point_with_votes(connection, row, letter)
        return VoteResult(point, voter, on_point, rules.dots_per_voter - used)

    @_retrying
    def set_tally(self, workshop: str, ref: str, count: int) -> PointView:
        """Set the room tally (a counted show of hands) of a point."""
        check_tally(count)
        with self._write() as connection:
            row, letter = self._find_point(connection, workshop, ref)
            return self._update_point(connection, row, letter, tally=count)
