"""Carrying open actions forward from an earlier workshop, and marking actions done.

An action is open while it is a live next step not yet marked done. ``new --carry-from``
copies the open actions of the earlier workshop into a "Carried forward" breakout of the
new one: text, owner, due and themes come along, votes do not (the new room votes
afresh), and each copy remembers where it came from as "slug ref".
"""

from workshopkit.core.errors import WorkshopkitError
from workshopkit.core.kinds import Kind
from workshopkit.core.views import PointView, WorkshopView

CARRIED_TITLE = "Carried forward"


def is_open_action(point: PointView) -> bool:
    """True for a next step that is neither deleted nor done."""
    return point.kind is Kind.NEXT and not point.deleted and not point.done


def open_actions(workshop: WorkshopView) -> list[PointView]:
    """The open actions of ``workshop``, breakout by breakout, in capture order."""
    return [p for p in workshop.points if is_open_action(p)]


def carried_prompt(workshop: WorkshopView) -> str:
    """The prompt of the "Carried forward" breakout: what to ask of the old actions."""
    return f"Open actions from {workshop.title}: which are done, which still stand?"


def carried_values(point: PointView, slug: str) -> dict:
    """The columns a copy of ``point`` (an action of workshop ``slug``) starts with."""
    return {
        "text": point.text,
        "kind": Kind.NEXT.value,
        "owner": point.owner,
        "due": point.due,
        "due_date": point.due_date,
        "themes": " ".join(point.themes),
        "carried_from": f"{slug} {point.ref}",
    }


def check_done(kind: str, is_done: bool, ref: str, done: bool) -> None:
    """Refuse a change of done that makes no sense: a non-action done, or no change at all."""
    if done and kind != Kind.NEXT.value:
        raise WorkshopkitError(
            f"{ref} is a {kind}, not a next step: only actions can be marked done "
            "(tag it #next first)."
        )
    if done and is_done:
        raise WorkshopkitError(f"{ref} is already marked done; nothing was changed.")
    if not done and not is_done:
        raise WorkshopkitError(f"{ref} is not marked done; nothing was changed.")
