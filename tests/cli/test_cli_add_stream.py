"""``workshopkit add WORKSHOP B -`` on a live pipe: each line is saved and its ref
printed as it arrives, and a killed ``add`` has saved every ref it printed."""

import json
import os
import signal
import subprocess
import sys
import threading

import pytest

from workshopkit.store.facade import Store

WAIT = 30  # seconds: a ref that takes longer never came


@pytest.fixture
def adding(tmp_path, store_location):
    """Start ``add harbour-day A -`` on a pipe: (the process, a reader of its lines)."""
    with Store(store_location, "Priya") as store:
        store.create_workshop("Harbour Day", ["Ideas"])
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKSHOPKIT_")}
    env |= {"WORKSHOPKIT_DB": store_location, "WORKSHOPKIT_USER": "Priya", "PYTHONUTF8": "1"}
    started = []

    def start(*options: str) -> tuple[subprocess.Popen, "Lines"]:
        process = subprocess.Popen(
            [sys.executable, "-m", "workshopkit", "add", "harbour-day", "A", "-", *options],
            cwd=tmp_path,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        started.append(process)
        return process, Lines(process.stdout)

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=WAIT)


class Lines:
    """The lines a process prints, read on a thread so that a test can wait for one."""

    def __init__(self, stream) -> None:
        self.lines: list[str] = []
        self.arrived = threading.Condition()
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream) -> None:
        for line in stream:
            with self.arrived:
                self.lines.append(line.rstrip("\n"))
                self.arrived.notify_all()

    def wait_for(self, count: int) -> list[str]:
        with self.arrived:
            self.arrived.wait_for(lambda: len(self.lines) >= count, timeout=WAIT)
            return list(self.lines)


def texts(store_location: str) -> dict[str, str]:
    with Store(store_location) as store:
        return {p.ref: p.text for p in store.workshop("harbour-day").points}


def send(process: subprocess.Popen, line: str) -> None:
    process.stdin.write(line + "\n")
    process.stdin.flush()


def test_the_first_ref_comes_while_the_pipe_is_still_open(adding, store_location):
    process, printed = adding()
    send(process, "Ferry times on the quay #next")
    assert printed.wait_for(1) == ["A1"]  # acknowledged with more to come
    assert texts(store_location) == {"A1": "Ferry times on the quay"}  # and saved
    send(process, "Cycle racks by the ticket office")
    assert printed.wait_for(2) == ["A1", "A2"]
    process.stdin.close()
    assert process.wait(timeout=WAIT) == 0


def test_killed_mid_stream_every_printed_ref_is_in_the_store(adding, store_location):
    process, printed = adding()
    for n in range(1, 6):
        send(process, f"Point {n} of a running meeting")
        printed.wait_for(n)
    for n in range(6, 40):  # a burst, killed while it is being saved
        process.stdin.write(f"Point {n} of a running meeting\n")
    process.stdin.flush()
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=WAIT)
    refs = printed.wait_for(0)
    assert refs[:5] == ["A1", "A2", "A3", "A4", "A5"]
    saved = texts(store_location)
    for ref in refs:
        assert saved[ref] == f"Point {ref[1:]} of a running meeting"


def test_a_line_with_only_tags_stops_the_stream_after_saving_what_came_before(
    adding, store_location
):
    process, printed = adding()
    send(process, "Signs at the station")
    printed.wait_for(1)
    process.stdin.write("Parking on market days\n#next @Sam\nNever saved\n")
    process.stdin.close()
    assert process.wait(timeout=WAIT) == 1
    error = process.stderr.read()
    assert "Line 3 has no text besides its tags" in error and "\n" not in error.strip()
    assert printed.wait_for(2) == ["A1", "A2"]
    assert texts(store_location) == {"A1": "Signs at the station", "A2": "Parking on market days"}


def test_json_prints_each_saved_point_as_an_object_a_line(adding):
    process, printed = adding("--json")
    send(process, "Longer pontoons @Harbour due:2027-06 #next")
    [line] = printed.wait_for(1)
    point = json.loads(line)
    assert (point["ref"], point["text"], point["owner"], point["kind"]) == (
        "A1",
        "Longer pontoons",
        "Harbour",
        "next",
    )
    process.stdin.close()
    assert process.wait(timeout=WAIT) == 0
