"""The live part of the room: each phone's event stream, and the looks for others'
commits (the TUI, note-takers, commands, merges) that feed it.

Every phone's event carries the part of the page every phone sees alike, drawn once for
them all, and its own small part (its points, its dots); the page's script puts the two
together.
"""

import asyncio
import hmac
import json

from aiohttp import web

from workshopkit.core.errors import WorkshopkitError
from workshopkit.serve.access import log
from workshopkit.serve.room_page import Phone, adding_open, live_part, phone_part, room_breakout

LOOK_EVERY = 0.1  # seconds between looks for others' commits
KEEP_ALIVE = 15.0  # seconds between comments on a quiet event stream
CLOSED = json.dumps({"closed": True})


class LiveRoom:
    """What ``RoomServer`` does to keep every phone's page live (its state is there)."""

    async def events(self, request: web.Request) -> web.StreamResponse:
        phone = self.phone_of(request)
        if phone is None:
            raise web.HTTPForbidden(text="workshopkit: join the room first.\n")
        response = web.StreamResponse(
            headers={"Content-Type": "text/event-stream", "Cache-Control": "no-store"}
        )
        await response.prepare(request)
        queue: asyncio.Queue = asyncio.Queue()
        self.listeners[queue] = phone
        queue.put_nowait(self._state_of(phone))
        try:
            while not self.closed.is_set():
                try:
                    message = await asyncio.wait_for(queue.get(), KEEP_ALIVE)
                except TimeoutError:
                    await response.write(b": still here\n\n")
                    continue
                await response.write(f"data: {message}\n\n".encode())
                if message == CLOSED:
                    break
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            self.listeners.pop(queue, None)
            self.last_sent.pop(queue, None)
        return response

    def _state_of(self, phone: Phone, shared: str | None = None) -> str:
        """A phone's event: the part every phone shares (drawn once for them all) and
        its own part (its points, its dots)."""
        if shared is None:
            shared = self._shared_state()
        own = json.dumps(phone_part(self.workshop, self.room, phone))
        return f'{shared[:-1]}, "me": {own}}}'

    def _shared_state(self) -> str:
        breakout = room_breakout(self.workshop, self.room)
        return json.dumps(
            {
                "html": live_part(self.workshop, self.room, None),
                "adding": adding_open(self.room, breakout),
            }
        )

    def _tell_everyone(self) -> None:
        shared = self._shared_state() if self.listeners else ""
        for queue, phone in list(self.listeners.items()):
            message = self._state_of(phone, shared) if self.phone_of_still(phone) else CLOSED
            if self.last_sent.get(queue) != message:
                self.last_sent[queue] = message
                queue.put_nowait(message)

    def phone_of_still(self, phone: Phone) -> bool:
        """Whether a listening phone is still in the room (not closed, not reopened)."""
        return self.room.open and hmac.compare_digest(
            self._sign(f"csrf.{phone.number}"), phone.csrf
        )

    async def _start_looking(self, _app) -> None:
        self._looking = asyncio.create_task(self._look_for_changes())

    async def _look_for_changes(self) -> None:
        loop = asyncio.get_running_loop()
        self._watcher = await loop.run_in_executor(self.store_thread, self.store.watcher)
        while True:
            await asyncio.sleep(LOOK_EVERY)
            try:
                changed = await loop.run_in_executor(self.store_thread, self._watcher.changed)
                if changed:  # only what changed since the view's revision is read
                    changes = await loop.run_in_executor(
                        self.store_thread, self.store.changes, self.workshop.id, self.workshop.rev
                    )
                    self.workshop = self.workshop.with_changes(changes)
                    self.room = self.workshop.room
            except WorkshopkitError as error:
                log.warning("The room could not read the store: %s", error)
                continue
            self._tell_everyone()
            if not self.room.open:
                self.closed.set()
