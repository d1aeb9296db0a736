"""Importing a notes file from the TUI: ask for its path, import it, show what it created.

Into the open workshop; from the workshops list, into a new workshop titled from the
file. Reading, planning and saving run as one store job, off the event loop.
"""

from pathlib import Path
from typing import TYPE_CHECKING

from workshopkit.core.errors import WorkshopkitError
from workshopkit.core.files.local_files import open_regular, paths_allowed
from workshopkit.core.importing.decoding import read_limited
from workshopkit.core.importing.notes import ImportPlan
from workshopkit.core.importing.plan_import import read_import
from workshopkit.core.text import one_line
from workshopkit.tui.dialogs.ask import AskDialog
from workshopkit.tui.dialogs.import_result import ImportResultDialog
from workshopkit.tui.store_calls import StoreCalls

if TYPE_CHECKING:  # a type only: the module loads the database layer
    from workshopkit.store.bulk.imported import ImportReport

Imported = tuple[ImportPlan, "ImportReport", str]  # the plan, what it wrote, the file's name


def _read_and_import(store: StoreCalls, path_text: str, slug: str | None) -> Imported:
    path = Path(path_text).expanduser()
    try:
        with open_regular(path) as stream:  # refused in a browser session, and for a FIFO
            data = read_limited(stream, path.name)
    except OSError as error:
        raise WorkshopkitError(f"Cannot read {path}: {error.strerror or error}.") from None
    plan = read_import(data, path.name)
    return plan, store.import_notes(plan, slug), path.name


def start(app) -> None:
    """Ask for a notes file and import it; the palette's "Import notes…"."""
    if not paths_allowed():  # the palette does not offer it there; nothing else may either
        app.notify(
            "A browser session cannot import files; ask the facilitator to import them.",
            severity="warning",
            markup=False,
        )
        return
    slug = app.state.slug if app.state is not None else None
    into = f"into '{app.state.view.title}'" if slug else "into a new workshop titled from it"

    def answered(answer: str | None) -> None:
        path_text = one_line(answer or "")
        if path_text:
            run(app, path_text, slug)

    app.push_screen(
        AskDialog(
            "Import notes: which file?",
            hint=f"Markdown or plain text, {into}. Headings become breakouts, "
            "lines become points. esc cancels.",
            placeholder="e.g. notes/harbour-day.md",
        ),
        answered,
    )


def run(app, path_text: str, slug: str | None) -> None:
    """Import the file at ``path_text`` into workshop ``slug`` (None: a new one)."""
    # Loaded when a file is imported: it brings in the database layer.
    from workshopkit.store.bulk.imported import plan_line, report_lines

    def done(result: Imported) -> None:
        plan, report, name = result
        lines = report_lines(report)

        def closed(_: None) -> None:
            if slug is None:
                app.open_workshop(report.slug)

        app.push_screen(ImportResultDialog(plan_line(plan, name), lines), closed)
        if slug is not None:
            app.look_for_changes()  # the new breakouts and points, as others' changes come

    def failed(error: str) -> None:
        app.notify(f"Nothing imported: {error}", severity="error", markup=False, timeout=10)

    app.run_job(lambda store: _read_and_import(store, path_text, slug), done, failed)
