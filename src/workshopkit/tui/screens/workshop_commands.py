"""What the workshop screen opens and offers: the other screens (by their keys and from
the palette), and its commands in the palette (ctrl+p): those screens, the highlighted
point's changes, each breakout to switch to, and the duplicates."""

from functools import partial
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workshopkit.tui.screens.base import Command


def palette_commands(screen) -> list["Command"]:
    """The screen's commands for the palette: its views, the highlighted point's changes,
    each breakout to switch to, and the duplicates."""
    # Loaded when the palette opens: the workshop screen's first frame needs none of them.
    from workshopkit.core.kinds import Kind
    from workshopkit.tui import tagging
    from workshopkit.tui.widgets.cells import flat

    commands: list[Command] = [
        ("Voting mode", "Place dots on this breakout's points", screen.action_vote),
        ("Vote ranking", "This breakout's points by votes, with bars", screen.action_ranking),
        ("Action list", "Every next step, ranked; fix owners and dues", screen.action_actions),
        ("Breakout timer", "Start or stop this breakout's countdown", screen.action_timer),
        ("Projector view", "Large, read-only, for the room's screen", screen.action_projector),
        ("Room on phones", "Open the room (join by code or QR), or close it", screen.action_room),
        ("Add a breakout", "A new breakout in this workshop", screen.add_breakout),
        ("Capture bar", "Back to typing points", screen.action_to_bar),
    ]
    point = screen.shown.selected()
    if point is not None:
        for kind in Kind:
            commands.append(
                (
                    f"Mark {point.ref} as {kind.value}",
                    "Change its kind",
                    partial(tagging.set_kind, screen.app, point, kind=kind.value),
                )
            )
        commands += [
            (f"Owner of {point.ref}", "Set or clear the owner", screen.action_owner),
            (f"Due of {point.ref}", "Set or clear the due", screen.action_due),
            (f"Themes of {point.ref}", "Add #themes", screen.action_themes),
            (f"Edit {point.ref}", "Edit in the capture language", screen.action_edit),
            (f"Delete {point.ref}", "ctrl+z brings it back", screen.action_delete),
            (f"Done: {point.ref}", "Action done, or open again", screen.action_complete),
        ]
    if screen.state is not None:
        for breakout in screen.state.breakouts.values():
            commands.append(
                (
                    f"Breakout {breakout.letter}: {flat(breakout.title)}",
                    "Switch to this breakout",
                    partial(screen.shown.switch_to, breakout.letter),
                )
            )
    commands.append(
        (
            "Find duplicates",
            "Points that read almost the same: merge or skip them",
            screen.action_duplicates,
        )
    )
    return commands


class OpensOtherScreens:
    """The workshop screen's actions that open another screen on its workshop (each
    screen's module loads when first opened: the first frame needs only this one)."""

    def action_vote(self) -> None:
        if self.state is not None and self.letter:
            # Loaded when first opened: the first paint needs only this screen.
            from workshopkit.tui.screens.voting import VotingScreen

            letter = self.letter  # dots need a name: the login name is not one (asked once)
            from workshopkit.tui import names  # as the screen

            names.ask_name_once(self.app, lambda: self.app.push_screen(VotingScreen(letter)))

    def action_ranking(self) -> None:
        if self.state is not None and self.letter:
            # Loaded when first opened: the first paint needs only this screen.
            from workshopkit.tui.screens.ranking import RankingScreen

            self.app.push_screen(RankingScreen(self.letter))

    def action_actions(self) -> None:
        if self.state is not None:
            # Loaded when first opened: the first paint needs only this screen.
            from workshopkit.tui.screens.actions import ActionsScreen

            self.app.push_screen(ActionsScreen())

    def action_workshops(self) -> None:
        self.app.show_workshops()

    def action_duplicates(self) -> None:
        if self.state is not None:
            # Loaded when first opened: the first paint needs only this screen.
            from workshopkit.tui.screens.duplicates import DuplicatesScreen

            self.app.push_screen(DuplicatesScreen())

    def action_timer(self) -> None:
        if self.state is not None and self.letter:
            from workshopkit.tui import timers  # as the screen

            timers.ask_timer(self.app, self.letter)

    def action_room(self) -> None:
        from workshopkit.tui import room  # as the screen
        from workshopkit.tui.screens.room import RoomScreen  # loaded when first opened

        room.toggle_room(self.app, lambda: self.app.push_screen(RoomScreen()))

    def action_projector(self) -> None:
        if self.state is not None and self.letter:
            # Loaded when first opened: the first paint needs only this screen.
            from workshopkit.tui.screens.projector import ProjectorScreen

            self.app.push_screen(ProjectorScreen(self.letter))
