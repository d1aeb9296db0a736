"""The entry of the command line: every command module registers its commands here."""

import sys

from rich.text import Text

# Each command module registers its commands on import; --help lists them in this order.
# isort: off
from workshopkit.cli import workshops, points, votes, timer, sharing, exports  # noqa: F401
from workshopkit.cli import dupes, imports, templates, room  # noqa: F401

# isort: on
from workshopkit.cli.common import app, err
from workshopkit.core.text import clean


def main() -> None:
    """Entry point: the same commands, and a last guard so no traceback reaches a user."""
    try:
        app()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        err.print("Interrupted.")
        sys.exit(130)
    except Exception as error:  # the guard of last resort
        err.print(Text(f"Error: unexpected {type(error).__name__}: {clean(str(error))}"))
        sys.exit(1)
