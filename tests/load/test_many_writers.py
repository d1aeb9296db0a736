"""Many note-takers saving at once: 8 processes × 120 points (1,000 with ``--full``) on
one store, per engine.

Each writer is a separate Python process (``writer.py``) with its own Store and name; a
few of them also tag and vote on points while the others capture. Every point a writer
was told is saved must be in the store as written, numbers in a breakout must run 1…n
without a gap or a repeat, nobody may see an error, and a screen following the change
feed from its own Store must end up with exactly what a full read shows.
"""

import json
import threading
import time

import pytest
from load_helpers import all_ready, finish, start_writer
from sqlalchemy import text

from workshopkit.store.facade import Store

WRITERS = 8
VOTERS = 3  # the first three writers also tag and vote
TIMEOUT = 300  # seconds for the whole run: a hung writer fails the test, never the suite


class _Follower(threading.Thread):
    """An open screen: follows one workshop through ``Store.changes`` while others write."""

    def __init__(self, location: str, workshop_id, since: int) -> None:
        super().__init__(daemon=True)
        self.store = Store(location, "Screen")
        self.workshop_id = workshop_id
        self.since = since
        self.points: dict = {}
        self.polls = 0
        self.errors: list[str] = []
        self.stop = threading.Event()

    def poll(self) -> None:
        changes = self.store.changes(self.workshop_id, self.since)
        self.points.update({p.id: p for p in changes.points})
        self.since = changes.rev
        self.polls += 1

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                self.poll()
            except Exception as error:  # reported by the test, not lost in the thread
                self.errors.append(f"changes: {type(error).__name__}: {error}")
            self.stop.wait(0.05)


@pytest.mark.alone  # latencies under load: measured on a quiet machine
def test_eight_writers_lose_nothing_and_never_collide(store_location, backend, tmp_path, counts):
    points_each = counts(ci=120, full=1000)
    with Store(store_location, "Facilitator") as store:
        workshop = store.create_workshop(
            "Load Day", ["Rooms", "Money"], dots_per_voter=1000, cap_per_point=1000
        )
        start_rev = store.revision()

    go = tmp_path / "go"
    results = [tmp_path / f"writer{n}.json" for n in range(WRITERS)]
    deadline = time.monotonic() + TIMEOUT
    writers = []
    for n in range(WRITERS):
        voter = "1" if n < VOTERS else "0"
        args = [store_location, f"Writer{n}", workshop.slug, str(points_each), voter]
        writers.append(start_writer([*args, str(results[n]), str(go)], tmp_path))
    follower = _Follower(store_location, workshop.id, start_rev)
    try:
        # Everyone opens the store first; the writing starts for all at once.
        while not all_ready(results, writers) and time.monotonic() < deadline:
            time.sleep(0.02)
        follower.start()
        started = time.perf_counter()
        go.touch()
        crashed = finish(writers, deadline)
        elapsed = time.perf_counter() - started
    finally:
        for writer in writers:
            if writer.poll() is None:
                writer.kill()
        follower.stop.set()
        follower.join(timeout=30)
    follower.poll()  # what was committed after its last look
    follower.store.close()

    assert crashed == []
    reports = [json.loads(r.read_text(encoding="utf-8")) for r in results]
    errors = [f"{r['user']}: {e}" for r in reports for e in r["errors"]] + follower.errors
    assert errors == []

    with Store(store_location, "Checker") as checker:
        full = checker.workshop(workshop.slug)
        fresh = checker.changes(workshop.id, start_rev)  # a separate Store's change feed
        if backend == "sqlite":
            with checker._engine.connect() as connection:
                assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"

    saved = {str(p.id): p for p in full.points}
    acked = 0
    for report in reports:
        assert len(report["acked"]) == points_each
        for point in report["acked"]:
            acked += 1
            row = saved.get(point["id"])
            assert row is not None, f"{report['user']} was told {point['ref']} was saved"
            assert (row.ref, row.text, row.captured_by) == (
                point["ref"],
                point["text"],
                report["user"],
            )
    assert acked == len(saved) == WRITERS * points_each

    for breakout in full.breakouts:
        numbers = sorted(p.number for p in breakout.points)
        assert numbers == list(range(1, len(numbers) + 1)), breakout.letter

    for report in reports[:VOTERS]:
        assert report["votes"] > 0
        placed = sum(dots for p in full.points for v, dots in p.voters if v == report["user"])
        assert placed == report["votes"]

    assert {p.id: p for p in fresh.points} == {p.id: p for p in full.points}
    assert follower.points == {p.id: p for p in full.points}

    writes = acked + sum(r["tags"] + r["votes"] for r in reports)
    print(
        f"\n{backend}: {WRITERS} writers x {points_each} points, {writes} writes in "
        f"{elapsed:.1f} s ({acked / elapsed:.0f} points/s, {writes / elapsed:.0f} writes/s); "
        f"slowest writer {max(r['seconds'] for r in reports):.1f} s; "
        f"screen polled {follower.polls} times"
    )


def test_many_processes_opening_a_new_store_at_once(store_location, tmp_path):
    results = [tmp_path / f"open{n}.json" for n in range(WRITERS)]
    openers = [start_writer(["--open", store_location, str(r)], tmp_path) for r in results]
    assert finish(openers, time.monotonic() + 120) == []
    errors = [e for r in results for e in json.loads(r.read_text(encoding="utf-8"))["errors"]]
    assert errors == []
    with Store(store_location, "Checker") as store:
        with store._engine.connect() as connection:
            meta = connection.execute(text("SELECT key, value FROM wk_meta")).all()
            revisions = connection.execute(text("SELECT id, rev FROM wk_revision")).all()
        assert store.create_workshop("After", ["One"]).slug == "after"
    assert [key for key, _ in meta] == ["schema_version"]
    assert revisions == [(1, 0)]
