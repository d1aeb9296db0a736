"""Upgrading an older store's schema, one version at a time, inside the transaction
that opens it (see ``schema.ensure_schema``)."""

from collections.abc import Callable
from datetime import date

from sqlalchemy import Connection, select, text, update

from workshopkit.core.dates import due_date
from workshopkit.store.models import Point, Revision


def _add_due_date(connection: Connection) -> None:
    """Schema 1 → 2: points keep a parsed due date beside the text, for sorting."""
    connection.execute(text("ALTER TABLE point ADD COLUMN due_date DATE"))
    rows = connection.execute(select(Point.id, Point.due).where(Point.due.is_not(None)))
    for point_id, due in rows.all():
        parsed: date | None = due_date(due)
        if parsed is not None:
            connection.execute(update(Point).where(Point.id == point_id).values(due_date=parsed))


TRACKED_TABLES = ("workshop", "breakout", "point", "vote")


def _add_revisions(connection: Connection) -> None:
    """Schema 2 → 3: rows carry the revision that wrote them and when each field changed."""
    for table in TRACKED_TABLES:
        connection.execute(
            text(f"ALTER TABLE {table} ADD COLUMN field_times VARCHAR NOT NULL DEFAULT ''")
        )
        connection.execute(text(f"ALTER TABLE {table} ADD COLUMN rev INTEGER NOT NULL DEFAULT 0"))
        connection.execute(text(f"CREATE INDEX ix_{table}_rev ON {table} (rev)"))
    Revision.__table__.create(connection)
    connection.execute(Revision.__table__.insert().values(id=1, rev=0))


def _add_facilitation(connection: Connection) -> None:
    """Schema 3 → 4: templates, breakout timers, scores, done actions, carried actions and
    merged duplicates."""
    columns = {
        "workshop": ("template VARCHAR",),
        "breakout": ("timer_minutes INTEGER", f"timer_ends_at {_timestamp(connection)}"),
        "point": (
            "score INTEGER",
            f"done_at {_timestamp(connection)}",
            "carried_from VARCHAR",
            f"merged_into {_uuid(connection)}",
            "absorbed VARCHAR NOT NULL DEFAULT ''",
        ),
    }
    for table, added in columns.items():
        for column in added:
            connection.execute(text(f"ALTER TABLE {table} ADD COLUMN {column}"))


def _add_blind_voting(connection: Connection) -> None:
    """Schema 4 → 5: a breakout's blind voting is stored, not held by one screen."""
    connection.execute(text("ALTER TABLE breakout ADD COLUMN blind BOOLEAN NOT NULL DEFAULT false"))


def _add_room(connection: Connection) -> None:
    """Schema 5 → 6: the room on phones, kept with its workshop."""
    for column in (
        "room_open BOOLEAN NOT NULL DEFAULT false",
        "room_code VARCHAR NOT NULL DEFAULT ''",
        "room_secret VARCHAR NOT NULL DEFAULT ''",
        "room_letter VARCHAR NOT NULL DEFAULT ''",
        "room_adding BOOLEAN NOT NULL DEFAULT true",
        "room_voting BOOLEAN NOT NULL DEFAULT false",
        "room_phones INTEGER NOT NULL DEFAULT 0",
    ):
        connection.execute(text(f"ALTER TABLE workshop ADD COLUMN {column}"))


def _timestamp(connection: Connection) -> str:
    return "TIMESTAMP WITH TIME ZONE" if connection.dialect.name == "postgresql" else "DATETIME"


def _uuid(connection: Connection) -> str:
    return "UUID" if connection.dialect.name == "postgresql" else "CHAR(32)"


def _add_plan_fields(connection: Connection) -> None:
    """Schema 6 → 7: improvement plans' refs, statuses and progress notes on points."""
    for column in (
        "plan_ref VARCHAR",
        "status VARCHAR NOT NULL DEFAULT 'open'",
        f"status_at {_timestamp(connection)}",
        "progress VARCHAR",
    ):
        connection.execute(text(f"ALTER TABLE point ADD COLUMN {column}"))
    # An action marked done before statuses were kept is done, since the same moment.
    connection.execute(
        text("UPDATE point SET status = 'done', status_at = done_at WHERE done_at IS NOT NULL")
    )


def _index_voters(connection: Connection) -> None:
    """Schema 7 → 8: a voter's dots are found by the voter, not by reading every point of
    the breakout (a dot on a breakout of 10,000 points took 3 ms, a tenth of it now)."""
    connection.execute(text("CREATE INDEX IF NOT EXISTS ix_vote_voter ON vote (voter)"))


# Each entry upgrades a store from that version to the next one.
MIGRATIONS: dict[int, Callable[[Connection], None]] = {
    1: _add_due_date,
    2: _add_revisions,
    3: _add_facilitation,
    4: _add_blind_voting,
    5: _add_room,
    6: _add_plan_fields,
    7: _index_voters,
}
