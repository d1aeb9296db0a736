"""Who is at the keyboard, and the name they gave for each store on this machine."""

import getpass
import os
import tempfile
from pathlib import Path

from workshopkit.core.text import one_line


def default_user() -> str:
    """Who is making changes: ``WORKSHOPKIT_USER``, else the login name."""
    name = one_line(os.environ.get("WORKSHOPKIT_USER", ""))
    if name:
        return name
    try:
        return one_line(getpass.getuser()) or "facilitator"
    except (OSError, KeyError):
        return "facilitator"


def explicit_user(user: str | None) -> bool:
    """True when a name was given (``--as`` or ``WORKSHOPKIT_USER``), not guessed."""
    return bool(one_line(user or "") or one_line(os.environ.get("WORKSHOPKIT_USER", "")))


def names_file() -> Path:
    """Where this machine's user keeps the name they gave for each store."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "workshopkit" / "names.json"


def remembered_name(store: str) -> str | None:
    """The name given for ``store`` (its location) on this machine, if one was."""
    import json  # here: the UI's first frame does without it (read on the store worker)

    try:
        names = json.loads(names_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # none yet, or unreadable: the name is asked again, nothing breaks
    name = names.get(store) if isinstance(names, dict) else None
    return one_line(name) or None if isinstance(name, str) else None


def remember_name(store: str, name: str) -> bool:
    """Keep ``name`` for ``store``, so it is asked once. False when it could not be kept
    (a read-only home): the name still holds for this session."""
    import json  # as above

    path = names_file()
    try:
        names = json.loads(path.read_text(encoding="utf-8"))
        names = names if isinstance(names, dict) else {}
    except (OSError, ValueError):
        names = {}
    names[store] = one_line(name)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".names-", suffix=".tmp")
    except OSError:
        return False
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(names, stream, ensure_ascii=False, indent=1, sort_keys=True)
        os.replace(temporary, path)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
        return False
    return True
