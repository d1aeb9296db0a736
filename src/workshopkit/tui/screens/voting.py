"""Voting mode for one breakout: who votes, dots left, dots placed and taken back.

Budgets and caps are the store's to enforce; a refused dot changes nothing and the
reason is shown. In blind mode the counts stay hidden until the facilitator reveals them.
"""

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Static

from workshopkit.core.views import BreakoutView, PointView, VoteResult
from workshopkit.tui.dialogs.ask import AskDialog
from workshopkit.tui.messages import NameChanged, PointsChanged
from workshopkit.tui.screens.base import Command, KeySection, WorkshopkitScreen
from workshopkit.tui.screens.ranking import RankingScreen
from workshopkit.tui.widgets.cells import dots, flat
from workshopkit.tui.widgets.point_table import PointTable
from workshopkit.tui.widgets.titles import first_that_fits


class VotingScreen(WorkshopkitScreen):
    """Place dots with +, space or =; take them back with -."""

    BINDINGS = [  # noqa: RUF012 (Textual reads this class attribute)
        Binding("plus,space,equals_sign", "dot(1)", "Dot", id="vote.add", tooltip="Place a dot"),
        Binding("minus", "dot(-1)", "Take back", id="vote.remove", tooltip="Take a dot back"),
        Binding("w", "voter", "Who votes", id="vote.voter", tooltip="Choose who is voting"),
        Binding(
            "t",
            "tally",
            "Room tally",
            id="vote.tally",
            tooltip="Enter a show of hands counted by the facilitator",
        ),
        Binding("h", "blind", "Blind", id="vote.blind", tooltip="Hide or show the counts"),
        Binding("r", "ranking", "Ranking", id="vote.ranking", tooltip="Ranking with bars"),
        Binding("escape", "back", "Back", id="vote.back", priority=True),
    ]

    def __init__(self, letter: str) -> None:
        super().__init__()
        self.letter = letter

    def compose(self) -> ComposeResult:
        yield Static("", id="vote-title", classes="screen-title")
        yield Static("", id="vote-status", classes="screen-status")
        yield PointTable(votes_cell=self.votes_cell, votes_width=12, id="vote-points")
        yield Footer()

    @property
    def voter(self) -> str:
        return self.app.voter or self.app.user

    @property
    def blind(self) -> bool:
        return self.app.state.blind(self.letter)

    def on_mount(self) -> None:
        self.sub_title = f"Voting {self.letter}"
        table = self.query_one(PointTable)
        self.drawn_blind = self.blind
        table.show_points(self.app.state.points(self.letter))
        table.focus()
        self.update_title()
        voter = flat(self.voter)
        forms = [[f"{voter} is voting: + or space places a dot, - takes one back."]]
        forms += [[f"{voter} is voting: + places a dot, - takes one back."], [f"{voter} votes"]]
        self.say(first_that_fits(forms, max(self.size.width - 2, 20)))

    def on_resize(self) -> None:
        self.update_title()

    def key_sections(self) -> list[KeySection]:
        return [("Voting", self.BINDINGS)]

    def palette_commands(self) -> list[Command]:
        return [
            ("Who is voting", "Choose the voter's name", self.action_voter),
            ("Room tally", "A show of hands for the point", self.action_tally),
            ("Blind voting on/off", "Hide counts until revealed", self.action_blind),
            ("Vote ranking", "Points by votes with bars", self.action_ranking),
        ]

    def votes_cell(self, point: PointView) -> Text:
        mine = next((n for name, n in point.voters if name.casefold() == self.voter.casefold()), 0)
        if self.blind:
            return Text(f"you {mine}", style="bold" if mine else "dim", justify="right")
        cell = dots(point.votes)
        if mine:
            cell = Text(f"({mine}) ", style="cyan") + cell
        return cell

    def update_title(self) -> None:
        state = self.app.state
        breakout = state.breakouts[self.letter]
        left = state.view.dots_per_voter - state.dots_used(self.letter, self.voter)
        name, voter = f"Voting {breakout.letter} {flat(breakout.title)}", flat(self.voter)
        dots_left = f"{left}/{state.view.dots_per_voter} dots left"
        blind = ["BLIND: counts hidden (h reveals)"] if self.blind else []
        short_blind = ["BLIND (h reveals)"] if self.blind else []
        forms = [  # the same title, shorter each time: the dots left and BLIND stay
            [name, f"voter: {voter}", dots_left, f"max {state.view.cap_per_point} a point", *blind],
            [name, f"voter: {voter}", dots_left, *blind],
            [name, f"voter: {voter}", dots_left, *short_blind],
            [name, voter, f"{left}/{state.view.dots_per_voter} left", *(["BLIND"] * self.blind)],
        ]
        width = max(self.size.width - 2, 20)  # the title's padding
        # One line high whatever it says: no need to lay the screen (and its list) out again.
        title = self.query_one("#vote-title", Static)
        title.update(Text(first_that_fits(forms, width)), layout=False)

    @on(NameChanged)
    def _name_changed(self) -> None:
        if not self.closed:
            self.update_title()  # the voter, unless another was chosen, is the user

    def tell(self, text: str) -> None:
        """What a change just did (an undo): the line, which spoke of the dots before it,
        now says it and how many the voter has left."""
        state = self.app.state
        left = state.view.dots_per_voter - state.dots_used(self.letter, self.voter)
        self.update_title()
        self.say(f"{text} · {flat(self.voter)} has {left} dots left.")

    def say(self, message: str, error: bool = False) -> None:
        status = self.query_one("#vote-status", Static)
        status.set_class(error, "error")
        status.update(Text(flat(message)), layout=error)  # only an error wraps

    def _selected(self) -> PointView | None:
        point_id = self.query_one(PointTable).current_id
        return self.app.state.get(self.letter, point_id) if point_id else None

    @on(PointsChanged)
    def _points_changed(self, message: PointsChanged) -> None:
        if self.closed:
            return
        table = self.query_one(PointTable)
        for point in message.points:
            if point.letter == self.letter:
                table.upsert(point)
        if self.blind != self.drawn_blind:  # turned on or off here, by undo, or elsewhere
            self.drawn_blind = self.blind
            table.refresh_votes(self.app.state.points(self.letter))
        self.update_title()

    def action_dot(self, step: int) -> None:
        point = self._selected()
        if point is None:
            return
        slug, ref, voter, remove = self.app.state.slug, point.ref, self.voter, step < 0

        def done(result: VoteResult) -> None:
            self.app.points_changed([result.point])
            self.app.remember(
                f"{'taking back' if remove else 'dot'} on {ref}",
                lambda store: store.vote(slug, ref, voter, remove=not remove).point,
            )
            verb = "took back a dot from" if remove else "put a dot on"
            self.say(f"{result.voter} {verb} {ref}: {result.dots_left} dots left.")

        def refused(error: str) -> None:
            state = self.app.state
            if not remove and state.dots_used(self.letter, voter) >= state.view.dots_per_voter:
                error += " Take one back with - first."
            self.say(error, error=True)

        self.app.run_job(lambda store: store.vote(slug, ref, voter, remove=remove), done, refused)

    def action_voter(self) -> None:
        def answered(name: str | None) -> None:
            if name and name.strip():
                typed = flat(name).strip()
                # "ana" is Ana, who voted before: the store keeps the first spelling, and
                # so does the screen.
                known = [v for v in self.app.state.voters() if v.casefold() == typed.casefold()]
                self.app.voter = known[0] if known else typed
                self.query_one(PointTable).refresh_votes(self.app.state.points(self.letter))
                self.update_title()
                self.say(f"{self.app.voter} is voting.")

        self.app.push_screen(
            AskDialog(
                "Who is voting?",
                "",
                self.app.state.voters(),
                hint="one name per person; a name used before keeps its dots",
            ),
            answered,
        )

    def action_tally(self) -> None:
        point = self._selected()
        if point is None:
            return

        def answered(value: str | None) -> None:
            if value is None:
                return
            try:
                count = int(value.strip() or "0")
            except ValueError:
                self.say(f"'{flat(value)}' is not a number of hands; nothing changed.", True)
                return
            slug, ref, before = self.app.state.slug, point.ref, point.tally

            def done(changed: PointView) -> None:
                self.app.points_changed([changed])
                self.app.remember(f"tally of {ref}", lambda s: s.set_tally(slug, ref, before))
                self.say(f"{ref}: room tally {count}.")

            self.app.run_job(
                lambda s: s.set_tally(slug, ref, count),
                done,
                lambda error: self.say(error, error=True),
            )

        self.app.push_screen(
            AskDialog(f"Room tally for {point.ref}: hands counted", str(point.tally)), answered
        )

    def action_blind(self) -> None:
        """Blind voting on or off for this breakout: stored, so every screen (and every
        note-taker's) hides or shows the counts, and it survives a restart."""
        slug, letter, hide = self.app.state.slug, self.letter, not self.blind

        def done(breakout: BreakoutView) -> None:
            self.app.breakout_changed(breakout)
            self.app.remember(
                "blind voting on" if hide else "revealing the votes",
                lambda store: store.set_blind(slug, letter, not hide),
            )
            if hide:
                self.say(f"{letter}: blind voting on — counts hidden until h reveals them.")
            else:
                self.say(f"{letter}: votes revealed — ctrl+z hides them again.")

        self.app.run_job(
            lambda store: store.set_blind(slug, letter, hide),
            done,
            lambda error: self.say(error, error=True),
        )

    def action_ranking(self) -> None:
        self.app.push_screen(RankingScreen(self.letter))

    def action_back(self) -> None:
        self.app.pop_screen()
