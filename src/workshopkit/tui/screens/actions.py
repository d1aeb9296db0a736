"""The action list: every next step of the workshop, ranked, with gaps to fix in place."""

import contextlib

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Static
from textual.widgets.data_table import RowDoesNotExist

from workshopkit.core.carry import STILL_TO_DO
from workshopkit.core.views import PointView
from workshopkit.tui import tagging
from workshopkit.tui.messages import PointsChanged
from workshopkit.tui.screens.base import Command, KeySection, WorkshopkitScreen
from workshopkit.tui.widgets.cells import dots, flat, hidden_votes, optional, point_text
from workshopkit.tui.widgets.titles import first_that_fits

STATUS_WIDTH = 11  # "in progress"
WIDE = 100  # columns of terminal from which the list has room for its Status column


def _status(point: PointView) -> Text:
    """The status cell: dim while open, so that what has moved stands out."""
    style = {"open": "dim", "done": "green", "dropped": "dim strike"}.get(point.status, "")
    return Text(point.status, style=style, no_wrap=True, overflow="ellipsis")


def _gap(point: PointView) -> bool:
    """An action still to do without an owner or a due (a done or dropped one needs
    neither any more)."""
    return point.status in STILL_TO_DO and not point.done and (not point.owner or not point.due)


class ActionsScreen(WorkshopkitScreen):
    """Next steps by votes; ⚠ marks a missing owner or due; `o` and `d` fix them."""

    BINDINGS = [  # noqa: RUF012 (Textual reads this class attribute)
        Binding("o", "owner", "Owner", id="actions.owner"),
        Binding("d", "due", "Due", id="actions.due"),
        Binding("e", "edit", "Edit", id="actions.edit", tooltip="Edit in the capture language"),
        Binding("c", "complete", "Done", id="actions.done", tooltip="Action done, or reopen"),
        Binding(
            "s",
            "status",
            "Status",
            id="actions.status",
            tooltip="Open, in progress, done or dropped, with a progress note",
        ),
        Binding(
            "g",
            "next_gap",
            "Next gap",
            id="actions.gap",
            tooltip="Jump to the next action missing an owner or due",
        ),
        Binding("escape", "back", "Back", id="actions.back", priority=True),
    ]

    def compose(self) -> ComposeResult:
        yield Static("", id="actions-title", classes="screen-title")
        yield Static("", id="actions-status", classes="screen-status")
        yield DataTable(id="actions", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Action list"
        self.query_one(DataTable).focus()
        self.draw()

    _wide: bool | None = None  # whether the table has its Status column

    def _set_columns(self, wide: bool) -> None:
        """The table's columns; a narrow terminal does without Status (a done or
        dropped action says so in its text, and the detail line says the rest)."""
        table = self.query_one(DataTable)
        table.clear(columns=True)
        table.add_column("Ref", key="ref", width=4)
        table.add_column("Action", key="text", width=30)
        table.add_column("Owner", key="owner", width=14)
        table.add_column("Due", key="due", width=10)
        if wide:
            table.add_column("Status", key="status", width=STATUS_WIDTH)
        table.add_column(Text("Votes", justify="right"), key="votes", width=7)
        self._wide = wide

    def key_sections(self) -> list[KeySection]:
        return [("Action list", self.BINDINGS)]

    def palette_commands(self) -> list[Command]:
        return [
            ("Next action missing an owner or due", "Jump to it", self.action_next_gap),
            ("Set the owner", "Of the selected action", self.action_owner),
            ("Set the due", "Of the selected action", self.action_due),
            ("Set the status", "Open, in progress, done or dropped", self.action_status),
        ]

    def draw(self) -> None:
        state = self.app.state
        actions = state.actions()
        table = self.query_one(DataTable)
        keep = self._selected()
        wide = self.size.width >= WIDE
        if wide != self._wide:
            self._set_columns(wide)
        table.clear()
        # The action takes the room the other columns leave (each cell has 2 of padding).
        status = (STATUS_WIDTH + 2) if wide else 0
        width = max(16, self.size.width - (4 + 14 + 10 + 7) - 2 * 5 - status - 2)
        table.columns["text"].width = width
        for point in actions:
            votes = hidden_votes() if state.blind(point.letter) else dots(point.votes)
            cells = [optional(point.owner), optional(point.due)]
            if wide:
                cells.append(_status(point))
            table.add_row(
                Text(point.ref, style="bold"), point_text(point), *cells, votes, key=str(point.id)
            )
        if keep is not None:
            self._select(keep.id)
        gaps = sum(1 for p in actions if _gap(p))
        steps = f"{len(actions)} next step" + ("" if len(actions) == 1 else "s")
        forms = [
            [f"Action list ─ {flat(state.view.title)}", steps],
            [flat(state.view.title), steps],
        ]
        title = first_that_fits(forms, max(self.size.width - 2, 20))
        self.query_one("#actions-title", Static).update(Text(title), layout=False)
        if not actions:
            message = "No next steps yet: tag points with #next (or ctrl+n)."
        elif gaps:
            verb = "needs" if gaps == 1 else "need"
            message = first_that_fits(
                [
                    [f"{gaps} {verb} an owner or a due: g jumps to the next, o and d fix it."],
                    [f"{gaps} {verb} an owner or a due: g next, o owner, d due"],
                    [f"{gaps} {verb} an owner or a due"],
                ],
                max(self.size.width - 2, 20),
            )
        else:
            message = "Every action has an owner and a due. ctrl+e exports the list."
        self.query_one("#actions-status", Static).update(Text(message), layout=False)

    def _selected(self) -> PointView | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        row_key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return next((p for p in self.app.state.actions() if str(p.id) == row_key.value), None)

    def _select(self, point_id) -> None:
        table = self.query_one(DataTable)
        with contextlib.suppress(RowDoesNotExist):  # it is no longer a next step
            table.move_cursor(row=table.get_row_index(str(point_id)))

    @on(PointsChanged)
    def _points_changed(self) -> None:
        if not self.closed:
            self.draw()

    def on_resize(self) -> None:
        self.draw()

    def action_owner(self) -> None:
        point = self._selected()
        if point is not None:
            tagging.ask_owner(self.app, point)

    def action_due(self) -> None:
        point = self._selected()
        if point is not None:
            tagging.ask_due(self.app, point)

    def action_edit(self) -> None:
        point = self._selected()
        if point is not None:
            tagging.ask_edit(self.app, point)

    def action_complete(self) -> None:
        point = self._selected()
        if point is not None:
            tagging.toggle_done(self.app, point)

    def action_status(self) -> None:
        point = self._selected()
        if point is not None:
            tagging.ask_status(self.app, point)

    def action_next_gap(self) -> None:
        actions = self.app.state.actions()
        current = self.query_one(DataTable).cursor_row
        order = actions[current + 1 :] + actions[: current + 1]
        gap = next((p for p in order if _gap(p)), None)
        if gap is not None:
            self._select(gap.id)

    def action_back(self) -> None:
        self.app.pop_screen()
