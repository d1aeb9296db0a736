"""The server and the terminal UI agree on the smallest terminal.

A browser asking for less is given MIN_COLUMNS × MIN_ROWS (the real session through the
websocket: test_served_files_and_requests.py). That size must be one the terminal UI
lays its screens out in: were it below the UI's minimum, every browser session in a
small window would show nothing but "Make the window larger".
"""

from workshopkit.core.screen_size import MIN_COLUMNS, MIN_ROWS, too_small
from workshopkit.serve import server as web


def test_the_smallest_served_size_is_one_the_terminal_ui_draws():
    kind, size = web.envelope('["resize", {"width": 1, "height": 1}]')
    assert kind == "resize" and size == (MIN_COLUMNS, MIN_ROWS)
    assert not too_small(*size)
    assert too_small(MIN_COLUMNS - 1, MIN_ROWS) and too_small(MIN_COLUMNS, MIN_ROWS - 1)
    width = web._dimension("6", 80, web.MIN_COLUMNS, web.MAX_COLUMNS)
    height = web._dimension("0", 24, web.MIN_ROWS, web.MAX_ROWS)
    assert not too_small(width, height)
