"""The real program in a pseudo-terminal: open a workshop, capture a point, quit."""

import os
import pty
import select
import subprocess
import sys
import time

import pytest

from workshopkit.store.facade import Store


class Terminal:
    """A child process on a pseudo-terminal, and everything it has written so far."""

    def __init__(self, args: list[str], cwd, env) -> None:
        self.main, child = pty.openpty()
        os.set_blocking(self.main, False)
        self.process = subprocess.Popen(
            args, cwd=cwd, env=env, stdin=child, stdout=child, stderr=child, close_fds=True
        )
        os.close(child)
        self.output = b""

    def wait_for(self, text: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while text.encode() not in self.output:
            if time.monotonic() > deadline:
                tail = self.output[-800:]
                raise AssertionError(f"{text!r} never appeared; last screen bytes: {tail!r}")
            ready, _, _ = select.select([self.main], [], [], 0.1)
            if ready:
                try:
                    self.output += os.read(self.main, 65536)
                except OSError:
                    break

    def type(self, text: str) -> None:
        os.write(self.main, text.encode())

    def close(self) -> int:
        try:
            return self.process.wait(timeout=20)
        finally:
            os.close(self.main)


@pytest.fixture
def env(store_location):
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKSHOPKIT_")}
    return env | {
        "WORKSHOPKIT_DB": store_location,  # store.db in tmp_path, or a PostgreSQL URL
        "WORKSHOPKIT_USER": "Priya",
        "TERM": "xterm-256color",
        "COLUMNS": "100",
        "LINES": "30",
    }


def test_open_capture_and_quit_in_a_real_terminal(tmp_path, env):
    with Store(env["WORKSHOPKIT_DB"], "Priya") as store:
        slug = store.create_workshop("Harbour Forum", ["Getting there"]).slug
    terminal = Terminal([sys.executable, "-m", "workshopkit", "open", slug], tmp_path, env)
    try:
        terminal.wait_for("Harbour Forum")
        terminal.wait_for("you: Priya")
        terminal.type("Ramp at the north door is steep #barrier\r")
        terminal.wait_for("A1")
        terminal.wait_for("saved")
        terminal.type("\x11")  # ctrl+q
        assert terminal.close() == 0
    finally:
        if terminal.process.poll() is None:
            terminal.process.kill()
    with Store(env["WORKSHOPKIT_DB"]) as store:
        point = store.point(slug, "A1")
    assert (point.text, point.kind.value, point.captured_by) == (
        "Ramp at the north door is steep",
        "barrier",
        "Priya",
    )
