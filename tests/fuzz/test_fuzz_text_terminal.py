"""The real app in a pseudo-terminal: no escape sequence from a point reaches the terminal.

workshopkit runs as a user runs it, in a terminal (``pty``), on a store of hostile
points; the test visits every screen that draws them (the workshop, voting, ranking,
the action list, the export preview, the projector and its ranking, the duplicates,
the keys and the workshops list), pastes hostile text into the capture bar and into the
owner dialog, quits, and reads every byte the app wrote:

- no C1 control (U+0080 to U+009F), no NUL, no bidi override or isolate;
- only the kinds of escape sequence Textual itself writes (SGR, cursor moves, modes,
  its keyboard and pointer protocols): a point's ``ESC ] 0`` (window title), ``ESC [ 2 J``
  (clear), ``ESC c`` (reset) or OSC 52 (clipboard) would add a kind;
- none of the points' own sequences, with the text that follows them, for the kinds
  Textual writes too (``ESC [ 31 m``);
- and the points' text itself, minus the controls, is there: it was drawn, not dropped.
"""

import contextlib
import fcntl
import os
import pty
import re
import select
import sqlite3
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

from fuzz_strategies import hostile_field
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workshopkit.core.text import clean, one_line
from workshopkit.store.facade import Store

COLUMNS, LINES = 120, 40
ESCAPE = re.compile(
    rb"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[P_^X][^\x1b]*\x1b\\|[ -/]*.)",
    re.DOTALL,
)
# What Textual writes, and nothing else: SGR, cursor position, private modes and their
# query, the kitty keyboard protocol, the pointer shape (OSC 22).
ALLOWED = re.compile(rb"\x1b(?:\[[0-9;]*[mH]|\[\?[0-9;]*[hl]|\[\?[0-9;]*\$p|\[[<>=][0-9;]*u|\]22;)")
C1_OR_NUL = re.compile(rb"\x00|\xc2[\x80-\x9f]")
BIDI = re.compile(rb"\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]")  # U+202A-E, U+2066-9 in UTF-8
KEYS = {
    "escape": "\x1b",
    "enter": "\r",
    "ctrl+e": "\x05",
    "ctrl+q": "\x11",
    "ctrl+u": "\x15",
    "f1": "\x1bOP",
    "home": "\x1b[H",
    "end": "\x1b[F",
    "tab": "\t",
    "shift+tab": "\x1b[Z",
    "ctrl+o": "\x0f",
    "f2": "\x1bOQ",
    "f4": "\x1bOS",
    "f7": "\x1b[18~",
    "f8": "\x1b[19~",
    "f9": "\x1b[20~",
}

# Every form of escape, each followed by a word of its own, so that the sequence with
# what follows it could only come from the point.
CORPUS = [
    "csi \x1b[31mZQ01 sgr red \x1b[0mZQ02 reset",
    "clear \x1b[2JZQ03 home \x1b[HZQ04 #next @\x1b[1mZQ05owner due:\x1b[7mZQ06",
    "alt screen off \x1b[?1049lZQ07 cursor off \x1b[?25lZQ08 query \x1b[6nZQ09",
    "title \x1b]0;ZQ10 pwned\x07 then \x1b]2;ZQ11\x1b\\ end",
    "link \x1b]8;;http://zq12.example\x1b\\ZQ12\x1b]8;;\x1b\\ #next",
    "clipboard \x1b]52;c;WlExMw==\x07ZQ13 dcs \x1bP+q544eZQ14\x1b\\ reset \x1bcZQ15",
    "c1 csi \x9b31mZQ16 c1 osc \x9d0;ZQ17\x9c nul \x00ZQ18 bel \x07ZQ19 del \x7fZQ20",
    "bidi \u202eZQ21 gnp.exe\u202c isolate \u2067ZQ22\u2069 marks [b]ZQ23[/b] [@click=app.quit]Q",
    "save \x1b7ZQ24 charset \x1b(0ZQ25 keypad \x1b=ZQ26 👩‍👩‍👧 é\u0301\u200b #barrier",
]
# Terminals take ESC out of what they paste (xterm, Alacritty, kitty…): an ESC inside a
# bracketed paste makes Textual read what follows it as keys. The other controls arrive.
# Written into the store directly, as an older workshopkit or another tool could have:
# the screens clean what they draw, whatever the store holds.
RAW_TEXT = "raw \x1b]0;ZQ50\x07 \x1b[2JZQ51 \x9b31mZQ52 \u202eZQ53"
RAW_OWNER = "raw owner \x1b]2;ZQ54\x1b\\ \x1bcZQ55"
PASTED = "pasted \x9d0;ZQ30\x9c \x9b2JZQ31 \u202eZQ32 [/] \x07\x7f\nsecond line ZQ33"


class Terminal:
    """workshopkit on a pseudo-terminal of COLUMNS x LINES; ``output`` is every byte."""

    def __init__(self, args: list[str], cwd: Path, env: dict) -> None:
        self.main, child = pty.openpty()
        fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
        os.set_blocking(self.main, False)
        self.process = subprocess.Popen(
            args, cwd=cwd, env=env, stdin=child, stdout=child, stderr=child, close_fds=True
        )
        os.close(child)
        self.output = b""

    def read(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            if select.select([self.main], [], [], min(left, 0.05))[0]:
                try:
                    self.output += os.read(self.main, 65536)
                except OSError:  # the app has gone
                    return

    def wait_for(self, text: str, since: int, timeout: float = 20) -> None:
        """Read until ``text`` appears after byte ``since``, then let the frame finish."""
        deadline = time.monotonic() + timeout
        while text.encode() not in self.output[since:]:
            assert time.monotonic() < deadline, f"{text!r} never appeared on the screen"
            assert self.process.poll() is None, f"the app ended waiting for {text!r}"
            self.read(0.05)
        self.read(0.15)

    def press(self, key: str, shows: str | None = None) -> None:
        """Press ``key``; wait until ``shows`` is drawn, or else until the app is quiet."""
        since = len(self.output)
        self.write(KEYS.get(key, key).encode())
        if shows is not None:
            self.wait_for(shows, since)
            return
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            before = len(self.output)
            self.read(0.3)
            if len(self.output) == before and before > since:
                return

    def write(self, data: bytes) -> None:
        """Send all of ``data``. The terminal takes a few KB at a time (``main`` does not
        block): a bigger paste goes in pieces, reading the app's output in between, or
        it would be cut short, often inside a character, which the app cannot decode."""
        view = memoryview(data)
        deadline = time.monotonic() + 60
        while view:
            assert time.monotonic() < deadline, "the app stopped reading what was typed"
            with contextlib.suppress(BlockingIOError):  # full: read, then try again
                view = view[os.write(self.main, view) :]
            if view:
                self.read(0.05)

    def paste(self, text: str) -> None:
        self.write(b"\x1b[200~" + text.encode() + b"\x1b[201~")
        self.read(0.3)

    def close(self) -> int:
        try:
            return self.process.wait(timeout=20)
        finally:
            if self.process.poll() is None:
                self.process.kill()
            os.close(self.main)


def hostile_store(folder: Path, points: list[str], owner: str) -> tuple[str, str]:
    db = str(folder / "hostile.db")
    with Store(db, "Tess") as store:
        view = store.create_workshop("ZQ title \x1b]0;ZQ40\x07", ["Room \x1b[2JZQ41", "Spare"])
        store.add_breakout(view.slug, "Prompted", "prompt \x9b2JZQ42 \u202eZQ43")
        for text in [*points, points[0]]:  # the last two: a duplicate pair
            store.add_point(view.breakouts[0], text)
        store.tag_point(view.slug, "A1", kind="next", owner=owner, due=owner)
        store.vote(view.slug, "A1", "voter \x1b[5mZQ44")
        store.add_point(view.breakouts[0], "written raw below")
    with sqlite3.connect(db) as connection:
        connection.execute(
            "UPDATE point SET text = ?, owner = ? WHERE text = 'written raw below'",
            (RAW_TEXT, RAW_OWNER),
        )
    connection.close()
    return db, view.slug


def run_app_through_every_screen(folder: Path, db: str, slug: str, pasted: str) -> bytes:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKSHOPKIT_")}
    env |= {
        "WORKSHOPKIT_DB": db,
        "WORKSHOPKIT_USER": "Tess",
        "TERM": "xterm-256color",
        "COLORTERM": "truecolor",
        "COLUMNS": str(COLUMNS),
        "LINES": str(LINES),
    }
    terminal = Terminal([sys.executable, "-m", "workshopkit", "open", slug], folder, env)
    try:
        terminal.wait_for("you: Tess", 0)
        terminal.paste(pasted)
        terminal.press("enter", "saved")
        terminal.press("shift+tab", "Prompted")
        terminal.press("tab", "Room")
        terminal.press("f2", "Voting")
        terminal.press("r", "Ranking")
        terminal.press("escape", "Voting")
        terminal.press("escape", "Ref")
        terminal.press("f4", "Action list")
        terminal.press("escape", "Ref")
        terminal.press("ctrl+e", "enter writes")
        terminal.press("escape", "Ref")
        terminal.press("f7", "points / ranking")
        terminal.press("r", "ranking by votes")
        terminal.press("escape", "Ref")
        terminal.press("f8", "Duplicates")
        terminal.press("escape", "Ref")
        terminal.press("f1", "Keys")
        terminal.press("escape", "Ref")
        terminal.press("escape")  # to the list
        terminal.press("home")
        terminal.press("ctrl+o", "Owner of A1")
        terminal.press("end")
        terminal.press("ctrl+u")  # the owner it offers goes: the paste is the answer
        terminal.paste(pasted)
        terminal.press("enter")
        terminal.press("f9", "workshops")
        os.write(terminal.main, KEYS["ctrl+q"].encode())
        terminal.read(1)
        assert terminal.close() == 0, terminal.output[-600:]
    finally:
        if terminal.process.poll() is None:
            terminal.process.kill()
    return terminal.output


def assert_no_escape_from(output: bytes, texts: list[str]) -> None:
    assert not C1_OR_NUL.search(output), C1_OR_NUL.search(output)
    assert not BIDI.search(output), "a bidi override reached the terminal"
    for sequence in ESCAPE.finditer(output):
        assert ALLOWED.match(sequence.group()), f"not Textual's: {sequence.group()[:40]!r}"
    for text in texts:
        for found in re.finditer("\x1b", text):
            leaked = text[found.start() : found.start() + 12]
            if len(leaked) > 4:  # a sequence and some of what follows it
                needle = leaked.encode(errors="surrogatepass")
                assert needle not in output, f"{leaked!r} reached the terminal"


def drawn(output: bytes) -> str:
    """The text the app drew: its own sequences taken out."""
    return ESCAPE.sub(b"", output).decode("utf-8", "replace")


def test_no_escape_sequence_from_a_point_reaches_the_terminal(tmp_path):
    db, slug = hostile_store(tmp_path, CORPUS, "owner \x1b]0;ZQ45\x07 \x1b[4mZQ46")
    output = run_app_through_every_screen(tmp_path, db, slug, PASTED)
    assert_no_escape_from(output, [*CORPUS, PASTED, RAW_TEXT, RAW_OWNER])
    text = drawn(output)
    # The points were drawn, minus their controls: every marker word is on some screen.
    markers = [*range(1, 27), 30, 31, 32, 40, 41, 42, 43, 45, 46, *range(50, 56)]
    for number in markers:  # not 44: a voter's name, shown only to that voter
        assert f"ZQ{number:02}" in text, f"ZQ{number:02} was never drawn"
    with Store(db) as store:
        assert store.point(slug, "A1").owner == one_line(PASTED)
        assert store.point(slug, "A12").text == clean(PASTED).replace("\n", " ")


def test_hypothesis_drawn_points_never_reach_the_terminal_raw(counts, tmp_path):
    # A run of the real app takes some seconds: counted with ``counts``, not the profile.
    @settings(
        max_examples=counts(ci=1, full=20),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(
        points=st.lists(hostile_field.filter(lambda t: clean(t).strip()), min_size=1, max_size=4),
        owner=hostile_field,
        # As a terminal pastes: no ESC (see PASTED), and UTF-8, so no lone surrogate.
        pasted=hostile_field.map(lambda t: t.replace("\x1b", "").encode(errors="replace").decode()),
    )
    def property_(points, owner, pasted):
        folder = Path(tempfile_dir(tmp_path))
        db, slug = hostile_store(folder, points, owner)
        output = run_app_through_every_screen(folder, db, slug, "p " + pasted)
        assert_no_escape_from(output, [*points, owner, pasted, RAW_TEXT, RAW_OWNER])

    property_()


def tempfile_dir(root: Path) -> str:
    import tempfile

    return tempfile.mkdtemp(dir=root)


def test_keys_that_are_not_utf8_are_typed_as_replacement_characters(tmp_path):
    # A terminal set to Latin-1 sends "café" as caf\xe9: the app must go on, and save it.
    db, slug = hostile_store(tmp_path, ["first"], "Sam")
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKSHOPKIT_")}
    env |= {"WORKSHOPKIT_DB": db, "WORKSHOPKIT_USER": "Tess", "TERM": "xterm-256color"}
    terminal = Terminal([sys.executable, "-m", "workshopkit", "open", slug], tmp_path, env)
    try:
        terminal.wait_for("you: Tess", 0)
        terminal.write(b"caf\xe9 ZQ60")
        terminal.press("enter", "saved")
        terminal.press("ctrl+q")
    finally:
        code = terminal.close()
    assert code == 0
    with Store(db) as store:
        texts = [p.text for p in store.workshop(slug).points]
    assert "caf\ufffd ZQ60" in texts
