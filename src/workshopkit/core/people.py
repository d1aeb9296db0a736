"""Who is at the keyboard."""

import getpass
import os

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
