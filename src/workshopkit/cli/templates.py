"""Commands for workshop formats and follow-up: ``templates`` and ``done``.

``new --template`` and ``new --carry-from`` live with ``new`` in cli/workshops.py; these commands
list the templates and mark carried (or any) actions done.
"""

from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from workshopkit.cli.common import RefArg, WorkshopArg, command, out, store_settings
from workshopkit.core.refs import breakout_letter
from workshopkit.core.templates import TEMPLATES


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
        point = store.set_done(workshop, ref, not undo)
        slug = store.slug(workshop)
    if undo:
        out.print(Text(f"{point.ref} is open again: {point.text}"))
    else:
        out.print(Text(f"{point.ref} done ✓ {point.text}"))
        out.print(Text(f"Undo with: workshopkit done {slug} {point.ref} --undo"))
