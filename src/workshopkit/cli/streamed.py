"""``add -`` from a pipe or a terminal: each line saved as it arrives.

``tail -f notes.txt | workshopkit add harb A -`` acknowledges each point (prints its
ref) once its commit returned, while the pipe is still open. A killed ``add`` has
saved every ref it printed; a line not yet acknowledged is still in its source.
"""

import os
import stat
from collections.abc import Callable, Iterator

from workshopkit.core.capture import parse
from workshopkit.core.errors import WorkshopkitError
from workshopkit.core.views import BreakoutView, PointView

READ_SIZE = 64 * 1024


def arriving_lines(stream) -> bool:
    """Whether ``stream`` delivers lines as they are written (a pipe, a terminal, a
    socket) rather than being a file that can be read whole."""
    try:
        mode = os.fstat(stream.fileno()).st_mode
    except (OSError, ValueError, AttributeError):  # no descriptor: a test's text, say
        return False
    return not stat.S_ISREG(mode)


def lines_as_they_come(fd: int, encoding: str = "utf-8") -> Iterator[list[str]]:
    """The lines read from ``fd``, each read's complete lines together: what arrived at
    once is saved at once, and nothing waits for more input to be acknowledged."""
    pending = b""
    while data := os.read(fd, READ_SIZE):
        *complete, pending = (pending + data).split(b"\n")
        if complete:
            yield [line.decode(encoding, "replace").rstrip("\r") for line in complete]
    if pending:  # the last line, without its newline
        yield [pending.decode(encoding, "replace").rstrip("\r")]


def add_as_they_come(
    store, target: BreakoutView, fd: int, said: Callable[[list[PointView]], None]
) -> None:
    """Save the lines of ``fd`` in ``target`` as they arrive, telling ``said`` the
    points of each commit. A line with nothing but tags stops it: the lines before it
    are saved, it and the lines after are not."""
    number = saved = 0
    for arrived in lines_as_they_come(fd):
        ready: list[str] = []
        for line in arrived:
            number += 1
            if not line.strip():
                continue
            if not parse(line).text.strip():
                if ready:
                    said(store.add_points(target, ready))
                raise WorkshopkitError(
                    f"Line {number} has no text besides its tags; it was not saved, nor "
                    f"any line after it ({saved + len(ready)} saved before it)."
                )
            ready.append(line)
        if ready:
            said(store.add_points(target, ready))
            saved += len(ready)
    if not saved:
        raise WorkshopkitError("No points on standard input; nothing was saved.")
