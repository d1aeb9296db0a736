"""The duplicates view: pairs of points that read almost the same, merged from the keyboard.

The pairs come from the open workshop's points as the screen holds them (``core/dupes.py``,
on a thread: a big workshop takes a moment to compare), and are found again whenever a
point changes, here or on another note-taker's screen. A merge is one store call; ctrl+z
undoes it like any other change.
"""

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Static
from textual.worker import get_current_worker

from workshopkit.core.dupes import LOWEST_THRESHOLD, THRESHOLD, Pair, find_duplicates
from workshopkit.core.views import PointView
from workshopkit.tui.messages import PointsChanged
from workshopkit.tui.screens.base import Command, KeySection, WorkshopkitScreen
from workshopkit.tui.widgets.cells import details, flat, kind_cell

STEP = 5  # how far + and - move the cut-off


class PairTable(DataTable):
    """The list of pairs. It holds the pair keys itself, so that they run in the order
    typed: a key bound on the screen with priority would run before an arrow typed just
    ahead of it had moved the cursor, and merge the wrong pair."""

    BINDINGS = [  # noqa: RUF012 (Textual reads this class attribute)
        Binding(
            "left,l",
            "screen.keep('left')",
            "Keep left",
            id="dupes.keep_left",
            tooltip="Merge the right point into the left one",
        ),
        Binding(
            "right,r",
            "screen.keep('right')",
            "Keep right",
            id="dupes.keep_right",
            tooltip="Merge the left point into the right one",
        ),
        Binding(
            "s,space",
            "screen.skip",
            "Skip",
            id="dupes.skip",
            tooltip="Not duplicates: hide the pair",
        ),
        Binding(
            "plus,equals_sign",
            f"screen.threshold({STEP})",
            "Stricter",
            id="dupes.stricter",
            tooltip="Raise the cut-off: fewer, closer pairs",
        ),
        Binding(
            "minus",
            f"screen.threshold({-STEP})",
            "Looser",
            id="dupes.looser",
            tooltip="Lower the cut-off: more pairs, some not duplicates",
        ),
    ]


class DuplicatesScreen(WorkshopkitScreen):
    """Near-duplicate pairs, best first: keep the left or the right point, or skip the pair."""

    BINDINGS = [  # noqa: RUF012 (Textual reads this class attribute)
        Binding("escape", "back", "Back", id="dupes.back", priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.threshold = THRESHOLD
        self.pairs: list[Pair] = []  # as shown, skipped ones left out
        self.skipped: set[frozenset] = set()  # pairs the facilitator said are not duplicates
        self.searching = False  # a search for pairs is running
        self.stale = False  # points changed while it ran: search again when it ends

    def compose(self) -> ComposeResult:
        yield Static("", id="dupes-title", classes="screen-title")
        yield Static("", id="dupes-status", classes="screen-status")
        yield PairTable(id="dupes", cursor_type="row", zebra_stripes=True)
        yield Static("", id="dupes-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Duplicates"
        table = self.query_one(DataTable)
        table.add_column(Text("Score", justify="right"), key="score", width=5)
        table.add_column("Left (captured first)", key="left", width=30)
        table.add_column("Right", key="right", width=30)
        table.focus()
        title = f"Duplicates ─ {flat(self.app.state.view.title)}"
        self.query_one("#dupes-title", Static).update(Text(title))
        self.say("Looking for points that read almost the same…")
        self.search()

    def key_sections(self) -> list[KeySection]:
        return [("Duplicates", [*PairTable.BINDINGS, *self.BINDINGS])]

    def palette_commands(self) -> list[Command]:
        return [
            ("Keep the left point", "Merge the right one into it", self.action_keep),
            (
                "Keep the right point",
                "Merge the left one into it",
                lambda: self.action_keep("right"),
            ),
            ("Skip this pair", "They are not duplicates", self.action_skip),
            ("Stricter cut-off", f"Raise it by {STEP}", lambda: self.action_threshold(STEP)),
            ("Looser cut-off", f"Lower it by {STEP}", lambda: self.action_threshold(-STEP)),
        ]

    def say(self, message: str, error: bool = False) -> None:
        status = self.query_one("#dupes-status", Static)
        status.update(Text(message), layout=error)  # only an error wraps
        status.set_class(error, "error")

    # -- finding -------------------------------------------------------------------

    def search(self) -> None:
        state = self.app.state
        if state is None:
            return
        if self.searching:
            # One search at a time: a thread cannot be stopped, and on a big workshop a
            # burst of changes would otherwise pile searches up. The next one starts when
            # this one ends, with the points as they are then.
            self.stale = True
            return
        self.searching, self.stale = True, False
        self._search(state.all_points(), self.threshold)

    @work(thread=True, group="dupes", exit_on_error=False)
    def _search(self, points: list[PointView], threshold: float) -> None:
        try:
            pairs: list[Pair] | None = find_duplicates(points, threshold)
        except Exception:  # the screen must not wait for ever; it says so instead
            pairs = None
        if not get_current_worker().is_cancelled:  # cancelled: the screen has closed
            self.app.call_from_thread(self._found, pairs)

    def _found(self, pairs: list[Pair] | None) -> None:
        if not self.is_mounted:
            return
        self.searching = False
        state = self.app.state
        if pairs is None or state is None:
            self.say("Could not compare the points; press + or - to try again.", error=True)
            return
        # Points merged or deleted while the search ran are left out at once.
        live = [p for p in pairs if state.get(p.first.letter, p.first.id)]
        self.show_pairs([p for p in live if state.get(p.second.letter, p.second.id)])
        if self.stale:
            self.search()

    def show_pairs(self, pairs: list[Pair]) -> None:
        self.pairs = [p for p in pairs if p.ids not in self.skipped]
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for pair in self.pairs:
            table.add_row(
                Text(str(pair.percent), justify="right", style="bold"),
                self._cell(pair.first),
                self._cell(pair.second),
                key=self._key(pair),
            )
        if self.pairs:
            # The pair under the cursor was merged or skipped: the next one takes its place.
            table.move_cursor(row=min(row, len(self.pairs) - 1))
        self.update_title()
        self.show_detail()

    @staticmethod
    def _key(pair: Pair) -> str:
        return f"{pair.first.id}:{pair.second.id}"

    @staticmethod
    def _cell(point: PointView) -> Text:
        cell = Text(f"{point.ref} ", style="bold")
        cell.append(flat(point.text))
        cell.no_wrap, cell.overflow = True, "ellipsis"
        return cell

    def update_title(self) -> None:
        count = len(self.pairs)
        title = (
            f"Duplicates ─ {flat(self.app.state.view.title)} ─ "
            f"{count} pair{'' if count == 1 else 's'} scoring {self.threshold:g} or more"
        )
        self.query_one("#dupes-title", Static).update(Text(title))
        if count:
            self.say("← keeps the left point, → the right · s skips · + / - change the cut-off")
        else:
            self.say(
                f"No near-duplicates at a cut-off of {self.threshold:g}"
                + (": - lowers it." if self.threshold > LOWEST_THRESHOLD else ".")
            )

    def on_resize(self) -> None:
        # The two points share what the score column leaves (cell padding is 2 per column).
        width = max(12, (self.size.width - 5 - 2 * 3 - 2) // 2)
        table = self.query_one(DataTable)
        for key in ("left", "right"):
            if key in table.columns:
                table.columns[key].width = width
        table.refresh()

    def on_data_table_row_highlighted(self) -> None:
        self.show_detail()

    def show_detail(self) -> None:
        """Both points of the highlighted pair in full: the table cuts them short."""
        detail = self.query_one("#dupes-detail", Static)
        pair = self.current()
        if pair is None:
            detail.update("")
            return
        lines = Text()
        for arrow, point in (("←", pair.first), ("→", pair.second)):
            if lines:
                lines.append("\n")
            lines.append(f"{arrow} {point.ref} ", style="bold")
            lines.append_text(kind_cell(point.kind))
            lines.append(" " * (10 - len(point.kind.value)) + flat(point.text))  # texts align
            tags = details(point)
            if tags:
                lines.append(f"  {tags}", style="italic cyan")
        detail.update(lines)

    def current(self) -> Pair | None:
        table = self.query_one(DataTable)
        if not self.pairs or not table.row_count:
            return None
        return self.pairs[min(table.cursor_row, len(self.pairs) - 1)]

    @on(PointsChanged)
    def _points_changed(self, message: PointsChanged) -> None:
        if message.points and not self.closed:
            self.search()

    # -- acting on a pair ------------------------------------------------------------

    def action_keep(self, side: str = "left") -> None:
        pair = self.current()
        if pair is None:
            return
        keep, absorb = (pair.first, pair.second) if side == "left" else (pair.second, pair.first)
        slug, keep_ref, absorb_ref = self.app.state.slug, keep.ref, absorb.ref
        self.skipped.add(pair.ids)  # hidden at once: a second key press cannot merge it twice

        def done(result) -> None:
            self.app.points_changed(result.points)
            self.app.remember(
                f"merge of {absorb_ref} into {keep_ref}",
                lambda store: store.unmerge(slug, absorb_ref).points,
            )
            self.skipped.discard(pair.ids)  # an undo brings the pair back to decide again
            took = ", ".join(result.changes) or "nothing to add"
            self.notify(
                f"Merged {absorb_ref} into {keep_ref}: {took}. ctrl+z undoes it.", markup=False
            )
            for line in result.excess:
                self.notify(line, severity="warning", markup=False, timeout=10)

        def failed(error: str) -> None:
            self.skipped.discard(pair.ids)
            self.app.notify(f"Not merged: {error}", severity="error", markup=False, timeout=8)
            if self.is_mounted:
                self.search()

        self.show_pairs([p for p in self.pairs if p.ids != pair.ids])
        self.app.run_job(lambda store: store.merge_points(slug, keep_ref, absorb_ref), done, failed)

    def action_skip(self) -> None:
        pair = self.current()
        if pair is not None:
            self.skipped.add(pair.ids)
            self.show_pairs(self.pairs)

    def action_threshold(self, step: int) -> None:
        threshold = min(100.0, max(LOWEST_THRESHOLD, self.threshold + step))
        if threshold != self.threshold:
            self.threshold = threshold
            self.search()

    def action_back(self) -> None:
        self.app.pop_screen()
