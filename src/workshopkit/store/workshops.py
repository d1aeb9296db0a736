"""Workshops and breakouts: creating them (from a template, carrying actions
forward), listing and loading them, breakout timers, blind voting and the room on
phones."""

import uuid
from collections.abc import Iterable

from sqlalchemy import Connection, Row, func, insert, select, update

from workshopkit.core import timer
from workshopkit.core.carry import (
    CARRIED_TITLE,
    carried_prompt,
    carried_values,
    open_actions,
)
from workshopkit.core.errors import WorkshopkitError
from workshopkit.core.refs import breakout_letter
from workshopkit.core.room import RoomRefused, RoomState, new_join_code, new_room_secret
from workshopkit.core.templates import find_template
from workshopkit.core.text import one_line
from workshopkit.core.views import (
    BreakoutView,
    WorkshopSummary,
    WorkshopView,
)
from workshopkit.core.voting import (
    VoteRules,
)
from workshopkit.store import lookup, schema, sqlite_read
from workshopkit.store.core import StoreCore
from workshopkit.store.models import Breakout, Point, Workshop, utcnow
from workshopkit.store.row_views import (
    breakout_view,
    field_times,
    new_point_row,
)
from workshopkit.store.sqlite_insert import INSERT_POINT


def list_workshops(store: "StoreCore") -> list[WorkshopSummary]:
    """Every workshop, most recently active first."""
    with store._read() as connection:
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


def create_workshop(
    store: "StoreCore",
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
    with store._write() as connection:
        # Found before the new workshop exists, which its slug could otherwise match.
        source = None if carry_from is None else lookup.find_workshop(connection, carry_from)
        slug = lookup.free_slug(connection, title)
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
                **store._stamp(connection),
            )
        )
        first = 0 if source is None else carry_forward(store, connection, workshop_id, source)
        for index, (breakout_title, prompt) in enumerate(plan, first):
            insert_breakout(
                store, connection, workshop_id, index, breakout_title, prompt, timer_minutes
            )
    return store.workshop(slug)


def carry_forward(
    store: "StoreCore", connection: Connection, workshop_id: uuid.UUID, source: Row
) -> int:
    """Copy ``source``'s open actions into breakout A; how many breakouts that took."""
    earlier = lookup.load_workshop(connection, source, with_deleted=False)
    actions = open_actions(earlier)
    if not actions:
        return 0
    breakout = insert_breakout(
        store, connection, workshop_id, 0, CARRIED_TITLE, carried_prompt(earlier)
    )
    for number, point in enumerate(actions, 1):
        values = {
            **new_point_row(breakout.id, store.user, utcnow()),
            "number": number,
            **store._stamp(connection),
            **carried_values(point, source.slug),
        }
        connection.execute(INSERT_POINT, values)
    return 1


def slug(store: "StoreCore", key: str) -> str:
    """The full slug of the workshop ``key`` names (a slug or a unique prefix)."""
    with store._read() as connection:
        return lookup.find_workshop(connection, key).slug


def workshop(store: "StoreCore", key: str, with_deleted: bool = False) -> WorkshopView:
    """One workshop with its breakouts, live points and votes. ``key``: slug or prefix."""
    with store._read() as connection:
        rev = schema.current_revision(connection)  # first: later writes count as new
        row = lookup.find_workshop(connection, key)
        if connection.dialect.name == "sqlite" and not with_deleted:
            # The same rows in the same transaction, without SQLAlchemy's per-value
            # processing: an export or a start waits a third as long on big workshops.
            raw = connection.connection.driver_connection
            view = sqlite_read.read_in(raw, row.slug, rev)
            if view is not None:
                return view
        return lookup.load_workshop(connection, row, with_deleted, rev)


def add_breakout(
    store: "StoreCore",
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
    with store._write() as connection:
        row = lookup.find_workshop(connection, workshop)
        count = connection.execute(
            select(func.count()).select_from(Breakout).where(Breakout.workshop_id == row.id)
        ).scalar_one()
        return insert_breakout(store, connection, row.id, count, title, prompt, timer_minutes)


def insert_breakout(
    store: "StoreCore",
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
        **store._stamp(connection),
    }
    connection.execute(insert(Breakout).values(**values))
    return BreakoutView(
        values["id"], values["letter"], title, values["prompt"], timer_minutes=timer_minutes
    )


def start_timer(store: "StoreCore", workshop: str, key: str, minutes: int) -> BreakoutView:
    """Start a breakout's timer, or start it again: it runs out ``minutes`` from now."""
    timer.check_minutes(minutes)
    with store._write() as connection:
        row = lookup.find_breakout(connection, lookup.find_workshop(connection, workshop), key)
        end = timer.ends_at(utcnow(), minutes)
        return update_breakout(store, connection, row, timer_minutes=minutes, timer_ends_at=end)


def stop_timer(store: "StoreCore", workshop: str, key: str) -> BreakoutView:
    """Stop a breakout's timer; its length stays for the next start."""
    with store._write() as connection:
        row = lookup.find_breakout(connection, lookup.find_workshop(connection, workshop), key)
        return update_breakout(store, connection, row, timer_ends_at=None)


def set_blind(store: "StoreCore", workshop: str, key: str, blind: bool) -> BreakoutView:
    """Hide a breakout's vote counts (blind voting) or reveal them, for every screen."""
    with store._write() as connection:
        row = lookup.find_breakout(connection, lookup.find_workshop(connection, workshop), key)
        if bool(row.blind) == blind:
            return breakout_view(row)  # already so: the row stays as it was
        return update_breakout(store, connection, row, blind=blind)


def update_breakout(store: "StoreCore", connection: Connection, row: Row, **values) -> BreakoutView:
    stamp = store._stamp(connection)
    times = field_times(row, values, stamp["updated_at"])
    changed = update(Breakout).where(Breakout.id == row.id)
    connection.execute(changed.values(**values, **stamp, field_times=times))
    fresh = connection.execute(select(Breakout).where(Breakout.id == row.id)).one()
    return breakout_view(fresh)


def breakout(store: "StoreCore", workshop: str, key: str) -> BreakoutView:
    """A breakout by letter ('B') or the start of its title ('what wo')."""
    with store._read() as connection:
        row = lookup.find_workshop(connection, workshop)
        return breakout_view(lookup.find_breakout(connection, row, key))


# -- the room on phones ----------------------------------------------------------


def room(store: "StoreCore", workshop: str) -> RoomState:
    """The room of a workshop as the store keeps it."""
    with store._read() as connection:
        return RoomState.from_columns(lookup.find_workshop(connection, workshop)._mapping)


def open_room(store: "StoreCore", workshop: str) -> RoomState:
    """Open the room to phones. Opening it again keeps its code and its phones; a room
    that was closed opens with a new code, and no phone of before is let back in."""
    with store._write() as connection:
        row = lookup.find_workshop(connection, workshop)
        if row.room_open:
            return RoomState.from_columns(row._mapping)
        fresh = {"room_code": new_join_code(), "room_secret": new_room_secret(), "room_phones": 0}
        if not row.room_letter:  # the room starts on the first breakout
            first = connection.execute(
                select(Breakout.letter)
                .where(Breakout.workshop_id == row.id, Breakout.deleted_at.is_(None))
                .order_by(Breakout.letter)
                .limit(1)
            ).scalar_one_or_none()
            fresh["room_letter"] = first or ""
        return update_room(store, connection, row, room_open=True, **fresh)


def close_room(store: "StoreCore", workshop: str) -> RoomState:
    """Close the room: every phone's session ends, and its code no longer lets one in."""
    with store._write() as connection:
        row = lookup.find_workshop(connection, workshop)
        if not row.room_open:
            return RoomState.from_columns(row._mapping)
        return update_room(store, connection, row, room_open=False, room_code="", room_secret="")


def set_room(
    store: "StoreCore",
    workshop: str,
    breakout: str | None = None,
    adding: bool | None = None,
    voting: bool | None = None,
) -> RoomState:
    """Put a breakout on the room, and let its phones add points or vote, or stop them."""
    with store._write() as connection:
        row = lookup.find_workshop(connection, workshop)
        values: dict = {}
        if breakout is not None:
            values["room_letter"] = lookup.find_breakout(connection, row, breakout).letter
        if adding is not None:
            values["room_adding"] = adding
        if voting is not None:
            values["room_voting"] = voting
        values = {k: v for k, v in values.items() if getattr(row, k) != v}
        if not values:
            return RoomState.from_columns(row._mapping)
        return update_room(store, connection, row, **values)


def join_room(
    store: "StoreCore", workshop: str, most: int, phones: int = 1
) -> tuple[range, RoomState]:
    """Let ``phones`` more phones in, as many as fit under ``most``, in one transaction,
    and give them their numbers; refused when the room is closed or already full."""
    with store._write() as connection:
        row = lookup.find_workshop(connection, workshop)
        if not row.room_open:
            raise RoomRefused("The room is closed: ask the facilitator to open it.")
        if row.room_phones >= most:
            raise RoomRefused(f"The room is full ({most} phones). Share a phone with a neighbour.")
        numbers = range(row.room_phones + 1, min(row.room_phones + phones, most) + 1)
        return numbers, update_room(store, connection, row, room_phones=numbers[-1])


def update_room(store: "StoreCore", connection: Connection, row: Row, **values) -> RoomState:
    stamp = store._stamp(connection)
    times = field_times(row, values, stamp["updated_at"])
    changed = update(Workshop).where(Workshop.id == row.id)
    connection.execute(changed.values(**values, **stamp, field_times=times))
    return RoomState.from_columns({**row._mapping, **values})
