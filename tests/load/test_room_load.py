"""A full room: phones join, each adds a point and spends its whole budget of dots, on
SQLite and on PostgreSQL: 40 phones in an ordinary run, 200 under ``--full``. Every
accepted dot is stored exactly once, no budget or cap is passed, no phone that did
nothing wrong sees an error, and a phone watching the live stream sees the last point
arrive. The room is the real ``workshopkit room`` process. Prints how long the room
took, the p95 request time and the live delay (the time budgets are the bench's, not a
test's).
"""

import asyncio
import random
import sys
import time
from pathlib import Path

import pytest

from workshopkit.store.facade import Store

sys.path.insert(0, str(Path(__file__).parent.parent / "serve"))
from room_helpers import Phone, room_process


def _p95(times: list[float]) -> float:
    return sorted(times)[int(len(times) * 0.95)]


@pytest.mark.alone
async def test_a_full_room_joins_adds_and_spends_its_dots(store_location, backend, counts):
    phones_in_room = counts(ci=40, full=200)
    with Store(store_location, "Facilitator") as store:
        workshop = store.create_workshop("Full Room", ["Priorities"])
        store.open_room(workshop.slug)
        store.set_room(workshop.slug, voting=True)
        # The real server, in a process of its own as in a room: the phones simulated here
        # do not share its interpreter.
        with room_process(store_location, workshop.slug, phones_in_room) as (code, base):
            phones = [Phone(base) for _ in range(phones_in_room)]
            times: list[float] = []
            errors: list[str] = []

            async def timed(call, *args):
                started = time.perf_counter()
                status, answer = await call(*args)
                times.append(time.perf_counter() - started)
                if status != 200:
                    errors.append(f"{status} {answer}")
                return answer

            async def join_and_add(n: int, phone: Phone) -> None:
                await timed(phone.join, code)
                await timed(phone.add, f"Priority from phone {n}")

            async def one_phone(n: int, phone: Phone) -> None:
                if n >= 20:  # the first twenty joined and added before the room voted
                    await join_and_add(n, phone)
                rng = random.Random(n)
                spent: dict[str, int] = {}
                while sum(spent.values()) < workshop.dots_per_voter:
                    ref = f"A{rng.randint(1, 20)}"  # the first twenty points, added first
                    if spent.get(ref, 0) < workshop.cap_per_point:
                        spent[ref] = spent.get(ref, 0) + 1
                        await timed(phone.dot, ref)

            watcher = phones[0]
            started = time.perf_counter()
            await asyncio.gather(*(join_and_add(n, p) for n, p in enumerate(phones[:20])))
            rest = asyncio.gather(*(one_phone(n, p) for n, p in enumerate(phones)))
            async with watcher.http.get(f"{base}/events") as stream:
                await rest
                took = time.perf_counter() - started
                last = f"Priority from phone {phones_in_room - 1}"
                written = time.perf_counter()
                async with asyncio.timeout(5):
                    while True:
                        line = (await stream.content.readline()).decode()
                        if line.startswith("data: ") and last in line:
                            break
                live = time.perf_counter() - written
            for phone in phones:
                await phone.close()
        view = store.workshop(workshop.slug)
    print(
        f"\n{phones_in_room} phones on {backend}: {took:.1f} s, {len(times)} requests, "
        f"p95 {_p95(times) * 1000:.0f} ms, live update seen {live * 1000:.0f} ms after the end"
    )
    assert errors == []
    assert len(view.points) == phones_in_room and view.room.phones == phones_in_room
    by_voter: dict[str, int] = {}
    for point in view.points:
        for voter, dots in point.voters:
            assert dots <= workshop.cap_per_point
            by_voter[voter] = by_voter.get(voter, 0) + dots
    assert len(by_voter) == phones_in_room
    assert set(by_voter.values()) == {workshop.dots_per_voter}  # every dot once, none more
