"""Points: add, tag, edit, delete and restore."""

import json
import sys
from typing import Annotated

import typer
from rich.text import Text

from workshopkit.cli.common import RefArg, WorkshopArg, command, err, fail, out, store_settings
from workshopkit.cli.streamed import add_as_they_come, arriving_lines
from workshopkit.core.errors import WorkshopkitError
from workshopkit.core.files import export
from workshopkit.core.views import PointView
from workshopkit.core.voting import over_budget


@command("add")
def add(
    ctx: typer.Context,
    workshop: WorkshopArg,
    breakout: Annotated[str, typer.Argument(help="Breakout letter, or the start of its title.")],
    text: Annotated[
        str,
        typer.Argument(
            help='The point in the capture language, e.g. "Joint training @Sam due:2027-03 '
            '#next". Use - to read one point per line from standard input.'
        ),
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print each saved point as a JSON object, a line each.")
    ] = False,
) -> None:
    """Capture a point (or many from standard input) and print its ref.

    From a pipe or a terminal, each line is saved as it arrives and its ref printed once
    it is committed (lines that arrive together share a commit); from a file, all the
    lines are saved in one commit, or none.
    """

    def said(points: list[PointView]) -> None:
        for point in points:
            out.print(json.dumps(export.point_dict(point)) if as_json else point.ref)
        out.file.flush()  # acknowledged now, not when a pipe's buffer fills

    with store_settings(ctx).store() as store:
        target = store.breakout(workshop, breakout)
        if text != "-":
            said([store.add_point(target, text)])
        elif arriving_lines(sys.stdin):
            add_as_they_come(store, target, sys.stdin.fileno(), said)
        else:
            lines = [line for line in sys.stdin.read().splitlines() if line.strip()]
            if not lines:
                raise WorkshopkitError("No points on standard input; nothing was saved.")
            said(store.add_points(target, lines))


@command("tag")
def tag(
    ctx: typer.Context,
    workshop: WorkshopArg,
    ref: RefArg,
    kind: Annotated[str | None, typer.Option(help="note, barrier, next, question or idea.")] = None,
    owner: Annotated[str | None, typer.Option(help='Who will act ("" clears it).')] = None,
    due: Annotated[
        str | None, typer.Option(help='When: 2027-03-31, 2027-03 or "March 2027" ("" clears).')
    ] = None,
    theme: Annotated[
        list[str] | None, typer.Option(help="A theme to add; repeat for several.")
    ] = None,
) -> None:
    """Set a point's kind, owner, due or themes."""
    if kind is None and owner is None and due is None and not theme:
        raise fail("Nothing to change: give --kind, --owner, --due or --theme.", 2)
    with store_settings(ctx).store() as store:
        point = store.tag_point(workshop, ref, kind, owner, due, theme or [])
    _print_point(point)


@command("edit")
def edit(
    ctx: typer.Context,
    workshop: WorkshopArg,
    ref: RefArg,
    text: Annotated[str, typer.Argument(help="The point's new text, in the capture language.")],
) -> None:
    """Rewrite a point (text and tags) in the capture language."""
    with store_settings(ctx).store() as store:
        point = store.edit_point(workshop, ref, text)
    _print_point(point)


@command("delete")
def delete(ctx: typer.Context, workshop: WorkshopArg, ref: RefArg) -> None:
    """Delete a point. Its ref is never reused, and restore brings it back."""
    with store_settings(ctx).store() as store:
        point = store.delete_point(workshop, ref)
        slug = store.slug(workshop)
    out.print(Text(f"Deleted {point.ref}. Undo with: workshopkit restore {slug} {point.ref}"))


@command("restore")
def restore(ctx: typer.Context, workshop: WorkshopArg, ref: RefArg) -> None:
    """Bring back a deleted point with its tags and votes."""
    with store_settings(ctx).store() as store:
        point = store.restore_point(workshop, ref)
        view = store.workshop(workshop)
    excess, budget = over_budget(view, point.letter), view.dots_per_voter
    _print_point(point)
    for voter, dots in excess.items():
        err.print(
            Text(
                f"Note: {voter} now has {dots} dots in breakout {point.letter}, "
                f"{dots - budget} over the {budget} allowed; take some back with vote --remove."
            )
        )


def _print_point(point: PointView) -> None:
    facts = [point.kind.value]
    if point.owner:
        facts.append(f"owner {point.owner}")
    if point.due:
        facts.append(f"due {point.due}")
    facts += [f"#{t}" for t in point.themes]
    facts.append(f"{point.votes} votes")
    out.print(Text(f"{point.ref} {point.text}  ({', '.join(facts)})"))
