"""Workshop templates: the breakouts, with their prompts, of common workshop formats.

Plain data, read by the command line (``new --template``, ``templates``) and the UI's
new-workshop form alike. A template's breakouts are created in the order given here and
take the letters A, B, C… like any other.

Force-field analysis scores each force 1–5 (``score:4`` in the capture language); a
breakout's total is the sum of its live points' scores, shown beside it.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from workshopkit.core.errors import Ambiguous, NotFound
from workshopkit.core.text import one_line
from workshopkit.core.views import PointView


@dataclass(frozen=True)
class TemplateBreakout:
    """One breakout a template sets up: its title and the question the group discusses."""

    title: str
    prompt: str


@dataclass(frozen=True)
class Template:
    """A workshop format: a short name to type, one line saying what it is for, breakouts."""

    name: str
    description: str
    breakouts: tuple[TemplateBreakout, ...]


TEMPLATES: tuple[Template, ...] = (
    Template(
        "barriers-next-steps",
        "Barriers and next steps: what gets in the way, then who does what about it",
        (
            TemplateBreakout(
                "Barriers", "What gets in the way? One obstacle per point, tagged #barrier."
            ),
            TemplateBreakout(
                "Next steps",
                "What will we do, who owns it, by when? e.g. Book the hall @Sam due:2027-03 #next",
            ),
        ),
    ),
    Template(
        "works-stop",
        "What works well, and what to stop doing",
        (
            TemplateBreakout(
                "What works well", "What is paying off already, and should be kept or spread?"
            ),
            TemplateBreakout(
                "What to stop doing", "What takes effort and gives little back? What should go?"
            ),
        ),
    ),
    Template(
        "start-stop-continue",
        "Start, stop, continue: three lists of changes to how the group works",
        (
            TemplateBreakout("Start", "What should we begin doing that we do not do today?"),
            TemplateBreakout("Stop", "What should we stop doing, and why?"),
            TemplateBreakout("Continue", "What works and must carry on as it is?"),
        ),
    ),
    Template(
        "force-field",
        "Force-field analysis: forces for and against a change, each scored 1-5, totals per side",
        (
            TemplateBreakout(
                "Driving forces",
                "What pushes the change forward? Score each force from 1 to 5: type score:4",
            ),
            TemplateBreakout(
                "Resisting forces",
                "What holds the change back? Score each force from 1 to 5: type score:4",
            ),
            TemplateBreakout(
                "Next steps",
                "How do we strengthen the drivers and weaken the resistance? Who, by when?",
            ),
        ),
    ),
    Template(
        "lessons-learnt",
        "Lessons learnt: looking back on a project or event",
        (
            TemplateBreakout("What went well", "What helped us succeed, and should be repeated?"),
            TemplateBreakout("What went less well", "Where did we struggle, and what did it cost?"),
            TemplateBreakout(
                "Next time", "What would we do differently? Who makes sure it happens? #next"
            ),
        ),
    ),
    Template(
        "questions",
        "Questions from the floor: what the room asks, and who answers",
        (
            TemplateBreakout(
                "Questions from the floor",
                "What does the room want to ask? Tag #question; @name for who will answer.",
            ),
        ),
    ),
)


def template_names() -> list[str]:
    """The names to type after ``--template``, in the order the list shows them."""
    return [template.name for template in TEMPLATES]


def find_template(name: str) -> Template:
    """The template ``name`` names: its whole name or an unambiguous start of it.

    Raises NotFound naming every template when there is no such template.
    """
    key = one_line(name).casefold()
    for template in TEMPLATES:
        if template.name == key:
            return template
    matches = [t for t in TEMPLATES if key and t.name.startswith(key)]
    if len(matches) == 1:
        return matches[0]
    known = ", ".join(template_names())
    if matches:
        several = ", ".join(t.name for t in matches)
        raise Ambiguous(f"'{one_line(name)}' could be {several}; type more of it.")
    raise NotFound(f"No template '{one_line(name)}'; templates: {known}.")


def score_total(points: Iterable[PointView]) -> int | None:
    """The sum of the scores of ``points``, or None when none of them has a score."""
    scores = [p.score for p in points if p.score is not None and not p.deleted]
    return sum(scores) if scores else None
