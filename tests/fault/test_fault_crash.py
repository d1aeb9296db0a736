"""Crash safety: the real app, typed into at speed, killed with SIGKILL at random moments.

Each round starts ``python -m workshopkit --db FILE open SLUG`` on a pseudo-terminal,
checks that the text left in the capture bar by the round before is back in the bar,
saves it, types points as fast as a pty takes them (whole lines at once, or key by key),
and kills the app at a random moment: before it has drawn, while the store is still
loading, in the middle of a word, between Enter and the commit. After each kill:

- ``PRAGMA integrity_check`` says ``ok``;
- every point the screen acknowledged (``saved ✓ A12``) is in the store, with the text
  typed for it, and the store holds nothing that was not typed;
- everything the bar showed is either in the store or in the draft, which the next
  round finds in the bar.

The screen is read through a terminal emulator, one whole frame at a time. The random
seed is printed with any failure; ``WORKSHOPKIT_FAULT_SEED`` replays it.
"""

import os
import random
import sqlite3
import time
from dataclasses import dataclass, field

import pytest
from pty_screen import AppTerminal

from workshopkit.core.capture import parse
from workshopkit.core.files.draft import DraftFile, draft_path
from workshopkit.store.facade import Store
from workshopkit.tui.widgets.capture_bar import GAP

WORDS = ("parking", "ramp", "signs", "lift", "rota", "budget", "hall", "buses", "toilets")
WORDS += ("volunteers", "library", "rooms", "keys", "training", "leaflets", "map", "cafe")
TAGS = ("", "", "", " #barrier", " #next", " #question", " @Estates", " due:2027-03", " #access")
USER = "Kim"


@dataclass
class Round:
    """What one round typed and what its screen showed."""

    number: int
    restored: str  # the draft the round started with ('' for none)
    texts: list[str] = field(default_factory=list)  # every text started, in order
    submitted: int = 0  # how many of ``texts`` were followed by Enter
    shown: dict[int, str] = field(default_factory=dict)  # index → longest text the bar showed
    acknowledged: set[int] = field(default_factory=set)  # numbers shown as 'saved ✓ A<n>'
    cursor: int = 0  # the earliest text the bar may still be showing

    def ready(self, terminal: AppTerminal) -> bool:
        """The bar is on screen and shows the restored draft, if there is one."""
        shown = terminal.bar()
        if shown is None or not self.restored:
            return shown is not None
        # A draft wider than the bar shows as much of it as fits (its start, or its end).
        wide = len(shown) > 100 and (
            self.restored.startswith(shown) or self.restored.endswith(shown)
        )
        return shown == self.restored or wide

    def saw(self, terminal: AppTerminal) -> None:
        """Called on every whole frame: note what the bar and the status say."""
        self.acknowledged.update(n for letter, n in terminal.acknowledged() if letter == "A")
        shown = terminal.bar()
        if not shown:
            return
        for index in range(self.cursor, len(self.texts)):
            text = self.texts[index]
            # The restored draft may be wider than the bar, which may then show its end.
            if text.startswith(shown) or (index == 0 and self.restored and text.endswith(shown)):
                self.cursor = index
                if len(shown) > len(self.shown.get(index, "")):
                    self.shown[index] = shown
                return
        raise AssertionError(f"round {self.number}: the bar showed text never typed: {shown!r}")


def _point_text(rng: random.Random, round_number: int, index: int) -> str:
    words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 5)))
    return f"r{round_number}p{index} {words}{rng.choice(TAGS)}"


def _type_until(
    terminal: AppTerminal, play: Round, rng: random.Random, deadline: float, enough=lambda: False
) -> None:
    """Type points, some as one burst, some key by key, until the moment of the kill (or
    ``enough()``)."""
    index = len(play.texts)
    while time.monotonic() < deadline and not enough():
        text = _point_text(rng, play.number, index)
        play.texts.append(text)
        if rng.random() < 0.5:
            terminal.type(text)
        else:
            for character in text:
                terminal.type(character)
                terminal.pump(rng.choice((0, 0, 0.002, 0.01)))
                if time.monotonic() >= deadline:
                    return
        terminal.pump(0)
        if time.monotonic() >= deadline:
            return
        terminal.type("\r")
        play.submitted = index + 1
        terminal.pump(rng.choice((0, 0.005, 0.02)))
        index += 1


def _points(db: str, slug: str) -> dict[int, str]:
    with Store(db, USER) as store:
        return {p.number: p.text for p in store.workshop(slug).breakouts[0].points}


def _integrity(db: str) -> str:
    connection = sqlite3.connect(db)
    try:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        connection.close()


# Alone: the kills come at moments after launch (0.2-2.6 s); on a machine busy with other
# tests the app may not reach its first save in any of them, and the test would learn
# nothing (it failed once so on 2 cores, every round killed before the first save).
@pytest.mark.alone
def test_sigkill_at_random_moments_loses_no_acknowledged_point_and_no_typed_text(tmp_path, counts):
    seed = int(os.environ.get("WORKSHOPKIT_FAULT_SEED") or random.randrange(2**32))
    rng = random.Random(seed)
    db = str(tmp_path / "crash.db")
    with Store(db, USER) as store:
        slug = store.create_workshop("Harbour Forum", ["Getting there"]).slug
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKSHOPKIT_")}
    env |= {"WORKSHOPKIT_USER": USER, "PYTHONUTF8": "1"}
    drafts = DraftFile(draft_path(db, USER))
    acknowledged_total = 0
    restored_rounds = 0

    rounds = counts(ci=8, full=200)
    for number in range(rounds):
        context = f"seed {seed}, round {number}"
        before = _points(db, slug)
        restored = drafts.load(slug)
        play = Round(number, restored.text if restored else "")
        if play.restored:
            play.texts.append(play.restored)
        kill_after = rng.uniform(0.2, 2.6)  # from launch: before the first frame to well in
        # A slow start can leave every random moment before the first save, and the test
        # learning nothing of saves: then the last round is killed just after one is seen.
        last_chance = number == rounds - 1 and acknowledged_total == 0
        if last_chance:
            kill_after = 30.0
        terminal = AppTerminal(
            ["--db", db, "open", slug], tmp_path, env, columns=160, on_frame=play.saw
        )
        try:
            deadline = terminal.started + kill_after
            # Typing starts once the app has the screen (before that the tty itself echoes
            # keys) and, after a crash, has put the draft back in the bar.
            while not play.ready(terminal) and time.monotonic() < deadline:
                terminal.pump(0.01)
            if time.monotonic() < deadline:
                if play.restored:
                    restored_rounds += 1
                    terminal.type("\r")  # the restored draft is saved as a point
                    play.submitted = 1
                # This round's acknowledgements, filled in as its frames come.
                seen = play.acknowledged
                enough = (lambda seen=seen: bool(seen)) if last_chance else (lambda: False)
                _type_until(terminal, play, rng, deadline, enough)
            terminal.kill()
            terminal.pump(0.2)  # frames written before the kill were on screen
        finally:
            terminal.close()

        assert _integrity(db) == "ok", context
        after = _points(db, slug)
        new = {n: text for n, text in after.items() if n not in before}
        base = max(before, default=0)
        assert sorted(new) == list(range(base + 1, base + 1 + len(new))), context
        assert len(new) <= play.submitted, f"{context}: more points than Enter presses"
        for n, text in new.items():
            assert text == parse(play.texts[n - base - 1]).text, f"{context}: {n} {text!r}"
        missing = sorted(n for n in play.acknowledged if n not in after)
        assert not missing, f"{context}: acknowledged on screen but not in the store: {missing}"
        acknowledged_total += len(play.acknowledged)

        draft = drafts.load(slug)
        kept = draft.text.split(GAP) if draft else []
        for index in range(len(play.texts)):
            if index < len(new):
                continue  # saved
            if index == 0 and play.restored:
                assert draft and play.restored in draft.text, f"{context}: lost the old draft"
                continue
            shown = play.shown.get(index)
            if shown:
                assert any(part.startswith(shown) for part in kept), (
                    f"{context}: {shown!r} was in the bar, but is neither saved nor in the "
                    f"draft {draft.text if draft else None!r}"
                )

    # The rounds must have exercised what they claim to: saves seen, drafts put back.
    assert acknowledged_total > 0, f"seed {seed}: no save was ever acknowledged"
    assert restored_rounds > 0, f"seed {seed}: no round started with a draft to restore"
