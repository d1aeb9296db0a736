"""The action list and other exports: markdown, CSV and JSON (the improvement plan, as
HTML or Word, is in plan_export).

Output depends only on the data (never on the clock or the machine), so exporting the
same workshop twice gives the same bytes and the file diffs cleanly in git.
"""

import csv
import io
import json
import os
import re
import tempfile
from datetime import date
from functools import lru_cache
from pathlib import Path

from workshopkit.core.carry import is_open_action, standing_text
from workshopkit.core.errors import ExportRefused, WorkshopkitError
from workshopkit.core.files.local_files import check_allowed
from workshopkit.core.kinds import Kind
from workshopkit.core.templates import score_total
from workshopkit.core.text import UNCLEAN_OR_MULTILINE, clean, has_control
from workshopkit.core.views import BreakoutView, PointView, WorkshopView
from workshopkit.core.voting import conceal, rank

# The plan's formats render in plan_export, which reads this module's ranking.
PLAN_FORMATS = ("html", "docx")
FORMATS = ("md", "csv", "json", *PLAN_FORMATS)
MISSING = "⚠ none"
# Characters that mean something in (GitHub) markdown inline text or a table row, each
# escaped with a backslash (the backslash first: the others add backslashes). One
# str.replace each: a regex substitution spent most of an export of a pasted 100 KB of
# brackets expanding its replacement once per match.
_MARKDOWN_SPECIALS = "\\`*_[]<>|~"
_ENTITY = re.compile(r"&(?=#?\w+;)")
# Anything md_text would change besides the ends' spaces: the specials, "&", line ends,
# tabs, and what ``clean`` takes out (controls, bidi controls, half surrogate pairs).
# Most points have none, and one search is a tenth of the work of escaping them.
_TOUCHED = re.compile(rf"[\\`*_\[\]<>|~&{UNCLEAN_OR_MULTILINE}]")


def md_text(value: str) -> str:
    """User text made literal for markdown: specials escaped, newlines folded to <br>."""
    if _TOUCHED.search(value) is None:
        return value.strip()
    value = clean(value).replace("\t", " ")
    for special in _MARKDOWN_SPECIALS:
        value = value.replace(special, "\\" + special)
    value = _ENTITY.sub(r"\\&", value)
    return "<br>".join(line.strip() for line in value.split("\n"))


# Owners, dues, areas and statuses repeat down a list of thousands: each is escaped once.
# Only these short cells: a cache of texts could hold thousands of pasted 100 KB points.
_md_cell = lru_cache(maxsize=4096)(md_text)


def _votes(count: int) -> str:
    return f"{count} vote" if count == 1 else f"{count} votes"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def actions(breakout: BreakoutView) -> list[PointView]:
    """A breakout's next steps, ranked by votes (ties in capture order); done and dropped
    ones last."""
    ranked = rank(p for p in breakout.points if p.kind == Kind.NEXT)
    return sorted(ranked, key=lambda p: not is_open_action(p))


PLAN_COLUMNS = ("Ref", "Area", "Action", "Owner", "Due", "Status", "Votes")


def shown_ref(point: PointView) -> str:
    """The ref an action has in its plan, then its own when the workshop gave it
    another ("A1 (B4)"), so that the room can still find it on the screen."""
    plan_ref = " ".join(clean(point.plan_ref or "").split())
    if plan_ref and plan_ref != point.ref:
        return f"{plan_ref} ({point.ref})"
    return plan_ref or point.ref


def area_text(point: PointView) -> str:
    """An action's themes as a plan's Area reads: "evening-opening" is "Evening opening"
    (imported again, the area is the same themes)."""
    return ", ".join(t[:1].upper() + t[1:].replace("-", " ") for t in point.themes)


def status_since(point: PointView) -> date | None:
    return point.status_at.date() if point.status_at else None


def _action_text(point: PointView) -> str:
    """An action's text for markdown, marked when done and saying where it came from."""
    text = ("✓ done · " if point.done else "") + md_text(point.text)
    if point.carried_from:
        text += f" (from {md_text(point.carried_from)})"
    return text


def _scores(breakout: BreakoutView) -> list[str]:
    """``Driving forces: total 17 — A1 … (score 5) · …`` when the breakout has scores."""
    total = score_total(breakout.points)
    if total is None:
        return []
    scored = sorted((p for p in breakout.points if p.score), key=lambda p: (-p.score, p.number))
    items = " · ".join(f"{p.ref} {md_text(p.text)} (score {p.score})" for p in scored)
    return [f"{md_text(breakout.title)}: total {total} — {items}", ""]


def _ranked_everywhere(workshop: WorkshopView, keep) -> list[PointView]:
    order = {b.letter: n for n, b in enumerate(workshop.breakouts)}
    chosen = [p for p in workshop.points if is_open_action(p) and keep(p)]
    return sorted(chosen, key=lambda p: (-p.votes, order[p.letter], p.number))


def _summary_line(workshop: WorkshopView) -> str:
    facts = [md_text(f) for f in (workshop.date, workshop.venue) if f]
    facts += [
        _plural(len(workshop.breakouts), "breakout"),
        _plural(len(workshop.points), "point"),
        _plural(len(workshop.voters), "voter"),
    ]
    return " · ".join(facts)


def _raised(label: str, points: list[PointView], blind: bool = False) -> list[str]:
    """``Barriers raised: A1 … (3) · …``, most votes first (ties in capture order); in a
    blind breakout without the counts."""
    if not points:
        return []
    counts = "" if blind else " ({})"
    items = " · ".join(f"{p.ref} {md_text(p.text)}{counts.format(p.votes)}" for p in rank(points))
    return [f"{label}: {items}", ""]


KIND_WORDS = {Kind.NEXT: "next step"}


def _point_items(points: list[PointView], numbered: bool) -> list[str]:
    """One line per point: ref, text, then its kind and votes."""
    lines = []
    for n, p in enumerate(points, 1):
        about = [KIND_WORDS.get(p.kind, p.kind.value)]
        if p.votes:
            about.append(_votes(p.votes))
        mark = f"{n}." if numbered else "-"
        lines.append(f"{mark} {p.ref} {_action_text(p)} ({' · '.join(about)})")
    return [*lines, ""]


def _priorities(breakout: BreakoutView) -> list[str]:
    """What the room voted for, whatever its kind: a note with 8 votes is a priority too."""
    voted = rank(p for p in breakout.points if p.votes)
    if not voted:
        return []
    return ["The room's priorities:", "", *_point_items(voted, numbered=True)]


BLIND_NOTE = "_Blind voting: the votes stay hidden until the facilitator reveals them._"
HIDDEN = "hidden"


def to_markdown(workshop: WorkshopView, include_all: bool = False) -> str:
    """The action list an organiser sends round: one section per breakout, then gaps."""
    workshop = conceal(workshop)
    blind = {b.letter for b in workshop.breakouts if b.blind}
    lines = [f"# {md_text(workshop.title)} — action list", _summary_line(workshop), ""]
    for breakout in workshop.breakouts:
        lines += [f"## {breakout.letter}. {md_text(breakout.title)}", ""]
        if breakout.prompt:
            lines += [f"> {md_text(breakout.prompt)}", ""]
        if breakout.blind:
            lines += [BLIND_NOTE, ""]
        votes = (lambda p: HIDDEN) if breakout.blind else (lambda p: p.votes)
        lines += _priorities(breakout)
        ranked = actions(breakout)
        if ranked:
            # The columns of an improvement plan, in the words its import reads back.
            lines += [f"| {' | '.join(PLAN_COLUMNS)} |", "|---" * len(PLAN_COLUMNS) + "|"]
            for p in ranked:
                owner = _md_cell(p.owner) if p.owner else MISSING
                due = _md_cell(p.due) if p.due else MISSING
                area = _md_cell(area_text(p))
                standing = _md_cell(standing_text(p.status, status_since(p), p.progress))
                lines.append(
                    f"| {shown_ref(p)} | {area} | {md_text(p.text)} | {owner} | {due} "
                    f"| {standing} | {votes(p)} |"
                )
            lines.append("")
        elif breakout.points and not include_all:  # --all lists every point below
            lines += ["_No next steps yet._ The points raised:", ""]
            lines += _point_items(rank(breakout.points), numbered=False)
        else:
            lines += ["_No next steps yet._", ""]
        lines += _scores(breakout)
        for label, kind in (("Barriers raised", Kind.BARRIER), ("Questions", Kind.QUESTION)):
            lines += _raised(label, [p for p in breakout.points if p.kind == kind], breakout.blind)
        if include_all and breakout.points:
            lines += [
                "All points:",
                "",
                "| Ref | Kind | Point | Owner | Due | Themes | Votes |",
                "|---|---|---|---|---|---|---|",
            ]
            for p in breakout.points:
                themes = " ".join(f"#{t}" for t in p.themes)
                lines.append(
                    f"| {p.ref} | {p.kind.value} | {_action_text(p)} | {md_text(p.owner or '')} "
                    f"| {md_text(p.due or '')} | {md_text(themes)} | {votes(p)} |"
                )
            lines.append("")
    for title, missing in (("Needs an owner", "owner"), ("Needs a due date", "due")):
        gaps = _ranked_everywhere(workshop, lambda p, field=missing: not getattr(p, field))
        lines += [f"## {title}", ""]
        if gaps:
            lines += [
                f"- {p.ref} {md_text(p.text)} "
                f"({'votes hidden' if p.letter in blind else _votes(p.votes)})"
                for p in gaps
            ]
        else:
            lines.append("_Every action has one._")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def point_dict(point: PointView, blind: bool = False) -> dict:
    """A point as plain JSON-ready values (the shape of ``show --json``); in a blind
    breakout its votes are null: hidden, not zero."""
    return {
        "ref": point.ref,
        "text": point.text,
        "kind": point.kind.value,
        "owner": point.owner,
        "due": point.due,
        "due_date": point.due_date.isoformat() if point.due_date else None,
        "themes": list(point.themes),
        "votes": None if blind else point.votes,
        "dots": None if blind else point.dots,
        "tally": None if blind else point.tally,
        "voters": None if blind else dict(point.voters),
        "captured_by": point.captured_by,
        "score": point.score,
        "done": point.done,
        "carried_from": point.carried_from,
        "plan_ref": point.plan_ref,
        "status": point.status,
        "status_at": point.status_at.isoformat() if point.status_at else None,
        "progress": point.progress,
    }


def workshop_dict(workshop: WorkshopView, include_all: bool = True) -> dict:
    """A workshop with its breakouts and points; only actions unless ``include_all``."""
    workshop = conceal(workshop)
    return {
        "workshop": {
            "slug": workshop.slug,
            "title": workshop.title,
            "date": workshop.date,
            "venue": workshop.venue,
            "dots_per_voter": workshop.dots_per_voter,
            "cap_per_point": workshop.cap_per_point,
            "template": workshop.template,
        },
        "breakouts": [
            {
                "letter": b.letter,
                "title": b.title,
                "prompt": b.prompt,
                "blind": b.blind,
                "points": [
                    point_dict(p, b.blind) for p in (b.points if include_all else actions(b))
                ],
            }
            for b in workshop.breakouts
        ],
    }


def to_json(workshop: WorkshopView, include_all: bool = False) -> str:
    """The workshop as JSON, shaped like ``show --json``; only actions unless ``include_all``."""
    return json.dumps(workshop_dict(workshop, include_all), ensure_ascii=False, indent=2) + "\n"


CSV_COLUMNS = (
    "ref", "breakout", "kind", "text", "owner", "due", "due_date", "themes",
    "votes", "dots", "tally", "captured_by", "score", "done", "carried_from",
    "plan_ref", "status", "status_at", "progress",
)  # fmt: skip


def to_csv(workshop: WorkshopView, include_all: bool = False) -> str:
    """One row per action (or per point with ``include_all``), breakout by breakout."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for breakout in conceal(workshop).breakouts:
        for p in breakout.points if include_all else actions(breakout):
            row = point_dict(p, breakout.blind)
            row["breakout"] = breakout.title
            row["themes"] = " ".join(p.themes)
            writer.writerow(["" if row[c] is None else row[c] for c in CSV_COLUMNS])
    return buffer.getvalue()


RENDERERS = {"md": to_markdown, "csv": to_csv, "json": to_json}


def export_text(workshop: WorkshopView, fmt: str = "md", include_all: bool = False) -> str:
    """The export of ``workshop`` in ``fmt`` (md, csv or json)."""
    return RENDERERS[fmt](workshop, include_all)


def default_name(workshop: WorkshopView, fmt: str, include_all: bool = False) -> str:
    """The file name an export gets when none is given: ``<slug>-actions.md``, or
    ``<slug>-plan.docx`` for the plan."""
    if fmt in PLAN_FORMATS:
        return f"{workshop.slug}-plan.{fmt}"
    return f"{workshop.slug}-{'points' if include_all else 'actions'}.{fmt}"


def write_export(content: str | bytes, folder: Path, name: str, force: bool = False) -> Path:
    """Write ``content`` (text as UTF-8, or bytes) to ``folder/name`` and return the
    path written.

    Refuses a path that leads outside ``folder`` (through '..', an absolute path or a
    link), a name or folder holding control characters, and an existing file unless
    ``force``. The file appears whole or not at all.
    """
    check_allowed("write export files")  # a browser session downloads its exports instead
    root = folder.resolve()
    target = (root / name).resolve()
    if not target.is_relative_to(root) or target == root:
        raise ExportRefused(
            f"Exports stay inside {folder}/: '{name}' leads outside it. "
            "Use -o - and redirect to write anywhere else."
        )
    if has_control(name) or has_control(str(folder)):
        # An ESC in a file name reaches the terminal in every listing of the folder.
        raise ExportRefused(
            "Export file and folder names cannot hold control characters, newlines or "
            "tabs; choose a plain name."
        )
    if target.is_dir():  # --force replaces a file, never a folder and all that is in it
        raise ExportRefused(f"{_shown(folder, target)} is a folder; name a file to write.")
    if target.exists() and not force:
        raise ExportRefused(f"{_shown(folder, target)} exists; add --force to overwrite it.")
    # Made only now: a refused export leaves no empty folder behind.
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".export-", suffix=".tmp")
    except OSError as error:
        raise _not_written(folder, target, error) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content.encode("utf-8") if isinstance(content, str) else content)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):  # a full or read-only disk: say which file, and why
            raise _not_written(folder, target, error) from None
        raise
    return Path(_shown(folder, target))


def _not_written(folder: Path, target: Path, error: OSError) -> WorkshopkitError:
    kept = "; the file already there is as it was" if target.exists() else ""
    return WorkshopkitError(
        f"Could not write {_shown(folder, target)}: {error.strerror or error}{kept}. "
        "Free some disk space or export to another folder, then try again."
    )


def _shown(folder: Path, target: Path) -> str:
    """The path as the user would write it: under the folder they named."""
    return str(folder / target.relative_to(folder.resolve()))
