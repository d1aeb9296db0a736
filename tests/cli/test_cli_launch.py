"""Which command lines open the UI straight away, without the command-line machinery."""

import pytest

from workshopkit.launch import ui_request


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], {"db": None, "user": None}),
        (["--db", "x.db", "--as", "Sam"], {"db": "x.db", "user": "Sam"}),
        (["--db=x.db"], {"db": "x.db", "user": None}),
        (["demo"], {"db": None, "user": None, "demo": True}),
        (
            ["open", "harb"],
            {"db": None, "user": None, "workshop": "harb", "breakout": None},
        ),
        (
            ["--as", "Ana", "open", "harb", "-b", "C"],
            {"db": None, "user": "Ana", "workshop": "harb", "breakout": "C"},
        ),
        (
            ["open", "harb", "--breakout=B"],
            {"db": None, "user": None, "workshop": "harb", "breakout": "B"},
        ),
    ],
)
def test_ui_command_lines(args, expected):
    assert ui_request(args) == expected


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["--version"],
        ["--db"],
        ["open"],
        ["open", "--help"],
        ["open", "harb", "extra"],
        ["open", "harb", "-b"],
        ["open", "harb", "--force", "x"],
        ["demo", "--help"],
        ["list"],
        ["--bogus", "x"],
    ],
)
def test_everything_else_goes_to_the_command_line(args):
    assert ui_request(args) is None
