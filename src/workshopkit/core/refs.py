"""Breakout letters and point refs: A, B … Z, AA; A1, A2, B1."""


def breakout_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: spreadsheet-style letters for breakouts."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def letter_index(letter: str) -> int:
    """A → 0, Z → 25, AA → 26: the inverse of ``breakout_letter``."""
    index = 0
    for character in letter:
        index = index * 26 + (ord(character) - ord("A") + 1)
    return index - 1
