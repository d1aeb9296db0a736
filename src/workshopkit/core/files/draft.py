"""The capture bar's drafts: what was typed but not yet saved, kept on disk.

The TUI writes the draft on every change so that a crash, a closed laptop lid or a
killed terminal never costs the point being typed; the next start puts it back in the
bar. The file sits beside the store (for a database URL, under ``sessions/``), one per
user, so two note-takers sharing a store never restore each other's text. It holds one
draft per workshop.
"""

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from workshopkit.core.files.locations import chosen_store, sqlite_file
from workshopkit.core.text import clean, slugify

DRAFTS_FOLDER = ".drafts"


@dataclass(frozen=True)
class Draft:
    """Unsaved capture-bar text, and where it was being typed."""

    workshop: str
    breakout: str | None
    text: str


def draft_path(db: str | None, user: str) -> Path:
    """Where the drafts for this store and user live (the folder may not exist yet)."""
    who = slugify(user) or "user"
    path = sqlite_file(db)
    if path is None:
        url = chosen_store(db)
        digest = hashlib.sha256(url.encode()).hexdigest()[:12]
        return Path("sessions") / DRAFTS_FOLDER / f"{digest}-{who}.json"
    return path.parent / DRAFTS_FOLDER / f"{path.name}-{who}.json"


try:
    import fcntl
except ImportError:  # not on Windows: there, two copies under one name share a draft
    fcntl = None

_claimed: dict[Path, tuple[Path, object]] = {}  # wanted path → (claimed path, lock file)


def claim(path: Path) -> Path:
    """``path``, or ``path`` numbered -2, -3… when another running copy holds it.

    Two terminals (or browser sessions) under the same name on one store would otherwise
    overwrite each other's draft. Each running copy holds a lock on the draft it uses;
    the operating system lets go of it when the copy ends, however it ends, so the next
    start after a crash claims the first free draft, the crashed copy's included.
    """
    if path in _claimed:
        return _claimed[path][0]
    if fcntl is None:
        return path
    for number in range(1, 100):
        candidate = path if number == 1 else path.with_name(f"{path.stem}-{number}{path.suffix}")
        try:
            candidate.parent.mkdir(parents=True, exist_ok=True)
            handle = open(candidate.with_suffix(".lock"), "a")  # noqa: SIM115 (held open)
        except OSError:
            return path  # a folder we cannot write: the draft saves will fail quietly too
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            continue
        _claimed[path] = (candidate, handle)
        return candidate
    return path


class DraftFile:
    """Save, load and clear drafts. Failures are quiet: a draft is a safety net.

    A key press writes the file (before the frame that shows the key: a kill must never
    lose text that was on screen) but does not read it back: the drafts this object last
    read or wrote are kept with the file's identity then, and the file is read again
    only when it is no longer that one (another writer, or a write that failed).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        # The drafts as last read or written, and the file's identity then.
        self._known: dict[str, dict] = {}
        self._known_as: tuple[int, int, int] | None = None  # inode, size, mtime

    def _identity(self) -> tuple[int, int, int] | None:
        try:
            found = os.stat(self.path)
        except OSError:
            return None
        return (found.st_ino, found.st_size, found.st_mtime_ns)

    def _read(self) -> dict[str, dict]:
        identity = self._identity()
        if identity is not None and identity == self._known_as:
            return dict(self._known)
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            drafts = data["drafts"]
        except (OSError, ValueError, KeyError, TypeError):
            return {}
        if not isinstance(drafts, dict):
            return {}
        # Taken before the read: a change during it makes the next look read again.
        self._known, self._known_as = drafts, identity
        return dict(drafts)

    def load(self, workshop: str) -> Draft | None:
        """The draft of ``workshop``, or None when there is none (or it cannot be read)."""
        entry = self._read().get(workshop)
        try:
            draft = Draft(workshop, entry.get("breakout"), clean(str(entry["text"])))
        except (AttributeError, KeyError, TypeError):
            return None
        return draft if draft.text.strip() else None

    def save(self, draft: Draft) -> None:
        """Replace the draft of its workshop; an empty text removes it."""
        drafts = self._read()
        if draft.text.strip():
            entry = {"breakout": draft.breakout, "text": draft.text}
            if drafts.get(draft.workshop) == entry:
                return
            drafts[draft.workshop] = entry
        elif drafts.pop(draft.workshop, None) is None:
            return
        self._write(drafts)

    def clear(self, workshop: str) -> None:
        """Forget the draft of ``workshop`` (its text was saved, or moved elsewhere)."""
        drafts = self._read()
        if drafts.pop(workshop, None) is not None:
            self._write(drafts)

    def _write(self, drafts: dict[str, dict]) -> None:
        self._known_as = None  # until this write is known to have landed
        try:
            if not drafts:
                self.path.unlink(missing_ok=True)
                return
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_suffix(".tmp")
            payload = json.dumps({"drafts": drafts}, ensure_ascii=False)
            temporary.write_text(payload, encoding="utf-8")
            # Replace in one step: a kill mid-write leaves the old drafts, never half a file.
            os.replace(temporary, self.path)
        except OSError:
            return  # the next save reads what the disk holds and tries again
        self._known, self._known_as = drafts, self._identity()
