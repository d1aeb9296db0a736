"""Workshops and breakouts: open, new, breakout, list, show and the demo."""

import json
import sys
from dataclasses import replace
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from workshopkit.cli.common import (
    WorkshopArg,
    command,
    err,
    iso_date,
    out,
    positive,
    run_tui,
    store_settings,
)
from workshopkit.core.files import export
from workshopkit.core.text import clean
from workshopkit.core.views import PointView
from workshopkit.core.voting import conceal


@command("open")
def open_workshop(
    ctx: typer.Context,
    workshop: WorkshopArg,
    breakout: Annotated[
        str | None, typer.Option("--breakout", "-b", help="Start on this breakout (a letter).")
    ] = None,
) -> None:
    """Open a workshop in the terminal UI to capture, tag and vote."""
    run_tui(store_settings(ctx), workshop, breakout=breakout)


@command("new")
def new(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(help="The workshop's title.")],
    breakout: Annotated[
        list[str] | None,
        typer.Option("--breakout", "-b", help="A breakout title; repeat for several (A, B, C…)."),
    ] = None,
    date: Annotated[
        str | None, typer.Option(help="The day, YYYY-MM-DD.", callback=iso_date)
    ] = None,
    venue: Annotated[str | None, typer.Option(help="Where it happens.")] = None,
    dots: Annotated[
        int, typer.Option(help="Dots each voter has per breakout.", callback=positive)
    ] = 5,
    per_point: Annotated[
        int, typer.Option(help="Most dots one voter may put on one point.", callback=positive)
    ] = 3,
    template: Annotated[
        str | None,
        typer.Option(help="Set up breakouts with prompts; see: workshopkit templates."),
    ] = None,
    carry_from: Annotated[
        str | None,
        typer.Option(help="An earlier workshop: its open actions start a 'Carried forward' one."),
    ] = None,
    timer: Annotated[
        int | None,
        typer.Option("--timer", help="Minutes on each breakout's timer, 1–60 (started later)."),
    ] = None,
) -> None:
    """Create a workshop and print its slug."""
    with store_settings(ctx).store() as store:
        source = None if carry_from is None else store.slug(carry_from)
        workshop = store.create_workshop(
            title,
            breakout or [],
            date,
            venue,
            dots,
            per_point,
            template,
            carry_from=source,
            timer_minutes=timer,
        )
    out.print(workshop.slug)
    letters = ", ".join(f"{b.letter} {b.title}" for b in workshop.breakouts) or "none yet"
    err.print(Text(f"Created '{workshop.title}' (breakouts: {letters})."))
    if source is not None:
        carried = sum(1 for p in workshop.points if p.carried_from)
        err.print(
            Text(
                f"Carried forward {carried} open action{'' if carried == 1 else 's'} from {source}."
                if carried
                else f"Nothing to carry: {source} has no open actions."
            )
        )


@command("breakout")
def add_breakout(
    ctx: typer.Context,
    workshop: WorkshopArg,
    title: Annotated[str, typer.Argument(help="The breakout's title.")],
    prompt: Annotated[str | None, typer.Option(help="The question the group discusses.")] = None,
    timer: Annotated[
        int | None, typer.Option("--timer", help="Minutes on its timer, 1–60 (started later).")
    ] = None,
) -> None:
    """Add a breakout to a workshop and print its letter."""
    with store_settings(ctx).store() as store:
        breakout = store.add_breakout(workshop, title, prompt, timer)
    out.print(breakout.letter)


@command("list")
def list_workshops(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the workshops in the store, most recent first."""
    with store_settings(ctx).store() as store:
        workshops = store.list_workshops()
    if as_json:
        rows = [
            {
                "slug": w.slug,
                "title": w.title,
                "date": w.date,
                "venue": w.venue,
                "breakouts": w.breakouts,
                "points": w.points,
            }
            for w in workshops
        ]
        out.print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not workshops:
        err.print('No workshops yet. Create one with: workshopkit new "Title" -b "Breakout"')
        return
    table = Table(box=None, pad_edge=False)
    # The slug is what is typed next: whole, on one line; the title gives way.
    table.add_column(
        "Slug",
        no_wrap=True,
        overflow="fold",
        min_width=max((len(w.slug) for w in workshops), default=4),
    )
    for heading in ("Title", "Date", "Breakouts", "Points"):
        table.add_column(heading, ratio=1 if heading == "Title" else None)
    for w in workshops:
        table.add_row(
            *(Text(clean(v)) for v in (w.slug, w.title, w.date or "")),
            str(w.breakouts),
            str(w.points),
        )
    out.print(table)


def _point_row(point: PointView, blind: bool = False) -> list[Text]:
    # Cleaned again on the way out, as the UI draws it: a store written by an older
    # workshopkit or another tool may hold an ESC, which would reach the terminal.
    point = replace(
        point, text=clean(point.text), owner=clean(point.owner or ""), due=clean(point.due or "")
    )
    tags = " ".join(f"#{t}" for t in point.themes)
    extras = [f"score {point.score}"] if point.score else []
    extras += [f"from {point.carried_from}"] if point.carried_from else []
    extras += [f"plan {clean(point.plan_ref)}"] if point.plan_ref else []
    if point.status in ("in progress", "dropped") or point.progress:
        standing = point.status + (f": {clean(point.progress)}" if point.progress else "")
        extras.append(standing)
    return [
        Text(point.ref),
        Text(point.kind.value),
        Text(
            ("✓ done · " if point.done else "")
            + point.text
            + (f"  {tags}" if tags else "")
            + (f"  ({', '.join(extras)})" if extras else "")
        ),
        Text(point.owner or ""),
        Text(point.due or ""),
        Text("hidden" if blind else str(point.votes)),
    ]


@command("show")
def show(
    ctx: typer.Context,
    workshop: WorkshopArg,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show a workshop: its breakouts and every point with tags and votes."""
    with store_settings(ctx).store() as store:
        view = store.workshop(workshop)
    if as_json:
        out.print(json.dumps(export.workshop_dict(view), ensure_ascii=False, indent=2))
        return
    facts = " · ".join(f for f in (view.date, view.venue) if f)
    heading = f"{view.title}  ({view.slug})" + (f"  {facts}" if facts else "")
    out.print(Text(clean(heading), "bold"))
    out.print(
        Text(
            f"{view.dots_per_voter} dots per voter per breakout, "
            f"at most {view.cap_per_point} on one point"
        )
    )
    for breakout in conceal(view).breakouts:
        out.print()
        out.print(Text(clean(f"{breakout.letter}. {breakout.title}"), "bold"))
        if breakout.prompt:
            out.print(Text(clean(f"   {breakout.prompt}"), "italic"))
        if breakout.blind:
            out.print("   (blind voting: the votes stay hidden until revealed)")
        if not breakout.points:
            out.print("   (no points yet)")
            continue
        table = Table(box=None, pad_edge=False)
        table.add_column("Ref", no_wrap=True)
        table.add_column("Kind", no_wrap=True)
        table.add_column("Point", ratio=1, min_width=20)  # the text gets the room
        table.add_column("Owner", max_width=16)
        table.add_column("Due", max_width=12)
        table.add_column("Votes", justify="right", no_wrap=True)
        for point in breakout.points:
            table.add_row(*_point_row(point, breakout.blind))
        out.print(table)


@command("demo")
def demo(ctx: typer.Context) -> None:
    """Create a demo workshop (once) and open it; without a terminal, show what to try."""
    if sys.stdin.isatty() and sys.stdout.isatty():
        run_tui(store_settings(ctx), demo=True)
        return
    from workshopkit.store.bulk.demo import create_demo  # the demo's points: only for demo

    with store_settings(ctx).store() as store:
        view, created = create_demo(store)
        location = store.location
        short = view.slug.split("-")[0]
        # The hints must work: fall back to the full slug when the short one is ambiguous.
        if sum(w.slug.startswith(short) for w in store.list_workshops()) > 1:
            short = view.slug
    word = "Created" if created else "Already here:"
    out.print(
        Text(
            f"{word} the demo workshop '{view.title}' in {location}: "
            f"{len(view.breakouts)} breakouts, {len(view.points)} points, "
            f"{len(view.voters)} voters."
        )
    )
    out.print(
        Text(
            "Try next:\n"
            f"  workshopkit show {short}\n"
            f'  workshopkit add {short} A "Signs to the hall are confusing #barrier"\n'
            f'  workshopkit tag {short} A9 --owner "Finance team" --due 2027-02\n'
            f"  workshopkit vote {short} C3 --voter Sam\n"
            f"  workshopkit export {short} -o -"
        )
    )
