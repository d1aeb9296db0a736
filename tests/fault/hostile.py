"""Hostile stores and disks for the fault tests: damaged files, read-only folders, full disks.

Each damage starts from a real store with a workshop of a few hundred points, so that the
damage lands in real data pages and not only in an empty file.
"""

import contextlib
import hashlib
import os
import random
import resource
import shutil
import signal
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from workshopkit.store.facade import Store
from workshopkit.store.models import SCHEMA_VERSION

SLUG = "harbour-day"
POINTS = 300


def seeded(path: Path, points: int = POINTS) -> str:
    """A store at ``path`` holding harbour-day with ``points`` points in breakout A."""
    with Store(str(path), "Sam") as store:
        view = store.create_workshop("Harbour Day", ["Getting there", "Next steps"])
        texts = [f"Point {n} about buses, parking and signs #barrier" for n in range(points)]
        store.add_points(view.breakouts[0], texts)
    # Everything in the file itself, as after a clean close: the -wal is gone.
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    return view.slug


def _pages(path: Path) -> tuple[int, int, int]:
    connection = sqlite3.connect(path)
    try:
        root = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'point'"
        ).fetchone()[0]
        size = connection.execute("PRAGMA page_size").fetchone()[0]
        count = connection.execute("PRAGMA page_count").fetchone()[0]
    finally:
        connection.close()
    return root, size, count


def corrupt(path: Path) -> None:
    """Scribble over the point table's pages; the header, schema and version stay readable.

    The store still opens: the damage shows only when points are read or written.
    """
    root, size, count = _pages(path)
    junk = random.Random(1).randbytes(size // 2)
    with path.open("r+b") as handle:
        for page in range(root, count + 1, 2):
            handle.seek((page - 1) * size + 8)
            handle.write(junk)


def truncate(path: Path) -> None:
    """Cut the file in half, as a copy that stopped when a USB stick was pulled."""
    os.truncate(path, path.stat().st_size // 2)


def not_sqlite(path: Path) -> None:
    """Meeting notes where the store should be: ``--db notes.md`` by mistake."""
    path.write_text("# Harbour Day\n\n- Parking is scarce on market days\n", encoding="utf-8")


def newer_schema(path: Path) -> None:
    """A store written by a newer workshopkit (its schema version is one ahead)."""
    connection = sqlite3.connect(path)
    connection.execute(
        "UPDATE wk_meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 1),)
    )
    connection.commit()
    connection.close()


# name → (damage, words the message must contain: what went wrong, and what to do)
DAMAGES: dict[str, tuple[Callable[[Path], None], tuple[str, ...]]] = {
    "corrupt": (corrupt, ("malformed", "The store is damaged: restore it from a copy")),
    "truncated": (truncate, ("malformed", "The store is damaged: restore it from a copy")),
    "not-sqlite": (not_sqlite, ("is not a workshopkit store", "check the --db path")),
    "newer-schema": (newer_schema, ("newer workshopkit", "Upgrade workshopkit to open it")),
}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def backups(folder: Path) -> list[str]:
    """Files an upgrade would have made: a refused store must not get one."""
    return sorted(p.name for p in folder.iterdir() if ".bak" in p.name)


def integrity(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        connection.close()


def flat(text: str) -> str:
    """Screen or message text with every run of spaces and line ends as one space: a
    message wrapped over several lines still reads as one sentence."""
    return " ".join(text.split())


def refused(result, *words: str) -> str:
    """Assert the contract for a refused command; return its one line.

    Exit 1, nothing on standard output, one ``Error:`` line on standard error that holds
    ``words`` (what went wrong, and what to do), and no traceback.
    """
    where = f"exit {result.returncode}\nstdout: {result.stdout!r}\nstderr: {result.stderr!r}"
    assert result.returncode == 1, where
    assert result.stdout == "", where
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), where
    for word in words:
        assert word in lines[0], where
    return lines[0]


# -- full disks --------------------------------------------------------------------------


def disk_limit(limit: int) -> Callable[[], None]:
    """A ``preexec_fn`` that lets the child write no file beyond ``limit`` bytes.

    ``RLIMIT_FSIZE`` behaves like a disk that fills: a write past the limit fails (EFBIG)
    instead of killing the process, which is what SIGXFSZ would do if it were not ignored.
    It needs no privileges, so it works the same for a developer and in CI.
    """

    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        # The soft limit only: lifting it later (space freed) then needs no privilege.
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))

    return apply


def free_the_disk(pid: int) -> None:
    """Lift a running child's file size limit: space has been freed."""
    unlimited = resource.RLIM_INFINITY
    resource.prlimit(pid, resource.RLIMIT_FSIZE, (unlimited, unlimited))


# -- read-only folders -------------------------------------------------------------------


@contextlib.contextmanager
def read_only_folder(folder: Path) -> Iterator[tuple[str, ...]]:
    """Make ``folder`` read-only for the child processes; yields a command prefix.

    An ordinary user gets a folder without write permission. Root ignores permissions,
    so for root (as in CI) the child runs in a mount namespace of its own where the folder
    is a read-only bind mount: the kernel refuses every write (EROFS), and the mount goes
    away with the child, whatever happens to the test.
    """
    if os.geteuid() != 0:
        mode = folder.stat().st_mode
        folder.chmod(0o555)
        try:
            yield ()
        finally:
            folder.chmod(mode)
        return
    if shutil.which("unshare") is None:
        message = "a read-only folder for root needs unshare (util-linux)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    script = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" "$0" && exec "$@"'
    yield ("unshare", "--mount", "--propagation", "private", "sh", "-c", script, str(folder))
