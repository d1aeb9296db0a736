"""The command palette (ctrl+p): every action of the current screen, by name, in one Provider."""

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from workshopkit.core.files.local_files import paths_allowed

Command = tuple[str, str, Callable[[], object]]  # name, help, what it runs


def _import_notes(app) -> None:
    from workshopkit.tui import importing  # loaded when chosen: it is rarely needed

    importing.start(app)


class WorkshopkitCommands(Provider):
    """Asks the screen underneath for its commands, then adds the app-wide ones."""

    def _commands(self) -> list[Command]:
        screen = self.screen
        commands: list[Command] = list(getattr(screen, "palette_commands", lambda: [])())
        app = self.app
        if hasattr(screen, "action_duplicates"):  # a workshop is open
            commands.append(
                (
                    "Find duplicates",
                    "Points that read almost the same: merge or skip them",
                    screen.action_duplicates,
                )
            )
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
                    partial(_import_notes, app),
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
