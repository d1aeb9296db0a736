"""The action list and every point, written as markdown, CSV or JSON; the improvement
plan as HTML or Word."""

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from workshopkit.cli.common import WorkshopArg, command, fail, out, store_settings
from workshopkit.core.files import export, plan_export
from workshopkit.core.text import clean

_CHOICES = ", ".join(export.FORMATS[:-1]) + " or " + export.FORMATS[-1]


@command("export")
def export_command(
    ctx: typer.Context,
    workshop: WorkshopArg,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="md (the action list), csv or json; html or docx for the improvement "
            "plan (a table of the actions per breakout, to print or edit in Word).",
        ),
    ] = "md",
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="File name inside the export folder, or - for standard output "
            "[default: <slug>-actions.<format>, <slug>-plan.<format> for html and docx].",
        ),
    ] = None,
    include_all: Annotated[
        bool, typer.Option("--all", help="Every point, not just the actions (md, csv, json).")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    folder: Annotated[Path, typer.Option("--dir", help="The export folder.")] = Path("exports"),
) -> None:
    """Write the action list (markdown), every point as CSV or JSON, or the improvement
    plan as HTML or Word."""
    if fmt not in export.FORMATS:
        raise fail(f"Unknown format '{clean(fmt)}'; use {_CHOICES}.", 2)
    plan = plan_export.RENDERERS.get(fmt)
    if plan and include_all:
        raise fail(f"--all is for md, csv and json: the {fmt} plan lists the actions.", 2)
    if fmt == "docx" and output == "-" and sys.stdout.isatty():
        # A zip's bytes on a terminal are garbage at best, escape sequences at worst.
        raise fail("A Word file cannot go to the terminal: redirect -o - to a file.", 2)
    with store_settings(ctx).store() as store:
        view = store.workshop(workshop)
    content = plan(view) if plan else export.export_text(view, fmt, include_all)
    if output == "-":
        stream = sys.stdout.buffer if isinstance(content, bytes) else sys.stdout
        stream.write(content)
        stream.flush()
        return
    name = output or export.default_name(view, fmt, include_all)
    path = export.write_export(content, folder, name, force)
    out.print(Text(f"Wrote {path}"))
