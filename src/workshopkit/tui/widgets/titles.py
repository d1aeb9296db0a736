"""Screen titles and status lines made to fit the window: parts dropped or shortened by
priority, never cut mid-phrase by the edge of the terminal."""

from rich.cells import cell_len

SEPARATOR = " ─ "


def joined(parts: list[str], separator: str = SEPARATOR) -> str:
    return separator.join(parts)


def fit_title(parts: list[str], width: int) -> str:
    """The title's parts joined, made to fit ``width`` cells: first "you: …" goes, then
    the point count; then the breakout's and the workshop's titles are shortened with "…".
    The timer always stays whole: the room is waiting on it."""

    droppable = (
        lambda part: part.startswith("you: "),
        lambda part: part.endswith((" point", " points")),
    )
    kept = list(parts)
    for is_droppable in droppable:
        if cell_len(joined(kept)) <= width:
            return joined(kept)
        kept = [part for part in kept if not is_droppable(part)]
    for index in (1, 0):  # the breakout, then the workshop
        over = cell_len(joined(kept)) - width
        if over <= 0 or index >= len(kept):
            break
        kept[index] = shorten(kept[index], max(cell_len(kept[index]) - over, 6))
    return joined(kept)


def shorten(text: str, cells: int) -> str:
    """``text`` cut to ``cells`` cells, ending in "…" when cut."""
    if cell_len(text) <= cells:
        return text
    out = ""
    for char in text:
        if cell_len(out + char) > cells - 1:
            break
        out += char
    return out.rstrip() + "…"


def first_that_fits(forms: list[list[str]], width: int, separator: str = SEPARATOR) -> str:
    """The first of ``forms`` (the same title, each shorter than the one before) that fits
    ``width`` cells; when none does, the last with its first part shortened."""
    for parts in forms:
        if cell_len(joined(parts, separator)) <= width:
            return joined(parts, separator)
    parts = list(forms[-1])
    over = cell_len(joined(parts, separator)) - width
    parts[0] = shorten(parts[0], max(cell_len(parts[0]) - over, 6))
    return joined(parts, separator)
