"""The articles (outlet, date, title), filtered by the active topics; read ones are dimmed.

A virtual list (Textual's Line API): it keeps the articles and one running line offset per row, and
renders only the rows on screen, so that showing 10,000 articles, or a topic toggle that changes
which of them are listed, costs a pass over the list, not a widget or a rendered option per article.
It looks and behaves as the ``OptionList`` it replaces: the same styles, keys (up, down, home, end,
page up, page down, enter), mouse (click selects, hover), and rows of two wrapped parts.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Collection, Sequence
from operator import attrgetter, is_
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Region, Size, clamp
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets.option_list import Option

from briefing.model import Article
from briefing.tui.layout import SteadySize, set_border_subtitle
from briefing.tui.text import clean, wrapped_height


class _Rows:
    """One list of articles as shown: their ids, each id's row, and the rows' line offsets per width."""

    __slots__ = ("articles", "ids", "index", "starts")

    def __init__(self, articles: Sequence[Article], ids: list[str]) -> None:
        self.articles = articles
        self.ids = ids
        self.index = {aid: i for i, aid in enumerate(ids)}
        self.starts: dict[int, _Lines] = {}
        """Width → the rows' line offsets at that width (measured as far as needed so far)."""


class _Lines:
    """The first line of every row of a list at one width, measured lazily: only as far down as what
    is drawn, highlighted or scrolled to needs, the rest in the background (``measure``). Until then
    the list's height counts the rows not measured yet at the average height of those measured, and
    what is drawn is always exact (a row is drawn only once every row above it is measured)."""

    __slots__ = ("articles", "measured", "starts")

    def __init__(self, articles: Sequence[Article], measured: Callable[[Article], int]) -> None:
        self.articles = articles
        self.measured = measured
        """The lines of one article's row at this width."""
        self.starts = [0]
        """The first line of each measured row, then the line after the last one."""

    @property
    def complete(self) -> bool:
        return len(self.starts) > len(self.articles)

    def measure(self, rows: int) -> None:
        """Measure ``rows`` more rows (fewer at the end)."""
        starts, articles, measured = self.starts, self.articles, self.measured
        done = len(starts) - 1
        end = starts[-1]
        for a in articles[done:done + rows]:
            end += measured(a)
            starts.append(end)

    def start(self, row: int) -> int:
        """The first line of ``row`` (``row == len(articles)``: the number of lines)."""
        starts = self.starts
        if row >= len(starts):
            self.measure(row - len(starts) + 1)
        return starts[row]

    @property
    def total(self) -> int:
        """The number of lines: exact once complete, else estimated from the rows measured."""
        starts, n = self.starts, len(self.articles)
        done = len(starts) - 1
        if done >= n:
            return starts[-1]
        average = starts[-1] / done if done else 2
        return starts[-1] + round(average * (n - done))

    def row_at(self, line: int) -> int | None:
        """The row that ``line`` falls in, measuring down to it; None beyond the last row."""
        starts = self.starts
        while starts[-1] <= line and not self.complete:
            self.measure(max(64, len(starts) // 2))
        if not 0 <= line < starts[-1]:
            return None
        return bisect_right(starts, line) - 1


_NO_ROWS = _Rows([], [])
_LISTS_KEPT = 4
"""Lists remembered (a topic toggled on and off again shows a list it showed before)."""
_LONG_LIST = 200
"""Lines beyond which a list is taken to overflow any terminal (see ``show``)."""
_FIRST_ROWS = 100
"""Rows measured when a list is first shown at a width (the rest: ``_ROWS_PER_STEP`` at a time)."""
_ROWS_PER_STEP = 128
"""About a millisecond of measuring: a key pressed meanwhile waits no longer than that."""
_STEP_PAUSE_S = 0.01


_article_id = attrgetter("id")


class ArticleList(SteadySize, ScrollView, can_focus=True):
    """The article list. ``show`` fills it; ``highlighted`` is the index of the highlighted row; it
    posts ``ArticleList.Highlighted`` when the highlighted article changes and ``ArticleList.Selected``
    on enter or a click."""

    ALLOW_SELECT = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "cursor_down", "Down", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("enter", "select", "Select", show=False),
        Binding("home", "first", "First", show=False),
        Binding("pagedown", "page_down", "Page Down", show=False),
        Binding("pageup", "page_up", "Page Up", show=False),
        Binding("up", "cursor_up", "Up", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-list--option",
        "article-list--option-highlighted",
        "article-list--option-hover",
    }
    # Textual's OptionList look, rule for rule, so that the list looks as it did.
    DEFAULT_CSS = """
    ArticleList {
        height: auto;
        max-height: 100%;
        color: $foreground;
        overflow-x: hidden;
        border: tall $border-blurred;
        padding: 0 1;
        background: $surface;
        & > .article-list--option-highlighted {
            color: $block-cursor-blurred-foreground;
            background: $block-cursor-blurred-background;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus {
            border: tall $border;
            background-tint: $foreground 5%;
            & > .article-list--option-highlighted {
                color: $block-cursor-foreground;
                background: $block-cursor-background;
                text-style: $block-cursor-text-style;
            }
        }
        & > .article-list--option-highlighted {
            color: $foreground;
            background: $block-cursor-blurred-background;
        }
        & > .article-list--option-hover {
            background: $block-hover-background;
        }
        &.-long {
            overflow-y: scroll;  /* never comes and goes (each time, the screen was laid out again) */
        }
    }
    """

    class ArticleMessage(Message):
        """An article of the list: ``article_id``, its row ``index``."""

        def __init__(self, article_list: ArticleList, article_id: str, index: int) -> None:
            super().__init__()
            self.article_list = article_list
            self.article_id = article_id
            self.index = index

        @property
        def control(self) -> ArticleList:
            return self.article_list

    class Highlighted(ArticleMessage):
        """The highlighted article changed (handler: ``on_article_list_highlighted``)."""

    class Selected(ArticleMessage):
        """An article was chosen with enter or a click (handler: ``on_article_list_selected``)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.border_title = "Articles"
        self._rows = _NO_ROWS
        self._lists: dict[tuple[str, ...], _Rows] = {}
        self._read: Collection[str] = frozenset()
        self._highlighted: int | None = None
        self._hover: int | None = None
        self._heights: dict[int, dict[str, tuple[Article, int]]] = {}
        """Width → article id → (the article, the lines its row takes at that width); kept across
        ``show`` (a topic toggle changes which articles are listed, not how each looks) and for a few
        widths (the scroll bar comes and goes with the length of the list)."""
        self._width = -1
        self._starts: _Lines | None = None
        """The rows' line offsets at the current width (None: to look up or begin)."""
        self._strips: LRUCache[tuple, tuple[Article, list[Strip]]] = LRUCache(maxsize=512)
        """(article id, read, style, width) → (the article, its rendered row, without the row number a
        click reads); kept across ``show``: a topic toggle moves articles to other rows, and each is
        drawn again only if it changed."""
        self._placed: LRUCache[tuple, tuple[list[Strip], list[Strip]]] = LRUCache(maxsize=512)
        """(article id, read, style, width, row) → (the rendered row, the same with its row number)."""

    # -- content --------------------------------------------------------------------------------
    @staticmethod
    def prompt(article: Article, read: bool) -> Content:
        outlet = clean(article.outlet) or "unknown outlet"
        date = article.published or "undated"
        if read:
            return Content.assemble(("✓ ", "$text-muted"), (outlet, "$text-muted"), ("  " + date, "$text-muted"),
                                    "\n", (clean(article.display_title), "$text-disabled"))
        return Content.assemble(("• ", "$accent"), (outlet, "bold $secondary"), ("  " + date, "$text-muted"),
                                "\n", clean(article.display_title))

    @staticmethod
    def row_height(article: Article, width: int) -> int:
        """Lines the article's row takes at ``width``: what ``prompt(...).get_height`` says, without
        building the content (read or not, the marks "✓" and "•" are one cell each)."""
        width = max(1, width)
        outlet = clean(article.outlet) or "unknown outlet"
        head = f"• {outlet}  {article.published or 'undated'}"
        return wrapped_height(head, width) + wrapped_height(clean(article.display_title), width)

    def show(self, articles: Sequence[Article], read: Collection[str], current: str | None, total: int, *,
             ids: Sequence[str] | None = None) -> None:
        """List ``articles`` (``ids``: their ids, when the caller has them), highlighting ``current``
        (else the first); ``read`` are dimmed; ``total`` is the number of articles unfiltered. A list
        shown before (the same articles) is shown again without measuring its rows anew."""
        before = self.highlighted_id
        key = tuple(map(_article_id, articles)) if ids is None else tuple(ids)
        rows = self._lists.pop(key, None)
        if rows is None or not all(map(is_, rows.articles, articles)):
            # (kept as given, never copied: an outline's stored articles are built as their rows are drawn)
            rows = _Rows(articles, list(key))
        self._lists[key] = rows  # the most recently shown last
        while len(self._lists) > _LISTS_KEPT:
            del self._lists[next(iter(self._lists))]
        self._rows = rows
        self._read = read
        # The list of a corpus that certainly overflows (two lines a row at least) keeps its scrollbar
        # from the start, whatever a topic or filter leaves of it: its rows are measured at one width
        # only, and a toggle that shortens or lengthens the list does not lay out the screen again.
        self.set_class(2 * total > max(self.size.height, _LONG_LIST), "-long")
        self._starts = None
        self._hover = None
        index = self._index.get(current) if current is not None else None
        if index is None and self._ids:
            index = 0
        self._highlighted = None
        self._update_lines()
        self.refresh()
        self._set_highlighted(index, post=index is not None and self._ids[index] != before)
        set_border_subtitle(self, f"{len(articles)} of {total}" if len(articles) != total else f"{total}")

    @property
    def _articles(self) -> Sequence[Article]:
        return self._rows.articles

    @property
    def _ids(self) -> list[str]:
        return self._rows.ids

    @property
    def _index(self) -> dict[str, int]:
        return self._rows.index

    def ids(self) -> list[str]:
        """The ids of the listed articles, in order."""
        return list(self._ids)

    def index_of(self, article_id: str | None) -> int | None:
        """The row of the article, or None when it is not listed."""
        return self._index.get(article_id) if article_id is not None else None

    @property
    def option_count(self) -> int:
        return len(self._ids)

    @property
    def highlighted_id(self) -> str | None:
        return self._ids[self._highlighted] if self._highlighted is not None else None

    def get_option(self, article_id: str) -> Option:
        """The row of a listed article as an ``Option`` (its ``prompt`` is what the row shows)."""
        i = self._index[article_id]
        return Option(self.prompt(self._articles[i], article_id in self._read), id=article_id)

    # -- the highlight ----------------------------------------------------------------------------
    @property
    def highlighted(self) -> int | None:
        return self._highlighted

    @highlighted.setter
    def highlighted(self, index: int | None) -> None:
        self._set_highlighted(index)

    def _set_highlighted(self, index: int | None, *, post: bool = True) -> None:
        if index is not None:
            index = clamp(index, 0, len(self._ids) - 1) if self._ids else None
        old = self._highlighted
        if index == old:
            return
        self._highlighted = index
        self._refresh_row(old)
        self._refresh_row(index)
        if index is None:
            return
        self.scroll_to_highlight()
        if post:
            self.post_message(self.Highlighted(self, self._ids[index], index))

    def scroll_to_highlight(self, top: bool = False) -> None:
        index = self._highlighted
        if index is None or not self.is_mounted or not self._update_lines():
            return
        y, end = self._starts.start(index), self._starts.start(index + 1)
        self.scroll_to_region(Region(0, y, self.scrollable_content_region.width, end - y), force=True,
                              animate=False, top=top, immediate=True)

    # -- lines ------------------------------------------------------------------------------------
    def _update_lines(self) -> bool:
        """Look up or begin the rows' line offsets at the current width (once per list and width), and
        keep the virtual size in step with them; False while the widget has no size yet."""
        region = self.scrollable_content_region
        if not region:
            return False
        width = region.width
        if width != self._width:
            self._width = width
            self._strips.clear()
            self._placed.clear()
            self._starts = None
        if self._starts is None:
            lines = self._rows.starts.get(width)
            if lines is None:
                lines = self._rows.starts[width] = _Lines(self._articles, self._height_at(width))
                lines.measure(max(_FIRST_ROWS, region.height))
            self._starts = lines
            if not lines.complete:
                self._measure_later(lines)
        self._sync_virtual_size()
        return True

    def _sync_virtual_size(self) -> None:
        lines, width = self._starts, self._width
        if lines is not None:
            virtual_size = Size(width, lines.total)
            if virtual_size != self.virtual_size:
                self.virtual_size = virtual_size
                self._scroll_update(virtual_size)

    def _measure_later(self, lines: _Lines) -> None:
        """Measure the rest of the rows a slice at a time between other work (keys stay answered), then
        give the list its exact height (not at every slice: each new estimate would redraw the scroll
        bar)."""
        def step() -> None:
            if lines is not self._starts:  # another list or width since: that one measures itself
                return
            lines.measure(_ROWS_PER_STEP)
            if lines.complete:
                self._sync_virtual_size()
            else:
                self.set_timer(_STEP_PAUSE_S, step, name="article rows")

        self.set_timer(_STEP_PAUSE_S, step, name="article rows")

    def _height_at(self, width: int) -> Callable[[Article], int]:
        """The lines of an article's row at ``width``, remembered per article (a topic toggle changes
        which articles are listed, not how each looks) for a few widths (the scroll bar comes and goes
        with the length of the list)."""
        known = self._heights.pop(width, None) or {}
        self._heights[width] = known  # the most recently used width last
        while len(self._heights) > _LISTS_KEPT:
            del self._heights[next(iter(self._heights))]
        row_height = self.row_height

        def height(a: Article) -> int:
            entry = known.get(a.id)
            if entry is None or entry[0] is not a:
                entry = known[a.id] = (a, row_height(a, width))
            return entry[1]

        return height

    def _row_at_line(self, line: int) -> int | None:
        starts = self._starts
        if starts is None or not self._articles:
            return None
        return starts.row_at(line)

    def _refresh_row(self, index: int | None) -> None:
        if index is None or self._starts is None or index >= len(self._ids):
            return
        y = self._starts.start(index)
        self.refresh_lines(y, self._starts.start(index + 1) - y)

    def _on_resize(self, event: events.Resize) -> None:
        self._strips.clear()
        self._placed.clear()
        self._update_lines()
        self.refresh()

    def on_show(self) -> None:
        self.scroll_to_highlight()

    def on_mount(self) -> None:
        self._update_lines()

    def notify_style_update(self) -> None:
        self._strips.clear()
        self._placed.clear()
        self.refresh()
        super().notify_style_update()

    def _row_strips(self, index: int) -> list[Strip]:
        article = self._articles[index]
        read = article.id in self._read
        if index == self._highlighted:
            style = self.get_visual_style("article-list--option", "article-list--option-highlighted")
        elif index == self._hover:
            style = self.get_visual_style("article-list--option", "article-list--option-hover")
        else:
            style = self.get_visual_style("article-list--option")
        width = self.scrollable_content_region.width
        key = (article.id, read, style, width)
        cached = self._strips.get(key)
        if cached is None or cached[0] is not article:
            content = self.prompt(article, read)
            cached = self._strips[key] = (article, [strip.extend_cell_length(width, style.rich_style)
                                                   for strip in content.to_strips(self, content, width, None, style)])
        strips = cached[1]
        placed = self._placed.get((*key, index))
        if placed is None or placed[0] is not strips:
            meta = {"option": index}
            placed = self._placed[(*key, index)] = (strips, [strip.apply_meta(meta) for strip in strips])
        return placed[1]

    def render_lines(self, crop: Region) -> list[Strip]:
        self._update_lines()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        line = self.scroll_offset.y + y
        index = self._row_at_line(line)
        if index is not None:
            strips = self._row_strips(index)
            offset = line - self._starts.start(index)
            if offset < len(strips):
                return strips[offset]
        return Strip.blank(self.scrollable_content_region.width,
                           self.get_visual_style("article-list--option").rich_style)

    # -- keys and mouse ---------------------------------------------------------------------------
    def action_cursor_up(self) -> None:
        if self._ids:
            self.highlighted = len(self._ids) - 1 if self._highlighted is None else max(0, self._highlighted - 1)

    def action_cursor_down(self) -> None:
        if self._ids:
            self.highlighted = 0 if self._highlighted is None else min(len(self._ids) - 1, self._highlighted + 1)

    def action_first(self) -> None:
        if self._ids:
            self.highlighted = 0

    def action_last(self) -> None:
        if self._ids:
            self.highlighted = len(self._ids) - 1

    def _move_page(self, direction: int) -> None:
        if not self._ids or not self._update_lines():
            return
        height = self.scrollable_content_region.height
        y = clamp(self._starts.start(self._highlighted or 0) + direction * height, 0, self._starts.total - 1)
        row = self._row_at_line(y)
        self.highlighted = len(self._ids) - 1 if row is None else row  # (beyond an estimated end: the last)

    def action_page_up(self) -> None:
        if self._highlighted is None:
            self.action_first()
        else:
            self._move_page(-1)

    def action_page_down(self) -> None:
        if self._highlighted is None:
            self.action_last()
        else:
            self._move_page(1)

    def action_select(self) -> None:
        if self._highlighted is not None:
            self.post_message(self.Selected(self, self._ids[self._highlighted], self._highlighted))

    async def _on_click(self, event: events.Click) -> None:
        index = event.style.meta.get("option")
        if isinstance(index, int) and 0 <= index < len(self._ids):
            self.highlighted = index
            self.action_select()

    def _on_mouse_move(self, event: events.MouseMove) -> None:
        index = event.style.meta.get("option")
        self._set_hover(index if isinstance(index, int) else None)

    def _on_leave(self, _: events.Leave) -> None:
        self._set_hover(None)

    def _set_hover(self, index: int | None) -> None:
        if index != self._hover:
            old, self._hover = self._hover, index
            self._refresh_row(old)
            self._refresh_row(index)
