"""Due dates: keep what the user typed, and find a date in it for sorting when there is one."""

import calendar
import re
from datetime import date
from functools import lru_cache

_MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
_MONTHS["sept"] = 9


def _end_of_month(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _month(word: str) -> int | None:
    return _MONTHS.get(word.lower().rstrip("."))


@lru_cache(maxsize=1024)  # a room types the same few dues again and again, at each Enter
def due_date(text: str) -> date | None:
    """The date a due text points at, for sorting; None for text such as 'Ongoing'.

    A month or a quarter means its last day ("2010-03" and "March 2010" sort as
    2010-03-31), a bare year its last day: the deadline, not the start.
    """
    words = text.strip().replace(",", " ").split()
    try:
        return _parse(words)
    except ValueError:  # a date that does not exist, such as 2010-02-30
        return None


def _parse(words: list[str]) -> date | None:
    if len(words) == 1:
        word = words[0]
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", word):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := re.fullmatch(r"(\d{4})/(\d{1,2})/(\d{1,2})", word):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", word):  # day first, as in the UK
            return date(int(m[3]), int(m[2]), int(m[1]))
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})", word):
            return _end_of_month(int(m[1]), int(m[2]))
        if re.fullmatch(r"\d{4}", word):
            return date(int(word), 12, 31)
        return None
    if len(words) == 2:
        first, second = words
        if (month := _month(first)) and re.fullmatch(r"\d{4}", second):
            return _end_of_month(int(second), month)
        if (m := re.fullmatch(r"[Qq]([1-4])", first)) and re.fullmatch(r"\d{4}", second):
            return _end_of_month(int(second), int(m[1]) * 3)
        return None
    if len(words) == 3:
        first, second, third = words
        if not re.fullmatch(r"\d{4}", third):
            return None
        day = re.fullmatch(r"(\d{1,2})(st|nd|rd|th)?", first, re.IGNORECASE)
        if day and (month := _month(second)):
            return date(int(third), month, int(day[1]))
        day = re.fullmatch(r"(\d{1,2})(st|nd|rd|th)?", second, re.IGNORECASE)
        if day and (month := _month(first)):
            return date(int(third), month, int(day[1]))
    return None
