"""Starting and collecting the writer processes of the load tests (``writer.py``)."""

import subprocess
import sys
import time
from pathlib import Path

WRITER = Path(__file__).with_name("writer.py")


def start_writer(args: list[str], cwd: Path, nice: int = 0) -> subprocess.Popen:
    """One note-taker: ``writer.py`` with ``args``, in its own Python process (at a lower
    CPU priority when ``nice`` is given, through the ``nice`` command)."""
    lower = ["nice", "-n", str(nice)] if nice else []
    return subprocess.Popen(
        [*lower, sys.executable, str(WRITER), *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(processes: list[subprocess.Popen], deadline: float) -> list[str]:
    """Wait for every process; the errors of any that crashed or hung."""
    problems = []
    for process in processes:
        try:
            _out, err = process.communicate(timeout=max(1.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            _out, err = process.communicate()
            problems.append(f"pid {process.pid} did not finish in time: {err[-2000:]}")
            continue
        if process.returncode != 0:
            problems.append(f"pid {process.pid} exited {process.returncode}: {err[-2000:]}")
    return problems


def all_ready(results: list[Path], writers: list[subprocess.Popen]) -> bool:
    """True once every writer has opened the store and waits for the go (or has ended)."""
    return all(Path(f"{r}.ready").exists() or r.exists() for r in results) or any(
        w.poll() is not None for w in writers
    )
