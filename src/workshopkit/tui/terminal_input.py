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
from textual.keys import _character_to_key


def replacing_decoder(encoding: str):
    """``codecs.getincrementaldecoder``, with undecodable bytes replaced, not raised."""
    return partial(codecs.getincrementaldecoder(encoding), errors="replace")


def tolerate_undecodable_keys(driver_class: type) -> None:
    """Make ``driver_class``'s module build replacing decoders, where it builds any."""
    module = sys.modules.get(driver_class.__module__)
    if module is not None and hasattr(module, "getincrementaldecoder"):
        module.getincrementaldecoder = replacing_decoder


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
