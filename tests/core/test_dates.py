from datetime import date

import pytest

from workshopkit.core.dates import due_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2027-03-15", date(2027, 3, 15)),
        ("2027-03", date(2027, 3, 31)),
        ("2028-02", date(2028, 2, 29)),
        ("2027", date(2027, 12, 31)),
        ("March 2027", date(2027, 3, 31)),
        ("sept 2027", date(2027, 9, 30)),
        ("Q1 2027", date(2027, 3, 31)),
        ("15 March 2027", date(2027, 3, 15)),
        ("March 15, 2027", date(2027, 3, 15)),
        ("1st Feb 2027", date(2027, 2, 1)),
        ("15/03/2027", date(2027, 3, 15)),
        ("2027/03/15", date(2027, 3, 15)),
    ],
)
def test_dates_that_sort(text, expected):
    assert due_date(text) == expected


@pytest.mark.parametrize("text", ["Ongoing", "ASAP", "next meeting", "2027-02-30", "13/13/2027"])
def test_free_text_has_no_date(text):
    assert due_date(text) is None
