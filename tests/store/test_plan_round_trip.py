"""An improvement plan exported and imported again is the same plan: for any plan, each
section keeps its letter and title, and each action its text, ref, area, owner, due and
status (with its date and note), through the markdown action list, the Word file and the
HTML page."""

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workshopkit.core.carry import STATUSES, standing_text
from workshopkit.core.files import export, plan_export
from workshopkit.core.importing.plan_import import read_import
from workshopkit.store.facade import Store

# Each example builds two stores and a Word file: a fifth of the run's usual count.
EXAMPLES = max(6, settings.default.max_examples // 5)
# Words as plan writers type them, markup and markdown's specials included; not a
# bullet, a '#' or '@' at the start of a cell, which an import reads as a list or tags.
WORD = st.from_regex(r"[A-Za-zéø]{1,8}[,.;!?&*_<>|\\`\[\]]?", fullmatch=True)
TEXT = st.lists(WORD, min_size=1, max_size=6).map(" ".join)
NAME = st.lists(st.from_regex(r"[A-Z][a-z]{1,8}", fullmatch=True), min_size=1, max_size=3).map(
    " ".join
)
THEME = st.from_regex(r"[a-z]{3,8}(-[a-z]{2,6})?", fullmatch=True)
WHEN = st.sampled_from(["", "March 2028", "2027-11-30", "Ongoing", "4th November – onwards"])
SINCE = st.one_of(st.none(), st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)))


@st.composite
def actions(draw):
    """One row of a plan: (ref, area themes, action, owner, due, status, since, note)."""
    status = draw(st.sampled_from(STATUSES))
    since = draw(SINCE) if status != "done" else draw(SINCE.filter(bool))
    return (
        draw(st.from_regex(r"[A-H][1-9]", fullmatch=True)),
        tuple(draw(st.lists(THEME, max_size=2, unique=True))),
        draw(TEXT),
        draw(st.one_of(st.just(""), NAME)),
        draw(WHEN),
        status,
        since,
        draw(st.one_of(st.none(), TEXT)),
    )


def _plan(sections: list[tuple[str, list[tuple]]]) -> str:
    lines = ["Harbour Plan Review", ""]
    for letter, (title, rows) in zip("ABCD", sections, strict=False):
        lines += [f"{letter}-{title}", "", "| Ref | Area | Action | Lead | Timescale | Progress |"]
        lines.append("|---|---|---|---|---|---|")
        for ref, themes, text, owner, due, status, since, note in rows:
            cells = [ref, ", ".join(themes), text, owner, due, standing_text(status, since, note)]
            lines.append("| " + " | ".join(export.md_text(c) for c in cells) + " |")
        lines.append("")
    return "\n".join(lines)


def _actions(store: Store, slug: str) -> list[tuple]:
    """What the round trip keeps of each action, in a stable order."""
    kept = [
        (
            p.plan_ref or p.ref,
            p.themes,
            p.text,
            p.owner,
            p.due,
            p.status,
            p.status_at.date() if p.status_at else None,
            p.progress,
        )
        for p in store.workshop(slug).points
        if p.kind.value == "next"
    ]
    return sorted(kept, key=repr)


def _import(store: Store, data: bytes, name: str) -> str:
    return store.import_notes(read_import(data, name)).slug


SECTIONS = st.lists(
    st.tuples(NAME, st.lists(actions(), min_size=1, max_size=4)), min_size=1, max_size=3
)


@pytest.mark.sqlite_only
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sections=SECTIONS)
def test_a_plan_exported_and_imported_again_has_the_same_actions(tmp_path_factory, sections):
    path = tmp_path_factory.mktemp("round") / "s.db"
    with Store(str(path), "Officer") as store:
        first = _import(store, _plan(sections).encode(), "plan.md")
        before = _actions(store, first)
        assert len(before) == sum(len(rows) for _, rows in sections)  # nothing lost coming in
        view = store.workshop(first)
        exported = {
            "plan.md": export.to_markdown(view).encode(),
            "plan.html": plan_export.to_plan_html(view).encode(),
            "plan.docx": plan_export.to_plan_docx(view),
        }
        sections_before = [(b.letter, b.title) for b in view.breakouts]
        for name, data in exported.items():
            again = _import(store, data, name)
            assert _actions(store, again) == before, name
            sections = [(b.letter, b.title) for b in store.workshop(again).breakouts]
            assert sections == sections_before, name  # each heading keeps its letter
