"""The kinds of point: the one place that knows the fixed set and its aliases."""

from enum import StrEnum


class Kind(StrEnum):
    """What a point is."""

    NOTE = "note"
    BARRIER = "barrier"
    NEXT = "next"
    QUESTION = "question"
    IDEA = "idea"


# Each kind by its stored value: a dict lookup, several times quicker than Kind(value),
# for reading thousands of rows and for every Enter.
KIND_OF_VALUE: dict[str, Kind] = {kind.value: kind for kind in Kind}

# What a facilitator may type after '#' to set a kind; lowercase.
KIND_ALIASES: dict[str, Kind] = {
    "note": Kind.NOTE,
    "barrier": Kind.BARRIER,
    "barriers": Kind.BARRIER,
    "b": Kind.BARRIER,
    "next": Kind.NEXT,
    "action": Kind.NEXT,
    "actions": Kind.NEXT,
    "n": Kind.NEXT,
    "question": Kind.QUESTION,
    "questions": Kind.QUESTION,
    "q": Kind.QUESTION,
    "idea": Kind.IDEA,
    "ideas": Kind.IDEA,
    "i": Kind.IDEA,
}


def parse_kind(word: str) -> Kind | None:
    """The kind a word names ('barrier', 'b', 'action'...), or None."""
    return KIND_ALIASES.get(word.strip().lstrip("#").lower())
