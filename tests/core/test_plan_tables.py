"""The action tables of an improvement plan, pasted as tab-separated rows, read by their
headers into rows of actions with their ref, area, lead and timescale."""

from hypothesis import given
from hypothesis import strategies as st

from workshopkit.core.importing.plan_tables import (
    header_fields,
    html_tables,
    markdown_tables,
    normal_ref,
    plan_rows,
    read_tab_rows,
)

PLAN = "\n".join(
    [
        "Harbour Plan",
        "",
        "A-Getting Around",
        "",
        "Ref\tArea for Improvement\tAction\tLead\tTimescales",
        'A1.\tFerries\t<ul style="list-style-type: none"> ▪ Print one timetable ▪ Add a late'
        " boat </ul>\tTransport Desk\tMay 2027",
        "A2\tParking\tMark bays for blue badges\tEstates\t",
        "Ref\tArea for Improvement\tAction\tLead\tTimescales",  # a page break's header again
        'A3\tSignage\t<p>The desk will look at:</p><ul style="x">▪ Maps▪ Arrows</ul>\tDesk'
        '\t<ul style="y"> ▪ June ▪ July </ul>',
        "",
        "B-Money",
        "",
        "STATUS\tWHO\tWhat\tNo.",  # other names, another order, upper case
        "Done\tTreasurer\tOpen a joint account\tB1",
    ]
)


def test_rows_under_headers_with_their_fields():
    rows, unread = read_tab_rows(PLAN)
    assert unread == []
    assert [row.ref for row in rows] == ["A1", "A2", "A3", "B1"]
    first = rows[0]
    assert first.actions == ("Print one timetable", "Add a late boat")
    assert (first.area, first.lead, first.timescales) == (
        "Ferries",
        "Transport Desk",
        ("May 2027", "May 2027"),
    )


def test_a_repeated_header_is_never_a_row_and_an_empty_timescale_stays_empty():
    rows, _ = read_tab_rows(PLAN)
    assert not any("Area for Improvement" in action for row in rows for action in row.actions)
    assert rows[1].timescales == ("",)


def test_a_lead_in_stays_with_the_row_and_timescales_map_item_by_item():
    rows, _ = read_tab_rows(PLAN)
    signage = rows[2]
    assert signage.lead_in == "The desk will look at:"
    assert signage.actions == ("Maps", "Arrows")
    assert signage.timescales == ("June", "July")


def test_headers_in_any_order_case_and_name():
    rows, _ = read_tab_rows(PLAN)
    money = rows[3]
    assert (money.actions, money.lead, money.progress) == (
        ("Open a joint account",),
        "Treasurer",
        "Done",
    )
    assert header_fields(["Ref", "Notes"]) is None  # no Action column: not a plan's header


def test_a_row_without_an_action_is_reported():
    rows, unread = read_tab_rows("Ref\tAction\tLead\nC1\t\tNobody\n")
    assert rows == []
    assert unread == [2]


def test_refs_with_and_without_a_stop_are_the_same():
    assert normal_ref("A1.") == normal_ref("a1") == normal_ref(" A 1 ") == "A1"


actions = st.lists(
    st.text(alphabet="abcdefghij klm", min_size=1, max_size=20).filter(str.strip),
    min_size=1,
    max_size=6,
)


@given(actions, st.text(alphabet="ABC123", min_size=1, max_size=3), st.sampled_from(["", "Q2"]))
def test_every_item_of_an_action_cell_is_one_action_with_the_rows_ref_and_due(items, ref, due):
    cell = "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"
    rows, _ = read_tab_rows(f"Ref\tAction\tTimescale\n{ref}\t{cell}\t{due}\n")
    (row,) = rows
    assert row.actions == tuple(" ".join(item.split()) for item in items)
    assert row.ref == normal_ref(ref)
    assert row.timescales == (due,) * len(items)


def test_html_tables_keep_each_cells_list_and_forgive_left_out_end_tags():
    page = (
        "<h2>A-Roads</h2><table><tr><th>Ref</th><th>Action</th><th>Owner</th></tr>\n"
        "<tr><td>A1.</td><td><p>We will:</p><ul><li>Fill potholes</li><li>Paint lines"
        "<ul><li>near schools</li></ul></li></ul></td><td>Highways</td></tr>\n"
        "<tr><td>A2<td>Trim <i>hedges</i><td>Parks\n</table>"
    )
    rows, unread = plan_rows(html_tables(page))
    assert unread == []
    assert [(row.ref, row.actions, row.lead) for row in rows] == [
        ("A1", ("Fill potholes", "Paint lines: near schools"), "Highways"),
        ("A2", ("Trim hedges",), "Parks"),
    ]
    assert rows[0].lead_in == "We will:"


def test_markdown_tables_skip_the_rule_under_the_header():
    text = "| Ref | Action | Due |\n|---|:---:|---|\n| C1 | Book the hall | May |\n"
    rows, _ = plan_rows(markdown_tables(text))
    assert [(row.ref, row.actions, row.timescales) for row in rows] == [
        ("C1", ("Book the hall",), ("May",))
    ]
