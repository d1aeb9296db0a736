"""A DataTable whose rows are drawn quickly, and drawn again only when they change.

Tables of points change row by row while people use them: another note-taker's save,
a room of phones voting. DataTable, as it comes, throws away the drawing of every row at
any change (its caches are keyed by a count of updates), repaints every visible line
when a row is added below the screen, and draws each cell through Rich's whole layout
engine, working out each component style afresh for every line: about half a
millisecond a row. With a room voting on the rows on screen, the facilitator's typing
waited for all of that. This table changes cells in place, forgets and repaints only
the lines of the rows that changed, and draws rows of ``Text`` cells of fixed widths
directly, with the styles worked out once a frame: the same segments, a tenth of the
time. Anything else (row labels, fixed columns, a cell cursor) is drawn by DataTable.
"""

from collections.abc import Callable
from itertools import chain

from rich.segment import Segment
from rich.style import Style
from rich.text import Span, Text
from textual._segment_tools import line_crop
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widgets.data_table import ColumnKey, RowKey

from workshopkit.tui.widgets.row_places import RowPlacesTable

Drawings = dict[tuple, object]  # what was drawn of one row or cell, by how it was drawn


class LaterCell:
    """A cell made when it is first drawn or read: ``make(*args)``, a ``Text``. A breakout
    of 10,000 points shows a few dozen rows; making every row's cells first made the
    facilitator wait for all of them."""

    __slots__ = ("args", "make")

    def __init__(self, make: Callable[..., Text], *args: object) -> None:
        self.make, self.args = make, args


class QuickRowsTable(RowPlacesTable):
    """A DataTable of fixed-width columns and fixed-height rows, changed cell by cell."""

    def __init__(self, **kwargs) -> None:
        self.stale_cells: set[tuple[RowKey, ColumnKey]] = set()  # changed since the last frame
        self._rows_to_repaint: dict[RowKey, None] = {}  # in the order they changed
        self._repaint_due = False  # more rows are drawn after the next frame
        # The drawings of each row's lines and of each cell, kept by row and by cell so
        # that a change forgets them at once (DataTable keeps them in caches keyed by
        # the line on screen, which a change would have to search).
        self._drawn_lines: dict[RowKey, Drawings] = {}
        self._drawn_cells: dict[tuple[RowKey, ColumnKey], Drawings] = {}
        self._drawn_at_count = 0  # DataTable's count of updates they were drawn at
        self._drawn_by_datatable = False  # a body row was drawn by DataTable's own code
        super().__init__(**kwargs)  # after: it clears the drawings

    def _update_dimensions(self, new_rows) -> None:
        # Every column has a fixed width and every row a fixed height, so DataTable's
        # measuring of each new cell (to size auto-width columns) changes nothing; it was
        # most of the time taken to open a breakout of 10,000 points. Only the scrollable
        # size is left to set, as DataTable itself does.
        width = sum(column.get_render_width(self) for column in self.columns.values())
        header = self.header_height if self.show_header else 0
        size = Size(width + self._row_label_column_width, self._total_row_height + header)
        if size == self.virtual_size:
            return
        # Set without the repaint and the layout of the whole screen that setting
        # ``virtual_size`` asks for: a point added at the end changes the scrollbar and
        # its own lines, not the rows on screen (whatever else changes the rows asks for
        # its own repaint), and the screen is laid out again only if the scrollbar
        # appears or goes.
        self.set_reactive(QuickRowsTable.virtual_size, size)
        self._scroll_update(size)
        for row_key in new_rows:
            self._repaint_lines_of(row_key)

    def _set_cells(self, key: str, **cells: object) -> None:
        """Change cells of a row in place; only the cells that changed are drawn again."""
        row_key = RowKey(key)
        data = self._data[row_key]
        changed = False
        for column, value in cells.items():
            column_key = ColumnKey(column)
            if data.get(column_key) != value:
                data[column_key] = value
                self.stale_cells.add((row_key, column_key))
                changed = True
        if changed:
            self._repaint_lines_of(row_key)

    ROWS_A_FRAME = 4  # changed rows drawn again in one frame; the rest in the next ones

    def _repaint_lines_of(self, row_key: RowKey) -> None:
        """Ask for the row's lines on screen to be drawn again, and no others: a full
        refresh would draw every visible line again. Rows changed together (a look at
        a room voting changes every row on screen) are drawn a few a frame, so that a
        key typed meanwhile is answered in a frame that is never long."""
        self._rows_to_repaint[row_key] = None
        if not self._repaint_due:  # once the rows changed together are all in
            self._repaint_due = True
            self.call_later(self._repaint_some)

    def _repaint_some(self) -> None:
        rows = self._rows_to_repaint
        now = list(rows)[: self.ROWS_A_FRAME]
        for row_key in now:
            del rows[row_key]
        header = self.header_height if self.show_header else 0
        offsets = self._y_offsets
        top = int(self.scroll_y)
        for line in range(header, self.size.height):
            at = line - header + top
            if at < len(offsets) and offsets[at][0] in now:
                self.refresh(Region(0, line, self.size.width, 1))
        if rows:
            self.call_after_refresh(self._repaint_some)
        else:
            self._repaint_due = False

    @property
    def rich_style(self) -> Style:
        # DataTable asks for it at every line it draws, and Textual works it out afresh
        # each time from every ancestor's styles: a frame works it out once.
        if self._frame_style is not None:
            return self._frame_style
        return super().rich_style

    _frame_style: Style | None = None
    _row_styles: tuple[Style, Style] | None = None  # even and odd rows, for one frame

    def render_lines(self, crop) -> list[Strip]:
        if self.stale_cells:  # forget the drawings of the changed cells
            stale, self.stale_cells = self.stale_cells, set()
            for row_key, column_key in stale:
                self._drawn_cells.pop((row_key, column_key), None)
                self._drawn_lines.pop(row_key, None)
            if self._drawn_by_datatable:
                self._clear_datatable_drawings()
        self._frame_style = super().rich_style
        self._row_styles = (
            self.get_component_styles("datatable--even-row").rich_style,
            self.get_component_styles("datatable--odd-row").rich_style,
        )
        try:
            return super().render_lines(crop)
        finally:
            self._frame_style = self._row_styles = None

    def _clear_datatable_drawings(self) -> None:
        self._drawn_by_datatable = False
        for cache in (
            self._cell_render_cache,
            self._row_render_cache,
            self._row_renderable_cache,
            self._line_cache,
        ):
            cache.clear()

    def _clear_caches(self) -> None:
        super()._clear_caches()
        self._drawn_lines.clear()
        self._drawn_cells.clear()

    MOST_ROWS_DRAWN = 2000  # rows whose drawings are kept (a screen shows a few dozen)
    MOST_DRAWINGS = 16  # drawings kept of one row or cell (cursor on it or not, widths…)

    def _made(self, row_key: RowKey) -> dict | None:
        """The row's cells, any ``LaterCell`` among them made now, once."""
        cells = self._data.get(row_key)
        if cells is not None:
            for column_key, cell in cells.items():
                if isinstance(cell, LaterCell):
                    cells[column_key] = cell.make(*cell.args)
        return cells

    def get_row(self, row_key: RowKey | str) -> list:
        self._made(RowKey(row_key) if isinstance(row_key, str) else row_key)
        return super().get_row(row_key)

    def get_cell(self, row_key: RowKey | str, column_key: ColumnKey | str) -> object:
        self._made(RowKey(row_key) if isinstance(row_key, str) else row_key)
        return super().get_cell(row_key, column_key)

    def _quick(self, row_key: RowKey) -> dict | None:
        """The row's cells when this table draws the row itself; None when DataTable
        does (the header, row labels, fixed columns, a cursor on cells, cells not Text)."""
        cells = self._made(row_key)
        if (
            cells is None
            or self._row_styles is None
            or self.fixed_columns
            or self.fixed_rows
            or self._labelled_row_exists
            or self.cursor_type != "row"
            or not all(isinstance(cell, Text) for cell in cells.values())
        ):
            return None
        return cells

    def _render_line(self, y: int, x1: int, x2: int, base_style: Style) -> Strip:
        # DataTable's own, for rows of Text cells with the row as the cursor: the same
        # strip, drawn directly (see the module's docstring).
        try:
            row_key, line_no = self._get_offsets(y)
        except LookupError:
            return super()._render_line(y, x1, x2, base_style)
        cells = None if row_key is self._header_row_key else self._quick(row_key)
        if cells is None:
            self._drawn_by_datatable |= row_key is not self._header_row_key
            return super()._render_line(y, x1, x2, base_style)
        if self._update_count != self._drawn_at_count or len(self._drawn_lines) > (
            self.MOST_ROWS_DRAWN
        ):
            # Rows moved (a sort, a row taken out): every drawing is of another place.
            self._drawn_at_count = self._update_count
            self._drawn_lines.clear()
            self._drawn_cells.clear()
        row_index = self._row_locations.get(row_key)
        cursor = self.cursor_coordinate.row == row_index
        hover = self.hover_coordinate.row == row_index
        width = self.size.width
        how = (line_no, x1, x2, width, row_index, cursor, hover, base_style)
        how += (self.show_cursor, self._show_hover_cursor, self._pseudo_class_state)
        how += self._row_styles
        drawings = self._drawn_lines.setdefault(row_key, {})
        strip = drawings.get(how)
        if strip is None:
            cells_line = self._row_line(row_key, cells, line_no, row_index, cursor, hover)
            segments = line_crop(list(chain.from_iterable(cells_line)), x1, x2, width)
            strip = Strip(segments).adjust_cell_length(width, base_style).simplify()
            if len(drawings) >= self.MOST_DRAWINGS:
                drawings.clear()
            drawings[how] = strip
        return strip

    def _row_line(
        self, row_key: RowKey, cells: dict, line_no: int, row_index: int, cursor: bool, hover: bool
    ) -> list[list[Segment]]:
        """Line ``line_no`` of a row, cell by cell, as DataTable draws it."""
        row_style = self._row_styles[row_index % 2] if self.zebra_stripes else self.rich_style
        shown = (self.show_cursor, self._show_hover_cursor)
        priority = (
            self.cursor_foreground_priority == "css",
            self.cursor_background_priority == "css",
        )
        component, post = self._get_styles_to_render_cell(
            False, False, False, hover, cursor, *shown, *priority
        )
        line: list[list[Segment]] = []
        width = 0
        for column_index, column in enumerate(self.ordered_columns):
            cell_width = column.get_render_width(self)
            width += cell_width
            drawings = self._drawn_cells.setdefault((row_key, column.key), {})
            how = (line_no, cell_width, row_index, row_style, component, post)
            segments = drawings.get(how)
            if segments is None:
                meta = Style.from_meta({"row": row_index, "column": column_index})
                pre = row_style + meta + component
                segments = self._cell_line(cells[column.key], line_no, cell_width, pre, post)
                if len(drawings) >= self.MOST_DRAWINGS:
                    drawings.clear()
                drawings[how] = segments
            line.append(segments)
        extend, _ = self._get_styles_to_render_cell(
            False, False, False, hover, cursor, *shown, False, False
        )
        extend = row_style + extend
        extend += Style.from_meta({"row": row_index, "column": 0, "out_of_bounds": True})
        line.append([Segment(" " * max(0, self.size.width - width), extend)])
        return line

    def _cell_line(self, cell: Text, line_no: int, width: int, pre: Style, post: Style):
        """Line ``line_no`` of a cell, padded as DataTable pads it, in its styles."""
        padding = self.cell_padding
        inner = width - 2 * padding
        blank = pre + post if post else pre
        lines = cell.split("\n") if "\n" in cell.plain else [cell]
        if line_no >= len(lines):
            return [Segment(" " * width, blank)]
        text = lines[line_no]
        if text.cell_len > inner:
            text = text.copy()
            text.truncate(inner, overflow=cell.overflow or "fold")
        if cell.justify == "right" and text.cell_len < inner:
            text = text.copy()
            text.pad_left(inner - text.cell_len)
        if text.style:  # as Rich lays a Text out: its own style under its spans
            spans = [Span(0, len(text.plain), text.style), *text.spans]
            text = Text(text.plain, spans=spans)
        segments = [Segment(" " * padding, blank)] if padding else []
        console = self.app.console
        for segment in text.render(console):
            style = pre + segment.style if segment.style else pre
            segments.append(Segment(segment.text, style + post if post else style))
        if text.cell_len < inner:
            segments.append(Segment(" " * (inner - text.cell_len), blank))
        if padding:
            segments.append(Segment(" " * padding, blank))
        return segments
