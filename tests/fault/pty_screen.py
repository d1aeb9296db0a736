"""The real program on a pseudo-terminal, read through a terminal emulator (pyte).

The app is started as a user starts it (``python -m workshopkit …``) on a pty of a fixed
size. Its output is fed to pyte, so a test reads the screen a user would see rather than
searching raw bytes. The harness answers the app's question whether the terminal
supports synchronized output, as modern terminals do: every frame then arrives between
two markers, and the screen is only read at the end of a whole frame, never half drawn.
"""

import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable
from pathlib import Path

import pyte

SYNC_QUERY = b"\x1b[?2026$p"
SYNC_SUPPORTED = b"\x1b[?2026;2$y"  # "mode 2026 is known and off": frames come synchronized
FRAME_END = b"\x1b[?2026l"
SAVED = re.compile(r"saved ✓ ([A-Z]+)(\d+)")


class AppTerminal:
    """``python -m workshopkit ARGS`` on a pty of ``columns`` × ``lines``.

    ``prefix`` runs it through another command (such as ``unshare``); ``preexec`` runs in
    the child before it starts (to set a resource limit).
    """

    def __init__(
        self,
        args: list[str],
        cwd: Path,
        env: dict[str, str],
        columns: int = 120,
        lines: int = 30,
        on_frame: Callable[["AppTerminal"], None] | None = None,
        prefix: tuple[str, ...] = (),
        preexec: Callable[[], None] | None = None,
    ) -> None:
        self.screen = pyte.Screen(columns, lines)
        self.stream = pyte.ByteStream(self.screen)
        self.on_frame = on_frame
        self.frames = 0
        self._pending = b""
        self.main, child = pty.openpty()
        fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        self.process = subprocess.Popen(
            [*prefix, sys.executable, "-m", "workshopkit", *args],
            cwd=cwd,
            env=env | {"TERM": "xterm-256color", "COLUMNS": str(columns), "LINES": str(lines)},
            stdin=child,
            stdout=child,
            stderr=child,
            close_fds=True,
            start_new_session=True,
            preexec_fn=preexec,
        )
        os.close(child)
        self.started = time.monotonic()

    # -- reading -------------------------------------------------------------------------

    def pump(self, seconds: float = 0.0) -> None:
        """Read what the app wrote for up to ``seconds`` (at least once), frame by frame."""
        deadline = time.monotonic() + seconds
        while True:
            wait = max(0.0, deadline - time.monotonic())
            ready, _, _ = select.select([self.main], [], [], min(wait, 0.02))
            if ready:
                try:
                    data = os.read(self.main, 65536)
                except OSError:  # the app has gone: its side of the pty is closed
                    data = b""
                if not data:
                    return
                self._take(data)
            elif time.monotonic() >= deadline:
                return

    def _take(self, data: bytes) -> None:
        if SYNC_QUERY in data:
            os.write(self.main, SYNC_SUPPORTED)
        self._pending += data
        # Feed whole frames only; bytes outside any frame (the set-up) go in at once.
        while True:
            end = self._pending.find(FRAME_END)
            if end < 0:
                break
            end += len(FRAME_END)
            self.stream.feed(self._pending[:end])
            self._pending = self._pending[end:]
            self.frames += 1
            if self.on_frame is not None:
                self.on_frame(self)
        if self.frames == 0 and self._pending:
            # Until the app has heard that frames can be synchronized, it draws without
            # markers: feed as it comes (a frame may show half drawn, as on a real screen).
            self.stream.feed(self._pending)
            self._pending = b""
            if self.on_frame is not None:
                self.on_frame(self)

    def wait_for(self, wanted: Callable[[str], bool] | str, timeout: float = 30) -> str:
        """Pump until ``wanted(screen text)`` holds (or the text shows); the screen text."""
        test = wanted if callable(wanted) else (lambda text: wanted in text)
        deadline = time.monotonic() + timeout
        while not test(self.text()):
            if time.monotonic() > deadline:
                raise AssertionError(f"never on screen: {wanted!r}\n{self.text()}")
            if self.process.poll() is not None:
                self.pump(0.1)
                if not test(self.text()):
                    raise AssertionError(
                        f"the app exited ({self.process.returncode}) before {wanted!r}:\n"
                        + self.text()
                    )
            self.pump(0.05)
        return self.text()

    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen.display)

    def bar(self) -> str | None:
        """The capture bar's text as shown ('' when empty), or None when not on screen."""
        for line in self.screen.display:
            stripped = line.strip()
            if stripped.startswith("> ") or stripped == ">":
                value = stripped[2:].rstrip()
                return "" if value.startswith("type a point;") else value
        return None

    def acknowledged(self) -> set[tuple[str, int]]:
        """Every 'saved ✓ A12' on screen now, as (letter, number)."""
        return {(m[1], int(m[2])) for m in SAVED.finditer(self.text())}

    # -- typing and ending -----------------------------------------------------------------

    def type(self, text: str) -> None:
        os.write(self.main, text.encode())

    def kill(self) -> None:
        """SIGKILL: no clean-up, no atexit, no flush; as a crash or a pulled plug of the app."""
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def close(self) -> None:
        if self.process.poll() is None:
            self.kill()
        os.close(self.main)
