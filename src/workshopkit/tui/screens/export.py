"""Export: the markdown action list rendered in the app, then written under exports/.

In a session served to a browser the file is the note-taker's, not the serving
machine's: enter sends it to the browser as a download and nothing is written here.
"""

import io
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Markdown, Static

from workshopkit.core.errors import ExportRefused
from workshopkit.core.files import export
from workshopkit.core.files.local_files import paths_allowed
from workshopkit.core.views import WorkshopView
from workshopkit.tui.screens.base import KeySection, WorkshopkitScreen
from workshopkit.tui.widgets.titles import first_that_fits

EXPORTS = Path("exports")


class ExportScreen(WorkshopkitScreen):
    """Loads the workshop fresh from the store, so the preview is exactly what is written."""

    BINDINGS = [  # noqa: RUF012 (Textual reads this class attribute)
        Binding("enter,ctrl+s", "write", "Write file", id="export.write"),
        Binding("escape", "back", "Back", id="export.back", priority=True),
        Binding(
            "down,j",
            "scroll(1)",
            "Down",
            show=False,
            id="export.down",
            tooltip="Scroll down a line",
        ),
        Binding("up,k", "scroll(-1)", "Up", show=False, id="export.up", tooltip="Scroll up a line"),
        Binding(
            "pagedown,space",
            "page(1)",
            "Page down",
            show=False,
            id="export.page_down",
            tooltip="Scroll down a page",
        ),
        Binding(
            "pageup,b",
            "page(-1)",
            "Page up",
            show=False,
            id="export.page_up",
            tooltip="Scroll up a page",
        ),
        Binding("home,g", "top", "Top", show=False, id="export.top", tooltip="To the top"),
        Binding("end,G", "bottom", "End", show=False, id="export.end", tooltip="To the end"),
    ]

    def __init__(self, slug: str, folder: Path = EXPORTS, include_all: bool = False) -> None:
        super().__init__()
        self.slug, self.folder, self.include_all = slug, folder, include_all
        self.content: str | None = None
        self.file_name = ""
        self.overwrite = False  # set after the user saw "exists; enter again to replace"

    def compose(self) -> ComposeResult:
        yield Static(Text("Action list preview"), classes="screen-title")
        yield Static("Loading…", id="export-status", classes="screen-status")
        # The Markdown widget grows to its content; the scroll around it shows a screenful.
        with VerticalScroll(id="export-scroll"):
            yield Markdown("", id="export-preview")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Export"
        self.query_one("#export-scroll").focus()
        slug = self.slug
        self.app.run_job(lambda store: store.workshop(slug), self.show, self.say_error)

    def key_sections(self) -> list[KeySection]:
        return [("Export", self.BINDINGS)]

    def show(self, view: WorkshopView) -> None:
        self.content = export.to_markdown(view, include_all=self.include_all)
        self.file_name = export.default_name(view, "md", include_all=self.include_all)
        self.query_one(Markdown).update(self.content)
        self.say_keys()

    def say_keys(self) -> None:
        """What enter does, with the file's name, in the room the window gives."""
        if self.content is None or self.query_one("#export-status").has_class("error"):
            return
        if paths_allowed():
            path, name = str(self.folder / self.file_name), self.file_name
            forms = [[f"enter writes {path}", "esc goes back"]]
            forms += [[f"enter writes {path}", "esc back"], [f"enter writes {name}", "esc back"]]
            forms += [["enter writes the file", "esc back"]]
        else:
            name = self.file_name
            forms = [[f"enter downloads {name} to this browser", "esc goes back"]]
            forms += [[f"enter downloads {name}", "esc back"], ["enter downloads it", "esc back"]]
        width = max(self.size.width - 2, 20)  # the line's padding
        self.say(first_that_fits(forms, width, " · "))

    def on_resize(self) -> None:
        self.say_keys()

    def say(self, message: str) -> None:
        status = self.query_one("#export-status", Static)
        status.remove_class("error")
        status.update(Text(message))

    def say_error(self, message: str) -> None:
        status = self.query_one("#export-status", Static)
        status.add_class("error")
        status.update(Text(message))

    def action_write(self) -> None:
        if self.content is None:
            return
        if not paths_allowed():
            self.download()
            return
        if (self.folder / self.file_name).exists() and not self.overwrite:
            self.overwrite = True
            self.say_error(f"{self.folder / self.file_name} exists: enter again replaces it.")
            return
        self.say(f"Writing {self.folder / self.file_name}…")
        self._write_file(self.content, self.overwrite)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def _write_file(self, content: str, overwrite: bool) -> None:
        """Off the event loop: the write ends with an fsync, which a slow disk can stretch
        to seconds, and keys typed meanwhile must still be answered."""
        try:
            path = export.write_export(content, self.folder, self.file_name, overwrite)
        except ExportRefused as error:
            self.app.call_from_thread(self.say_error, str(error))
            return
        except OSError as error:
            said = f"Could not write {self.folder / self.file_name}: {error.strerror}."
            self.app.call_from_thread(self.say_error, said)
            return
        self.app.call_from_thread(self._written, path)

    def _written(self, path) -> None:
        self.overwrite = False
        self.say(f"Wrote {path}")  # on the status line: a toast would cover the preview

    def download(self) -> None:
        """The served session's export: the browser downloads the file it previews."""
        self.app.deliver_text(
            io.StringIO(self.content or ""),
            save_filename=self.file_name,
            open_method="download",
            mime_type="text/markdown",
            name="action list",
        )
        self.say(f"Sent {self.file_name} to this browser's downloads")

    @property
    def scroller(self) -> VerticalScroll:
        return self.query_one("#export-scroll", VerticalScroll)

    def action_scroll(self, lines: int) -> None:
        self.scroller.scroll_relative(y=lines, animate=False)

    def action_page(self, pages: int) -> None:
        scroller = self.scroller
        scroller.scroll_relative(y=pages * max(1, scroller.size.height - 1), animate=False)

    def action_top(self) -> None:
        self.scroller.scroll_home(animate=False)

    def action_bottom(self) -> None:
        self.scroller.scroll_end(animate=False)

    def action_back(self) -> None:
        self.app.pop_screen()
