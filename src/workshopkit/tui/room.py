"""The room on phones from the TUI: opening and closing it, and the room's server, a
``workshopkit room`` process of its own beside the UI (so two hundred phones never
slow a key down here).

The facilitator's key is the choice to let phones on this network in: the room listens
on this machine's network address (``WORKSHOPKIT_ROOM_HOST`` says otherwise, such as
127.0.0.1 for this machine alone). The room's state is in the store, so every note-taker
sees it; only the screen that opened the room runs its server.
"""

import os
import socket
import subprocess
import sys
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workshopkit.core.room import RoomState


PREFERRED_PORT = 8080


def room_host() -> str:
    """Where the room listens: ``WORKSHOPKIT_ROOM_HOST``, else this machine's address on
    its network (loopback when it has none)."""
    chosen = os.environ.get("WORKSHOPKIT_ROOM_HOST", "").strip()
    if chosen:
        return chosen
    # Loaded only when a room opens: the first paint needs none of aiohttp.
    from workshopkit.serve.access import reachable_host

    return reachable_host("0.0.0.0")


def _free_port(host: str) -> int:
    for port in (PREFERRED_PORT, 0):
        try:
            with socket.create_server((host, port)) as probe:
                return probe.getsockname()[1]
        except OSError:
            continue
    raise OSError(f"no free port on {host}")


class RoomProcess:
    """The room's server process, while this UI runs it."""

    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None
        self.host, self.port, self.slug = "", 0, ""

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self, db: str | None, slug: str) -> None:
        """Serve ``slug``'s room (already open in the store) unless it is served here."""
        if self.running and self.slug == slug:
            return
        self.stop()
        self.host = room_host()
        self.port, self.slug = _free_port(self.host), slug
        command = [sys.executable, "-m", "workshopkit", *(["--db", db] if db else [])]
        self.process = subprocess.Popen(
            [
                *command,
                "room",
                slug,
                "--host",
                self.host,
                "--port",
                str(self.port),
                "--while-stdin",
            ],
            stdin=subprocess.PIPE,  # closed when this UI ends, however it ends: the room stops
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # Ctrl+C in this terminal is the UI's, not the room's
        )

    def url(self, room: "RoomState") -> str | None:
        """What phones open (the QR code's text), while the room is served here."""
        if not (self.running and room.open and room.code):
            return None
        from workshopkit.core.room import join_url  # loaded with the room, not at start

        return join_url(self.host, self.port, room.code)

    def stop(self) -> None:
        """Stop serving; the room stays open in the store (closing it is the store's)."""
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


def toggle_room(app, show=None) -> None:
    """The room key: open the room (then ``show`` it); resume serving a room left open;
    or, when this UI serves it, close it (every phone's session ends)."""
    state = app.state
    if state is None:
        return
    slug, room = state.slug, state.view.room

    def opened(room: "RoomState") -> None:
        app.state.view = replace(app.state.view, room=room)
        try:
            app.room.start(app.db, slug)
        except OSError as error:
            app.tell(f"The room could not start: {error}.")
            return
        app.points_changed([])
        if show is not None:
            show()

    def closed(room: "RoomState") -> None:
        app.state.view = replace(app.state.view, room=room)
        app.room.stop()
        app.tell("The room is closed: every phone has left.")
        app.points_changed([])

    if room.open and app.room.running:
        app.run_job(lambda store: store.close_room(slug), closed)
    else:
        app.run_job(lambda store: store.open_room(slug), opened)
