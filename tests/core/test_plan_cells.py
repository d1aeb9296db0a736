"""A cell of an improvement plan's table read into its lead-in and its actions."""

from hypothesis import given
from hypothesis import strategies as st

from workshopkit.core.importing.plan_cells import NESTED_BULLETS, TOP_BULLETS, read_cell


def test_bullets_typed_inside_a_pasted_list_are_one_action_each():
    cell = read_cell('<ul style="list-style-type: none"> ▪ Paint the hall ▪ Fix the gate </ul>')
    assert cell.items == ("Paint the hall", "Fix the gate")
    assert cell.lead_in == ""


def test_a_nested_list_stays_with_the_action_above_it():
    cell = read_cell(
        '<ul style="a"> ▪ Check every site, covering: <ul style="b"> ○ Ramps ○ Doors </ul>'
        " ▪ Repair the worst two first </ul>"
    )
    assert cell.items == ("Check every site, covering: Ramps; Doors", "Repair the worst two first")


def test_a_lead_in_paragraph_is_kept_apart_from_the_actions():
    cell = read_cell("<p>The club will look at:</p> <ul>▪ One form▪ A mentor each</ul>")
    assert cell.lead_in == "The club will look at:"
    assert cell.items == ("One form", "A mentor each")


def test_list_items_and_inline_markup():
    cell = read_cell(
        "<ul><li>First <b>bold</b> step</li><li>Then<ul><li>a</li><li>b</li></ul></li></ul>"
    )
    assert cell.items == ("First bold step", "Then: a; b")


def test_dashes_are_bullets_only_in_a_list_that_starts_with_one():
    assert read_cell("<p>Roads</p> <ul> - Buses stop early - Parking costs </ul>").items == (
        "Buses stop early",
        "Parking costs",
    )
    assert read_cell("Plan A - the costs").texts == ("Plan A - the costs",)


def test_plain_text_with_bullets_one_per_line_and_nested():
    cell = read_cell("• one\n• two\n  ◦ two-a\n• three")
    assert cell.items == ("one", "two: two-a", "three")


def test_a_cell_without_a_list_is_one_action():
    assert read_cell("Hold a yearly party with the school").texts == (
        "Hold a yearly party with the school",
    )
    assert read_cell("").texts == ()


def test_entities_are_read_and_scripts_dropped():
    cell = read_cell("<ul><li>Tea &amp; cake</li></ul><script>alert(1)</script>")
    assert cell.texts == ("Tea & cake",)


words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ,.'", min_size=1, max_size=30).filter(
    lambda text: text.strip(" ,.'")
)


@given(
    st.lists(words, min_size=1, max_size=8),
    st.sampled_from(TOP_BULLETS),
    st.booleans(),
)
def test_every_item_is_exactly_one_action_and_no_markup_survives(items, bullet, as_li):
    if as_li:
        source = "<ul>" + "".join(f'<li style="x">{item}</li>' for item in items) + "</ul>"
    else:
        typed = "".join(f" {bullet} {item}" for item in items)
        source = f'<ul style="list-style-type: none">{typed} </ul>'
    cell = read_cell(source)
    assert cell.items == tuple(" ".join(item.split()) for item in items)
    for text in cell.texts:
        assert "<" not in text and ">" not in text and "style" not in text
        assert not set(text) & set(TOP_BULLETS + NESTED_BULLETS)
