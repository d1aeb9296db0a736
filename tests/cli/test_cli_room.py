"""``workshopkit room``: opening the room from the shell, its address and QR code, and
running it from a script."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.request import urlopen

sys.path.insert(0, str(Path(__file__).parent.parent / "serve"))
from room_helpers import decode_qr


def test_set_runs_the_room_from_a_script(cli, harbour):
    refused = cli.error("room", harbour, "set", "--voting", "on", "--blind", "on")
    assert "no breakout yet" in refused.stderr
    assert "voting off" in cli.ok("room", harbour, "set").stdout  # nothing was changed
    cli.ok("room", harbour, "set", "--breakout", "B")  # a closed room can be set up first
    said = cli.ok("room", harbour, "set", "--voting", "on", "--adding", "off", "--blind", "on")
    assert said.stdout.startswith("Room closed: breakout B ")
    assert "adding off, voting on (blind); 0 phones joined." in said.stdout
    assert "off" in cli.ok("room", harbour, "set", "--blind", "off").stdout
    cli.error("room", harbour, "set", "--voting", "maybe", code=2)
    cli.error("room", harbour, "set", "--breakout", "Z")
    cli.error("room", harbour, "dance", code=2)
    assert "The room is closed" in cli.ok("room", harbour, "close").stdout


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_room_prints_the_address_its_qr_code_and_closes_on_ctrl_c(cli, harbour, tmp_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKSHOPKIT_")}
    command = [sys.executable, "-m", "workshopkit", "--db", str(cli.db)]
    room = subprocess.Popen(
        [*command, "room", harbour, "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env=env | {"PYTHONUTF8": "1"},
    )
    try:
        lines = [room.stdout.readline() for _ in range(3)]
        url = lines[1].strip()
        assert lines[0].startswith("The room of ") and lines[0].endswith("Phones join at:\n")
        code = url.rpartition("=")[2]
        assert url == f"http://127.0.0.1:{port}/?code={code}"
        assert lines[2] == f"Join code: {code[:3]} {code[3:]}\n"
        qr = []
        while not (line := room.stdout.readline()).startswith("Press Ctrl+C"):
            qr.append(line.rstrip("\n"))
        assert decode_qr(qr) == [url]  # exactly the address, code included
        for _ in range(50):
            try:
                with urlopen(url, timeout=2) as page:
                    assert "Join the room" in page.read().decode()
                break
            except OSError:
                time.sleep(0.1)
        room.send_signal(signal.SIGINT)
        assert room.wait(timeout=20) == 0
        assert "The room is closed" in room.stdout.read()
    finally:
        room.kill()
        room.wait()
    assert "Room closed" in cli.ok("room", harbour, "set").stdout


def test_a_port_in_use_is_one_line(cli, harbour):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        result = cli.error("room", harbour, "--port", str(taken.getsockname()[1]))
    assert "Cannot listen on 127.0.0.1" in result.stderr
