"""Turning engine data into display content. Article text is hostile: it is never parsed as markup,
and control characters (escape sequences included) are removed before display."""

from __future__ import annotations

import re
from dataclasses import replace

from rich._wrap import divide_line
from rich.cells import cell_len
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

_WHITESPACE_CONTROLS = re.compile(r"[\t\n\r\v\f]+")
_CONTROLS = dict.fromkeys([*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0), 0x2028, 0x2029, 0x200E, 0x200F,
                           *range(0x202A, 0x202F), *range(0x2066, 0x206A)])


def clean(text: str | None) -> str:
    """Text safe to show on a terminal: whitespace controls become spaces, other controls go."""
    if not text:
        return ""
    return _WHITESPACE_CONTROLS.sub(" ", text).translate(_CONTROLS)


def plain(text: str | None, style: str = "") -> Content:
    """Literal content (never markup) with an optional style."""
    return Content.styled(clean(text), style) if style else Content(clean(text))


def badge(corroborating: int) -> Content:
    """The reader's badge: "+2" for two other independent outlets, "·" for a single source."""
    if corroborating <= 0:
        return Content.styled(" · ", "$text-muted")
    return Content.styled(f"+{corroborating}".rjust(3), "bold $success")


def wrapped_height(text: str, width: int) -> int:
    """The lines ``text`` (no tabs) takes wrapped at ``width`` as ``Content`` wraps it (words, and words
    longer than a line folded), counted on the text alone: no styles, no formatted lines."""
    total = 0
    for line in text.split("\n"):
        if _ONE_CELL.issuperset(line):  # one cell per character: counted here, fast
            total += 1 if len(line) <= width else _ascii_breaks(line, width) + 1
        else:
            total += 1 if cell_len(line) <= width else len(divide_line(line, width, fold=True)) + 1
    return total


_WORD = re.compile(r"\s*\S+\s*")
_ONE_CELL = frozenset(c for lo, hi in ((0x20, 0x7E), (0xA0, 0x2FF), (0x370, 0x482), (0x2010, 0x205E))
                      for c in map(chr, range(lo, hi + 1)) if c.isprintable())
"""Characters one cell wide (Latin, Greek, Cyrillic, typographic quotes and dashes): a line of only
these is wrapped by counting characters. (Every printable one of these ranges is one cell wide, as a
test checks with rich's measure: asking rich for each at start-up took 2 ms.)"""


def _ascii_breaks(line: str, width: int) -> int:
    """``len(rich._wrap.divide_line(line, width, fold=True))`` for a line of :data:`_ONE_CELL`
    characters: the same greedy walk over words (with their trailing spaces), without measuring cells."""
    breaks = offset = 0
    for m in _WORD.finditer(line):
        start, word = m.start(), m.group()
        length = len(word.rstrip())
        if width - offset >= length:
            offset += len(word)
        elif length > width:  # folded across lines of ``width`` characters
            chunks = [word[i:i + width] for i in range(0, len(word), width)]
            for n, chunk in enumerate(chunks):
                if start:
                    breaks += 1
                if n == len(chunks) - 1:
                    offset = len(chunk)
                else:
                    start += len(chunk)
        elif offset and start:
            breaks += 1
            offset = len(word)
    return breaks


def counted_as_wrapped(rules: RulesMap, width: int, text: str) -> bool:
    """Whether ``wrapped_height(text, width)`` is the height Textual gives ``text`` under ``rules``:
    plainly wrapped (folded, no padding, no tabs) at a width of at least one cell."""
    get = rules.get
    return width >= 1 and not get("line_pad", 0) and get("text_overflow", "fold") == "fold" and \
        get("text_wrap", "wrap") != "nowrap" and "\t" not in text


class Measured(Content):
    """Content that measures its height with ``wrapped_height`` (a list of a few hundred rows measures
    every row when it is filled)."""

    def get_height(self, rules: RulesMap, width: int) -> int:
        if not counted_as_wrapped(rules, width, self.plain):
            return super().get_height(rules, width)
        cached = getattr(self, "_measured", None)
        if cached is None or cached[0] != width:
            cached = self._measured = (width, wrapped_height(self.plain, width))
        return cached[1]


def shorten(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


class Hanging(Visual):
    """A gutter (badge, marks) followed by a body wrapped with a hanging indent under it."""

    def __init__(self, gutter: Content, body: Content, indent: int) -> None:
        self.gutter = gutter
        self.body = body
        self.indent = indent
        self._cache: tuple[int, Content] | None = None

    @property
    def plain(self) -> str:
        return self.gutter.plain + self.body.plain

    def _layout(self, width: int) -> Content:
        if self._cache and self._cache[0] == width:
            return self._cache[1]
        lines = self.body.wrap(max(8, width - self.indent))
        pad = Content(" " * self.indent)
        first = self.gutter.pad_right(max(0, self.indent - self.gutter.cell_length))
        laid = Content("\n").join((first if i == 0 else pad) + line for i, line in enumerate(lines))
        self._cache = (width, laid)
        return laid

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        laid = self._layout(width)
        if width - self.indent >= 8:  # every laid line fits: drawn as laid, not wrapped a second time
            options = replace(options, rules={"text_wrap": "nowrap", "text_overflow": "fold",
                                              "text_align": options.rules.get("text_align", "left")})
        return laid.render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return container_width

    def get_height(self, rules: RulesMap, width: int) -> int:
        body = self.body.plain
        if width - self.indent < 8 or not counted_as_wrapped(rules, width, body):
            return self._layout(width).get_height(rules, width)
        # The lines of the body wrapped beside the gutter, counted without wrapping it: a list sizes
        # every option when it is filled, and draws only those on screen.
        return wrapped_height(body, width - self.indent)
