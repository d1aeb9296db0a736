"""Sharing: the UI in a browser (serve) and merging another store."""

import socket
from contextlib import nullcontext
from typing import Annotated

import typer
from rich.text import Text

from workshopkit.cli.common import app, command, err, fail, out, store_settings
from workshopkit.core.files.local_files import refuse_paths
from workshopkit.core.files.locations import sqlite_file


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
    # aiohttp and textual-serve load only for serve, not for every command.
    from workshopkit.serve.access import Access, new_code
    from workshopkit.serve.server import WorkshopkitServer, session_command

    settings = store_settings(ctx)
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
    from workshopkit.tui.app import WorkshopkitApp  # Textual loads only when the UI runs

    # Before anything else: this process opens no file its browser's note-taker names.
    refuse_paths()
    settings = store_settings(ctx)
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
    # The number is MERGE_LIMIT of store/bulk/other_stores/batches.py (not imported here:
    # the CLI must start fast).
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
    with store_settings(ctx).store() as store:
        if err.is_terminal:
            # The bar's machinery loads only for a merge shown on a terminal.
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
            report = store.merge_store(other, workshop, force=force, progress=step)
        here = store.location
    if not report.changed:
        out.print(Text(f"Nothing new: {here} already has everything in {other}."))
    else:
        out.print(Text(f"Merged {other} into {here}:"))
    # The merge's modules (and SQLAlchemy) load only for merge, not for every command.
    from workshopkit.store.bulk.other_stores.batches import KINDS

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
