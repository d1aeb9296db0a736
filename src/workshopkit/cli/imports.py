"""``workshopkit import``: notes people already have (markdown or text) into a workshop."""

import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from workshopkit.cli.common import command, err, out, store_settings
from workshopkit.core.files.local_files import open_regular
from workshopkit.core.files.locations import sqlite_file
from workshopkit.core.importing.decoding import read_limited
from workshopkit.core.importing.plan_import import read_import

BIG_FILE_LINES = 2000  # from this many lines, reading and saving show a progress bar


@contextmanager
def _progress(big: bool):
    """Yields ``step(label)`` → a progress callback, or None for small files and pipes."""
    if not big or not err.is_terminal:
        yield lambda _label: None
        return
    # The bar's machinery loads only for a big import on a terminal.
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err,
        transient=True,
    ) as bar:

        def step(label: str):
            task = bar.add_task(label, total=None)
            return lambda done, total: bar.update(task, completed=done, total=total)

        yield step


@command("import")
def import_notes(
    ctx: typer.Context,
    file: Annotated[
        str, typer.Argument(help="A markdown or plain-text file of notes; - reads standard input.")
    ],
    workshop: Annotated[
        str | None,
        typer.Option(
            "--workshop",
            "-w",
            help="Add to this workshop (a slug, the start of one, or its title); a name that "
            "matches none creates a workshop of that title. [default: a new workshop titled "
            "from the file's first heading, or its name]",
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be created; write nothing.")
    ] = False,
    encoding: Annotated[
        str | None,
        typer.Option(help="The file's encoding, e.g. cp1252 [default: found from the file]."),
    ] = None,
) -> None:
    """Import notes: headings become breakouts, bullets and other lines become points.

    Markdown headings (or short title lines on their own) start breakouts; a heading
    that a workshop already has adds to that breakout. Every other line with text is a
    point: sub-points keep their parent's text in front; the capture language (#next
    @owner due:…) is read; "Barrier…", "Next steps…"/"Action…" and lines ending in ? are
    recognised, as are "Barriers"/"Next steps" headings. All of it is saved, or nothing.
    """
    # Here, not at the top: the database layer is slow to import, and the TUI draws first.
    from workshopkit.store.bulk.imported import plan_line, preview_new, report_lines

    if file == "-":
        name, data = "standard input", read_limited(sys.stdin.buffer, "standard input")
    else:
        path = Path(file).expanduser()
        with open_regular(path) as stream:
            name, data = path.name, read_limited(stream, path.name)
    settings = store_settings(ctx)
    with _progress(data.count(b"\n") >= BIG_FILE_LINES) as step:
        plan = read_import(data, name, encoding, step("Reading"))
        location = sqlite_file(settings.db)
        if dry_run and location is not None and not location.exists():
            report = preview_new(plan, workshop)  # no store yet: a dry run must not make one
        else:
            with settings.store() as store:
                report = store.import_notes(plan, workshop, dry_run, step("Saving"))
    out.print(Text(plan_line(plan, name)))
    for line in report_lines(report):
        out.print(Text(line))
    if dry_run:
        out.print("Dry run: nothing was written.")
    else:
        err.print(Text(f"See it with: workshopkit show {report.slug}"))
