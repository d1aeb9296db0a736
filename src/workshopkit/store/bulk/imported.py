"""Writing an import plan (see ``importer.py``) into the store: one transaction, all or nothing.

``Store.import_notes`` opens the transaction and calls ``import_plan``. The target workshop
is found (by slug, the start of one, or its title) or created; a planned breakout whose
title the workshop already has is added to, the others take the next letters; points are
numbered after the breakout's highest number, tombstones included, as every capture is.
Kinds, owners, dues and themes are set as columns, never by adding tags to the text.
"""

import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time

from sqlalchemy import Connection, Row, func, insert, select

from workshopkit.core.carry import DONE
from workshopkit.core.errors import NotFound, WorkshopkitError
from workshopkit.core.importing.notes import ImportPlan, PlannedPoint, Progress
from workshopkit.core.kinds import Kind
from workshopkit.core.refs import breakout_letter
from workshopkit.core.text import one_line, slugify
from workshopkit.store import lookup
from workshopkit.store.core import StoreCore
from workshopkit.store.models import Breakout, Point, Workshop, utcnow
from workshopkit.store.row_views import new_point_row, point_values

CHUNK = 500  # points per INSERT: big imports report progress, and statements stay a sane size

_NAMES = {  # one, several
    Kind.BARRIER: ("barrier", "barriers"),
    Kind.NEXT: ("next step", "next steps"),
    Kind.QUESTION: ("question", "questions"),
    Kind.IDEA: ("idea", "ideas"),
}


@dataclass(frozen=True)
class ImportedBreakout:
    """What an import put in (or would put in) one breakout."""

    letter: str
    title: str
    created: bool  # False: the workshop had a breakout of this title, and it was added to
    first: int  # the number of its first new point
    count: int  # how many points
    kinds: tuple[tuple[Kind, int], ...]  # points of each kind, in the kinds' order

    def refs(self) -> str:
        """'A1–A12', 'A7', or '' when no point was added."""
        if not self.count:
            return ""
        last = self.first + self.count - 1
        return f"{self.letter}{self.first}" + (f"–{self.letter}{last}" if last > self.first else "")


@dataclass(frozen=True)
class ImportReport:
    """What an import created, breakout by breakout."""

    slug: str
    title: str
    created: bool  # a new workshop
    breakouts: tuple[ImportedBreakout, ...]
    dry_run: bool

    @property
    def points(self) -> int:
        """Points added in all."""
        return sum(b.count for b in self.breakouts)


FindWorkshop = Callable[[Connection, str], Row]


def _target(connection: Connection, key: str, find: FindWorkshop) -> Row | None:
    """The live workshop ``key`` names by slug, start of a slug, or title; None if none."""
    try:
        return find(connection, key)
    except NotFound:
        pass
    wanted = one_line(key).casefold()
    titled = [
        row
        for row in connection.execute(select(Workshop).where(Workshop.deleted_at.is_(None)))
        if one_line(row.title).casefold() == wanted
    ]
    if len(titled) > 1:
        slugs = ", ".join(sorted(row.slug for row in titled))
        raise WorkshopkitError(
            f"Several workshops are titled '{one_line(key)}' ({slugs}); give a slug."
        )
    return titled[0] if titled else None


def _kinds(points) -> tuple[tuple[Kind, int], ...]:
    counts = Counter(p.captured.kind for p in points)
    return tuple((kind, counts[kind]) for kind in Kind if counts[kind])


def _plan_values(point: PlannedPoint, now: datetime) -> dict:
    """An improvement plan's ref, status and progress note on an imported action."""
    values: dict = {"plan_ref": point.plan_ref}
    standing = point.standing
    if standing is not None:
        # The plan's date when it gives one; else none, but a done action is done now.
        since = None
        if standing.since is not None:
            since = datetime.combine(standing.since, time(12), UTC)
        elif standing.status == DONE:
            since = now
        values.update(
            status=standing.status,
            status_at=since,
            progress=standing.note,
            done_at=since if standing.status == DONE else None,
        )
    return values


def import_plan(
    connection: Connection,
    stamp: dict | None,
    plan: ImportPlan,
    workshop: str | None,
    find: FindWorkshop,
    progress: Progress | None = None,
) -> ImportReport:
    """Write ``plan`` in the open transaction; with ``stamp`` None, only say what it would do.

    ``stamp`` is the store's who-when-revision of the transaction. ``workshop`` names the
    workshop to add to; one that matches none is created with that title; None creates one
    titled from the plan.
    """
    if workshop is not None and not one_line(workshop):
        raise WorkshopkitError("--workshop needs a slug or a title.")
    row = None if workshop is None else _target(connection, workshop, find)
    if row is None:
        title = one_line(workshop) if workshop is not None else plan.title
        slug, workshop_id, existing = lookup.free_slug(connection, title), uuid.uuid4(), {}
        taken: set[str] = set()
    else:
        title, slug, workshop_id = row.title, row.slug, row.id
        rows = connection.execute(select(Breakout).where(Breakout.workshop_id == row.id)).all()
        taken = {b.letter for b in rows}  # letters of deleted breakouts stay taken
        existing = {one_line(b.title).casefold(): b for b in rows if b.deleted_at is None}
    # A plan's section keeps the letter its heading gives it when that letter is free.
    wanted = [p.letter for p in plan.breakouts if p.title.casefold() not in existing]
    reserved = {
        letter
        for letter in wanted
        if letter and letter.isupper() and wanted.count(letter) == 1 and letter not in taken
    }
    taken |= reserved
    used = 0
    targets = []  # (breakout id, letter, first number, created, planned breakout)
    for planned in plan.breakouts:
        found = existing.get(planned.title.casefold())
        if found is not None:
            highest = connection.execute(
                select(func.coalesce(func.max(Point.number), 0)).where(
                    Point.breakout_id == found.id
                )
            ).scalar_one()
            targets.append((found.id, found.letter, highest + 1, False, planned))
        elif planned.letter in reserved:
            targets.append((uuid.uuid4(), planned.letter, 1, True, planned))
        else:
            while breakout_letter(used) in taken:
                used += 1
            taken.add(breakout_letter(used))
            targets.append((uuid.uuid4(), breakout_letter(used), 1, True, planned))
    report = ImportReport(
        slug=slug,
        title=title,
        created=row is None,
        breakouts=tuple(
            ImportedBreakout(letter, p.title, created, first, len(p.points), _kinds(p.points))
            for _, letter, first, created, p in targets
        ),
        dry_run=stamp is None,
    )
    if stamp is None:
        return report
    now = utcnow()
    if row is None:
        connection.execute(
            insert(Workshop).values(
                id=workshop_id,
                slug=slug,
                title=title,
                dots_per_voter=5,
                cap_per_point=3,
                created_at=now,
                **stamp,
            )
        )
    for breakout_id, letter, _, created, planned in targets:
        if created:
            connection.execute(
                insert(Breakout).values(
                    id=breakout_id,
                    workshop_id=workshop_id,
                    letter=letter,
                    title=planned.title,
                    prompt=planned.prompt,
                    created_at=now,
                    **stamp,
                )
            )
    rows = [
        {
            **new_point_row(breakout_id, stamp["changed_by"], now),
            "number": first + n,
            **stamp,
            **point_values(point.captured),
            **_plan_values(point, now),
        }
        for breakout_id, _, first, _, planned in targets
        for n, point in enumerate(planned.points)
    ]
    for start in range(0, len(rows), CHUNK):
        connection.execute(insert(Point.__table__), rows[start : start + CHUNK])
        if progress is not None:
            progress(min(start + CHUNK, len(rows)), len(rows))
    return report


def preview_new(plan: ImportPlan, workshop: str | None) -> ImportReport:
    """What ``import_plan`` would do in a store that has no workshops yet."""
    if workshop is not None and not one_line(workshop):
        raise WorkshopkitError("--workshop needs a slug or a title.")
    title = one_line(workshop) if workshop is not None else plan.title
    return ImportReport(
        slug=slugify(title),
        title=title,
        created=True,
        breakouts=tuple(
            ImportedBreakout(breakout_letter(i), p.title, True, 1, len(p.points), _kinds(p.points))
            for i, p in enumerate(plan.breakouts)
        ),
        dry_run=True,
    )


def plan_line(plan: ImportPlan, name: str) -> str:
    """One line on what was read: lines, encoding, headings, points, skipped lines."""
    encoding = "" if plan.encoding in ("utf-8", "ascii") else f" as {plan.encoding} (not UTF-8)"
    if plan.found:
        return f"Read {one_line(name)}{encoding} as {plan.found}."
    line = (
        f"Read {one_line(name)}{encoding}: {plan.lines} lines, {len(plan.headings)} headings, "
        f"{len(plan.points)} points"
    )
    if plan.skipped:
        shown = ", ".join(str(n) for n in plan.skipped[:8]) + ("…" if len(plan.skipped) > 8 else "")
        line += f"; {len(plan.skipped)} lines with no text skipped (rules, bare bullets: {shown})"
    return line + "."


def report_lines(report: ImportReport) -> list[str]:
    """What an import created, one line per breakout, as the CLI and the TUI show it."""
    verb = "Would create" if report.dry_run else "Created"
    if report.created:
        head = f"{verb} workshop '{report.title}' ({report.slug})"
    else:
        head = f"{'Would add' if report.dry_run else 'Added'} to '{report.title}' ({report.slug})"
    count = len(report.breakouts)
    lines = [
        f"{head}: {report.points} point{'' if report.points == 1 else 's'} in "
        f"{count} breakout{'' if count == 1 else 's'}."
    ]
    width = max((len(b.title) for b in report.breakouts), default=0)
    width = min(width, 40)
    for b in report.breakouts:
        title = b.title if len(b.title) <= width else b.title[: width - 1] + "…"
        kinds = ", ".join(f"{n} {_NAMES[k][n != 1]}" for k, n in b.kinds if k in _NAMES)
        points = f"{b.count} point{'' if b.count == 1 else 's'}"
        lines.append(
            f"  {b.letter:<2} {title:<{width}}  {'new' if b.created else 'adds':<4}  "
            f"{points:>10}  {b.refs():<9}  {kinds}".rstrip()
        )
    return lines


def write_import(
    store: StoreCore,
    plan: ImportPlan,
    workshop: str | None,
    dry_run: bool,
    progress: Progress | None,
) -> ImportReport:
    """``Store.import_notes``: the plan in one transaction, or read-only for a dry run."""
    if dry_run:
        with store._read() as connection:
            return import_plan(connection, None, plan, workshop, lookup.find_workshop)
    with store._write() as connection:
        stamp = store._stamp(connection)
        return import_plan(connection, stamp, plan, workshop, lookup.find_workshop, progress)
