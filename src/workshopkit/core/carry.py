"""Following actions up: where each stands (open, in progress, done or dropped, as
improvement plans track them from one review to the next), and carrying those still to
do forward from an earlier workshop.

An action is still to do while it is a live next step whose status is open or in
progress (not done, not dropped). ``new --carry-from`` copies those actions of the earlier
workshop into a "Carried forward" breakout of the new one: text, owner, due, themes, plan
ref, status and progress note come along, votes do not (the new room votes afresh), and
each copy remembers where it came from as "slug ref".
"""

import re
from dataclasses import dataclass
from datetime import date

from workshopkit.core.kinds import Kind
from workshopkit.core.text import one_line
from workshopkit.core.views import PointView, WorkshopView

CARRIED_TITLE = "Carried forward"
OPEN, IN_PROGRESS, DONE, DROPPED = "open", "in progress", "done", "dropped"
STATUSES = (OPEN, IN_PROGRESS, DONE, DROPPED)
# Carried forward to the next workshop: what is still to do.
STILL_TO_DO = (OPEN, IN_PROGRESS)

# The words plans and people use for each status, folded (lower case, no punctuation).
_WORDS = {
    OPEN: ("open", "not started", "to do", "todo"),
    IN_PROGRESS: ("in progress", "progress", "started", "ongoing", "underway", "under way", "wip"),
    DONE: ("done", "complete", "completed", "finished", "closed", "achieved"),
    DROPPED: ("dropped", "cancelled", "canceled", "abandoned", "withdrawn", "stopped"),
}
_STATUS_OF = {word: status for status, words in _WORDS.items() for word in words}


def _folded(text: str) -> str:
    kept = "".join(c if c.isalnum() or c.isspace() else " " for c in one_line(text).casefold())
    return " ".join(kept.split())


def read_status(text: str) -> str | None:
    """The status ``text`` names ("Completed", "in-progress", "WIP"), or None when it
    names none (a progress note such as "Met twice; report due")."""
    return _STATUS_OF.get(_folded(text))


def status_label(status: str) -> str:
    """How a status reads in a table: "In progress"."""
    return status[:1].upper() + status[1:]


# Between a status, its date and its note: "In progress · 2026-03-01 · Quote received",
# "Completed - report sent", "Done: 4 May".
_SEPARATORS = " \t:·,;-–—()"
# A status phrase, then the end or a separator: "Started talks with…" is a note.
_LEADING_STATUS = re.compile(
    "("
    + "|".join(
        r"[\s\-]+".join(map(re.escape, phrase.split()))
        for phrase in sorted(_STATUS_OF, key=len, reverse=True)
    )
    + r")(?=\s*$|\s*[:·,;\-–—(])",
    re.IGNORECASE,
)
_DATE = re.compile(r"(?:since\s+)?(\d{4}-\d{2}-\d{2})\b")


@dataclass(frozen=True)
class Standing:
    """A progress cell read: the status it names, since when, and the note besides."""

    status: str
    since: date | None
    note: str | None


def read_standing(text: str) -> Standing:
    """Read a plan's Progress cell: a status first ("In progress", "Completed"), alone
    or followed by a separator and perhaps its date and a note; else the whole cell is a
    note on an open action. A cell written by ``standing_text`` reads back as it was."""
    text = one_line(text).strip()
    found = _LEADING_STATUS.match(text)
    if found is None:
        return Standing(OPEN, None, text or None)
    rest = text[found.end() :].lstrip(_SEPARATORS)
    since = None
    dated = _DATE.match(rest)
    if dated:
        try:
            since = date.fromisoformat(dated.group(1))
        except ValueError:
            since = None
        else:
            rest = rest[dated.end() :].lstrip(_SEPARATORS)
    return Standing(_STATUS_OF[_folded(found.group(1))], since, rest.strip() or None)


def standing_text(status: str, since: date | None, note: str | None) -> str:
    """How a plan's Status cell reads: "In progress · since 2026-03-01 · Quote received"."""
    parts = [status_label(status)]
    if since is not None:
        parts.append(f"since {since:%Y-%m-%d}")
    if note:
        parts.append(note)
    return " · ".join(parts)


def is_open_action(point: PointView) -> bool:
    """True for a next step that is neither deleted, done nor dropped."""
    return (
        point.kind is Kind.NEXT
        and not point.deleted
        and not point.done
        and point.status in STILL_TO_DO
    )


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
        # The plan ref it had, else the ref it had there: one ref from review to review.
        "plan_ref": point.plan_ref or point.ref,
        "status": point.status,
        "status_at": point.status_at,
        "progress": point.progress,
    }
