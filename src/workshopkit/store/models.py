"""SQLModel tables of the store.

Every row has a UUID key, UTC ``created_at``/``updated_at``, the name of whoever changed
it last, and a ``deleted_at`` tombstone instead of being deleted: that is what lets undo
and merging offline laptops work. ``field_times`` records when each field was last
changed (merging keeps the later value of each field), and ``rev`` is the store's
revision of the transaction that last wrote the row (open screens fetch the rows above
the revision they last saw). Rows are read only by ``store.py``, which hands out
plain values, never these objects.
"""

import uuid
from datetime import UTC, date, datetime

from sqlalchemy import DateTime, Index, TypeDecorator, UniqueConstraint
from sqlmodel import Field, SQLModel

from workshopkit.store.version import SCHEMA_VERSION  # noqa: F401 (re-exported)


def utcnow() -> datetime:
    """Now, in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A timestamp that is always UTC, whatever the engine stores."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        if value is not None and dialect.name == "sqlite":
            # SQLite keeps text; a fixed UTC form keeps it sortable and comparable.
            return value.astimezone(UTC).replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Meta(SQLModel, table=True):
    """Key/value facts about the store itself, such as its schema version."""

    __tablename__ = "wk_meta"
    key: str = Field(primary_key=True)
    value: str


class Tracked(SQLModel):
    """What every row of workshopkit's data carries: a UUID, UTC times, who, a tombstone."""

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    changed_by: str = ""
    deleted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # {"field": "ISO time"} for fields changed after the row was created (schema 3).
    field_times: str = ""
    rev: int = Field(default=0, index=True)  # the store revision that last wrote this row


class Revision(SQLModel, table=True):
    """The store's revision: one row, one more with every write transaction (schema 3).

    Every writer updates this row first, so writers queue on it (on PostgreSQL as on
    SQLite) and revisions follow commit order: a reader that has seen revision N has seen
    every row written at N or before.
    """

    __tablename__ = "wk_revision"
    id: int = Field(default=1, primary_key=True)
    rev: int = 0


class Workshop(Tracked, table=True):
    """One event; its slug names it on the command line."""

    __tablename__ = "workshop"
    slug: str = Field(unique=True, index=True)
    title: str
    date: str | None = None  # ISO date as typed (YYYY-MM-DD)
    venue: str | None = None
    dots_per_voter: int = 5
    cap_per_point: int = 3
    template: str | None = None  # the template it was set up from (schema 4)
    # The room on phones (schema 6; see core/room.RoomState): in the store, so it survives
    # a restart and every note-taker's screen shows it.
    room_open: bool = False
    room_code: str = ""
    room_secret: str = ""
    room_letter: str = ""
    room_adding: bool = True
    room_voting: bool = False
    room_phones: int = 0


class Breakout(Tracked, table=True):
    """One group discussion of a workshop, lettered A, B, C… in creation order."""

    __tablename__ = "breakout"
    __table_args__ = (UniqueConstraint("workshop_id", "letter"),)
    workshop_id: uuid.UUID = Field(foreign_key="workshop.id", index=True)
    letter: str
    title: str
    prompt: str | None = None
    # The breakout timer (schema 4): its length, and when it runs out while it is running.
    # Kept in the store so it survives a restart and every note-taker sees the same time.
    timer_minutes: int | None = None
    timer_ends_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Blind voting (schema 5): the counts stay hidden on every screen and in every export
    # until the facilitator reveals them. Stored, so it survives a restart and every
    # note-taker's screen follows it.
    blind: bool = False


class Point(Tracked, table=True):
    """One thing raised; its ref is the breakout letter and its number."""

    __tablename__ = "point"
    # Numbers are never reused: the next one is one more than any row, tombstones included.
    __table_args__ = (UniqueConstraint("breakout_id", "number"),)
    breakout_id: uuid.UUID = Field(foreign_key="breakout.id")
    number: int
    text: str
    kind: str = "note"
    owner: str | None = None
    due: str | None = None  # as typed: "2010-03", "March 2010", "Ongoing"
    due_date: date | None = None  # parsed from due, for sorting (schema 2)
    themes: str = ""  # space-separated theme words (a theme never holds whitespace)
    tally: int = 0  # the room's show of hands, set by the facilitator
    captured_by: str = ""
    # Schema 4:
    score: int | None = None  # a force's strength, 1–5, in a force-field analysis
    done_at: datetime | None = Field(default=None, sa_type=UTCDateTime)  # an action done
    carried_from: str | None = None  # "slug ref" of the action this one carries forward
    merged_into: uuid.UUID | None = None  # the point a duplicate was folded into
    absorbed: str = ""  # JSON: what this point took in from duplicates, to undo it
    # Schema 7, an improvement plan's fields: the action's ref in the plan it came from,
    # where it stands (core.status; "done" always with done_at), since when, and the
    # plan's progress note.
    plan_ref: str | None = None
    status: str = "open"
    status_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    progress: str | None = None


class Vote(Tracked, table=True):
    """The dots one voter has on one point (0 once all are taken back)."""

    __tablename__ = "vote"
    __table_args__ = (
        UniqueConstraint("point_id", "voter"),
        Index("ix_vote_point", "point_id"),
        Index("ix_vote_voter", "voter"),  # a voter's dots in a breakout, at each dot
    )
    point_id: uuid.UUID = Field(foreign_key="point.id")
    voter: str
    dots: int = 0
