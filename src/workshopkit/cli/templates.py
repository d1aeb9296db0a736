"""Commands for workshop formats and follow-up: ``templates``, ``done`` and ``status``.

``new --template`` and ``new --carry-from`` live with ``new`` in cli/workshops.py; these commands
list the templates and say where carried (or any) actions stand.
"""

import shlex
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from workshopkit.cli.common import RefArg, WorkshopArg, command, out, store_settings
from workshopkit.core.carry import STATUSES, status_label
from workshopkit.core.refs import breakout_letter
from workshopkit.core.templates import TEMPLATES
from workshopkit.core.text import clean


@command("templates")
def templates() -> None:
    """List the templates that `new --template NAME` sets up."""
    table = Table("Template", "What it is for", box=None, pad_edge=False)
    for template in TEMPLATES:
        breakouts = " · ".join(
            f"{breakout_letter(n)} {b.title}" for n, b in enumerate(template.breakouts)
        )
        table.add_row(Text(template.name, style="bold"), Text(template.description))
        table.add_row(Text(""), Text(breakouts, style="dim"))
    out.print(table)
    out.print(Text('Use: workshopkit new "Title" --template NAME (a unique start of it works)'))


@command("done")
def done(
    ctx: typer.Context,
    workshop: WorkshopArg,
    ref: RefArg,
    undo: Annotated[bool, typer.Option("--undo", help="Open the action again.")] = False,
) -> None:
    """Mark an action (a next step) done; --undo opens it again."""
    with store_settings(ctx).store() as store:
        point = store.set_status(workshop, ref, "open" if undo else "done")
        slug = store.slug(workshop)
    if undo:
        out.print(Text(f"{point.ref} is open again: {point.text}"))
    else:
        out.print(Text(f"{point.ref} done ✓ {point.text}"))
        out.print(Text(f"Undo with: workshopkit done {slug} {point.ref} --undo"))


@command("status")
def status(
    ctx: typer.Context,
    workshop: WorkshopArg,
    ref: RefArg,
    new_status: Annotated[
        str | None,
        typer.Argument(metavar="[STATUS]", help=f"One of: {', '.join(STATUSES)}."),
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", help='A progress note ("" clears it).')
    ] = None,
) -> None:
    """Say where an action stands (open, in progress, done, dropped), with a progress
    note; with no STATUS, show where it stands."""
    with store_settings(ctx).store() as store:
        slug = store.slug(workshop)
        before = store.point(workshop, ref)
        if new_status is None and note is None:
            out.print(Text(_standing(before)))
            return
        point = store.set_status(workshop, ref, new_status or before.status, note)
    out.print(Text(_standing(point)))
    undo = f"workshopkit status {slug} {point.ref} {shlex.quote(before.status)}"
    if point.progress != before.progress:
        undo += f" --note {shlex.quote(before.progress or '')}"
    out.print(Text(f"Undo with: {undo}"))


def _standing(point) -> str:
    # Cleaned on the way out too: a store written by another tool may hold an ESC.
    when = f" since {point.status_at:%Y-%m-%d}" if point.status_at else ""
    note = f" — {clean(point.progress)}" if point.progress else ""
    return f"{point.ref} {status_label(point.status)}{when}{note}: {clean(point.text)}"
