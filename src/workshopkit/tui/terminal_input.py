"""Keys that are not UTF-8 become U+FFFD instead of ending the app.

A terminal set to another encoding (Latin-1 typing "café" sends ``caf\\xe9``) makes the
UTF-8 decoder of Textual's Linux input thread raise, which ends the app on the spot. That
thread looks up its decoder factory, ``getincrementaldecoder``, in its module when it
starts: handing it a factory whose decoders replace what they cannot read keeps the app
running, with each unreadable byte typed as U+FFFD.
"""

import codecs
import sys
from functools import partial


def replacing_decoder(encoding: str):
    """``codecs.getincrementaldecoder``, with undecodable bytes replaced, not raised."""
    return partial(codecs.getincrementaldecoder(encoding), errors="replace")


def tolerate_undecodable_keys(driver_class: type) -> None:
    """Make ``driver_class``'s module build replacing decoders, where it builds any."""
    module = sys.modules.get(driver_class.__module__)
    if module is not None and hasattr(module, "getincrementaldecoder"):
        module.getincrementaldecoder = replacing_decoder
