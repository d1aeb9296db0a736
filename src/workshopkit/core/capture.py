"""The capture language: what a facilitator types, parsed into a point and rendered back.

    Joint training for members @"Members Support" due:2010-03 #next #training

- ``#barrier`` ``#next`` ``#question`` ``#idea`` ``#note`` (and their aliases) set the kind;
  the last one typed wins. Any other ``#word`` is a theme.
- ``@name`` or ``@"several words"`` sets the owner; several owners are joined with ", ".
- ``due:2010-03-31``, ``due:2010-03`` or ``due:"March 2010"`` sets the due. A point has one
  due: when several are typed the last one is the due and the others stay in the text,
  as typed (``Captured.unapplied`` names them, for the reading under the bar).
- ``score:1`` to ``score:5`` sets a force's score (force-field analysis), one per point as
  for the due. Any other ``score:`` word stays in the text.
- A word that starts with a backslash is kept literally, without that backslash:
  ``\\#1`` stays ``#1``, ``\\@home`` stays ``@home``.
- The text is what is left once the markers are taken out. Nothing is ever refused: what
  the parser cannot read stays in the text.

``parse(as_typed(point)) == point`` for every point ``parse`` can return.
"""

import re
from dataclasses import dataclass, field

from workshopkit.core.kinds import KIND_ALIASES, Kind
from workshopkit.core.text import clean, one_line

_SPACE = re.compile(r"\s+")
# A theme is a word that starts with a letter: '#1' or '#' alone stay in the text.
_THEME = re.compile(r"[^\W\d_][\w-]*")
# Punctuation that ends a sentence is not part of a bare owner: "ask @Sam." means Sam.
_OWNER_TRAILING = ".,;:!?"


@dataclass(frozen=True)
class Captured:
    """A point as the capture language describes it, before it has a ref."""

    text: str
    kind: Kind = Kind.NOTE
    owner: str | None = None
    due: str | None = None
    themes: tuple[str, ...] = ()
    score: int | None = None
    # Markers typed that could not apply (a second due, a second score): kept in the text.
    unapplied: tuple[str, ...] = field(default=(), compare=False)


def theme_word(word: str) -> str | None:
    """``word`` (with or without '#') if it is a valid theme, else None. Kinds are not themes."""
    word = word.removeprefix("#")
    if not _THEME.fullmatch(word) or _kind_of(word) is not None:
        return None
    return word


def _kind_of(word: str) -> Kind | None:
    return KIND_ALIASES.get(word.lower()) if word.isascii() else None


def _read_quoted(source: str, start: int) -> tuple[str, int] | None:
    """Read a quoted value whose opening quote is at ``start``.

    Returns the value and the index after the closing quote, or None when there is no
    closing quote followed by whitespace or the end (then the words stay text).
    Inside quotes, ``\\"`` is a quote and ``\\\\`` a backslash.
    """
    chars: list[str] = []
    i = start + 1
    while i < len(source):
        char = source[i]
        if char == "\\" and i + 1 < len(source) and source[i + 1] in '"\\':
            chars.append(source[i + 1])
            i += 2
            continue
        if char == '"':
            if i + 1 == len(source) or source[i + 1].isspace():
                return "".join(chars), i + 1
            return None
        chars.append(char)
        i += 1
    return None


def _score_of(word: str) -> int | None:
    """The score a ``score:N`` word sets (1 to 5), or None when it sets none."""
    value = word[6:]
    if word[:6].lower() == "score:" and len(value) == 1 and value in "12345":
        return int(value)
    return None


def _word_end(source: str, start: int) -> int:
    match = _SPACE.search(source, start)
    return match.start() if match else len(source)


def parse(source: str) -> Captured:
    """Parse one point typed in the capture language. Never fails."""
    source = clean(source)
    pieces: list[str] = []  # literal words, each with the whitespace before it
    kind = Kind.NOTE
    owners: list[str] = []
    due: str | None = None
    themes: list[str] = []
    seen_themes: set[str] = set()  # casefolded: a set keeps a 100 KB paste linear
    score: int | None = None
    # Where each due and score marker was, as (index in pieces, its words as typed): all
    # but the last of each go back into the text once the whole point has been read.
    markers: dict[str, list[tuple[int, str]]] = {"due": [], "score": []}
    i = 0
    while i < len(source):
        space = _SPACE.match(source, i)
        before = space.group() if space else ""
        i += len(before)
        if i >= len(source):
            break
        # Quoted owner or due: may span whitespace.
        quote_at = None
        if source.startswith('@"', i):
            quote_at = i + 1
        elif source[i : i + 5].lower() == 'due:"':
            quote_at = i + 4
        if quote_at is not None and (quoted := _read_quoted(source, quote_at)):
            value, end = quoted
            value = one_line(value)
            if value:
                if source[i] == "@":
                    owners.append(value)
                else:
                    due = value
                    markers["due"].append((len(pieces), before + source[i:end]))
                    pieces.append("")
                i = end
                continue
        end = _word_end(source, i)
        word = source[i:end]
        i = end
        if word.startswith("\\") and len(word) > 1:
            pieces.append(before + word[1:])
        elif word.startswith("#") and (found := _kind_of(word[1:])) is not None:
            kind = found
        elif word.startswith("#") and (theme := theme_word(word)):
            if theme.casefold() not in seen_themes:
                seen_themes.add(theme.casefold())
                themes.append(theme)
        elif word.startswith("@") and (owner := word[1:].rstrip(_OWNER_TRAILING)):
            if not owner.startswith('"'):
                owners.append(owner)
            else:
                pieces.append(before + word)
        elif word[:4].lower() == "due:" and len(word) > 4 and word[4] != '"':
            due = word[4:]
            markers["due"].append((len(pieces), before + word))
            pieces.append("")
        elif (found_score := _score_of(word)) is not None:
            score = found_score
            markers["score"].append((len(pieces), before + word))
            pieces.append("")
        else:
            pieces.append(before + word)
    unapplied: list[str] = []
    for found in markers.values():
        for index, typed in found[:-1]:
            pieces[index] = typed
            unapplied.append(typed.strip())
    pieces = [piece for piece in pieces if piece]
    if pieces:
        pieces[0] = pieces[0].lstrip()
    unique_owners = list(dict.fromkeys(owners))
    return Captured(
        text="".join(pieces),
        kind=kind,
        owner=", ".join(unique_owners) if unique_owners else None,
        due=due,
        themes=tuple(themes),
        score=score,
        unapplied=tuple(unapplied),
    )


def _needs_escape(word: str) -> bool:
    if word.startswith(("\\", "@")) or word[:4].lower() == "due:" or word[:6].lower() == "score:":
        return True
    return word.startswith("#") and (_kind_of(word[1:]) is not None or theme_word(word) is not None)


def _escape_text(text: str) -> str:
    parts = _SPACE.split(text)
    spaces = _SPACE.findall(text)
    out = [("\\" + part) if part and _needs_escape(part) else part for part in parts]
    return "".join(word + (spaces[n] if n < len(spaces) else "") for n, word in enumerate(out))


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _bare_owner_ok(owner: str) -> bool:
    return (
        not _SPACE.search(owner)
        and not owner.startswith('"')
        and owner.rstrip(_OWNER_TRAILING) == owner
    )


def as_typed(point: Captured) -> str:
    """Write a point back in the capture language, as the edit bar shows it."""
    words = [_escape_text(point.text)] if point.text else []
    if point.kind != Kind.NOTE:
        words.append(f"#{point.kind.value}")
    words.extend(f"#{theme}" for theme in point.themes)
    if point.owner:
        # Several owners were joined with ", "; one quoted owner keeps them together.
        words.append("@" + (point.owner if _bare_owner_ok(point.owner) else _quote(point.owner)))
    if point.due:
        bare = not _SPACE.search(point.due) and not point.due.startswith('"')
        words.append("due:" + (point.due if bare else _quote(point.due)))
    if point.score is not None:
        words.append(f"score:{point.score}")
    return " ".join(words)
