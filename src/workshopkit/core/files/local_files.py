"""Which files of this machine a command may open for the user: notes to import, exports.

A session that ``workshopkit serve`` runs for a browser runs as the facilitator's account,
but the person typing is a note-taker on another machine: a path they type must never
reach the facilitator's files (``/etc/passwd``, ``~/.ssh/…``). Such a session calls
``refuse_paths()`` before anything else, and every function that opens a path a user
named calls ``check_allowed()`` first, so the rule holds even where a command that asks
for a path was left on screen. The store and the drafts are the app's own files and are
not affected.

Notes are opened only when they are a regular file: a FIFO, a device or a socket would
block the read for ever (``mkfifo f; workshopkit import f``), or never end.
"""

import os
import stat
from pathlib import Path

from workshopkit.core.errors import WorkshopkitError
from workshopkit.core.text import one_line

_refused = False


class LocalFilesRefused(WorkshopkitError):
    """A file of the serving machine asked for from a browser session."""


def refuse_paths() -> None:
    """From now on this process opens no file a user names (a served browser session)."""
    global _refused
    _refused = True


def paths_allowed() -> bool:
    """Whether this process may open files that a user names."""
    return not _refused


def check_allowed(what: str) -> None:
    """Raise ``LocalFilesRefused`` in a served session; ``what``: 'import files' etc."""
    if _refused:
        raise LocalFilesRefused(
            f"A browser session cannot {what} on the machine running serve; ask the "
            "facilitator to do it there."
        )


def open_regular(path: Path):
    """``path`` opened for reading in binary, only if it is a regular file.

    A FIFO, a device, a socket or a folder is refused in one line from its ``stat``,
    before it is opened: opening some of them has effects of its own, and reading a FIFO
    waits for a writer. The open itself does not block either, and the descriptor is
    checked again, so that a FIFO swapped in between the check and the open cannot hang
    the command.
    """
    check_allowed("import files")
    shown = one_line(str(path))
    try:
        _refuse_unless_regular(os.stat(path).st_mode, shown)
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise WorkshopkitError(f"Cannot read {shown}: {error.strerror or error}.") from None
    try:
        _refuse_unless_regular(os.fstat(descriptor).st_mode, shown)
        os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def _refuse_unless_regular(mode: int, shown: str) -> None:
    if stat.S_ISDIR(mode):
        raise WorkshopkitError(f"{shown} is a folder; name a notes file inside it.")
    if not stat.S_ISREG(mode):
        raise WorkshopkitError(
            f"{shown} is not a regular file (it is {_kind(mode)}); save the notes to a "
            "file and import that, or pipe them in with '-'."
        )


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"
