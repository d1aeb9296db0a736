"""How a point's parts are drawn. User text always becomes a ``Text``, never markup."""

import re
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from rich.text import Text

from workshopkit.core.kinds import Kind
from workshopkit.core.text import UNCLEAN_OR_MULTILINE, clean

if TYPE_CHECKING:
    from workshopkit.core.views import PointView

KIND_STYLES = {
    Kind.NOTE: "dim",
    Kind.BARRIER: "bold red",
    Kind.NEXT: "bold green",
    Kind.QUESTION: "bold yellow",
    Kind.IDEA: "bold magenta",
}
MISSING = "⚠ none"


def flat(value: str) -> str:
    """User text for one line of the screen: controls gone, newlines and tabs as spaces."""
    if _PLAIN_LINE.search(value) is None:
        return value
    return " ".join(clean(value).replace("\t", " ").split("\n"))


# Emoji sequences that terminals draw at different widths: a skin tone after an emoji
# takes 2 more cells in some and none in others; VS16 makes a narrow symbol 2 cells wide
# in some and leaves it 1 in others; a ZWJ sequence is one emoji in some and its parts in
# others. In a row of fixed columns a cell drawn wider than it was laid out pushes the
# votes off the edge, so the cells of a list draw these by the parts every terminal
# agrees on (👍🏽 as 👍, ❤️ as ❤, 👨‍👩‍👧 as 👨👩👧). The detail line, the bar and every export
# keep the text whole.
_UNSTEADY = re.compile(
    "[\U0001f3fb-\U0001f3ff\ufe0f]"  # skin tones, VS16
    "|\u200d(?=[\U0001f000-\U0001faff\u2600-\u27bf])"  # a ZWJ before an emoji
)


# What ``flat`` or ``steady`` would change: the characters ``clean`` takes out (controls,
# bidi controls, half surrogate pairs, which take in tab and newline) and the unsteady
# emoji parts. Most texts have none: one search, instead of five passes, for each cell of
# a breakout of thousands of points.
_PLAIN_LINE = re.compile(f"[{UNCLEAN_OR_MULTILINE}]")
_STEADY = re.compile(f"[{UNCLEAN_OR_MULTILINE}\U0001f3fb-\U0001f3ff\ufe0f\u200d]")


def steady(value: str) -> str:
    """User text for a cell of a list: ``flat``, with emoji drawn by their parts."""
    if _STEADY.search(value) is None:
        return value
    return _UNSTEADY.sub("", flat(value))


# The cells below are made once and shared by every row that shows them (a breakout of
# thousands of points opens sooner): nothing may change one in place.


@cache
def kind_cell(kind: Kind) -> Text:
    return Text(kind.value, style=KIND_STYLES[kind])


def details(point: "PointView") -> str:
    """The tag line under a point: score, owner, due and themes."""
    parts = [f"score {point.score}"] if point.score is not None else []
    if point.owner:
        parts.append(f"@{steady(point.owner)}")
    if point.due:
        parts.append(f"due {steady(point.due)}")
    if point.themes:
        parts.append(" ".join(f"#{steady(t)}" for t in point.themes))
    return " · ".join(parts)


def point_text(point: "PointView") -> Text:
    """The point's text on one line, marked ``✓ done`` when it is an action done and
    ``✗ dropped`` when it was dropped."""
    dropped = point.status == "dropped" and not point.done
    if not point.done and not dropped:
        return Text(steady(point.text), no_wrap=True, overflow="ellipsis")
    cell = Text(no_wrap=True, overflow="ellipsis")
    if point.done:
        cell.append("✓ done ", style="bold green")
    elif dropped:
        cell.append("✗ dropped ", style="bold")
    cell.append(steady(point.text), style="dim" if point.done or dropped else "")
    return cell


def point_lines(point: "PointView") -> int:
    """The lines ``point_cell`` takes: a second one when the point has tags."""
    return 2 if point.score is not None or point.owner or point.due or point.themes else 1


def point_cell(point: "PointView") -> Text:
    """The point's text, with its tags on a second line when it has any."""
    cell = point_text(point)
    tags = details(point)
    if tags:
        cell.append("\n")
        cell.append(tags, style="italic cyan")
    return cell


def detail_line(point: "PointView") -> Text:
    """The whole point on one line, beneath a list that cuts it short: its text whole,
    where it was carried from, and who captured and last changed it."""
    line = Text(f"{point.ref} ", style="bold")
    line.append(flat(point.text))
    if point.carried_from:
        line.append(f"  from {flat(point.carried_from)}", style="bold italic")
    if point.plan_ref:
        line.append(f"  plan {flat(point.plan_ref)}", style="italic")
    if point.status != "open" or point.progress:
        standing = point.status + (f": {flat(point.progress)}" if point.progress else "")
        line.append(f"  {standing}", style="italic")
    who = f"captured by {flat(point.captured_by)}"
    if point.changed_by and point.changed_by != point.captured_by:
        who += f", last changed by {flat(point.changed_by)}"
    line.append(f"  ({who})", style="dim")
    return line


@lru_cache(maxsize=256)
def dots(count: int, width: int = 3) -> Text:
    """A count drawn as dots for the room to see, with the number beside it."""
    shown = "•" * min(count, width)
    return Text(f"{shown} {count}", style="bold" if count else "dim", justify="right")


@cache
def hidden_votes() -> Text:
    """The votes cell of a point in a blind breakout: hidden, not zero."""
    return Text("hidden", style="dim", justify="right")


def optional(value: str | None) -> Text:
    """An owner or due, or a highlighted warning when it is missing."""
    if value:
        return Text(steady(value), no_wrap=True, overflow="ellipsis")
    return Text(MISSING, style="bold yellow")
