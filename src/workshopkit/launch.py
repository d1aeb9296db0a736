"""The ``workshopkit`` entry point: open the UI at once, or hand over to the command line.

Starting the UI is the path a facilitator waits on, so a command line that only asks for
it (``workshopkit``, ``workshopkit open W [-b L]``, ``workshopkit demo``, with ``--db`` and
``--as``) skips loading the command-line machinery, which costs a fifth of a second.
Anything else, including every mistake, goes to the full command line in ``cli.py``.
"""

import gc
import sys

_GLOBAL = {"--db": "db", "--as": "user"}
_BREAKOUT = ("-b", "--breakout")


def _take_options(args: list[str], names: dict[str, str]) -> tuple[dict, list[str]] | None:
    """Leading ``--name VALUE`` / ``--name=VALUE`` options, or None for anything else."""
    found: dict[str, str] = {}
    rest = list(args)
    while rest and rest[0].startswith("-"):
        flag, equals, value = rest[0].partition("=")
        if flag not in names:
            return None
        if equals:
            rest = rest[1:]
        elif len(rest) >= 2:
            value, rest = rest[1], rest[2:]
        else:
            return None
        found[names[flag]] = value
    return found, rest


def ui_request(args: list[str]) -> dict | None:
    """The UI's settings when ``args`` only ask to open it; otherwise None."""
    taken = _take_options(args, _GLOBAL)
    if taken is None:
        return None
    settings, rest = taken
    settings = {"db": settings.get("db"), "user": settings.get("user")}
    if not rest:
        return settings
    if rest == ["demo"]:
        return settings | {"demo": True}
    if rest[0] != "open" or len(rest) < 2 or rest[1].startswith("-"):
        return None
    after = _take_options(rest[2:], dict.fromkeys(_BREAKOUT, "breakout"))
    if after is None or after[1]:
        return None
    return settings | {"workshop": rest[1], "breakout": after[0].get("breakout")}


def main() -> None:
    """Run the UI straight away when that is all that was asked, else the command line."""
    request = ui_request(sys.argv[1:])
    if request is not None and sys.stdin.isatty() and sys.stdout.isatty():
        # Straight to the UI: Typer and the commands never load on the way to the screen.
        # Nor does any garbage collection: importing Textual and making the first screen
        # make hundreds of thousands of objects, which set off collections that walked
        # them all, a twelfth of the time to the first frame. The app turns collections
        # back on once that frame is drawn (and leaves those objects out of them).
        gc.disable()
        from workshopkit.tui.app import WorkshopkitApp  # see above

        WorkshopkitApp(**request).run()
        return
    from workshopkit.cli.main import main as command_line  # and Textual never loads here

    command_line()
