"""The action list and every point, written as markdown, CSV or JSON."""

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from workshopkit.cli.common import WorkshopArg, command, fail, out, store_settings
from workshopkit.core.files import export
from workshopkit.core.text import clean


@command("export")
def export_command(
    ctx: typer.Context,
    workshop: WorkshopArg,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="md (the action list), csv or json.")
    ] = "md",
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="File name inside the export folder, or - for standard output "
            "[default: <slug>-actions.<format>].",
        ),
    ] = None,
    include_all: Annotated[
        bool, typer.Option("--all", help="Every point, not just the actions.")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    folder: Annotated[Path, typer.Option("--dir", help="The export folder.")] = Path("exports"),
) -> None:
    """Write the action list (markdown), or every point as CSV or JSON."""
    if fmt not in export.FORMATS:
        raise fail(f"Unknown format '{clean(fmt)}'; use md, csv or json.", 2)
    with store_settings(ctx).store() as store:
        view = store.workshop(workshop)
    content = export.export_text(view, fmt, include_all)
    if output == "-":
        sys.stdout.write(content)
        sys.stdout.flush()
        return
    name = output or export.default_name(view, fmt, include_all)
    path = export.write_export(content, folder, name, force)
    out.print(Text(f"Wrote {path}"))
