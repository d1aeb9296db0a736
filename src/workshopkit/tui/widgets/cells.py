"""How a point's parts are drawn. User text always becomes a ``Text``, never markup."""

from rich.text import Text

from workshopkit.core.kinds import Kind
from workshopkit.core.text import clean
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
    return " ".join(clean(value).replace("\t", " ").split("\n"))


def kind_cell(kind: Kind) -> Text:
    return Text(kind.value, style=KIND_STYLES[kind])


def details(point: PointView) -> str:
    """The tag line under a point: score, owner, due and themes."""
    parts = [f"score {point.score}"] if point.score is not None else []
    if point.owner:
        parts.append(f"@{flat(point.owner)}")
    if point.due:
        parts.append(f"due {flat(point.due)}")
    if point.themes:
        parts.append(" ".join(f"#{flat(t)}" for t in point.themes))
    return " · ".join(parts)


def point_text(point: PointView) -> Text:
    """The point's text on one line, marked ``✓ done`` when it is an action done."""
    cell = Text(no_wrap=True, overflow="ellipsis")
    if point.done:
        cell.append("✓ done ", style="bold green")
    cell.append(flat(point.text), style="dim" if point.done else "")
    return cell


def point_cell(point: PointView) -> Text:
    """The point's text, with its tags on a second line when it has any."""
    cell = point_text(point)
    tags = details(point)
    if tags:
        cell.append("\n")
        cell.append(tags, style="italic cyan")
    return cell


def dots(count: int, width: int = 3) -> Text:
    """A count drawn as dots for the room to see, with the number beside it."""
    shown = "•" * min(count, width)
    return Text(f"{shown} {count}", style="bold" if count else "dim", justify="right")


def hidden_votes() -> Text:
    """The votes cell of a point in a blind breakout: hidden, not zero."""
    return Text("hidden", style="dim", justify="right")


def optional(value: str | None) -> Text:
    """An owner or due, or a highlighted warning when it is missing."""
    if value:
        return Text(flat(value), no_wrap=True, overflow="ellipsis")
    return Text(MISSING, style="bold yellow")
