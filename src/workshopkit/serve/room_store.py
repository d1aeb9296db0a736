"""The room's store calls: on one thread of their own, in arrival order, so that a look
for others' commits never lands after a write it did not see.

A room voting at once would wait for a commit a tap. The taps of one kind that arrive
while the thread is busy (dots, joins) wait together instead, and are saved together,
in one transaction, when it comes free: each still checked alone, and answered alone.
"""

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor


class StoreQueue:
    def __init__(self) -> None:
        self.thread = ThreadPoolExecutor(1, "room-store")
        self.waiting: dict[Callable, list] = {}  # by the save that takes them
        self.lock = threading.Lock()  # the loop adds to a queue, the store thread takes it

    async def call(self, call: Callable, *args):
        """One store call, after the ones before it."""
        return await asyncio.get_running_loop().run_in_executor(self.thread, call, *args)

    async def together(self, save: Callable[[list], list], item):
        """``item``'s answer from ``save``, which takes every item waiting with it and
        answers each: a result, or the exception that refused it (raised here)."""
        loop = asyncio.get_running_loop()
        answer = loop.create_future()
        with self.lock:
            waiting = self.waiting.setdefault(save, [])
            waiting.append((item, answer))
            first = len(waiting) == 1
        if first:  # the first of its queue: queue the save that takes them
            loop.run_in_executor(self.thread, self._save_waiting, save, loop)
        return await answer

    def _save_waiting(self, save: Callable[[list], list], loop: asyncio.AbstractEventLoop):
        # On the store thread. Whatever comes after the queue is taken starts a new one.
        with self.lock:
            batch = self.waiting.pop(save)
        try:
            results = save([item for item, _ in batch])
        except Exception as error:  # the whole transaction failed: every item hears why
            results = [error] * len(batch)
        for (_, answer), result in zip(batch, results, strict=True):
            loop.call_soon_threadsafe(_settle, answer, result)

    def shutdown(self) -> None:
        self.thread.shutdown(wait=True)


def _settle(answer: asyncio.Future, result) -> None:
    if answer.done():  # its phone went away
        return
    if isinstance(result, BaseException):
        answer.set_exception(result)
    else:
        answer.set_result(result)
