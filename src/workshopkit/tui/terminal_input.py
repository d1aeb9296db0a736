"""Keys as the facilitator typed them: bytes that are not UTF-8 become U+FFFD instead of
ending the app, and Esc followed at once by a key is Esc and that key.

A terminal set to another encoding (Latin-1 typing "café" sends ``caf\\xe9``) makes the
UTF-8 decoder of Textual's Linux input thread raise, which ends the app on the spot. That
thread looks up its decoder factory, ``getincrementaldecoder``, in its module when it
starts: handing it a factory whose decoders replace what they cannot read keeps the app
running, with each unreadable byte typed as U+FFFD.
"""

import codecs
import os
import sys
from functools import partial

from textual import constants, events

# Private to Textual, and the one table its input parser reads: see
# unambiguous_escape_sequences below.
from textual._ansi_sequences import ANSI_SEQUENCES_KEYS
from textual._xterm_parser import XTermParser
from textual.keys import _character_to_key


def replacing_decoder(encoding: str):
    """``codecs.getincrementaldecoder``, with undecodable bytes replaced, not raised."""
    return partial(codecs.getincrementaldecoder(encoding), errors="replace")


ESC = "\x1b"
# What may follow Esc in a sequence a terminal sends: CSI, SS3, OSC, DCS, APC, PM, ST.
SEQUENCE_INTRODUCERS = frozenset("[O]P_^\\")


class EscThenTyping(XTermParser):
    """Textual's parser, told that Esc then a printable key no sequence begins with is
    Esc and that key, however close together they come (tmux sends them as one). Textual's
    took what followed for a sequence still to end: a sentence typed close behind Esc came
    out as '^' and the sentence, or its first letter as Alt+letter or another key."""

    _ended_on_esc = False  # the last data ended with an Esc, the parser still waiting

    def feed(self, data: str):
        if self._ended_on_esc and data and _typed_after_esc(ESC + data, 1):
            # That Esc came alone, its key in the next write (tmux does this): it is an
            # Esc, as if the escape delay had passed before this typing.
            self._timeout_time = 0
            yield from self.tick()
        self._ended_on_esc = data.endswith(ESC)
        start = 0
        for index in range(len(data) - 1):
            if data[index] == ESC and _typed_after_esc(data, index + 1):
                if index > start:  # feed("") would mean the end of input
                    yield from super().feed(data[start:index])
                if self._awaiting.timeout is None:  # not inside a sequence: a lone Esc
                    yield events.Key("escape", ESC)
                    start = index + 1
                else:
                    start = index
        if start < len(data) or not data:
            yield from super().feed(data[start:])


def _typed_after_esc(data: str, at: int) -> bool:
    """Whether ``data[at:]``, just after an Esc, is typing rather than a sequence."""
    following = data[at]
    if not following.isprintable():
        return False
    if following not in SEQUENCE_INTRODUCERS:
        return True
    after = data[at + 1 : at + 2]
    if following == "O":  # SS3 sequences are Esc O and one more: "Our…" is not one
        return bool(after) and ESC + "O" + after not in ANSI_SEQUENCES_KEYS
    if following == "P":  # a terminal's DCS answers go on with a digit or a sign
        return after.isalpha()
    return False


def read_keys_as_typed(driver_class: type) -> None:
    """Make ``driver_class``'s module build replacing decoders and ``EscThenTyping``
    parsers, where it builds any."""
    module = sys.modules.get(driver_class.__module__)
    if module is not None and hasattr(module, "getincrementaldecoder"):
        module.getincrementaldecoder = replacing_decoder
    if module is not None and getattr(module, "XTermParser", None) is XTermParser:
        module.XTermParser = EscThenTyping  # the driver builds its parser from this name


ESCAPE_DELAY = 0.03  # seconds; ESCDELAY (in milliseconds) still sets it


def plain_escape(key: events.Key) -> str | None:
    """The character typed straight after Esc, when ``key`` is what the terminal made of
    the two: Esc then a key within the escape delay (tmux's is half a second) arrives as
    one Alt+key. workshopkit binds no Alt key, so it is Esc and then that key."""
    if not key.key.startswith("alt+") or not key.character or len(key.character) != 1:
        return None
    return key.character if key.character.isprintable() else None


def key_typed(character: str) -> events.Key:
    """The key event of typing ``character``, named as Textual's parser names it."""
    return events.Key(_character_to_key(character), character)


def unambiguous_escape_sequences() -> None:
    """Esc then 'b', 'f', a digit or a keypad letter reads as those keys, not as another.

    Textual reads ESC b and ESC f as ctrl+left and ctrl+right (what macOS Terminal sends
    for option+arrows), ESC 1 as '¡' and so on, and ESC O with a lowercase letter as the
    keypad in application mode, which it never turns on. A facilitator who pressed Esc
    and began "fish…", "1 more…" or "Our team…" lost its first letters. Without these
    entries the parser hands the pair on as Alt+key, which ``plain_escape`` undoes. The
    arrows, function keys and every CSI sequence are unchanged.
    """
    if "ESCDELAY" not in os.environ:
        # How long a lone Esc waits for the rest of a sequence. Textual waits 100 ms; a
        # fast typist's next key comes sooner, and 32 keys in a row so close turn the Esc
        # into a typed '^'. A terminal writes a sequence at once, so 30 ms is plenty.
        constants.ESCAPE_DELAY = ESCAPE_DELAY
    for sequence in list(ANSI_SEQUENCES_KEYS):
        if (len(sequence) == 2 and sequence[0] == "\x1b" and sequence[1].isprintable()) or (
            len(sequence) == 3 and sequence.startswith("\x1bO") and sequence[2].islower()
        ):
            del ANSI_SEQUENCES_KEYS[sequence]
