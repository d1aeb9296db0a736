"""Merging a big store: the people capturing into the store meanwhile get their turn, and
what comes out is what one merge makes.

A merge of a store of 200,000 points used to be one write transaction of a minute or
more: ``add`` on the same store waited out the busy timeout and failed ("database is
locked"), and the merge held every row of both stores in memory. Here the real program
merges a store of tens of thousands of points (``--full``: 200,000) while another one
adds a point, is killed part way and run again, and is refused without ``--force`` for
a store over the limit.

The two stores collide the ways laptops do: both captured into breakout A (refs), both
added a breakout (letters) and a workshop of one title (slugs), and Sam voted on one
point on both. The in-process tests write one row per transaction, to stop the merge
after every one of them.
"""

import os
import pty
import select
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from workshopkit.core.errors import StoreError
from workshopkit.store.bulk.other_stores import batches as merge_module
from workshopkit.store.bulk.other_stores.batches import MERGE_LIMIT, TooBig
from workshopkit.store.facade import Store

WORKSHOP = "harbour-day"


def _laptops(folder: Path, n: int) -> tuple[Path, Path]:
    """Two copies of one store that then worked apart: ``laptop`` (merged into) and ``big``
    (``n`` points more, merged from)."""
    folder.mkdir(parents=True, exist_ok=True)
    laptop, big = folder / "laptop.db", folder / "big.db"
    with Store(str(laptop), "Facilitator") as store:
        view = store.create_workshop("Harbour Day", ["Getting there", "Money"], dots_per_voter=3)
        store.add_points(view.breakouts[0], ["Ferry times", "Cycle racks"])
    shutil.copy(laptop, big)
    clash = n // 100 + 3  # points the laptop captures into A on each side of big's
    with Store(str(laptop), "Ana") as store:
        # Captured first: A3… here keep their refs, big's A3… move.
        store.add_points(store.breakout(WORKSHOP, "A"), [f"Early {i}" for i in range(clash)])
        store.add_breakout(WORKSHOP, "Volunteers")
        store.create_workshop("Pier Day", ["Access"])
        store.vote(WORKSHOP, "A1", "Sam")
    with Store(str(big), "Ben") as store:
        store.add_points(
            store.breakout(WORKSHOP, "A"), [f"Ben {i} #ferries" for i in range(n // 2)]
        )
        store.add_breakout(WORKSHOP, "Events")
        store.create_workshop("Pier Day", ["Funding"])
        other = store.create_workshop("Big Day", ["One", "Two", "Three"])
        rest = n - n // 2
        for index, breakout in enumerate(other.breakouts):
            share = rest // 3 + (rest % 3 if index == 0 else 0)
            store.add_points(breakout, [f"Idea {index}.{i} @Council" for i in range(share)])
        store.vote(WORKSHOP, "A1", "Sam")  # Sam's dots on A1 in a vote row of each laptop
        for ref in ("A2", "A3", "A4"):
            store.vote(WORKSHOP, ref, "Kim")
        store.tag_point(WORKSHOP, "A2", owner="Harbour Trust")
    with Store(str(laptop), "Ana") as store:
        # Captured last: these lose their refs to big's and move.
        store.add_points(store.breakout(WORKSHOP, "A"), [f"Late {i}" for i in range(clash)])
        store.edit_point(WORKSHOP, "A2", "Cycle racks at the pier")
    return laptop, big


@pytest.fixture(scope="module")
def stores(tmp_path_factory, counts) -> tuple[Path, Path, int]:
    n = counts(ci=20_000, full=200_000)
    laptop, big = _laptops(tmp_path_factory.mktemp("laptops"), n)
    return laptop, big, n


@pytest.fixture
def small(tmp_path) -> tuple[Path, Path]:
    return _laptops(tmp_path / "small", 40)


@pytest.fixture
def smaller(tmp_path) -> tuple[Path, Path]:
    return _laptops(tmp_path / "smaller", 12)


@pytest.fixture
def one_row_at_a_time(monkeypatch):
    """Every transaction of a merge writes one row; pages of the other store are tiny."""
    monkeypatch.setattr(merge_module, "BATCH_ROWS", 3)
    monkeypatch.setattr(merge_module, "BATCH_SECONDS", 0.0)
    monkeypatch.setattr(merge_module, "_STEP", 1)


def one_merge(target: Path, other: Path) -> tuple[dict, list[str]]:
    """What one merge makes of a copy of ``target``: each step in one transaction."""
    copy = target.with_name(f"one-{target.name}")
    shutil.copy(target, copy)
    saved = merge_module.BATCH_ROWS, merge_module.BATCH_SECONDS
    merge_module.BATCH_ROWS, merge_module.BATCH_SECONDS = 10**9, float("inf")
    try:
        with Store(str(copy)) as store:
            report = store.merge_store(str(other), force=True)
    finally:
        merge_module.BATCH_ROWS, merge_module.BATCH_SECONDS = saved
    return content(copy), lines(report)


def content(path: Path) -> dict:
    """Everything a user could see or a later merge could use; not the local revision."""
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        found = {}
        for table in ("workshop", "breakout", "point", "vote"):
            cursor = connection.execute(f"SELECT * FROM {table} ORDER BY id")
            names = [c[0] for c in cursor.description]
            found[table] = [
                {n: v for n, v in zip(names, row, strict=True) if n != "rev"} for row in cursor
            ]
        return found
    finally:
        connection.close()


def lines(report) -> list[str]:
    """A report as the command prints it."""
    found = []
    for kind in merge_module.KINDS:
        counts = (report.added[kind], report.updated[kind], report.unchanged[kind])
        found.append(f"{kind}: {counts}")
    return found + report.moved + report.skipped + report.excess


def copies(path: Path, count: int) -> None:
    """Make the store's one point ``count`` points, by SQL: capturing them takes longer
    than the test may."""
    connection = sqlite3.connect(path)
    try:
        columns = [row[1] for row in connection.execute("PRAGMA table_info(point)")]
        made = {"id": "lower(hex(randomblob(16)))", "number": "n.i", "text": "'Point ' || n.i"}
        values = ", ".join(made.get(column, f"point.{column}") for column in columns)
        with connection:
            connection.execute(
                "WITH RECURSIVE n(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
                f"INSERT INTO point ({', '.join(columns)}) SELECT {values} FROM point, n",
                (count,),
            )
    finally:
        connection.close()


def point_count(location: Path | str) -> int:
    """How many points a store holds (a file, or a database URL), read as it is now."""
    url = location if isinstance(location, str) else f"sqlite:///{location}"
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT count(*) FROM point")).scalar_one()
    finally:
        engine.dispose()


def refs(location: Path | str) -> dict[str, str]:
    with Store(str(location)) as store:
        return {p.ref: p.text for p in store.workshop(WORKSHOP, with_deleted=True).points}


# Runs workshopkit and, as it exits, writes its peak memory (VmHWM, kilobytes) to the file
# named first. Not the child's rusage: Linux counts in it the memory of the process that
# started it (a late test suite is hundreds of MB), the copy it was before its exec.
PEAK_WRAPPER = """
import atexit, runpy, sys
out = sys.argv.pop(1)
def peak():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            open(out, "w").write(line.split()[1])
atexit.register(peak)
sys.argv[0] = "workshopkit"
runpy.run_module("workshopkit", run_name="__main__")
"""


class Merging:
    """``workshopkit --db TARGET merge OTHER --force`` in a child process, its peak memory
    read when it ends."""

    def __init__(
        self, target: Path | str, other: Path, env: dict, folder: Path, nice: int = 0
    ) -> None:
        self.target, self.out = target, folder / "merge.out"
        lower = ["nice", "-n", str(nice)] if nice else []
        self.peak_file = folder / "merge.peak"
        wrapper = [sys.executable, "-c", PEAK_WRAPPER, str(self.peak_file)]
        command = [*lower, *wrapper, "--db", str(target)]
        with self.out.open("w") as out:
            self.process = subprocess.Popen(
                [*command, "merge", str(other), "--force"],
                cwd=folder,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        self.peak_mb: float | None = None  # read from the file the wrapper writes at exit

    def running(self) -> bool:
        # Looked at without reaping the child: ``wait`` reads its memory when it reaps it.
        ended = os.waitid(os.P_PID, self.process.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
        return ended is None

    def under_way(self, before: int, timeout: float = 60) -> bool:
        """Wait until some of the other store's points are in; False if it ended first."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.running():
                return False
            if point_count(self.target) > before:
                return self.running()
            time.sleep(0.02)
        raise AssertionError("the merge wrote nothing in a minute")

    def wait(self, timeout: float = 300) -> tuple[int, str]:
        deadline = time.monotonic() + timeout
        while True:
            pid, status, _usage = os.wait4(self.process.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                self.process.kill()
                raise AssertionError("the merge did not finish in time")
            time.sleep(0.05)
        self.process.returncode = os.waitstatus_to_exitcode(status)
        if self.peak_file.exists():  # not when it was killed
            self.peak_mb = int(self.peak_file.read_text()) / 1024
        return self.process.returncode, self.out.read_text(encoding="utf-8")


# -- the real program ------------------------------------------------------------------


@pytest.mark.alone  # the add's wait is timed
def test_an_add_gets_its_turn_while_a_big_merge_runs(
    backend, store_location, stores, run_cli, child_env, tmp_path
):
    laptop, big, n = stores
    target: Path | str = store_location
    if backend == "sqlite":
        target = Path(store_location)
        shutil.copy(laptop, target)
    else:  # the same store, on the server
        with Store(store_location) as store:
            store.merge_store(str(laptop))
    before = point_count(target)
    # The merge at a lower priority, as a background job: the add must not need the CPU
    # to itself, only its turn at the store.
    merging = Merging(target, big, child_env, tmp_path, nice=10)
    assert merging.under_way(before), f"nothing was in before the merge ended: {merging.wait()}"
    started = time.monotonic()
    added = run_cli(str(target), "add", WORKSHOP, "A", "Ferry times again")
    took = time.monotonic() - started
    merge_still_running = merging.running()
    listed = run_cli(str(target), "list")
    code, output = merging.wait()
    assert added.returncode == 0, added.stderr
    assert merge_still_running, (
        f"the merge was over when the add returned ({took:.1f} s): the add had no turn "
        "while the merge ran"
    )
    assert took < 20
    assert listed.returncode == 0, listed.stderr
    assert code == 0, output
    assert output.startswith(f"Merged {big} into ")
    assert "Traceback" not in output
    # The point added during the merge keeps the ref it was given: the merge numbered
    # everything it moved after it.
    ref = added.stdout.strip()
    assert refs(target)[ref] == "Ferry times again"
    clash = n // 100 + 3
    assert point_count(target) == 2 + 2 * clash + n + 1
    # The old merge held both stores in memory: 550 MB for 200,000 points.
    assert merging.peak_mb is not None, "the merge wrote no peak memory"
    print(f"  merge of {n:,} points: peak {merging.peak_mb:.0f} MB, an add meanwhile {took:.1f} s")
    assert merging.peak_mb < 300, f"the merge took {merging.peak_mb:.0f} MB"


def test_a_killed_merge_is_finished_by_merging_again(tmp_path, stores, run_cli, child_env):
    laptop, big, _n = stores
    target = tmp_path / "target.db"
    shutil.copy(laptop, target)
    expected, _report = one_merge(target, big)
    merging = Merging(target, big, child_env, tmp_path)
    assert merging.under_way(point_count(target)), f"it ended first: {merging.wait()}"
    merging.process.send_signal(signal.SIGKILL)
    code, _output = merging.wait()
    assert code == -signal.SIGKILL
    assert content(target) != expected  # stopped part way…
    again = run_cli(str(target), "merge", str(big), "--force")
    assert again.returncode == 0, again.stderr
    assert content(target) == expected  # …and finished to what one merge makes
    last = run_cli(str(target), "merge", str(big), "--force")
    assert last.stdout.startswith("Nothing new: "), last.stdout


def test_a_store_over_the_limit_is_refused_without_force(tmp_path, run_cli):
    other = tmp_path / "huge.db"
    with Store(str(other), "Ben") as store:
        view = store.create_workshop("Huge Day", ["All"])
        store.add_point(view.breakouts[0], "Point 1")
    copies(other, MERGE_LIMIT + 1)
    target = tmp_path / "target.db"
    with Store(str(target), "Ana") as store:
        store.create_workshop("Harbour Day", ["Access"])
        revision = store.revision()
    before = content(target)
    refused = run_cli(str(target), "merge", str(other))
    assert refused.returncode == 1
    assert refused.stdout == ""
    assert refused.stderr == (
        f"Error: {other} has {MERGE_LIMIT + 1:,} points, more than the {MERGE_LIMIT:,} a merge "
        "takes unless asked: it runs a long while (others can go on working meanwhile). Add "
        "--force to merge it; nothing was changed.\n"
    )
    assert content(target) == before
    with Store(str(target)) as store:
        assert store.revision() == revision
    helped = run_cli(str(target), "merge", "--help")
    assert f"more than {MERGE_LIMIT:,} points" in " ".join(helped.stdout.split())


def test_a_terminal_sees_a_progress_bar_and_a_pipe_does_not(tmp_path, small, child_env):
    laptop, big = small
    main, child = pty.openpty()
    try:
        merging = subprocess.Popen(
            [sys.executable, "-m", "workshopkit", "--db", str(laptop), "merge", str(big)],
            cwd=tmp_path,
            env=child_env | {"COLUMNS": "80", "TERM": "xterm"},
            stdout=subprocess.PIPE,
            stderr=child,
        )
        os.close(child)
        child = -1
        seen = b""
        while True:
            ready, _, _ = select.select([main], [], [], 30)
            assert ready, "the merge said nothing on its terminal for 30 s"
            try:
                chunk = os.read(main, 4096)
            except OSError:  # the other end closed
                break
            if not chunk:
                break
            seen += chunk
        output, _ = merging.communicate(timeout=60)
    finally:
        os.close(main)
        if child != -1:
            os.close(child)
    assert merging.returncode == 0
    assert b"Merging" in seen
    assert output.decode().startswith(f"Merged {big} into ")
    assert b"Merging" not in output


# -- one merge, whichever way it is cut ------------------------------------------------


def test_merged_in_many_transactions_it_is_one_merge(small, one_row_at_a_time, tmp_path):
    laptop, big = small
    expected, report = one_merge(laptop, big)
    reverse, _ = one_merge(big, laptop)
    assert reverse == expected  # either way round
    a_into_b, b_into_a = tmp_path / "ab.db", tmp_path / "ba.db"
    shutil.copy(big, a_into_b)
    shutil.copy(laptop, b_into_a)
    with Store(str(b_into_a)) as store:
        assert lines(store.merge_store(str(big))) == report
        assert not store.merge_store(str(big)).changed  # twice: nothing more
    with Store(str(a_into_b)) as store:
        store.merge_store(str(laptop))
        assert not store.merge_store(str(laptop)).changed
    assert content(b_into_a) == content(a_into_b) == expected
    assert any("is now" in line for line in report)  # refs, letters and slugs did move


class Stop(Exception):
    """Stands for the merge being killed between two transactions."""


def test_a_merge_stopped_after_any_transaction_is_finished_by_merging_again(
    smaller, one_row_at_a_time, tmp_path
):
    laptop, big = smaller
    expected, _report = one_merge(laptop, big)
    stopped_after = 0
    while True:
        target = tmp_path / f"stopped-{stopped_after}.db"
        shutil.copy(laptop, target)
        calls = []

        def stop(done: int, total: int, after=stopped_after, calls=calls) -> None:
            calls.append(done)
            if len(calls) > after:  # the first call comes before any transaction
                raise Stop

        with Store(str(target)) as store:
            try:
                store.merge_store(str(big), progress=stop)
                finished = True
            except Stop:
                finished = False
            if not finished:
                store.merge_store(str(big))
        assert content(target) == expected, f"stopped after {stopped_after} transactions"
        target.unlink()
        if finished:
            break
        stopped_after += 1
    assert stopped_after > 15  # it did write row by row


def test_points_captured_between_transactions_keep_their_refs(small, one_row_at_a_time):
    laptop, big = small
    captured: list[str] = []
    with Store(str(laptop), "Kim") as note_taker, Store(str(laptop), "Ana") as store:
        breakout = note_taker.breakout(WORKSHOP, "A")

        def capture(done: int, total: int) -> None:
            if done and len(captured) < 12:
                captured.append(note_taker.add_point(breakout, f"Meanwhile {len(captured)}").ref)

        store.merge_store(str(big), progress=capture)
        assert not store.merge_store(str(big)).changed
    assert len(captured) == 12
    merged = refs(laptop)
    assert [merged[ref] for ref in captured] == [f"Meanwhile {i}" for i in range(12)]
    numbers = sorted(int(ref[1:]) for ref in merged if ref.startswith("A"))
    assert numbers == list(range(1, len(numbers) + 1))  # every ref once, no gaps


def test_a_refused_merge_in_process_names_the_limit(tmp_path, monkeypatch, small):
    laptop, big = small
    monkeypatch.setattr(merge_module, "MERGE_LIMIT", 10)
    before = content(laptop)
    with Store(str(laptop)) as store, pytest.raises(TooBig, match="more than the 10 a merge"):
        store.merge_store(str(big))
    assert content(laptop) == before


def test_a_merge_that_fails_part_way_says_to_run_it_again(small, one_row_at_a_time, monkeypatch):
    laptop, big = small
    expected, _report = one_merge(laptop, big)
    real = merge_module._write_batch
    calls = []

    def full_disk(store, apply):
        calls.append(1)
        if len(calls) == 8:
            raise StoreError(
                f"Could not save to {store.location} (nothing was changed): disk full."
            )
        return real(store, apply)

    monkeypatch.setattr(merge_module, "_write_batch", full_disk)
    with Store(str(laptop)) as store:
        with pytest.raises(StoreError) as refused:
            store.merge_store(str(big))
        message = str(refused.value)
        assert message.startswith("The merge stopped part way (")
        assert "disk full." in message
        assert message.endswith("Run the same merge again: it carries on where this one stopped.")
        assert "\n" not in message
        monkeypatch.setattr(merge_module, "_write_batch", real)
        store.merge_store(str(big))
    assert content(laptop) == expected
