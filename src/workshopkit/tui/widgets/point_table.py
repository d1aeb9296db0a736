"""The list of points: a table keyed by point id, updated row by row.

Only the changed row is touched when the store confirms a change, so a breakout of
thousands of points stays as quick to use as one of ten, and only that row is drawn
again (see ``quick_rows``).
"""

import contextlib
import gc
from collections.abc import Callable, Iterable
from uuid import UUID

from rich.text import Text
from textual.binding import Binding
from textual.widgets.data_table import RowDoesNotExist, RowKey

from workshopkit.core.views import PointView
from workshopkit.tui.widgets.cells import dots, kind_cell, point_cell, point_lines
from workshopkit.tui.widgets.quick_rows import LaterCell, QuickRowsTable

VotesCell = Callable[[PointView], Text]


@contextlib.contextmanager
def collection_paused():
    """No automatic garbage collection inside (it runs again after, if it was on)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


class PointTable(QuickRowsTable):
    """Ref, kind, text (with tags beneath) and votes, one point per row."""

    DEFAULT_CSS = """
    PointTable { height: 1fr; }
    """
    BINDINGS = [  # noqa: RUF012 (Textual reads this class attribute)
        Binding("j", "cursor_down", "Down", show=False, id="list.down"),
        Binding("k", "cursor_up", "Up", show=False, id="list.up"),
        Binding("home", "first", "First", show=False, id="list.first"),
        Binding("end", "last", "Last", show=False, id="list.last"),
    ]
    FIXED = 4 + 8  # ref and kind column widths

    def __init__(self, votes_cell: VotesCell | None = None, votes_width: int = 7, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.votes_width = votes_width
        self.votes_cell: VotesCell = votes_cell or (lambda p: dots(p.votes))
        self.text_width = 30

    def on_mount(self) -> None:
        self.add_column("Ref", key="ref", width=4)
        self.add_column("Kind", key="kind", width=8)
        self.add_column("Point", key="text", width=self.text_width)
        self.add_column(Text("Votes", justify="right"), key="votes", width=self.votes_width)

    def watch_show_vertical_scrollbar(self, shown: bool) -> None:
        # Textual moves the scrollbar only while it is shown: a list scrolled to its
        # newest point before its scrollbar appeared would show the thumb at the top.
        if shown:
            self.vertical_scrollbar.position = self.scroll_y

    def on_resize(self) -> None:
        # A smaller window keeps the scroll offset: the highlighted row, which b or delete
        # would act on, could end up below the edge. Bring it back into view.
        self.call_after_refresh(self._cursor_into_view)
        # The point column takes what the others leave (cell padding is 2 per column).
        width = max(10, self.size.width - self.FIXED - self.votes_width - 2 * 4 - 2)
        if width != self.text_width:
            self.text_width = width
            self.columns["text"].width = width
            self._clear_caches()  # rows drawn at the old width must be drawn again
            self._require_update_dimensions = True
            self.refresh()

    @staticmethod
    def _height(cell: Text) -> int:
        return 2 if "\n" in cell.plain else 1

    largest_number = 0  # rows arrive in number order, except from other note-takers
    sort_due = False  # rows arrived out of order; one sort puts them right

    def show_points(self, points: Iterable[PointView]) -> None:
        """Replace every row (when switching breakout or after a load)."""
        self.clear()
        self.largest_number = 0
        rows = []
        # Tens of thousands of cells are made here, all kept: the garbage collector,
        # woken again and again by so many new objects, would only walk them in vain.
        with collection_paused():
            for point in points:
                # The text and votes are made as their rows are first drawn: a screen
                # shows a few dozen of a breakout's thousands.
                text, votes = LaterCell(point_cell, point), LaterCell(self.votes_cell, point)
                cells = (Text(point.ref, style="bold"), kind_cell(point.kind), text, votes)
                rows.append((str(point.id), cells, point_lines(point)))
                self.largest_number = max(self.largest_number, point.number)
            self.append_rows(rows)

    def _sort_by_number(self) -> None:
        """Put the rows back in capture order, keeping the cursor on its point."""
        self.sort_due = False
        current = self.current_id
        self.sort("ref", key=lambda ref: int("".join(c for c in ref.plain if c.isdigit())))
        if current is not None:
            self.select_point(current)

    def _add(self, point: PointView) -> None:
        text = point_cell(point)
        drawn = self._update_count
        self.add_row(
            Text(point.ref, style="bold"),
            kind_cell(point.kind),
            text,
            self.votes_cell(point),
            key=str(point.id),
            height=self._height(text),
        )
        if point.number > self.largest_number:
            self.keep_drawings_after_append(RowKey(str(point.id)), drawn)

    def upsert(self, point: PointView) -> None:
        """Show a new or changed point; a deleted point's row goes."""
        key = str(point.id)
        exists = key in self.rows
        if point.deleted:
            if exists:
                self.remove_row(key)
            return
        if not exists:
            self._add(point)
            if point.number < self.largest_number and not self.sort_due:
                # Another note-taker's save, committed before one shown already. Sorting
                # is left until the batch of changes is in: one sort for them all (sorting
                # per row took seconds for a few hundred rows in a busy breakout).
                self.sort_due = True
                self.call_later(self._sort_by_number)
            self.largest_number = max(self.largest_number, point.number)
            return
        text = point_cell(point)
        if self._height(text) != self.rows[key].height:
            # A row cannot change height in place; rebuild just this one, at its place.
            self._replace(point)
            return
        self._set_cells(key, kind=kind_cell(point.kind), text=text, votes=self.votes_cell(point))

    def _replace(self, point: PointView) -> None:
        key = str(point.id)
        cursor = self.cursor_row
        self.rows[key].height = self._height(point_cell(point))
        self.update_cell(key, "kind", kind_cell(point.kind))
        self.update_cell(key, "text", point_cell(point), update_width=False)
        self.update_cell(key, "votes", self.votes_cell(point))
        self._require_update_dimensions = True
        self.refresh()
        self.move_cursor(row=cursor)

    def refresh_votes(self, points: Iterable[PointView]) -> None:
        for point in points:
            with contextlib.suppress(RowDoesNotExist, KeyError):
                self._set_cells(str(point.id), votes=self.votes_cell(point))

    def _cursor_into_view(self) -> None:
        if self.row_count:  # the row it is on by then, not the one it was on at the resize
            self.move_cursor(row=self.cursor_row, animate=False)

    def action_first(self) -> None:
        self.move_cursor(row=0)

    def action_last(self) -> None:
        self.move_cursor(row=self.row_count - 1)

    @property
    def current_id(self) -> UUID | None:
        """The id of the point under the cursor, if there is one."""
        if not self.row_count:
            return None
        try:
            key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        except Exception:  # an empty or shrinking table has no cell there
            return None
        return UUID(key.value) if key.value else None

    def select_point(self, point_id: UUID) -> None:
        with contextlib.suppress(RowDoesNotExist):
            self.move_cursor(row=self.get_row_index(str(point_id)))
