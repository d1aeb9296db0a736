"""The list of points draws its rows itself: exactly as DataTable would, and at once.

A room voting changes the rows on screen several times a second; the facilitator keeps
typing meanwhile. These tests hold the list to DataTable's own drawing, segment by
segment, and hold the screens' frame clock to answering a key without waiting.
"""

import asyncio
import datetime
import uuid
from dataclasses import replace

from textual.app import App
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey, RowKey

from workshopkit.core.kinds import Kind
from workshopkit.core.views import PointView
from workshopkit.tui.screens.base import FrameTimer
from workshopkit.tui.widgets.cells import dots, hidden_votes, point_cell, point_lines
from workshopkit.tui.widgets.point_table import PointTable
from workshopkit.tui.widgets.quick_rows import LaterCell

NOW = datetime.datetime(2026, 12, 7, 10, 0)
TEXT = ColumnKey("text")


def point(number: int, text: str = "", **fields) -> PointView:
    values = {
        "id": uuid.uuid4(),
        "ref": f"A{number}",
        "letter": "A",
        "number": number,
        "text": text or f"Point number {number} about getting to the venue",
        "kind": Kind.IDEA,
        "owner": None,
        "due": None,
        "due_date": None,
        "themes": (),
        "tally": 0,
        "dots": number % 4,
        "voters": (),
        "captured_by": "Tester",
        "created_at": NOW,
        "updated_at": NOW,
        "changed_by": "Tester",
    }
    values.update(fields)
    return PointView(**values)


class OneTable(App):
    def __init__(self, votes_cell=None) -> None:
        super().__init__()
        self.votes_cell = votes_cell

    def compose(self):
        yield PointTable(votes_cell=self.votes_cell, id="points")


def points_of_every_shape() -> list[PointView]:
    return [
        point(1, "Ünïcode and 日本語 in a point long enough to be cut short with an ellipsis"),
        point(2, kind=Kind.NEXT, owner="Ana", due="May", themes=("access",)),  # two lines
        point(3, kind=Kind.BARRIER, done_at=NOW),
        point(4, "Café ☕ at the door", kind=Kind.QUESTION, dots=12),
        point(5, kind=Kind.NOTE, themes=("money", "time")),
    ]


def every_shape_numbered(times: int) -> list[PointView]:
    """``points_of_every_shape`` over and over, numbered A1, A2… in turn."""
    shapes = points_of_every_shape() * times
    return [replace(p, id=uuid.uuid4(), number=n, ref=f"A{n}") for n, p in enumerate(shapes, 1)]


async def drawn_both_ways(votes_cell=None) -> list[tuple[list, list]]:
    """Every line of the list, as the list draws it and as DataTable would."""
    pairs = []
    app = OneTable(votes_cell)
    async with app.run_test(size=(64, 20)) as pilot:
        table = app.query_one(PointTable)
        table.show_points(points_of_every_shape())
        table.move_cursor(row=1)  # the cursor on a two-line row
        await pilot.pause()
        await pilot.pause()
        style = table.rich_style
        table._row_styles = (  # as a frame sets them (see QuickRowsTable.render_lines)
            table.get_component_styles("datatable--even-row").rich_style,
            table.get_component_styles("datatable--odd-row").rich_style,
        )
        width = table.size.width
        for y in range(1, table.virtual_size.height):  # every line below the header
            quick = list(table._render_line(y, 0, width, style))
            table._line_cache.clear()
            theirs = list(DataTable._render_line(table, y, 0, width, style))
            pairs.append((quick, theirs))
        table._row_styles = None
    return pairs


async def test_each_row_is_drawn_as_datatable_draws_it():
    pairs = await drawn_both_ways()
    assert len(pairs) == 7  # five rows, two of them on two lines
    for quick, theirs in pairs:
        assert quick == theirs


async def test_hidden_votes_are_drawn_as_datatable_draws_them():
    for quick, theirs in await drawn_both_ways(lambda p: hidden_votes()):
        assert quick == theirs


async def test_a_point_added_below_the_screen_is_there_when_scrolled_to():
    app = OneTable()
    async with app.run_test(size=(64, 12)) as pilot:
        table = app.query_one(PointTable)
        points = [point(n) for n in range(1, 30)]
        table.show_points(points)
        await pilot.pause()
        table.upsert(point(30, "The newest point, below the screen"))
        table.upsert(replace(points[3], text="A point on screen, changed"))
        await pilot.pause()
        await pilot.pause()
        shown = "".join(table.render_line(y).text for y in range(table.size.height))
        assert "A point on screen, changed" in shown
        table.action_last()
        await pilot.pause()
        await pilot.pause()
        shown = "".join(table.render_line(y).text for y in range(table.size.height))
        assert "The newest point, below the screen" in shown
        assert table.virtual_size.height == 30 + 1  # every row and the header


async def test_a_key_is_answered_without_waiting_for_the_frame_period():
    """A period far longer than the test: a frame drawn within it was hurried."""
    ticks: list[str] = []

    class Clock(App):
        def on_mount(self) -> None:
            self.clock = FrameTimer(self, 60.0, callback=self.frame)
            self.clock._start()

        def frame(self) -> None:  # as a screen's frame does: paused until the next change
            self.clock.pause()
            ticks.append("frame")

    app = Clock()
    async with app.run_test() as pilot:
        await pilot.pause()
        assert ticks == ["frame"]  # the first frame comes at once
        app.clock.resume()  # something changed, a moment after that frame
        await asyncio.sleep(0.05)
        assert ticks == ["frame"]  # a change of others' waits for the period
        app.clock.hurry()  # a key
        for _ in range(50):
            if len(ticks) == 2:
                break
            await asyncio.sleep(0.01)
        assert ticks == ["frame", "frame"]
        app.clock.stop()


async def test_a_rows_region_is_where_datatable_would_put_it():
    app = OneTable()
    async with app.run_test(size=(64, 12)) as pilot:
        table = app.query_one(PointTable)
        points = every_shape_numbered(4)
        table.show_points(points)
        await pilot.pause()
        for _ in range(2):  # and again once a row has grown a line of tags
            for index in range(table.row_count):
                assert table._get_row_region(index) == DataTable._get_row_region(table, index)
            table.upsert(replace(points[0], themes=("access",), owner="Ana"))
            await pilot.pause()
        assert table._get_row_region(table.row_count) == DataTable._get_row_region(
            table, table.row_count
        )


async def test_points_added_at_the_end_keep_the_rows_where_datatable_would_put_them():
    """A new point at the end extends the lists of where rows are rather than working
    them out again: they must be what DataTable works out from scratch."""
    app = OneTable()
    async with app.run_test(size=(64, 12)) as pilot:
        table = app.query_one(PointTable)
        points = every_shape_numbered(3)
        table.show_points(points[:4])
        await pilot.pause()
        for new in points[4:]:
            table._get_row_region(0)  # the lists are worked out, as a move or a frame would
            table.upsert(new)
            await pilot.pause()
            kept = (list(table._y_offsets), list(table.ordered_rows), table.virtual_size)
            regions = [table._get_row_region(index) for index in range(table.row_count)]
            table._offset_cache.clear()
            table._ordered_row_cache.clear()
            assert kept == (table._y_offsets, table.ordered_rows, table.virtual_size)
            assert regions == [
                DataTable._get_row_region(table, index) for index in range(table.row_count)
            ]
        assert table.row_count == len(points)


def test_a_rows_height_is_known_before_its_cells_are_made():
    shapes = [*points_of_every_shape(), point(6, score=3), point(7, due="June"), point(8)]
    for shape in shapes:
        assert point_lines(shape) == len(point_cell(shape).plain.split("\n")), shape


async def test_cells_made_when_first_drawn_or_read_are_the_cells_of_the_point():
    app = OneTable()
    async with app.run_test(size=(64, 8)) as pilot:
        table = app.query_one(PointTable)
        points = [replace(point(n), id=uuid.uuid4()) for n in range(1, 41)]
        table.show_points(points)
        await pilot.pause()
        waiting = [key for key, cells in table._data.items() if isinstance(cells[TEXT], LaterCell)]
        assert 0 < len(waiting) < len(points)  # the rows on screen were made to draw them
        first = points[-1]  # below the screen: the cursor is on the first row
        assert str(first.id) in {key.value for key in waiting}
        _, _, text, votes = table.get_row(str(first.id))
        assert (text, votes) == (point_cell(first), dots(first.votes))
        assert not isinstance(table._data[RowKey(str(first.id))][TEXT], LaterCell)
