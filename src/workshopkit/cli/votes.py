"""Dots, room tallies and blind voting."""

from typing import Annotated

import typer
from rich.text import Text

from workshopkit.cli.common import RefArg, WorkshopArg, command, fail, out, store_settings
from workshopkit.core.errors import BudgetSpent
from workshopkit.core.text import clean


@command("vote")
def vote(
    ctx: typer.Context,
    workshop: WorkshopArg,
    ref: RefArg,
    voter: Annotated[
        str | None, typer.Option(help="Who places the dot [default: the --as name].")
    ] = None,
    remove: Annotated[bool, typer.Option("--remove", help="Take one dot back.")] = False,
    tally: Annotated[
        int | None, typer.Option(help="Set the room tally: hands counted by the facilitator.")
    ] = None,
) -> None:
    """Place one dot on a point (or take it back), or set the room's tally."""
    settings = store_settings(ctx)
    if tally is not None and (voter is not None or remove):
        raise fail("Give either --tally N, or a dot with --voter (and --remove), not both.", 2)
    with settings.store() as store:
        if tally is not None:
            point = store.set_tally(workshop, ref, tally)
            out.print(Text(f"{point.ref}: room tally {point.tally}, {point.votes} votes in all"))
            return
        # --voter "" is refused by the store, not taken as the --as name.
        try:
            result = store.vote(workshop, ref, store.user if voter is None else voter, remove)
        except BudgetSpent as error:
            raise BudgetSpent(f"{error} Take one back with --remove first.") from None
        blind = store.breakout(workshop, result.point.letter).blind
    votes, here = result.point.votes, result.dots_on_point
    count = "votes hidden (blind voting)" if blind else f"{votes} vote{'' if votes == 1 else 's'}"
    out.print(
        Text(
            f"{result.point.ref}: {count}. {result.voter} has "
            f"{here} dot{'' if here == 1 else 's'} here and {result.dots_left} left in "
            f"breakout {result.point.letter}."
        )
    )


@command("blind")
def blind(
    ctx: typer.Context,
    workshop: WorkshopArg,
    breakout: Annotated[str, typer.Argument(help="Breakout letter, or the start of its title.")],
    state: Annotated[
        str, typer.Argument(help="on hides the counts; off reveals them.", metavar="on|off")
    ] = "on",
) -> None:
    """Blind voting: hide a breakout's vote counts on every screen and export, or reveal them."""
    hide = {"on": True, "off": False}.get(state.strip().casefold())
    if hide is None:
        raise fail(f"'{clean(state)}' is neither on nor off: on hides the counts, off reveals.", 2)
    with store_settings(ctx).store() as store:
        changed = store.set_blind(workshop, breakout, hide)
    said = "hidden until revealed (blind voting)" if hide else "revealed"
    out.print(Text(f"Votes in breakout {changed.letter} {clean(changed.title)}: {said}."))
