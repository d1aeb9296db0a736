"""Where the store lives, how its engine is set up, and its schema version.

A SQLite store is looked at read-only before anything else touches it, so that a store
written by a newer workshopkit (or a file that is not a store at all) is refused and left
byte-for-byte as it was. An older store is copied aside, then upgraded in place.
"""

import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, inspect, select, text, update
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlmodel import SQLModel

from workshopkit.core.errors import NewerStore, StoreError
from workshopkit.core.files.locations import DEFAULT_FILE, chosen_store
from workshopkit.store import migrations
from workshopkit.store.models import SCHEMA_VERSION, Meta, Revision

BUSY_TIMEOUT_SECONDS = 30
_SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass(frozen=True)
class Location:
    """A store's address: a SQLite file, or a database URL."""

    url: URL
    path: Path | None  # set for a SQLite file
    is_default: bool = False

    def __str__(self) -> str:
        if self.path is not None:
            return str(self.path)
        return self.url.render_as_string(hide_password=True)


def resolve_location(db: str | None) -> Location:
    """``--db`` wins, then ``WORKSHOPKIT_DB``, then ``sessions/workshopkit.db`` here."""
    chosen = chosen_store(db)
    if not chosen:
        return Location(URL.create("sqlite", database=str(DEFAULT_FILE)), DEFAULT_FILE, True)
    if "://" in chosen:
        try:
            url = make_url(chosen)
        except ArgumentError:
            raise StoreError(f"'{chosen}' is not a database URL or a file path.") from None
        if url.get_backend_name() == "sqlite":
            path = Path(url.database or "")
            return Location(URL.create("sqlite", database=str(path)), path)
        return Location(url, None)
    path = Path(chosen).expanduser()
    return Location(URL.create("sqlite", database=str(path)), path)


def make_engine(location: Location) -> Engine:
    """An engine with workshopkit's settings. Writes run under ``BEGIN IMMEDIATE`` on SQLite."""
    if location.path is None:
        return create_engine(location.url, pool_pre_ping=True)
    engine = create_engine(
        location.url,
        connect_args={"timeout": BUSY_TIMEOUT_SECONDS, "check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # Let SQLAlchemy's "begin" event below issue BEGIN, not the sqlite3 module.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_SECONDS * 1000}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        # A deferred BEGIN that later writes fails at once under several writers;
        # IMMEDIATE takes the write lock up front and waits out the busy timeout.
        write = connection.get_execution_options().get("workshopkit_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def check_sqlite_file(location: Location) -> int | None:
    """Look at a SQLite store without changing a byte of it.

    Returns its schema version, or None when it is new or empty. Raises for a file that is
    not a workshopkit store, one that cannot be read, or one of a newer schema.
    """
    path = location.path
    assert path is not None
    if not path.exists():
        if not path.parent.exists():
            if location.is_default:
                path.parent.mkdir(parents=True, exist_ok=True)
            else:
                raise StoreError(
                    f"Cannot create the store {path}: the folder {path.parent} does not exist."
                )
        return None
    if path.is_dir():
        raise StoreError(f"{path} is a folder; give --db the path of a store file.")
    try:
        with path.open("rb") as handle:
            head = handle.read(len(_SQLITE_MAGIC))
    except OSError as error:
        raise StoreError(f"Cannot read the store {path}: {error.strerror}.") from None
    if not head:
        return None  # an empty file is a new store
    if head != _SQLITE_MAGIC:
        raise StoreError(
            f"{path} is not a workshopkit store (it is not a SQLite database); check the --db path."
        )
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
            if "wk_meta" not in tables:
                if tables:
                    raise StoreError(
                        f"{path} is a SQLite database but not a workshopkit store; "
                        "choose another --db."
                    )
                return None
            row = connection.execute(
                "SELECT value FROM wk_meta WHERE key = 'schema_version'"
            ).fetchone()
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise StoreError(f"Cannot read the store {path}: {describe_error(error)}.") from None
    except UnicodeDecodeError:  # junk in the schema: even SQLite's message is not text
        raise StoreError(
            f"Cannot read the store {path}: its schema is unreadable. {DAMAGED}."
        ) from None
    version = _version_number(row[0] if row else None, str(path))
    _refuse_newer(version, str(path))
    return version


def _version_number(value: str | None, where: str) -> int:
    try:
        return int(value or "")
    except ValueError:
        raise StoreError(f"{where} has no readable schema version; it may be damaged.") from None


def _refuse_newer(version: int, where: str) -> None:
    if version > SCHEMA_VERSION:
        raise NewerStore(
            f"{where} was written by a newer workshopkit (schema {version}; this one reads up "
            f"to {SCHEMA_VERSION}). Upgrade workshopkit to open it; the store was not changed."
        )


def backup_sqlite_file(path: Path, version: int) -> Path:
    """Copy the store aside (a consistent copy, WAL included) before upgrading it."""
    target = path.with_name(f"{path.name}.schema{version}.bak")
    if target.exists():
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        target = path.with_name(f"{path.name}.schema{version}.{stamp}.bak")
    source = sqlite3.connect(path)
    try:
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
    finally:
        source.close()
    shutil.copymode(path, target)
    return target


# Any constant will do: it names the lock that keeps two processes from creating or
# upgrading the same PostgreSQL schema at once.
_SCHEMA_LOCK = 0x776B7363


# Built once: every write takes a revision, and every look reads one.
_NEXT_REVISION = (
    update(Revision).where(Revision.id == 1).values(rev=Revision.rev + 1).returning(Revision.rev)
)
_CURRENT_REVISION = select(Revision.rev).where(Revision.id == 1)
# PostgreSQL: the same, and a notice on the store's COMMIT_CHANNEL that goes out as the
# write commits (none if it rolls back), in the same round trip. Listeners
# (watch.CommitNotices) see another's commit at once instead of at their next look.
# Channels are the database's: each store (a schema) has its own, named after it.
COMMIT_CHANNEL = "'workshopkit_' || md5(current_schema())"  # SQL, 44 characters
_NEXT_REVISION_NOTIFIED = text(
    f"WITH taken AS (UPDATE {Revision.__tablename__} SET rev = rev + 1 WHERE id = 1 "
    f"RETURNING rev) SELECT taken.rev FROM taken, pg_notify({COMMIT_CHANNEL}, '')"
)


def next_revision(connection: Connection) -> int:
    """Take the store's next revision inside a write transaction.

    Called first in every write: on PostgreSQL the row lock makes writers wait for each
    other here, so a point's number (one more than the largest) is never taken twice;
    and the write notifies its listeners as it commits.
    """
    if connection.dialect.name == "postgresql":
        return connection.execute(_NEXT_REVISION_NOTIFIED).scalar_one()
    return connection.execute(_NEXT_REVISION).scalar_one()


def current_revision(connection: Connection) -> int:
    """The revision of the last committed write."""
    return connection.execute(_CURRENT_REVISION).scalar_one()


def ensure_schema(engine: Engine, where: str) -> None:
    """Create a new store's tables, or upgrade an older one, in one write transaction."""
    writer = engine.execution_options(workshopkit_write=True)
    try:
        with writer.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(text(f"SELECT pg_advisory_xact_lock({_SCHEMA_LOCK})"))
            if not inspect(connection).has_table(Meta.__tablename__):
                SQLModel.metadata.create_all(connection)
                connection.execute(
                    Meta.__table__.insert().values(key="schema_version", value=str(SCHEMA_VERSION))
                )
                connection.execute(Revision.__table__.insert().values(id=1, rev=0))
                return
            value = connection.execute(
                select(Meta.value).where(Meta.key == "schema_version")
            ).scalar_one_or_none()
            version = _version_number(value, where)
            _refuse_newer(version, where)
            if version == SCHEMA_VERSION:
                return
            for step in range(version, SCHEMA_VERSION):
                migrations.MIGRATIONS[step](connection)
            connection.execute(
                update(Meta).where(Meta.key == "schema_version").values(value=str(SCHEMA_VERSION))
            )
    except SQLAlchemyError as error:
        raise StoreError(f"Cannot open the store {where}: {describe_error(error)}.") from None


def open_store(location: Location) -> tuple[Engine, Path | None]:
    """The engine of the store at ``location``, its schema created or upgraded; and where
    an older SQLite store was copied aside before the upgrade (None when it was not)."""
    backup = None
    if location.path is not None:
        version = check_sqlite_file(location)
        if version is not None and version < SCHEMA_VERSION:
            backup = backup_sqlite_file(location.path, version)
    try:
        engine = make_engine(location)
    except (SQLAlchemyError, ImportError) as error:
        raise StoreError(
            f"Cannot open the store {location}: {error}. Check the --db URL "
            "(e.g. postgresql+psycopg://host/db) and that its driver is installed."
        ) from None
    try:
        ensure_schema(engine, str(location))
    except BaseException:
        engine.dispose()
        raise
    return engine, backup


# PostgreSQL's codes for a transaction that lost a race and may simply be run again.
_RETRY_SQLSTATES = {"40001", "40P01", "55P03"}


def is_busy(error: BaseException) -> bool:
    """True when ``error`` means another writer was in the way, not that the write is wrong."""
    original = getattr(error, "orig", None) or error
    if isinstance(original, sqlite3.OperationalError):
        message = str(original).lower()
        return "locked" in message or "busy" in message
    return getattr(original, "sqlstate", None) in _RETRY_SQLSTATES


DAMAGED = "The store is damaged: restore it from a copy"
_NOT_WRITABLE = (
    "workshopkit must be able to write to the store and to its folder (SQLite keeps its "
    "journal beside the store): check the permissions, or copy the store to a folder you "
    "can write to and open the copy with --db"
)
# What to do, by SQLite's primary result code (the low byte of an extended one). The
# driver's words alone ("unable to open database file") do not say whether the file is
# damaged or merely out of reach, and the remedies differ: restoring a copy over a
# healthy store that sits in a read-only folder would lose every point since the copy.
_SQLITE_ADVICE = {
    3: _NOT_WRITABLE,  # SQLITE_PERM
    8: _NOT_WRITABLE,  # SQLITE_READONLY
    10: "Check that the disk has free space and is still there, then try again",  # IOERR
    11: DAMAGED,  # SQLITE_CORRUPT
    13: "The disk is full: free some space, then try again",  # SQLITE_FULL
    14: _NOT_WRITABLE,  # SQLITE_CANTOPEN
    26: DAMAGED,  # SQLITE_NOTADB
}
# PostgreSQL: a connection exception (class 08), or the server ending the session.
_LOST_SQLSTATES = {"57P01", "57P02", "57P03"}
_LOST = (
    "The connection to the database server was lost: check that the server is running "
    "and reachable, then try again"
)


def describe_error(error: BaseException) -> str:
    """The driver's own one-line reason for a database error, then what to do about it."""
    original = getattr(error, "orig", None) or error
    reason = str(original).splitlines()[0] if str(original) else type(original).__name__
    code = getattr(original, "sqlite_errorcode", None)
    sqlstate = getattr(original, "sqlstate", None) or ""
    if code is not None:
        advice = _SQLITE_ADVICE.get(code & 0xFF)
    elif (
        getattr(error, "connection_invalidated", False)
        or sqlstate.startswith("08")
        or sqlstate in _LOST_SQLSTATES
    ):
        advice = _LOST
    else:
        advice = None
    return f"{reason}. {advice}" if advice else reason
