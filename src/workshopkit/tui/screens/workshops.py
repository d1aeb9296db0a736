"""The first screen: the store's workshops, most recent first, and a new one with `n`."""

from functools import partial

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from workshopkit.core.views import WorkshopSummary, WorkshopView
from workshopkit.tui.dialogs.new_workshop import NewWorkshop, NewWorkshopDialog
from workshopkit.tui.messages import StoreChanged
from workshopkit.tui.screens.base import Command, KeySection, WorkshopkitScreen
from workshopkit.tui.widgets.cells import flat

DEFAULT_BREAKOUT = "General"


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def summary_line(summary: WorkshopSummary) -> Text:
    line = Text(flat(summary.title), style="bold")
    facts = [flat(f) for f in (summary.date, summary.venue) if f]
    facts.append(f"{plural(summary.breakouts, 'breakout')} · {plural(summary.points, 'point')}")
    line.append("  " + " · ".join(facts), style="dim")
    return line


class WorkshopsScreen(WorkshopkitScreen):
    """Pick a workshop with the arrows and Enter; `n` creates one."""

    BINDINGS = [  # noqa: RUF012 (Textual reads this class attribute)
        Binding("n", "new", "New workshop", id="workshops.new"),
        Binding("enter", "open", "Open", id="workshops.open", show=True),
        Binding("ctrl+q", "app.quit", "Quit", id="workshops.quit"),
    ]

    def __init__(self, problem: str | None = None) -> None:
        super().__init__()
        self.problem = problem  # why we are here instead of in a workshop, if we were sent
        self.summaries: list[WorkshopSummary] = []  # as last shown

    def compose(self) -> ComposeResult:
        yield Static(Text("workshopkit ─ workshops"), classes="screen-title")
        yield Static("Opening the store…", id="workshops-status", classes="screen-status")
        yield OptionList(id="workshops")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Workshops"
        self.query_one(OptionList).focus()
        self.reload()

    def key_sections(self) -> list[KeySection]:
        return [("Workshops", self.BINDINGS)]

    def palette_commands(self) -> list[Command]:
        return [("New workshop", "Title, breakouts, date and venue", self.action_new)]

    def reload(self, select: str | None = None) -> None:
        self.app.run_job(
            lambda store: store.list_workshops(),
            lambda found: self.show(found, select),
            self.failed,
        )

    @on(StoreChanged)
    def store_changed(self) -> None:
        """Someone saved something: the counts (or the workshops) may have changed."""
        if not self.is_attached:
            return
        options = self.query_one(OptionList)
        current = options.highlighted
        selected = None if current is None else options.get_option_at_index(current).id
        self.reload(select=selected)

    def failed(self, error: str) -> None:
        if not self.is_attached:
            return  # the answer came after the list was left for a workshop
        status = self.query_one("#workshops-status", Static)
        status.update(Text(error))
        status.add_class("error")

    def show(self, summaries: list[WorkshopSummary], select: str | None) -> None:
        if not self.is_attached:
            return  # the answer came after the list was left for a workshop
        status = self.query_one("#workshops-status", Static)
        if self.problem:
            self.failed(self.problem)
        elif summaries:
            status.update(Text("enter opens a workshop · n creates one"))
        else:
            status.update(Text("No workshops yet: press n to create one."))
        self.summaries = summaries
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(Option(summary_line(s), id=s.slug) for s in summaries)
        if summaries:
            slugs = [s.slug for s in summaries]
            options.highlighted = slugs.index(select) if select in slugs else 0

    @on(OptionList.OptionSelected, "#workshops")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.app.open_workshop(event.option.id)

    def action_open(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            options.action_select()

    def action_new(self) -> None:
        def answered(form: NewWorkshop | None) -> None:
            if form is None:
                return
            # A template brings its own breakouts; otherwise one to capture into.
            breakouts = form.breakouts or ([] if form.template else [DEFAULT_BREAKOUT])
            self.app.run_job(
                lambda store: store.create_workshop(
                    form.title,
                    breakouts,
                    form.date,
                    form.venue,
                    template=form.template,
                    carry_from=form.carry_from,
                ),
                partial(self._created, form.carry_from),
            )

        workshops = [(s.slug, s.title) for s in self.summaries]
        self.app.push_screen(NewWorkshopDialog(workshops), answered)

    def _created(self, carried_from: str | None, view: WorkshopView) -> None:
        self.app.open_workshop(view.slug)
        if carried_from is not None:
            carried = sum(1 for p in view.points if p.carried_from)
            message = (
                f"Carried forward {plural(carried, 'open action')} from {carried_from}."
                if carried
                else f"Nothing to carry: {carried_from} has no open actions."
            )
            # Said once the workshop's screen is up: a toast raised now leaves with this one.
            self.app.call_after_refresh(self.app.notify, message, markup=False)
