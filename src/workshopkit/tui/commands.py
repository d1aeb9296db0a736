"""The command palette (ctrl+p): every action of the current screen, by name, in one Provider."""

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from workshopkit.core.files.local_files import paths_allowed
from workshopkit.tui import importing
from workshopkit.tui.screens.base import Command, WorkshopkitScreen


class WorkshopkitCommands(Provider):
    """Asks the screen underneath for its commands, then adds the app-wide ones."""

    def _commands(self) -> list[Command]:
        screen = self.screen
        commands = screen.palette_commands() if isinstance(screen, WorkshopkitScreen) else []
        app = self.app
        commands += [
            (
                "Undo the last change",
                "Take back the last capture, tag, vote or delete",
                partial(app.run_action, "undo"),
            ),
            (
                "Export the action list",
                "Preview the markdown action list and write it",
                partial(app.run_action, "export"),
            ),
            (
                "Export every point",
                "The action list, then every point of each breakout (as export --all)",
                partial(app.run_action, "export(True)"),
            ),
        ]
        if paths_allowed():  # not in a browser session: the files are the serving machine's
            commands.append(
                (
                    "Import notes…",
                    "A markdown or text file into this workshop (or a new one from the list)",
                    partial(importing.start, app),
                )
            )
        commands += [
            ("Show every key", "The keys of this screen", partial(app.run_action, "keys")),
            ("Workshops", "List the workshops in this store, or create one", app.show_workshops),
        ]
        return commands

    async def discover(self) -> Hits:
        for name, help_text, run in self._commands():
            # Content, not a str: a breakout title in a name must never be read as markup.
            yield DiscoveryHit(Content(name), run, text=name, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, run in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, Content(name), run, text=name, help=help_text)
