"""Join codes and phone names: what the room reads off the projector and types on a phone."""

import pytest

from workshopkit.core.room import (
    JOIN_ALPHABET,
    JOIN_CODE_LENGTH,
    RoomRefused,
    new_join_code,
    phone_voter,
    same_join_code,
    typed_join_code,
)


def test_a_join_code_has_six_characters_none_of_them_a_look_alike():
    codes = {new_join_code() for _ in range(500)}
    assert len(codes) > 490  # fresh each time, not one code for every room
    for code in codes:
        assert len(code) == JOIN_CODE_LENGTH == 6
        assert set(code) <= set(JOIN_ALPHABET)
    for look_alike in "0O1IlL2Z5S8B":
        assert look_alike not in JOIN_ALPHABET


@pytest.mark.parametrize("typed", ["cad-479", " CAD 479 ", "cad479", "Cad-479\n", "ca\x1bd479"])
def test_a_code_typed_in_any_case_with_spaces_or_dashes_is_the_code(typed):
    assert typed_join_code(typed) == "CAD479"
    assert same_join_code(typed, "CAD479")


@pytest.mark.parametrize("typed", ["", "CAD47", "CAD4799", "CAD470", "CAD-4O9", "CAD 47 9X"])
def test_anything_else_is_not_a_code(typed):
    with pytest.raises(RoomRefused, match="6 letters and digits"):
        typed_join_code(typed)
    assert not same_join_code(typed, "CAD479")


def test_a_right_looking_code_that_is_not_the_rooms_is_refused():
    assert not same_join_code("CAD479", "CAD476")


def test_each_phone_votes_as_itself_whatever_name_it_chose():
    assert phone_voter("", 7) == "Phone 7"
    assert phone_voter("  \t", 3) == "Phone 3"
    assert phone_voter("Ana", 7) == "Ana (phone 7)"
    # Two phones that chose one name are two voters, each with a budget of its own.
    assert phone_voter("Ana", 7) != phone_voter("Ana", 8)


def test_a_phone_name_is_one_short_line_of_plain_text():
    name = phone_voter("Ana\x1b[31m\nSmith " + "x" * 100, 2)
    assert "\x1b" not in name and "\n" not in name
    assert name.endswith("(phone 2)")
    assert len(name) <= 40 + len(" (phone 2)")
