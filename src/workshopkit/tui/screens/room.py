"""The room on the projector: where phones join (the address, the code, its QR code),
how many have joined, and what the room does now. The facilitator runs the room here:
which breakout it sees, adding points, voting, blind voting, closing it."""

from dataclasses import replace

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from workshopkit.core.room import qr_rows, spaced_code
from workshopkit.tui import room
from workshopkit.tui.messages import PointsChanged
from workshopkit.tui.screens.base import KeySection, WorkshopkitScreen
from workshopkit.tui.widgets.cells import flat


class RoomScreen(WorkshopkitScreen):
    """High contrast, like the projector view; escape goes back."""

    DEFAULT_CSS = """
    RoomScreen { background: #000000; color: #ffffff; }
    RoomScreen #room-body { height: 1fr; }
    RoomScreen #room-qr { width: auto; padding: 0 2; color: #ffffff; background: #000000; }
    RoomScreen #room-info { width: 1fr; padding: 1 2; }
    RoomScreen #room-help { height: 1; color: #a0a0a0; padding: 0 2; }
    """
    BINDINGS = [  # noqa: RUF012 (Textual reads this class attribute)
        Binding("escape", "back", "Back", id="room.back", priority=True),
        Binding("f5", "close_room", "Close the room", id="room.close", priority=True),
        Binding("tab", "step(1)", "Next breakout on the room", id="room.next", priority=True),
        Binding("a", "adding", "Adding on/off", id="room.adding"),
        Binding("v", "voting", "Voting on/off", id="room.voting"),
        Binding("b", "blind", "Blind voting / reveal", id="room.blind"),
    ]

    def compose(self) -> ComposeResult:
        with Horizontal(id="room-body"):
            yield Static("", id="room-qr")
            with Vertical(id="room-info"):
                yield Static("", id="room-text")
        yield Static(
            Text("tab breakout · a adding · v voting · b blind/reveal · f5 close · esc back"),
            id="room-help",
        )

    def on_mount(self) -> None:
        self.sub_title = "The room on phones"
        self.draw()

    def key_sections(self) -> list[KeySection]:
        return [("The room on phones", self.BINDINGS)]

    def draw(self) -> None:
        state = self.app.state
        if state is None:
            return
        current = state.view.room
        url = self.app.room.url(current)
        text = Text(flat(state.view.title), style="bold #ffffff")
        if url is None:
            text.append("\n\nThe room is closed. f5 opens it.", style="bold #c0c0c0")
            self.query_one("#room-qr", Static).update("")
            self.query_one("#room-text", Static).update(text)
            return
        text.append("\n\nJoin on your phone: scan the code, or open", style="#c0c0c0")
        text.append(f"\n{url.partition('/?')[0]}", style="bold #ffd700")
        text.append("\nand type the code", style="#c0c0c0")
        text.append(f"\n{spaced_code(current.code)}", style="bold #ffd700")
        phones = current.phones
        text.append(f"\n\n{phones} phone{'' if phones == 1 else 's'} joined", style="bold")
        breakout = state.breakouts.get(current.letter)
        if breakout is None:
            text.append("\nNo breakout on the room: tab puts one there.", style="#c0c0c0")
        else:
            text.append(f"\nOn the room: {breakout.letter} {flat(breakout.title)}", style="bold")
            adding = "on" if current.adding else "off"
            voting = "on" if current.voting else "off"
            text.append(f"\nAdding points {adding} · voting {voting}", style="#c0c0c0")
            if breakout.blind:
                text.append(" · blind (counts hidden)", style="#c0c0c0")
        text.append(f"\n\n{url}", style="#808080")  # the QR code's text, for a camera's sake
        self.query_one("#room-qr", Static).update(Text("\n".join(qr_rows(url))))
        self.query_one("#room-text", Static).update(text)

    @on(PointsChanged)
    def _changed(self) -> None:
        if not self.closed:
            self.draw()

    def _set(self, **values) -> None:
        state = self.app.state
        if state is None or not state.view.room.open:
            return
        slug = state.slug

        def done(current) -> None:
            self.app.state.view = replace(self.app.state.view, room=current)
            self.app.points_changed([])

        self.app.run_job(lambda store: store.set_room(slug, **values), done)

    def action_step(self, step: int) -> None:
        state = self.app.state
        if state is None or not state.letters:
            return
        letters = state.letters
        current = state.view.room.letter
        index = letters.index(current) + step if current in letters else 0
        self._set(breakout=letters[index % len(letters)])

    def action_adding(self) -> None:
        self._set(adding=not self.app.state.view.room.adding)

    def action_voting(self) -> None:
        self._set(voting=not self.app.state.view.room.voting)

    def action_blind(self) -> None:
        state = self.app.state
        letter = state.view.room.letter if state is not None else ""
        if letter in state.breakouts:
            hide = not state.blind(letter)
            slug = state.slug
            self.app.run_job(
                lambda store: store.set_blind(slug, letter, hide), self.app.breakout_changed
            )

    def action_close_room(self) -> None:
        room.toggle_room(self.app)

    def action_back(self) -> None:
        self.app.pop_screen()
