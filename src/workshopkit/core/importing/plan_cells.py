"""Reading one cell of an improvement plan's table: its lead-in and its list items.

Plans come from word processors. A cell pasted from one is HTML (``<ul><li>``, or a
``<ul>`` holding bullets typed inline, ``▪ first ▪ second``, with a nested ``<ul>`` of
``○`` items), or plain text with the same bullets inline or one per line. A cell of
plain text with no bullets is one item. Nested items stay with the item above them, in
its text; what comes before the list ("The group will look at:") is the cell's lead-in.
No item or lead-in ever holds a tag, an attribute or a bullet of the source. HTML is read
with the standard library's parser, never with patterns.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from workshopkit.core.text import one_line

TOP_BULLETS = "▪•‣■●"
NESTED_BULLETS = "◦○□▫"
_MARKS = re.compile(rf"[{TOP_BULLETS}{NESTED_BULLETS}]")
# A dash or an asterisk is a bullet only in a text that starts with one ("- Buses stop
# at six - Parking is dear" in a pasted list), and then where it stands apart; "Plan A -
# the costs" is one item.
_DASHES = re.compile(r"(?:^|(?<=\s))[-*](?=\s)")
_HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^<>]*>")
_CHARACTER_REFERENCE = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


@dataclass(frozen=True)
class Cell:
    """A cell's lead-in (text before its list) and its items, nested ones inside."""

    lead_in: str = ""
    items: tuple[str, ...] = ()

    @property
    def texts(self) -> tuple[str, ...]:
        """The items, or the lead-in alone when there is no list."""
        return self.items or ((self.lead_in,) if self.lead_in else ())


def read_cell(source: str) -> Cell:
    """The lead-in and items of a cell, as HTML when it holds tags or character
    references ("R&amp;D", "A&lt;B"), else as text."""
    if _HTML_TAG.search(source) or _CHARACTER_REFERENCE.search(source):
        return _read_html(source)
    return _read_text(source)


# -- plain text --------------------------------------------------------------------


@dataclass
class _Item:
    text: str
    nested: list[str] = field(default_factory=list)

    def whole(self) -> str:
        """The item with its nested items after it: "Survey venues: lifts; toilets"."""
        if not self.nested:
            return self.text
        joiner = " " if self.text.endswith(":") else ": "
        return (
            f"{self.text}{joiner}{'; '.join(self.nested)}" if self.text else "; ".join(self.nested)
        )


def _pieces(text: str) -> list[tuple[str | None, str]]:
    """``text`` cut at each bullet: (the bullet, or None before the first, the text)."""
    pieces: list[tuple[str | None, str]] = []
    at, bullet = 0, None
    marks = list(_MARKS.finditer(text))
    if text.lstrip()[:2] in ("- ", "* "):
        marks = sorted([*marks, *_DASHES.finditer(text)], key=lambda found: found.start())
    for found in marks:
        pieces.append((bullet, text[at : found.start()]))
        at, bullet = found.end(), found.group(0)
    pieces.append((bullet, text[at:]))
    return pieces


def _read_text(source: str) -> Cell:
    lead: list[str] = []
    items: list[_Item] = []
    for line in source.splitlines() or [source]:
        indented = line[: len(line) - len(line.lstrip())]
        for bullet, piece in _pieces(line):
            words = one_line(piece)
            if bullet is None:
                if not words:
                    continue
                if items:  # a wrapped line of the item above
                    items[-1].text = one_line(f"{items[-1].text} {words}")
                else:
                    lead.append(words)
            elif not words:
                continue
            elif (bullet in NESTED_BULLETS or len(indented) >= 2) and items:
                items[-1].nested.append(words)
            else:
                items.append(_Item(words))
    return Cell(" ".join(lead), tuple(item.whole() for item in items))


# -- HTML --------------------------------------------------------------------------

_BLOCKS = {"p", "div", "br", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6"}
_LISTS = {"ul", "ol"}
_SKIPPED = {"script", "style", "head", "title"}


class _CellParser(HTMLParser):
    """Collects the text outside any list (the lead-in) and, for each top-level list, its
    items: an ``<li>`` each, or the bullets typed inside the list's own text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lead: list[str] = []
        self.items: list[_Item] = []
        self.depth = 0  # lists open
        self.in_item: list[bool] = []  # per open list: inside one of its <li>
        self.skipping = 0
        self.text: list[str] = []  # text waiting since the last boundary

    def _flush(self) -> None:
        text = "".join(self.text)
        self.text = []
        if not one_line(text):
            return
        if self.depth == 0:
            self.lead.append(one_line(text))
            return
        nested = self.depth > 1
        for _, piece in _pieces(text):  # bullets typed in the list's own text
            words = one_line(piece)
            if not words:
                continue
            if nested and self.items:
                self.items[-1].nested.append(words)
            else:
                self.items.append(_Item(words))

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag in _LISTS:
            self._flush()
            self.depth += 1
            self.in_item.append(False)
        elif tag == "li":
            self._flush()
            if self.in_item:
                self.in_item[-1] = True
            if self.depth > 1 and self.items:
                self.items[-1].nested.append("")
            elif self.depth >= 1:
                self.items.append(_Item(""))
        elif tag in _BLOCKS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _LISTS:
            self._flush()
            self.depth = max(0, self.depth - 1)
            if self.in_item:
                self.in_item.pop()
        elif tag == "li":
            self._flush()
            if self.in_item:
                self.in_item[-1] = False
        elif tag in _BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        if self.in_item and self.in_item[-1] and one_line(data):
            self._fill_open_item(data)
            return
        self.text.append(data)

    def _fill_open_item(self, data: str) -> None:
        """Text inside an <li>: the item's own text (its bullets, if any, are typed)."""
        words = one_line(" ".join(piece for _, piece in _pieces(data)))
        if not words:
            return
        if self.depth > 1 and self.items and self.items[-1].nested:
            self.items[-1].nested[-1] = one_line(f"{self.items[-1].nested[-1]} {words}")
        elif self.items:
            self.items[-1].text = one_line(f"{self.items[-1].text} {words}")


def _read_html(source: str) -> Cell:
    parser = _CellParser()
    parser.feed(source)
    parser.close()
    parser._flush()
    items = []
    for item in parser.items:
        item.nested = [text for text in item.nested if text]
        whole = item.whole()
        if whole:
            items.append(whole)
    return Cell(" ".join(parser.lead), tuple(items))
