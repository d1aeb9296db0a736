"""The workshopkit command line: thin commands that parse arguments, call the store, print.

Every refused action prints one line on stderr and exits 1; usage mistakes exit 2; no
traceback reaches the user.
"""

import functools
import json
import sys
from dataclasses import replace
from datetime import date as Date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from workshopkit import __version__
from workshopkit.core import export
from workshopkit.core.errors import BudgetSpent, WorkshopkitError
from workshopkit.core.text import clean, one_line
from workshopkit.core.views import PointView
from workshopkit.core.voting import conceal, over_budget

if TYPE_CHECKING:
    from workshopkit.core.store import Store

app = typer.Typer(
    name="workshopkit",
    help="Capture, tag and vote on the points a workshop raises; export the action list.",
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

out = Console(highlight=False, markup=False, emoji=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, markup=False, emoji=False, soft_wrap=True)

WorkshopArg = Annotated[str, typer.Argument(help="Workshop slug, or the start of it.")]
RefArg = Annotated[str, typer.Argument(help="Point ref, such as A3.")]


class _Settings:
    def __init__(self, db: str | None, user: str | None) -> None:
        self.db, self.user = db, user

    def store(self) -> "Store":
        # Imported here: the database layer is slow to import, and the TUI must draw first.
        from workshopkit.core.store import Store

        return Store(self.db, self.user)


def _settings(context: typer.Context) -> _Settings:
    settings = context.find_object(_Settings)
    return settings if settings is not None else _Settings(None, None)


def fail(message: str, code: int = 1) -> typer.Exit:
    # one_line: a message quoting user input (a file name, a key) must stay one line.
    err.print(Text(f"Error: {one_line(message)}"))
    return typer.Exit(code)


def command(*args, **kwargs):
    """Register a command whose refused actions become one line and exit 1."""

    def decorate(function):
        @functools.wraps(function)
        def wrapper(*inner_args, **inner_kwargs):
            try:
                return function(*inner_args, **inner_kwargs)
            except WorkshopkitError as error:
                raise fail(str(error)) from None
            except (typer.Exit, typer.Abort, KeyboardInterrupt):
                raise
            except OSError as error:
                raise fail(f"{error.strerror or error} ({error.filename or 'file'}).") from None

        return app.command(*args, **kwargs)(wrapper)

    return decorate


def _version(value: bool) -> None:
    if value:
        out.print(f"workshopkit {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def main_options(
    context: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            envvar="WORKSHOPKIT_DB",
            help="Store file or database URL [default: sessions/workshopkit.db].",
            show_envvar=True,
        ),
    ] = None,
    as_: Annotated[
        str | None,
        typer.Option(
            "--as",
            envvar="WORKSHOPKIT_USER",
            help="Your name, recorded on every change you make [default: your login].",
            show_envvar=True,
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show version.")
    ] = False,
) -> None:
    """Capture, tag and vote on the points a workshop raises; export the action list.

    With no command, opens the terminal UI on the store's workshops.
    """
    context.obj = _Settings(db, as_)
    if context.invoked_subcommand is None:
        _run_tui(context.obj)


def _run_tui(settings: _Settings, workshop: str | None = None, **options) -> None:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise fail("The workshopkit UI needs a terminal; see 'workshopkit --help' for commands.")
    from workshopkit.tui.app import WorkshopkitApp

    WorkshopkitApp(settings.db, settings.user, workshop, **options).run()


@command("open")
def open_workshop(
    ctx: typer.Context,
    workshop: WorkshopArg,
    breakout: Annotated[
        str | None, typer.Option("--breakout", "-b", help="Start on this breakout (a letter).")
    ] = None,
) -> None:
    """Open a workshop in the terminal UI to capture, tag and vote."""
    _run_tui(_settings(ctx), workshop, breakout=breakout)


def _iso_date(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return Date.fromisoformat(value).isoformat()
    except ValueError:
        raise typer.BadParameter(f"'{clean(value)}' is not a date like 2027-01-20.") from None


def _positive(value: int) -> int:
    if value < 1:
        raise typer.BadParameter("must be 1 or more.")
    return value


# -- workshops and breakouts -------------------------------------------------------------


@command("new")
def new(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(help="The workshop's title.")],
    breakout: Annotated[
        list[str] | None,
        typer.Option("--breakout", "-b", help="A breakout title; repeat for several (A, B, C…)."),
    ] = None,
    date: Annotated[
        str | None, typer.Option(help="The day, YYYY-MM-DD.", callback=_iso_date)
    ] = None,
    venue: Annotated[str | None, typer.Option(help="Where it happens.")] = None,
    dots: Annotated[
        int, typer.Option(help="Dots each voter has per breakout.", callback=_positive)
    ] = 5,
    per_point: Annotated[
        int, typer.Option(help="Most dots one voter may put on one point.", callback=_positive)
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
    with _settings(ctx).store() as store:
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
    with _settings(ctx).store() as store:
        breakout = store.add_breakout(workshop, title, prompt, timer)
    out.print(breakout.letter)


@command("list")
def list_workshops(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the workshops in the store, most recent first."""
    with _settings(ctx).store() as store:
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
    table = Table("Slug", "Title", "Date", "Breakouts", "Points", box=None, pad_edge=False)
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
    with _settings(ctx).store() as store:
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


# -- points ------------------------------------------------------------------------------


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
) -> None:
    """Capture a point (or many from standard input) and print its ref."""
    with _settings(ctx).store() as store:
        target = store.breakout(workshop, breakout)
        if text == "-":
            lines = [line for line in sys.stdin.read().splitlines() if line.strip()]
            if not lines:
                raise WorkshopkitError("No points on standard input; nothing was saved.")
            points = store.add_points(target, lines)
        else:
            points = [store.add_point(target, text)]
    for point in points:
        out.print(point.ref)


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
    with _settings(ctx).store() as store:
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
    with _settings(ctx).store() as store:
        point = store.edit_point(workshop, ref, text)
    _print_point(point)


@command("delete")
def delete(ctx: typer.Context, workshop: WorkshopArg, ref: RefArg) -> None:
    """Delete a point. Its ref is never reused, and restore brings it back."""
    with _settings(ctx).store() as store:
        point = store.delete_point(workshop, ref)
        slug = store.slug(workshop)
    out.print(Text(f"Deleted {point.ref}. Undo with: workshopkit restore {slug} {point.ref}"))


@command("restore")
def restore(ctx: typer.Context, workshop: WorkshopArg, ref: RefArg) -> None:
    """Bring back a deleted point with its tags and votes."""
    with _settings(ctx).store() as store:
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
    settings = _settings(ctx)
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
    with _settings(ctx).store() as store:
        changed = store.set_blind(workshop, breakout, hide)
    said = "hidden until revealed (blind voting)" if hide else "revealed"
    out.print(Text(f"Votes in breakout {changed.letter} {clean(changed.title)}: {said}."))


# -- sharing in a browser ----------------------------------------------------------------


@command("serve")
def serve(
    ctx: typer.Context,
    workshop: Annotated[
        str | None, typer.Argument(help="Open this workshop in every browser.")
    ] = None,
    host: Annotated[
        str, typer.Option(help="Address to listen on; 0.0.0.0 lets other machines in.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    max_sessions: Annotated[int, typer.Option(min=1, help="Most browsers connected at once.")] = 20,
) -> None:
    """Share the UI with note-takers' browsers: one app per browser, all on this store.

    Prints an address with an access code; only browsers that open it get in. Each
    browser asks its note-taker's name first.
    """
    import socket

    from workshopkit.core.quick_read import sqlite_file
    from workshopkit.web import Access, WorkshopkitServer, new_code, session_command

    settings = _settings(ctx)
    with settings.store() as store:  # refuses a store that cannot be opened, here and now
        if workshop is not None:
            workshop = store.slug(workshop)
    path = sqlite_file(settings.db)
    db = str(path.resolve()) if path is not None else settings.db
    try:  # a port in use is one line now, not a traceback from inside the server
        with socket.create_server((host, port), reuse_port=False):
            pass
    except OSError as error:
        raise fail(f"Cannot listen on {host}:{port}: {error.strerror}. Try --port.") from None
    server = WorkshopkitServer(
        session_command(db, workshop), host, port, Access(new_code(), max_sessions)
    )
    out.print(Text(f"workshopkit is serving {db or 'sessions/workshopkit.db'} to browsers."))
    out.print(Text(f"Open: {server.url}"))
    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(
            Text(
                f"Warning: listening on {host}: anyone on the network who has the address "
                "with its code can join."
            )
        )
    out.print(Text("Press Ctrl+C to stop."))
    server.serve()


@app.command("browser-session", hidden=True)
def browser_session(
    ctx: typer.Context, workshop: Annotated[str | None, typer.Argument()] = None
) -> None:
    """What serve runs for each browser (no terminal here: the browser is the screen)."""
    from workshopkit.core.local_files import refuse_paths
    from workshopkit.tui.app import WorkshopkitApp

    # Before anything else: this process opens no file its browser's note-taker names.
    refuse_paths()
    settings = _settings(ctx)
    WorkshopkitApp(settings.db, None, workshop, ask_name=True).run()


# -- merging laptops ---------------------------------------------------------------------


@command("merge")
def merge_stores(
    ctx: typer.Context,
    other: Annotated[str, typer.Argument(help="The other laptop's store: a file or a URL.")],
    workshop: Annotated[
        str | None,
        typer.Option("--workshop", "-w", help="Only this workshop of the other store."),
    ] = None,
    # The number is merge.MERGE_LIMIT (not imported here: the CLI must start fast).
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Merge a store of more than 50,000 points too (it runs a long while; "
            "others can go on working meanwhile).",
        ),
    ] = False,
) -> None:
    """Bring another store into this one: laptops that worked without a network.

    Rows match by their ids; for each field the later change wins; deletions count as
    changes. Refs both laptops used are told apart and reported. Merging again changes
    nothing, and finishes a merge that was stopped. The other store is only read.
    """
    from contextlib import nullcontext

    with _settings(ctx).store() as store:
        if err.is_terminal:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            bar = Progress(
                TextColumn("Merging", markup=False),
                BarColumn(),
                MofNCompleteColumn(),
                console=err,
                transient=True,
            )
            task = bar.add_task("Merging", total=None)

            def step(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)
        else:
            bar, step = nullcontext(), None
        with bar:
            report = store.merge(other, workshop, force=force, progress=step)
        here = store.location
    if not report.changed:
        out.print(Text(f"Nothing new: {here} already has everything in {other}."))
    else:
        out.print(Text(f"Merged {other} into {here}:"))
    from workshopkit.core.merge import KINDS

    for kind in KINDS:
        counts = (report.added[kind], report.updated[kind], report.unchanged[kind])
        if any(counts):
            out.print(
                Text(f"  {kind + ':':11}{counts[0]} added, {counts[1]} updated, {counts[2]} same")
            )
    for line in report.moved:
        out.print(Text(f"Moved: {line}"))
    for line in report.skipped:
        out.print(Text(f"Skipped: {line}"))
    for line in report.excess:
        err.print(Text(f"Note: {line} The dots were kept; take some back with vote --remove."))


# -- export and demo ---------------------------------------------------------------------


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
    with _settings(ctx).store() as store:
        view = store.workshop(workshop)
    content = export.render(view, fmt, include_all)
    if output == "-":
        sys.stdout.write(content)
        sys.stdout.flush()
        return
    name = output or export.default_name(view, fmt, include_all)
    path = export.write_export(content, folder, name, force)
    out.print(Text(f"Wrote {path}"))


@command("demo")
def demo(ctx: typer.Context) -> None:
    """Create a demo workshop (once) and open it; without a terminal, show what to try."""
    if sys.stdin.isatty() and sys.stdout.isatty():
        _run_tui(_settings(ctx), demo=True)
        return
    from workshopkit.core.demo import create_demo

    with _settings(ctx).store() as store:
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


def main() -> None:
    """Entry point: the same commands, and a last guard so no traceback reaches a user."""
    try:
        app()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        err.print("Interrupted.")
        sys.exit(130)
    except Exception as error:  # the guard of last resort
        err.print(Text(f"Error: unexpected {type(error).__name__}: {clean(str(error))}"))
        sys.exit(1)


from workshopkit import cli_dupes, cli_import, cli_templates, cli_timer  # noqa: E402, F401 (they register commands)
