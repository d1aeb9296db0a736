"""Which files a command opens for the user: only regular files, and none in a session
served to a browser (its note-taker must not reach the serving machine's files)."""

import os
import threading
from pathlib import Path

import pytest

from workshopkit.core.errors import WorkshopkitError
from workshopkit.core.files import local_files
from workshopkit.core.files.export import write_export
from workshopkit.core.files.local_files import LocalFilesRefused, open_regular


def _within(seconds: float, work):
    """``work()``'s result or exception; fails (instead of hanging the suite) past ``seconds``."""
    outcome: dict = {}

    def run() -> None:
        try:
            outcome["value"] = work()
        except BaseException as error:
            outcome["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still blocked after {seconds} s"
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


@pytest.fixture
def served(monkeypatch):
    """This process as a browser session: refused paths, put back after the test."""
    monkeypatch.setattr(local_files, "_refused", False)
    local_files.refuse_paths()
    yield
    monkeypatch.setattr(local_files, "_refused", False)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_named_pipe_is_refused_at_once_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "notes.md"
    os.mkfifo(fifo)
    with pytest.raises(WorkshopkitError) as refused:
        _within(10, lambda: open_regular(fifo))
    assert "not a regular file (it is a named pipe)" in str(refused.value)


def test_a_device_and_a_folder_are_refused(tmp_path):
    with pytest.raises(WorkshopkitError, match="it is a device"):
        open_regular(Path(os.devnull))
    with pytest.raises(WorkshopkitError, match="is a folder"):
        open_regular(tmp_path)


def test_a_regular_file_and_a_link_to_one_open(tmp_path):
    (tmp_path / "notes.md").write_bytes(b"# Transport\n- Late buses\n")
    (tmp_path / "link.md").symlink_to(tmp_path / "notes.md")
    for name in ("notes.md", "link.md"):
        with open_regular(tmp_path / name) as stream:
            assert stream.read() == b"# Transport\n- Late buses\n"


def test_a_missing_file_is_one_line(tmp_path):
    with pytest.raises(WorkshopkitError, match=r"Cannot read .*missing\.md: No such file"):
        open_regular(tmp_path / "missing.md")


def test_a_served_session_opens_no_file_and_writes_no_export(served, tmp_path):
    secret = tmp_path / "passwd"
    secret.write_text("root:x:0:0\n")
    with pytest.raises(LocalFilesRefused, match="A browser session cannot import files"):
        open_regular(secret)
    with pytest.raises(LocalFilesRefused, match="cannot write export files"):
        write_export("# Actions\n", tmp_path / "exports", "actions.md")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["passwd"]


def test_the_local_app_keeps_its_paths(tmp_path):
    assert local_files.paths_allowed()
    written = write_export("# Actions\n", tmp_path / "exports", "actions.md")
    assert written.name == "actions.md"
