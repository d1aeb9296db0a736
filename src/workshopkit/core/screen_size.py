"""The smallest terminal workshopkit lays its screens out in.

Below it the terminal UI shows one line asking for a larger window and lays out nothing
else: at a width of a few columns Textual's widgets crash (a list's height is measured at
a width of 0) or redraw for ever. 40 columns leave the workshop screen's points a column
of 18 beside the breakouts (22); 10 rows leave its point list a line or two above the
detail and the capture bar. Served browsers are never handed less. Here, not in the UI,
so that the server can read it without importing Textual.
"""

MIN_COLUMNS, MIN_ROWS = 40, 10


def too_small(columns: int, rows: int) -> bool:
    """True when a terminal of ``columns`` × ``rows`` cannot show the screens."""
    return columns < MIN_COLUMNS or rows < MIN_ROWS
