"""Templates and force-field scores: breakouts with prompts, a score typed, totals per side."""

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from workshopkit.core.capture import Captured, as_typed, parse
from workshopkit.core.errors import Ambiguous, NotFound
from workshopkit.core.files import export
from workshopkit.core.kinds import Kind
from workshopkit.core.templates import TEMPLATES, find_template, score_total, template_names
from workshopkit.store.sqlite_read import read_workshop

# -- the templates ------------------------------------------------------------------------


def test_the_six_formats_are_there_each_with_prompts():
    assert template_names() == [
        "barriers-next-steps",
        "works-stop",
        "start-stop-continue",
        "force-field",
        "lessons-learnt",
        "questions",
    ]
    for template in TEMPLATES:
        assert template.description and "\n" not in template.description
        assert template.breakouts
        assert all(b.title and b.prompt for b in template.breakouts)
    titles = [b.title for b in find_template("start-stop-continue").breakouts]
    assert titles == ["Start", "Stop", "Continue"]
    force_field = [b.title for b in find_template("force-field").breakouts]
    assert force_field[:2] == ["Driving forces", "Resisting forces"]


def test_a_unique_start_of_a_name_or_any_case_picks_the_template():
    assert find_template("force").name == "force-field"
    assert find_template("Lessons-Learnt").name == "lessons-learnt"


def test_an_unknown_template_names_every_template():
    with pytest.raises(NotFound) as refused:
        find_template("retro")
    message = str(refused.value)
    assert "'retro'" in message
    assert all(name in message for name in template_names())
    assert "\n" not in message


def test_a_start_shared_by_two_templates_is_refused(monkeypatch):
    from workshopkit.core import templates

    twins = (
        templates.Template("retro-short", "A quick look back", ()),
        templates.Template("retro-long", "A long look back", ()),
    )
    monkeypatch.setattr(templates, "TEMPLATES", twins)
    with pytest.raises(Ambiguous) as refused:
        find_template("retro")
    assert "retro-short, retro-long" in str(refused.value)
    assert find_template("retro-l").name == "retro-long"


def test_new_workshop_from_a_template_gets_its_breakouts_prompts_and_name(store):
    view = store.create_workshop("Library Move", ["Any other business"], template="force-field")
    assert view.template == "force-field"
    assert [(b.letter, b.title) for b in view.breakouts] == [
        ("A", "Driving forces"),
        ("B", "Resisting forces"),
        ("C", "Next steps"),
        ("D", "Any other business"),
    ]
    prompts = [b.prompt for b in view.breakouts]
    assert prompts[:3] == [b.prompt for b in find_template("force-field").breakouts]
    assert prompts[3] is None
    assert store.workshop(view.slug).template == "force-field"


def test_an_unknown_template_creates_nothing(store):
    with pytest.raises(NotFound):
        store.create_workshop("Library Move", template="retro")
    assert store.list_workshops() == []


# -- the score in the capture language ------------------------------------------------------


def test_a_score_is_typed_as_score_colon_one_to_five():
    assert parse("Council backing score:4") == Captured("Council backing", score=4)
    # One score per point: the last one; the other stays in the text, as typed.
    two = parse("Staff shortages #barrier SCORE:2 score:5")
    assert (two.score, two.text, two.unapplied) == (5, "Staff shortages SCORE:2", ("SCORE:2",))
    assert parse("Funding score:9").text == "Funding score:9"  # not 1–5: stays in the text
    assert parse("Funding score:0 score:").score is None
    assert parse(r"Final \score:3").text == "Final score:3"


def test_a_score_renders_back_and_score_like_text_is_escaped():
    assert as_typed(Captured("Council backing", Kind.NOTE, score=4)) == "Council backing score:4"
    assert as_typed(Captured("Final score:3")) == r"Final \score:3"


_word = st.one_of(
    st.sampled_from(["score:1", "score:5", "Score:3", "score:6", "score:", "score:44",
                     "\\score:2", "#next", "@Sam", "due:2027", "x", "é"]),
    st.text(min_size=1, max_size=6),
)  # fmt: skip
_source = st.lists(st.tuples(_word, st.sampled_from([" ", "  ", "\n"])), max_size=10).map(
    lambda pairs: "".join(word + space for word, space in pairs)
)


@given(_source)
@example("score:3 score:x")
def test_parse_of_render_of_parse_is_stable_with_scores(source):
    point = parse(source)
    assert parse(as_typed(point)) == point


@given(
    st.text(min_size=1, max_size=20).map(lambda t: parse(t).text or "x"),
    st.one_of(st.none(), st.integers(1, 5)),
)
def test_render_then_parse_keeps_the_score(text, score):
    point = Captured(text=text, kind=Kind.NOTE, score=score)
    assert parse(as_typed(point)) == point


# -- scores in the store and the totals per side ---------------------------------------------


@pytest.fixture
def forces(store):
    view = store.create_workshop("Library Move", template="force-field")
    driving, resisting, _ = view.breakouts
    store.add_points(
        driving,
        ["Council backing score:4", "Keen volunteers score:5", "Bigger site", "Bus route score:3"],
    )
    store.add_points(resisting, ["Staff shortages score:2", "Lease runs to 2028 score:1"])
    return store.workshop(view.slug)


def test_scores_are_kept_and_total_per_side(forces):
    driving, resisting, steps = forces.breakouts
    assert [p.score for p in driving.points] == [4, 5, None, 3]
    assert score_total(driving.points) == 12
    assert score_total(resisting.points) == 3
    assert score_total(steps.points) is None  # no scores: no total to show


def test_editing_keeps_or_changes_a_score_and_a_deleted_force_leaves_the_total(store, forces):
    store.edit_point(forces.slug, "A1", "Council backing in writing score:5")
    assert store.point(forces.slug, "A1").score == 5
    store.delete_point(forces.slug, "A2")
    assert score_total(store.workshop(forces.slug).breakouts[0].points) == 8


def test_the_action_list_shows_each_sides_total(forces):
    text = export.to_markdown(forces)
    lines = text.splitlines()
    driving = next(line for line in lines if line.startswith("Driving forces: total"))
    assert driving.startswith("Driving forces: total 12 — ")
    # Strongest first.
    assert driving.index("A2 Keen volunteers (score 5)") < driving.index("A1 Council backing")
    assert any(line.startswith("Resisting forces: total 3 — ") for line in lines)
    assert not any(line.startswith("Next steps: total") for line in lines)
    assert export.workshop_dict(forces)["workshop"]["template"] == "force-field"


@pytest.mark.sqlite_only
def test_the_quick_read_sees_scores_and_the_template(forces, store):
    assert read_workshop(store.location.path, forces.slug) == store.workshop(forces.slug)
