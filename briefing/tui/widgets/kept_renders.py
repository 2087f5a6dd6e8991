"""Drawn options kept across refills of an ``OptionList``.

Textual's ``OptionList`` forgets every drawn option when its options are set again, which the reader
and the corroboration pane do on every topic toggle and every article opened. The panes hand it the
same prompt objects for what has not changed (they keep them in a :class:`KeptPrompts`), and
the :class:`KeptRenders` mixin keeps what each prompt drew, by prompt, place in the list, style and width: showing an
article again, or the same one with a topic toggled, draws only the statements whose look changed.

It wraps ``OptionList._get_option_render`` and reads ``_option_to_index``, Textual 8's internals (the
version is pinned below 9 in pyproject.toml): the snapshot tests and
``test_an_article_shown_again_is_drawn_from_what_its_statements_drew`` fail if they change.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from textual.cache import LRUCache
from textual.strip import Strip
from textual.style import Style
from textual.widgets.option_list import Option

KEPT_RENDERS = 2048
"""Options' drawings kept per list (a few dozen articles' statements in each of their looks)."""


class KeptRenders:
    """A mixin for an ``OptionList`` (before it in the bases). What is kept is forgotten when the
    widget's styles change (a theme, say): the prompts' ``$variables`` would resolve differently."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._kept: LRUCache[tuple, tuple[object, list[Strip]]] = LRUCache(maxsize=KEPT_RENDERS)

    def _get_option_render(self, option: Option, style: Style) -> list[Strip]:
        prompt = option.prompt
        # By identity: prompts that compare equal (Content compares its text only) may look different.
        key = (id(prompt), self._option_to_index[option], option._divider, style,
               self.scrollable_content_region.width)
        kept = self._kept.get(key)
        if kept is None or kept[0] is not prompt:
            kept = self._kept[key] = (prompt, super()._get_option_render(option, style))
        return kept[1]

    def notify_style_update(self) -> None:
        self._kept.clear()
        super().notify_style_update()


P = TypeVar("P")


class KeptPrompts(Generic[P]):
    """A pane's prompts for one corpus, by what decides their look: the same object every time it is
    asked for the same key (so that the list's :class:`KeptRenders` finds what it drew); all
    forgotten when another corpus is shown."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._kept: LRUCache[Hashable, P] | None = None
        self._corpus: object | None = None

    def get(self, corpus: object, key: Hashable, make: Callable[[], P]) -> P:
        if self._kept is None or self._corpus is not corpus:
            self._kept, self._corpus = LRUCache(maxsize=self._size), corpus
        prompt = self._kept.get(key)
        if prompt is None:
            prompt = self._kept[key] = make()
        return prompt
