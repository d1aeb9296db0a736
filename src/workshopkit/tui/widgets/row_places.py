"""A DataTable that takes many rows at once and keeps track of where its rows are.

DataTable does some work for the whole table for each row added, works out where every
row is after each change of the rows, and adds up the heights of every row above the
cursor at each move: at 10,000 rows, each of these cost tens of milliseconds. This table
adds a breakout's rows in one go, extends what it knows of where rows are when a row
comes at the end, and keeps each row's first line.
"""

from collections.abc import Iterable

from rich.text import Text
from textual.geometry import Region
from textual.widgets import DataTable
from textual.widgets._data_table import Row
from textual.widgets.data_table import DuplicateKey, RowKey


class RowPlacesTable(DataTable):
    """A DataTable of rows added in bulk or at the end, that knows where they are."""

    def __init__(self, **kwargs) -> None:
        self._row_tops: list[int] = []  # the first line of each row, in screen order
        self._tops_of: tuple[int, int] | None = None  # the rows (count, updates) they fit
        super().__init__(**kwargs)

    def append_rows(self, rows: Iterable[tuple[str, tuple[Text, ...], int]]) -> None:
        """Add rows (key, cells, height) at the bottom, as ``add_row`` adds one.

        ``add_row`` works on the whole table for each row (the cursor is checked, every
        ordered column listed, the caches told): opening a breakout of 10,000 points
        spent half a second there. Here that is done once for them all.
        """
        keys = [column.key for column in self.ordered_columns]
        locations, data = self._row_locations, self._data
        was_empty = not self.rows
        # New rows are drawn again line by line when they come below others; into an
        # empty table, the whole table is drawn anyway (``clear`` asked for it).
        new_rows = set() if was_empty else self._new_rows
        for key, cells, height in rows:
            row_key = RowKey(key)
            if row_key in locations:
                raise DuplicateKey(f"The row key {row_key!r} already exists.")
            locations[row_key] = len(self.rows)
            data[row_key] = dict(zip(keys, cells, strict=True))
            self.rows[row_key] = Row(row_key, height)
            new_rows.add(row_key)
        self._require_update_dimensions = True
        self.cursor_coordinate = self.cursor_coordinate  # clamped to the rows, as add_row does
        cursor = self.show_cursor and self.cursor_type != "none"
        if was_empty and self.rows and self.columns and cursor:
            self._highlight_cursor()  # the cursor has a row to be on: it is announced
        self._update_count += 1
        self.check_idle()

    def keep_drawings_after_append(self, row_key: RowKey, update_count: int) -> None:
        """The row ``row_key`` was just added at the end (``add_row``): every other row keeps
        its place, so keeps its drawing (``add_row`` throws them all away, with DataTable's
        count of updates back at ``update_count``), and the lists of where rows are get
        the new row added, rather than worked out again for every row: at 10,000 rows
        that was most of the time another note-taker's point took to show."""
        self._update_count = update_count
        count = self.row_count
        row = self.rows[row_key]
        ordered = self._ordered_row_cache.get((count - 1, update_count))
        offsets = self._offset_cache.get(update_count)
        tops = self._row_tops if self._tops_of == (count - 1, update_count) else None
        for cache in (
            self._offset_cache,
            self._ordered_row_cache,
            self._row_renderable_cache,
            self._line_cache,
        ):
            cache.clear()
        if ordered is None or offsets is None:
            return  # worked out again when next asked for
        top = len(offsets)
        ordered.append(row)
        offsets.extend((row_key, line) for line in range(row.height))
        self._ordered_row_cache[(count, update_count)] = ordered
        self._offset_cache[update_count] = offsets
        if tops is not None:
            tops.append(top)
            self._tops_of = (count, update_count)

    def _get_row_region(self, row_index: int) -> Region:
        # DataTable adds up the heights of every row above the cursor at each move: at
        # 10,000 rows, most of what a key on the list cost. The tops are worked out once
        # for each change of the rows.
        if not self.is_valid_row_index(row_index):
            return Region(0, 0, 0, 0)
        rows = self.ordered_rows
        if self._tops_of != (self.row_count, self._update_count):
            tops, y = [], 0
            for row in rows:
                tops.append(y)
                y += row.height
            self._row_tops, self._tops_of = tops, (self.row_count, self._update_count)
        width = sum(column.get_render_width(self) for column in self.columns.values())
        y = self._row_tops[row_index] + (self.header_height if self.show_header else 0)
        height = rows[row_index].height
        return Region(0, y, max(self.size.width, width + self._row_label_column_width), height)
