"""The room on phones: open it and serve it (``room WORKSHOP``), run it from a script
(``room WORKSHOP set …``), close it."""

import asyncio
import contextlib
import os
import signal
import socket
import sys
import threading
from typing import Annotated

import typer
from rich.text import Text

from workshopkit.cli.common import WorkshopArg, command, err, fail, out, store_settings
from workshopkit.core.room import RoomState, join_url, qr_rows, spaced_code
from workshopkit.core.text import clean

ROOM_NICE = 10  # how far the room yields the CPU to the facilitator's keys
LOOPBACK = ("127.0.0.1", "localhost", "::1")
OnOff = Annotated[str | None, typer.Option(metavar="on|off")]


@command("room")
def room(
    ctx: typer.Context,
    workshop: WorkshopArg,
    action: Annotated[
        str | None,
        typer.Argument(
            help="set: change the room (with the options below); close: close it.",
            metavar="[set|close]",
        ),
    ] = None,
    host: Annotated[
        str,
        typer.Option(help="Address to listen on; 0.0.0.0 lets phones on this network in."),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8080,
    most_phones: Annotated[int, typer.Option(min=1, help="Most phones that may join.")] = 200,
    breakout: Annotated[
        str | None, typer.Option(help="set: put this breakout on the room (letter or title).")
    ] = None,
    adding: OnOff = None,
    voting: OnOff = None,
    blind: OnOff = None,
    # The UI that started this room holds its standard input: when that UI ends, however
    # it ends, the room stops serving with it.
    while_stdin: Annotated[bool, typer.Option("--while-stdin", hidden=True)] = False,
) -> None:
    """The room on phones: they add points and vote, no app, no account.

    Opens the room of WORKSHOP and serves it until Ctrl+C, which closes it. Prints the
    address with its join code and a QR code of it for the projector. 'room WORKSHOP
    set' runs the room from a script: --breakout, --adding, --voting, --blind (off
    reveals the counts); with nothing to set it says how the room stands.
    """
    if action is not None and action.strip().casefold() == "set":
        return set_room(ctx, workshop, breakout, adding, voting, blind)
    if action is not None and action.strip().casefold() == "close":
        return close_room(ctx, workshop)
    if action is not None:
        raise fail(f"'{clean(action)}' is not set or close.", 2)
    # aiohttp loads only for the room, not for every command.
    from workshopkit.serve.access import reachable_host
    from workshopkit.serve.room_server import RoomServer

    try:  # a port in use is one line now, not a traceback from inside the server
        with socket.create_server((host, port), reuse_port=False):
            pass
    except OSError as error:
        raise fail(f"Cannot listen on {host}:{port}: {error.strerror}. Try --port.") from None
    with store_settings(ctx).store() as store:
        slug = store.slug(workshop)
        opened = store.open_room(slug)
        server = RoomServer(store, slug, most_phones=most_phones)
        url = join_url(reachable_host(host), port, opened.code)
        title = clean(server.workshop.title)

        def say_where() -> None:  # once the room listens: the address printed works
            out.print(Text(f"The room of {title} is open. Phones join at:"))
            out.print(Text(url))
            out.print(Text(f"Join code: {spaced_code(opened.code)}"))
            for line in qr_rows(url):
                out.print(Text(line))
            if host in LOOPBACK:
                err.print(
                    Text(
                        "Note: only this machine can reach the room. For phones on this "
                        "network, open it with --host 0.0.0.0."
                    )
                )
            out.print(Text("Press Ctrl+C to close the room."))

        _give_way_to_keys()
        try:
            asyncio.run(_serve(server, host, port, while_stdin, say_where))
        except KeyboardInterrupt:  # Ctrl+C closes the room
            store.close_room(slug)
            out.print(Text("The room is closed: every phone has left."))
            return
        if store.room(slug).open:  # stopped (SIGTERM, its UI ended): run again to go on
            out.print(Text("Stopped serving; the room stays open: run this again to go on."))
        else:
            out.print(Text("The room was closed from another screen."))


def _give_way_to_keys() -> None:
    """Lower this process's priority: a phone's tap has a quarter of a second, the
    facilitator's key on the same machine one frame (16 ms). On a busy 2-core laptop,
    two hundred phones would otherwise take the CPU the facilitator's typing needs."""
    # No nice() on Windows, and a refusal loses nothing but the priority.
    with contextlib.suppress(AttributeError, OSError):
        os.nice(ROOM_NICE)


async def _serve(server, host: str, port: int, while_stdin: bool, ready) -> None:
    from aiohttp import web  # aiohttp loads only for the room, not for every command

    runner = web.AppRunner(server.application(), handle_signals=False, access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
        ready()
        loop = asyncio.get_running_loop()
        loop.add_signal_handler(signal.SIGTERM, server.closed.set)
        if while_stdin:

            def wait_for_the_ui() -> None:
                sys.stdin.buffer.read()  # returns when the UI that started the room has ended
                loop.call_soon_threadsafe(server.closed.set)

            threading.Thread(target=wait_for_the_ui, daemon=True).start()
        await server.closed.wait()
    finally:
        await runner.cleanup()


def _on_off(name: str, value: str | None) -> bool | None:
    if value is None:
        return None
    said = {"on": True, "off": False}.get(value.strip().casefold())
    if said is None:
        raise fail(f"--{name} is on or off, not '{clean(value)}'.", 2)
    return said


def set_room(ctx, workshop, breakout, adding, voting, blind) -> None:
    add, vote, hide = _on_off("adding", adding), _on_off("voting", voting), _on_off("blind", blind)
    with store_settings(ctx).store() as store:
        # Refused before anything is written: a refused command changes nothing.
        if hide is not None and breakout is None and not store.room(workshop).letter:
            raise fail("The room has no breakout yet: give --breakout too.")
        room = store.set_room(workshop, breakout, add, vote)
        if hide is not None:
            store.set_blind(workshop, room.letter, hide)
        view = store.workshop(workshop)
    _say(view, room)


def close_room(ctx, workshop) -> None:
    with store_settings(ctx).store() as store:
        store.close_room(workshop)
    out.print(Text("The room is closed: every phone has left."))


def _say(view, room: RoomState) -> None:
    breakout = next((b for b in view.breakouts if b.letter == room.letter), None)
    on = f"breakout {breakout.letter} {clean(breakout.title)}" if breakout else "no breakout"
    state = "open" if room.open else "closed"
    blind = " (blind)" if breakout is not None and breakout.blind else ""
    out.print(
        Text(
            f"Room {state}: {on}; adding {'on' if room.adding else 'off'}, "
            f"voting {'on' if room.voting else 'off'}{blind}; {room.phones} "
            f"phone{'' if room.phones == 1 else 's'} joined."
        )
    )
