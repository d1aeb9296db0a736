"""The live part of the room: each phone's event stream, and the looks for others'
commits (the TUI, note-takers, commands, merges) that feed it.

Every phone's event carries the part of the page every phone sees alike, drawn once for
them all, and its own small part (its points, its dots); the page's script puts the two
together. The shared part is the live part whole when anything but the points changed
(the breakout on the room, voting, blind) and otherwise only the points that changed,
as data: a room of phones voting changes a few counts a look, and the whole list to
every phone ten times a second would be megabytes a second.
"""

import asyncio
import hmac
import json

from aiohttp import web

from workshopkit.core.errors import WorkshopkitError
from workshopkit.serve.access import log
from workshopkit.serve.room_page import (
    Phone,
    PhoneParts,
    adding_open,
    frame_of,
    live_part,
    phone_part,
    points_data,
    room_breakout,
)

LOOK_EVERY = 0.25  # seconds between looks for others' commits
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
        if not self.listeners:  # the first to listen: the others' base is this phone's
            self._mark_told(self.workshop, self.room)
        self.listeners[queue] = phone
        own = json.dumps(phone_part(self.workshop, self.room, phone))
        queue.put_nowait(f'{self._whole()[:-1]}, "me": {own}}}')  # the live part whole
        self.last_sent[queue] = own
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

    def _whole(self) -> str:
        breakout = room_breakout(self.workshop, self.room)
        return json.dumps(
            {
                "html": live_part(self.workshop, self.room, None),
                "adding": adding_open(self.room, breakout),
                "voting": self.room.voting,
            }
        )

    def _tell_everyone(self) -> None:
        workshop, room = self.workshop, self.room
        if not self.listeners or (workshop is self.told_workshop and room is self.told_room):
            return
        told_frame, told_points = self.told_frame, self.told_points
        self._mark_told(workshop, room)
        if self.told_frame != told_frame:
            shared = self._whole()
        else:
            points = self.told_points
            changed = {ref: p for ref, p in points.items() if told_points.get(ref) != p}
            changed.update((ref, None) for ref in told_points if ref not in points)
            shared = json.dumps({"points": changed}) if changed else ""
        parts = PhoneParts(workshop, room)
        for queue, phone in list(self.listeners.items()):
            if not self.phone_of_still(phone):
                queue.put_nowait(CLOSED)
                continue
            own = json.dumps(parts.of(phone))
            if not shared and self.last_sent.get(queue) == own:
                continue  # nothing new for this phone
            self.last_sent[queue] = own
            queue.put_nowait(f'{(shared or "{}")[:-1]}{", " if shared else ""}"me": {own}}}')

    def _mark_told(self, workshop, room) -> None:
        self.told_workshop, self.told_room = workshop, room
        self.told_frame, self.told_points = frame_of(workshop, room), points_data(workshop, room)

    def phone_of_still(self, phone: Phone) -> bool:
        """Whether a listening phone is still in the room (not closed, not reopened)."""
        return self.room.open and hmac.compare_digest(
            self._sign(f"csrf.{phone.number}"), phone.csrf
        )

    async def _start_looking(self, _app) -> None:
        self._looking = asyncio.create_task(self._look_for_changes())

    async def _look_for_changes(self) -> None:
        self._watcher = await self.queue.call(self.store.watcher)
        while True:
            await asyncio.sleep(LOOK_EVERY)
            try:
                changed = await self.queue.call(self._watcher.changed)
                if changed:  # only what changed since the view's revision is read
                    changes = await self.queue.call(
                        self.store.changes, self.workshop.id, self.workshop.rev
                    )
                    self.workshop = self.workshop.with_changes(changes)
                    self.room = self.workshop.room
            except WorkshopkitError as error:
                log.warning("The room could not read the store: %s", error)
                continue
            self._tell_everyone()
            if not self.room.open:
                self.closed.set()
