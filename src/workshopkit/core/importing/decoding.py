"""A notes file's bytes as text, and the encoding that assumed.

Notes come from everywhere: a UTF-8 editor, Word on Windows (cp1252), Notepad's "Unicode"
(UTF-16 with a byte order mark). The order tried: the encoding the user names; a byte
order mark; UTF-8; cp1252, the commonest non-UTF-8 source of notes, when it reads cleanly;
then charset-normalizer's best guess. cp1252 comes before the guess because on a short
text the guess often lands on a look-alike code page that turns a dash into a letter.
"""

import codecs
import re
from typing import BinaryIO

from workshopkit.core.errors import WorkshopkitError
from workshopkit.core.text import one_line

_BOMS = (  # UTF-32's marks first: UTF-16's little-endian mark starts UTF-32's
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Controls that never occur in typed text; tab, newline, form feed and CR do.
_BINARY_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# Notes files are kilobytes; 10 MB is some 150,000 lines. Planning an import holds about
# 25 times the file in memory (a 50 MB file took 1.3 GB and a minute), and nothing
# bounded what was read: `import /dev/zero` read until memory ran out.
MAX_BYTES = 10 * 1024 * 1024


class NotNotes(WorkshopkitError):
    """A file that holds no notes workshopkit can read: binary, empty, or undecodable."""


def _checked(text: str, name: str) -> str:
    if len(_BINARY_CONTROL.findall(text)) > max(2, len(text) // 100):
        raise NotNotes(
            f"{name} is not a text file (it looks like binary data); save the notes as plain "
            "text or markdown and import that."
        )
    if not text.strip():
        raise NotNotes(f"{name} is empty: there are no notes in it to import.")
    return text


def read_limited(stream: BinaryIO, name: str) -> bytes:
    """The bytes of a notes file, read from ``stream``; ``NotNotes`` past ``MAX_BYTES``.

    Reads one byte more than it keeps, never the whole of a huge or endless source.
    """
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise NotNotes(
            f"{one_line(name) or 'The file'} is over {MAX_BYTES // 2**20} MB, more than any "
            "notes: split it into smaller files, or import only the part you need."
        )
    return data


def decode_notes(data: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """The text of a notes file and the name of the encoding it was read with.

    ``encoding`` forces one. Raises ``NotNotes`` for binary data, an empty file, or bytes
    that no encoding reads.
    """
    name = one_line(name) or "The file"
    if encoding:
        try:
            codec = codecs.lookup(encoding).name
        except LookupError:
            raise NotNotes(
                f"Unknown encoding '{one_line(encoding)}'; try utf-8, cp1252 or latin-1."
            ) from None
        try:
            return _checked(data.decode(codec), name), codec
        except UnicodeDecodeError as error:
            raise NotNotes(
                f"{name} is not {codec}: byte {error.start + 1} cannot be read; leave out "
                "--encoding to let workshopkit find the encoding."
            ) from None
    for mark, codec in _BOMS:
        if data.startswith(mark):
            try:
                return _checked(data.decode(codec), name), codec
            except UnicodeDecodeError:
                break  # a mark followed by something else: judged below like any bytes
    if b"\x00" in data:  # no text encoding without a byte order mark has NUL bytes
        raise NotNotes(
            f"{name} is not a text file (it looks like binary data); save the notes as plain "
            "text or markdown and import that."
        )
    try:
        return _checked(data.decode("utf-8"), name), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # only for files that are not UTF-8

    match = from_bytes(data, cp_isolation=["cp1252"]).best() or from_bytes(data).best()
    if match is None:
        raise NotNotes(
            f"{name} is not text in any encoding workshopkit recognises; save it as UTF-8 "
            "text, or name its encoding with --encoding."
        )
    return _checked(str(match), name), codecs.lookup(match.encoding).name
