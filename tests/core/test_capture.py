"""The capture language, as DESIGN.md describes it, and its round trip."""

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from workshopkit.core.capture import Captured, as_typed, parse, theme_word
from workshopkit.core.kinds import Kind
from workshopkit.core.text import clean


def test_design_examples():
    assert parse("Terms and conditions differ between partners #barrier #workforce") == Captured(
        "Terms and conditions differ between partners", Kind.BARRIER, themes=("workforce",)
    )
    assert parse('Joint training for members @"Members Support" due:2010-03 #next') == Captured(
        "Joint training for members", Kind.NEXT, owner="Members Support", due="2010-03"
    )
    assert parse("Do members need more support? #question") == Captured(
        "Do members need more support?", Kind.QUESTION
    )


@pytest.mark.parametrize(
    ("tag", "kind"),
    [
        ("#barrier", Kind.BARRIER),
        ("#b", Kind.BARRIER),
        ("#next", Kind.NEXT),
        ("#n", Kind.NEXT),
        ("#action", Kind.NEXT),
        ("#question", Kind.QUESTION),
        ("#q", Kind.QUESTION),
        ("#idea", Kind.IDEA),
        ("#i", Kind.IDEA),
        ("#Barrier", Kind.BARRIER),
        ("#note", Kind.NOTE),
    ],
)
def test_kind_tags_and_aliases(tag, kind):
    point = parse(f"Something was said {tag}")
    assert point.kind == kind
    assert point.text == "Something was said"
    assert point.themes == ()


def test_last_kind_wins_and_themes_keep_order_without_repeats():
    point = parse("#barrier Parking #q is hard #Transport #transport #access")
    assert point.kind == Kind.QUESTION
    assert point.text == "Parking is hard"
    assert point.themes == ("Transport", "access")


def test_owners():
    assert parse("Book the hall @Sam").owner == "Sam"
    assert parse("Book the hall, ask @Sam.").owner == "Sam"
    assert parse('Book the hall @"Parish Council"').owner == "Parish Council"
    assert parse("Book the hall @Sam @Alex").owner == "Sam, Alex"
    assert parse('@"Quote \\" inside" x').owner == 'Quote " inside'


def test_due_forms():
    assert parse("x due:2027-03-31").due == "2027-03-31"
    assert parse("x due:2027-03").due == "2027-03"
    assert parse('x due:"March 2027"').due == "March 2027"
    assert parse("x Due:Ongoing").due == "Ongoing"


def test_escapes_keep_literal_characters():
    point = parse(r"We are \#1 for \@home visits \due:soon")
    assert point.text == "We are #1 for @home visits due:soon"
    assert point.kind == Kind.NOTE and point.owner is None and point.due is None


def test_unreadable_markers_stay_in_the_text():
    for source in ["email sam@example.org", "C# and F#", "#1 priority", "@ alone", "due: later",
                   '@"never closed', 'due:"open', "50% #", "a @\"b\"c"]:  # fmt: skip
        point = parse(source)
        assert point.text == source, source
        assert point.owner is None and point.due is None and point.themes == ()


def test_a_second_due_stays_in_the_text_and_is_named():
    point = parse("Bad date due:2027-13 and @ # x due:31/03/2027")
    assert point.due == "31/03/2027"
    assert point.text == "Bad date due:2027-13 and @ # x"  # nothing typed vanished
    assert point.unapplied == ("due:2027-13",)
    quoted = parse('due:"March 2027" Book the hall due:2027-04')
    assert (quoted.text, quoted.due) == ('due:"March 2027" Book the hall', "2027-04")
    assert parse(as_typed(point)) == point  # the kept marker is text, not a due, from now on
    assert parse("One due:2027-04").unapplied == ()


def test_text_keeps_inner_whitespace_and_newlines_but_not_controls():
    point = parse("first line\nsecond\tline \x1b[31mred\x07 #b")
    assert point.text == "first line\nsecond\tline [31mred"
    assert point.kind == Kind.BARRIER


def test_markup_like_text_is_just_text():
    point = parse("[bold]x [/] [@click=app.quit]y")
    assert point.text == "[bold]x [/] [@click=app.quit]y"


def test_only_markers_gives_empty_text():
    assert parse("#barrier @Sam").text == ""


def test_render_examples():
    point = Captured("Joint training", Kind.NEXT, "Members Support", "March 2027", ("skills",))
    assert as_typed(point) == 'Joint training #next #skills @"Members Support" due:"March 2027"'
    assert as_typed(Captured("We are #1 and #barrier free")) == r"We are #1 and \#barrier free"


def test_theme_word():
    assert theme_word("#workforce") == "workforce"
    assert theme_word("net-zero") == "net-zero"
    assert theme_word("two words") is None
    assert theme_word("#1") is None
    assert theme_word("barrier") is None  # a kind, not a theme


# -- round trip ---------------------------------------------------------------------------

# Text made of words that look like markers as often as words that do not.
_tricky_word = st.sampled_from(
    ["#barrier", "#next", "#q", "#theme", "#1", "#", "@Sam", '@"', "@", "due:2027", "due:",
     'due:"x', "\\", "\\#", "\\\\", "[bold]", "[/]", "a|b", "Sam.", '"', "C#", "é", "👍"]
)  # fmt: skip
_word = st.one_of(_tricky_word, st.text(min_size=1, max_size=8))
_source = st.lists(
    st.tuples(_word, st.sampled_from([" ", "  ", "\n", "\t", " \u00a0"])), max_size=12
).map(lambda pairs: "".join(word + space for word, space in pairs))


@given(_source)
@example('@"a \\" b" x')
@example("\\ lone backslash")
@example("x #İ")
def test_parse_of_render_of_parse_is_stable(source):
    point = parse(source)
    assert parse(as_typed(point)) == point


_theme = st.from_regex(r"[^\W\d_][\w-]{0,10}", fullmatch=True).filter(
    lambda t: theme_word(t) is not None
)
# Values as the store keeps them: cleaned (no bidi override either), on one line.
_value = st.text(st.characters(exclude_categories=["Cc", "Cs"]), min_size=1, max_size=20).map(
    lambda v: " ".join(clean(v).split())
)


@st.composite
def _points(draw):
    text = " ".join(draw(_source).split()) or "x"
    text = parse(text).text or "x"  # a text as the store keeps it
    themes = draw(st.lists(_theme, max_size=4, unique_by=str.casefold))
    return Captured(
        text=text,
        kind=draw(st.sampled_from(list(Kind))),
        owner=draw(st.one_of(st.none(), _value.filter(bool))),
        due=draw(st.one_of(st.none(), _value.filter(bool))),
        themes=tuple(themes),
    )


@given(_points())
def test_render_then_parse_gives_the_point_back(point):
    assert parse(as_typed(point)) == point
