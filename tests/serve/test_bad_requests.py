"""Requests that ``workshopkit serve`` cannot parse: one line each on its console, at
most ten a minute, and neither the console nor the 400 page repeats what was sent (a
request line holds the access code)."""

import re
import socket
import time

from web_helpers import start_serve

from workshopkit.serve.access import COOKIE
from workshopkit.serve.bad_requests import OneLineLog
from workshopkit.store.facade import Store


def _raw_request(port: int, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(data)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
        return answer


def test_malformed_requests_are_one_line_each_rate_limited_and_never_echoed(tmp_path):
    """The real ``workshopkit serve``: its console is what the facilitator reads."""
    db = tmp_path / "shared.db"
    with Store(str(db), "Facilitator") as store:
        store.create_workshop("Harbour Forum", ["Getting there"])
    serve, port = start_serve(db, tmp_path)
    try:
        code = None
        while code is None:
            line = serve.stdout.readline()
            assert line, "serve printed no address"
            found = re.search(r"code=(\S+)", line)
            code = found and found[1]
        deadline = time.monotonic() + 20
        while True:  # until it listens
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "serve never listened"
                time.sleep(0.1)
        answers = [_raw_request(port, b"GET / HTTP/1.1\r\nBad\r\n\r\n") for _ in range(200)]
        too_long = b"GET /?code=" + code.encode() + b"A" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n"
        answers.append(_raw_request(port, too_long))
        long_cookie = f"Cookie: {COOKIE}={code}{'B' * 9000}\r\n".encode()
        answers.append(_raw_request(port, b"GET / HTTP/1.1\r\nHost: x\r\n" + long_cookie + b"\r\n"))
    finally:
        serve.terminate()
        _, console = serve.communicate(timeout=20)
    for answer in answers:
        head, _, body = answer.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.") and b" 400 " in head.split(b"\r\n")[0], answer[:200]
        assert code.encode() not in answer and b"AAAA" not in answer and b"BBBB" not in answer
        assert body.startswith(b"workshopkit: 400 Bad Request")
    lines = console.splitlines()
    assert "Traceback" not in console and code not in console
    # 202 bad requests in well under a minute: the first ten, one line each.
    assert 1 <= len(lines) <= 10, console
    assert all(line.startswith("serve: refused a bad request from 127.0.0.1") for line in lines)


def test_the_log_says_how_many_lines_it_left_out_once_the_minute_is_over(caplog):
    now = [0.0]
    quiet = OneLineLog(burst=3, window=60.0, clock=lambda: now[0])
    with caplog.at_level("WARNING", logger="workshopkit.serve"):
        for n in range(50):
            quiet.say(f"bad {n}")
        now[0] = 61.0
        quiet.say("bad again")
    assert [r.getMessage() for r in caplog.records] == [
        "bad 0",
        "bad 1",
        "bad 2",
        "serve: 47 more bad requests in the last minute were not logged.",
        "bad again",
    ]
