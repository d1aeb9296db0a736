"""Import never loses a line and never invents one, whatever shape the notes take."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from workshopkit.core.importing.notes import join_context, parse_notes

# Words as people type them: letters (some accented), sometimes ending in ':' or '?'
# or ','. No '#', '@' or '\\' (the capture language has its own tests) and no '*' or '_'
# (markdown emphasis is taken off, on purpose).
# Each example is a few milliseconds of parsing: five times the run's usual count.
EXAMPLES = 5 * settings.default.max_examples
WORD = st.from_regex(r"[A-Za-zéüßøÅ]{2,9}[:?,]?", fullmatch=True)
WORDS = st.lists(WORD, min_size=1, max_size=7)
SPACE = st.sampled_from([" ", "  ", "\t", "\u00a0", " \u00a0"])
INDENT = st.sampled_from(["", "  ", "    ", "\t", "\t\t", " ", "      "])
MARKER = st.sampled_from(["- ", "* ", "+ ", "• ", "·", "1. ", "12) ", "a) ", "(b) ", "– "])
MARK = st.sampled_from(["✓ ", "× ", "✗ "])  # stay in the text
END = st.sampled_from(["\n", "\r\n", "\r"])
TRAIL = st.sampled_from(["", " ", "\t", "  "])


@st.composite
def line(draw):
    """(rendered line, what it is, the text it must keep; None for a blank line)."""
    shape = draw(st.sampled_from(["bullet", "bullet", "mark", "plain", "heading", "blank"]))
    words = draw(WORDS)
    joined = words[0] + "".join(draw(SPACE) + w for w in words[1:])
    text = " ".join(words)
    trail = draw(TRAIL)
    if shape == "blank":
        return draw(st.sampled_from(["", " ", "\t"])), "blank", None
    if shape == "bullet":
        return draw(INDENT) + draw(MARKER) + joined + trail, "bullet", text
    if shape == "mark":
        mark = draw(MARK)
        return draw(INDENT) + mark + joined + trail, "bullet", mark + text
    if shape == "heading":
        return "#" * draw(st.integers(1, 3)) + " " + joined + trail, "heading", text
    return draw(st.sampled_from(["", " "])) + joined + trail, "plain", text


@st.composite
def notes(draw):
    lines = draw(st.lists(line(), min_size=1, max_size=40))
    end = draw(END)  # one style per file: "\r" then "\n" would make one line end of two
    return "".join(rendered + end for rendered, _, _ in lines), lines


@settings(max_examples=EXAMPLES, deadline=None)
@given(notes())
def test_every_line_is_a_heading_or_a_point_and_nothing_is_invented(generated):
    source, lines = generated
    plan = parse_notes(source, "notes.txt")
    by_line = {}
    for point in plan.points:
        assert point.line not in by_line, "one line made two points"
        by_line[point.line] = point
    headings = set(plan.headings)
    assert plan.skipped == ()  # every generated line has words: none has nothing to keep
    for number, (_, shape, text) in enumerate(lines, 1):
        if shape == "blank":
            assert number not in by_line and number not in headings
            continue
        if shape == "bullet":
            assert number in by_line, f"bullet on line {number} is not a point"
        if number in headings:
            continue
        point = by_line.get(number)
        assert point is not None, f"line {number} was lost"
        # The line's own text, exactly (whitespace tidied), is in the point's text...
        assert point.own == text
        assert text in point.text
        # ...and anything before it is the text of the point it hangs under.
        assert point.text == join_context(point.context, point.own)
        if point.context is not None:
            assert any(other.text == point.context and other.line < number for other in plan.points)
    # Nothing comes from nowhere: every point is one source line that had text.
    assert set(by_line) <= {n for n, (_, shape, _) in enumerate(lines, 1) if shape != "blank"}
    # Headings live on as breakout titles (or the workshop's title).
    titled = " ".join([plan.title, *(b.title for b in plan.breakouts)])
    for number in headings:
        assert lines[number - 1][2].rstrip(":") in titled


# What a skipped line may hold: rules, an empty heading, or a bullet with nothing after.
SKIPPABLE = re.compile(
    r"\s*([-*_=~+#](\s*[-*_=~+#]){2,}|#{1,6}|[-*+•·◦▪▫‣⁃●○■□►▸➢➤–—]|\d{1,3}[.)]|[a-z][.)]"
    r"|\((\d{1,3}|[a-zA-Z]|[ivx]{1,4})\)|={2,}|-{2,})?\s*"
)


# Any characters, with the ones that make structure (bullets, marks, line ends) common.
ANY_TEXT = st.text(
    alphabet=st.one_of(st.characters(), st.sampled_from(list("-*#•✓×1a.) \t\n\r:?\u00a0"))),
    max_size=400,
)


@settings(max_examples=EXAMPLES, deadline=None)
@given(ANY_TEXT)
def test_any_text_at_all_is_read_without_error_and_every_line_accounted_for(text):
    plan = parse_notes(text)
    points = [p.line for p in plan.points]
    assert len(points) == len(set(points))
    taken = set(points) | set(plan.headings) | set(plan.skipped)
    assert len(taken) == len(points) + len(plan.headings) + len(plan.skipped)
    for number, raw in enumerate(text.splitlines(), 1):
        if any(char.isalnum() for char in raw) and number not in taken:
            raise AssertionError(f"line {number} {raw!r} was lost")
        if number in plan.skipped:
            visible = "".join(c for c in raw if c.isprintable() or c.isspace())
            assert SKIPPABLE.fullmatch(visible.replace("\u200b", "")), raw
    assert all(p.text.strip() for p in plan.points)
    assert plan.title.strip() and all(b.title.strip() for b in plan.breakouts)
