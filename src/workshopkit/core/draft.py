"""The capture bar's draft: what was typed but not yet saved, kept on disk.

The TUI writes the draft on every change so that a crash, a closed laptop lid or a
killed terminal never costs the point being typed; the next start puts it back in the
bar. The file sits beside the store (for a database URL, under ``sessions/``), one per
user, so two note-takers sharing a store never restore each other's text.
"""

import contextlib
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from workshopkit.core.text import clean, slugify

DRAFTS_FOLDER = ".drafts"


@dataclass(frozen=True)
class Draft:
    """Unsaved capture-bar text, and where it was being typed."""

    workshop: str
    breakout: str | None
    text: str


def draft_path(db: str | None, user: str) -> Path:
    """Where the draft for this store and user lives (the folder may not exist yet)."""
    chosen = db or os.environ.get("WORKSHOPKIT_DB") or ""
    who = slugify(user) or "user"
    if chosen.startswith("sqlite:///") and len(chosen) > len("sqlite:///"):
        chosen = chosen[len("sqlite:///") :]  # sqlite:///a.db is a.db, sqlite:////a.db is /a.db
    if "://" in chosen:
        digest = hashlib.sha256(chosen.encode()).hexdigest()[:12]
        return Path("sessions") / DRAFTS_FOLDER / f"{digest}-{who}.json"
    path = Path(chosen).expanduser() if chosen else Path("sessions") / "workshopkit.db"
    return path.parent / DRAFTS_FOLDER / f"{path.name}-{who}.json"


class DraftFile:
    """Save, load and clear one draft file. Failures are quiet: a draft is a safety net."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._last: Draft | None = None

    def load(self) -> Draft | None:
        """The saved draft, or None when there is none (or it cannot be read)."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            draft = Draft(str(data["workshop"]), data.get("breakout"), clean(str(data["text"])))
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return draft if draft.text.strip() else None

    def save(self, draft: Draft) -> None:
        """Replace the draft; an empty text removes it."""
        if draft == self._last:
            return
        if not draft.text.strip():
            self.clear()
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_suffix(".tmp")
            payload = {"workshop": draft.workshop, "breakout": draft.breakout, "text": draft.text}
            temporary.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
            # Replace in one step so a kill mid-write leaves the old draft, never half a file.
            os.replace(temporary, self.path)
            self._last = draft
        except OSError:
            pass

    def clear(self) -> None:
        """Forget the draft (after its text was saved as a point)."""
        self._last = None
        with contextlib.suppress(OSError):
            self.path.unlink(missing_ok=True)
