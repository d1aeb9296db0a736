"""The room on phones under a full room: the real ``workshopkit room`` process, and
phones simulated in this one (async HTTP clients, each with its own cookies).

Each phone arrives within the first 3 seconds, joins, adds a point and spends its
whole budget of dots, a tap every 0.3-0.7 s as a person taps: the room's taps all come
within 10 seconds, and every phone's page listens to the room's live events. The floor
is the same taps, at the same moments, on an aiohttp server that commits each with raw
sqlite3 (``bench/room_floor.py``). A watching phone times the live update of points
another writer commits meanwhile.

The facilitator's screen during the room: the TUI runs in this process (Textual's
headless driver, as in ``tui_bench.py``) open on the room's workshop, and types into
the capture bar, a key every 40 ms, while the phones (another process, at a lower
priority: they stand for other people's devices) join, add and vote through the real
room process; then types as much again once the room is quiet. Each key is timed from
its hand-over to the first frame that shows it. Budget: p95 during the room <= 1.5x the
p95 when quiet.
"""

import asyncio
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

from aiohttp import ClientSession, CookieJar

from bench import figures
from workshopkit.store.facade import Store

P95_BUDGET = 0.250  # seconds: a tap answered within a quarter of a second
KEYS_BUDGET = 1.5  # the TUI's key-to-frame p95 during the room / the same when quiet
PHONES_NICE = 10  # the simulated phones stand for other people's devices
PHONES = """
import asyncio, sys
from bench.room_bench import _room
asyncio.run(_room(sys.argv[1], sys.argv[2], int(sys.argv[3])))
"""
ROOT = Path(__file__).resolve().parent.parent
LIVE_BUDGET = 1.0  # seconds from another writer's commit to the phones' screens
WITHIN = 10.0  # seconds for the whole room to join, add and spend its dots
SEEDED = 20  # points on the room before the phones come, so that dots go at once
CSRF = re.compile(r'name="csrf" value="([0-9a-f]+)"')


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start(command: list[str], ready: str) -> subprocess.Popen:
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, encoding="utf-8"
    )
    while ready not in process.stdout.readline():
        if process.poll() is not None:
            raise RuntimeError(f"{command[2:4]} did not start")
    return process


def _stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _schedule(phones: int) -> list[list[float]]:
    """When each phone taps (seconds from the start): join, add, then its five dots."""
    rng = random.Random(7)
    moments = []
    for _ in range(phones):
        at = rng.uniform(0, 3)
        taps = [at]
        for _ in range(6):
            at += rng.uniform(0.3, 0.7)
            taps.append(at)
        moments.append(taps)
    return moments


async def _phone(base: str, code: str, n: int, taps: list[float], started: float, times, errors):
    rng = random.Random(n)
    origin = {"Origin": base, "X-Room": "fetch"}
    async with ClientSession(cookie_jar=CookieJar(unsafe=True)) as http:

        async def tap(at: float, path: str, form: dict) -> str:
            await asyncio.sleep(max(0.0, started + at - time.perf_counter()))
            begun = time.perf_counter()
            async with http.post(f"{base}{path}", data=form, headers=origin) as answer:
                text = await answer.text()
                if answer.status not in (200, 303):
                    errors.append(f"{path} {answer.status}")
            times.append(time.perf_counter() - begun)
            return text

        page = await tap(taps[0], "/join", {"code": code, "name": f"P{n}"})
        found = CSRF.search(page)
        csrf = found.group(1) if found else ""
        # A phone's page listens to the room's events as long as it is open.
        listening = asyncio.ensure_future(_listen(http, base)) if code else None
        await tap(taps[1], "/add", {"csrf": csrf, "text": f"Priority from phone {n}"})
        refs = rng.sample([f"A{i}" for i in range(1, SEEDED + 1)], 5)
        for at, ref in zip(taps[2:], refs, strict=True):
            await tap(at, "/dot", {"csrf": csrf, "ref": ref, "do": "place"})
        if listening is not None:
            listening.cancel()


async def _listen(http: ClientSession, base: str) -> None:
    async with http.get(f"{base}/events") as stream:
        async for _line in stream.content:
            pass


async def _room(base: str, code: str, phones: int) -> tuple[list[float], list[str], float]:
    times: list[float] = []
    errors: list[str] = []
    started = time.perf_counter()
    schedule = _schedule(phones)
    await asyncio.gather(
        *(_phone(base, code, n, t, started, times, errors) for n, t in enumerate(schedule))
    )
    return times, errors, time.perf_counter() - started


async def _live(base: str, code: str, store: Store, slug: str, samples: int) -> list[float]:
    """Seconds from another writer's commit to the point in a phone's event stream."""
    delays = []
    headers = {"Origin": base}
    async with ClientSession(cookie_jar=CookieJar(unsafe=True)) as http:
        await http.post(f"{base}/join", data={"code": code}, headers=headers)
        async with http.get(f"{base}/events") as stream:
            breakout = store.workshop(slug).breakouts[0]
            for n in range(samples):
                text = f"Written elsewhere {n}"
                loop = asyncio.get_running_loop()
                await loop.run_in_executor(None, store.add_points, breakout, [text])
                committed = time.perf_counter()
                while True:
                    line = (await stream.content.readline()).decode()
                    if not line:
                        raise RuntimeError("the room's event stream ended")
                    if line.startswith("data: ") and text in line:
                        break
                delays.append(time.perf_counter() - committed)
                await asyncio.sleep(0.2)
    return delays


def _room_process(db: Path, slug: str, phones: int) -> tuple[subprocess.Popen, str]:
    port = _port()
    command = [sys.executable, "-m", "workshopkit", "--db", str(db), "room", slug]
    room = _start([*command, "--port", str(port), "--most-phones", str(phones + 1)], "http")
    return room, f"http://127.0.0.1:{port}"


def _new_room(db: Path, phones: int) -> tuple[str, str, subprocess.Popen, str]:
    """A workshop with SEEDED points and its room open and voting, served: its slug, the
    join code, the room process and its address."""
    with Store(str(db), "Facilitator") as store:
        workshop = store.create_workshop("Full Room", ["Priorities"])
        store.add_points(workshop.breakouts[0], [f"Seeded {n}" for n in range(SEEDED)])
        store.open_room(workshop.slug)
        store.set_room(workshop.slug, voting=True)
        code = store.room(workshop.slug).code
    room, base = _room_process(db, workshop.slug, phones)
    return workshop.slug, code, room, base


async def _keys_during_room(db: Path, slug: str, start_phones) -> tuple[list, list]:
    """Milliseconds from each key typed in the TUI's capture bar to the frame showing it:
    while the phones are in the room, and as many once it is quiet."""
    from bench.tui_bench import KEY_GAP, SENTENCES, WARMUP_KEYS, FrameClock, _key_name, loaded
    from workshopkit.tui.app import WorkshopkitApp

    app = WorkshopkitApp(db=str(db), user="Bench", workshop=slug)
    clock = FrameClock(app)
    during: list[float] = []
    quiet: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        bar = app.screen.query_one("#capture")
        bar.cursor_blink = False

        async def type_text(text: str, into: list[float] | None) -> None:
            for index, character in enumerate(text):
                typed = text[: index + 1]
                busy = phones is not None and phones.poll() is None
                times = await clock.key(
                    _key_name(character), character, lambda typed=typed: bar.value == typed
                )
                if into is not None:
                    (during if busy else into).append(times[0])
                await asyncio.sleep(KEY_GAP)
            bar.value = ""
            await pilot.pause(0.1)

        phones = None
        await type_text(SENTENCES[0][:WARMUP_KEYS], None)
        phones = start_phones()
        sentences = 0
        while phones.poll() is None:
            await type_text(SENTENCES[sentences % len(SENTENCES)], quiet)
            sentences += 1
        if phones.returncode:
            raise RuntimeError("the phones' process failed")
        await pilot.pause(1.0)  # the room's last changes reach the screen
        while len(quiet) < len(during):
            await type_text(SENTENCES[sentences % len(SENTENCES)], quiet)
            sentences += 1
    return during, quiet


def _tui_during_room(folder: Path, phones: int, follow: bool = True) -> tuple[list, list]:
    """The TUI's keys during the room and once it is quiet. With ``follow`` False the
    TUI is open on another workshop of the same store, so that the room changes nothing
    it shows: what is left is the machine shared with the room's server and the phones."""
    db = folder / ("tui.db" if follow else "tui-elsewhere.db")
    slug, code, room, base = _new_room(db, phones)
    if not follow:
        with Store(str(db), "Facilitator") as store:
            elsewhere = store.create_workshop("Elsewhere", ["Priorities"])
            store.add_points(elsewhere.breakouts[0], [f"Seeded {n}" for n in range(SEEDED)])
        slug = elsewhere.slug

    def start_phones() -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "-c", PHONES, base, code, str(phones)],
            cwd=ROOT,
            preexec_fn=lambda: os.nice(PHONES_NICE),
            stdout=subprocess.DEVNULL,
        )

    try:
        return asyncio.run(_keys_during_room(db, slug, start_phones))
    finally:
        _stop(room)


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[-1]


KEYS_FIGURE = "TUI key to frame during the room"


def run(quick: bool, folder: Path, known_over: frozenset[str] = frozenset()) -> bool:
    """The room benchmark; True when every budget holds."""
    phones = 40 if quick else 200
    db = folder / "room.db"
    slug, code, room, base = _new_room(db, phones)
    with Store(str(db), "Facilitator") as store:
        try:
            times, errors, took = asyncio.run(_room(base, code, phones))
            live = asyncio.run(_live(base, code, store, slug, 5 if quick else 20))
        finally:
            _stop(room)
        dots = sum(p.dots for p in store.workshop(slug, with_deleted=False).points)
    floor_port = _port()
    floor = _start(
        [sys.executable, "-m", "bench.room_floor", str(folder / "floor.db"), str(floor_port)],
        "ready",
    )
    try:
        floor_times, _, floor_took = asyncio.run(
            _room(f"http://127.0.0.1:{floor_port}", "", phones)
        )
    finally:
        _stop(floor)

    during, quiet = _tui_during_room(folder, phones)
    shared, shared_quiet = _tui_during_room(folder, phones, follow=False)

    room_p95, floor_p95 = _p95(times), _p95(floor_times)
    keys_ratio = _p95(during) / _p95(quiet)
    ok_keys = keys_ratio <= KEYS_BUDGET
    ok_p95 = room_p95 <= P95_BUDGET
    ok_live = max(live) <= LIVE_BUDGET
    ok_room = not errors and took <= WITHIN and dots == phones * 5
    print(
        f"room    {phones} phones, {len(times)} taps in {took:.1f} s (floor {floor_took:.1f} s; "
        f"within {WITHIN:.0f} s), {dots} dots stored, {len(errors)} errors "
        f"{'PASS' if ok_room else 'FAIL'}"
    )
    print(
        f"room    tap  median {statistics.median(times) * 1000:.1f} ms  p95 "
        f"{room_p95 * 1000:.1f} ms | floor (aiohttp + raw sqlite3) median "
        f"{statistics.median(floor_times) * 1000:.1f} ms  p95 {floor_p95 * 1000:.1f} ms | "
        f"ratio {room_p95 / floor_p95:.1f}x (budget p95 <= {P95_BUDGET * 1000:.0f} ms) "
        f"{'PASS' if ok_p95 else 'FAIL'}"
    )
    print(
        f"room    live update, another writer's commit to a phone's stream: median "
        f"{statistics.median(live) * 1000:.0f} ms  max {max(live) * 1000:.0f} ms "
        f"(budget <= {LIVE_BUDGET * 1000:.0f} ms) {'PASS' if ok_live else 'FAIL'}"
    )
    figures.record(
        "room: every phone joined, added and voted",
        took,
        "s",
        f"<= {WITHIN:.0f} s, every dot stored, no error",
        "PASS" if ok_room else "FAIL",
        fails_run=not ok_room,
    )
    figures.record(
        "room: tap p95",
        room_p95 * 1000,
        "ms",
        f"<= {P95_BUDGET * 1000:.0f} ms",
        "PASS" if ok_p95 else "FAIL",
        floor=floor_p95 * 1000,
        floor_is="aiohttp + raw sqlite3",
        ratio=room_p95 / floor_p95,
        fails_run=not ok_p95,
    )
    figures.record(
        "room: live update, max",
        max(live) * 1000,
        "ms",
        f"<= {LIVE_BUDGET * 1000:.0f} ms",
        "PASS" if ok_live else "FAIL",
        fails_run=not ok_live,
    )
    verdict = "PASS" if ok_keys else "FAIL"
    if not ok_keys and KEYS_FIGURE in known_over:
        verdict, ok_keys = "FAIL (known over budget: not failing the run)", True
    figures.record(
        KEYS_FIGURE,
        _p95(during),
        "ms",
        f"<= {KEYS_BUDGET}x",
        verdict,
        floor=_p95(quiet),
        floor_is="the same keys once the room is quiet (p95)",
        ratio=keys_ratio,
        fails_run=not ok_keys,
    )
    print(
        f"room    {KEYS_FIGURE} ({len(during)} keys): median "
        f"{statistics.median(during):.1f} ms  p95 {_p95(during):.1f} ms | quiet ({len(quiet)} "
        f"keys): median {statistics.median(quiet):.1f} ms  p95 {_p95(quiet):.1f} ms | ratio "
        f"{keys_ratio:.2f}x (budget <= {KEYS_BUDGET}x) {verdict}"
    )
    print(
        f"room    the same, the TUI open on another workshop (the machine shared, nothing "
        f"to draw): p95 {_p95(shared):.1f} ms | quiet p95 {_p95(shared_quiet):.1f} ms | "
        f"ratio {_p95(shared) / _p95(shared_quiet):.2f}x (information)"
    )
    return ok_p95 and ok_live and ok_room and ok_keys
