"""The topics of the corpus with their keys and statement counts; active ones are marked."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from functools import partial
from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from briefing.model import Topic
from briefing.tui.layout import set_border_subtitle
from briefing.tui.text import clean
from briefing.tui.widgets.kept_renders import KeptPrompts, KeptRenders

if TYPE_CHECKING:
    from briefing.corpus import Corpus  # annotations only: the corpus module loads after the first frame


class TopicList(KeptRenders, OptionList):
    """Enter (or the topic's key anywhere) toggles a topic. A toggle draws the toggled topic's row
    only: the others keep their prompt objects, and the list what they drew (see kept_renders.py)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(markup=False, **kwargs)
        self.border_title = "Topics"
        self._prompts: KeptPrompts[Content] = KeptPrompts(64)

    @staticmethod
    def prompt(topic: Topic, on: bool, count: str) -> Content:
        return Content.assemble(
            ("● " if on else "○ ", "bold $accent" if on else "$text-muted"),
            (f"[{clean(topic.key)}] " if topic.key else "    ", "bold"),
            (clean(topic.label), "bold $accent" if on else ""),
            "  ",
            (count, "$text-muted"),
        )

    def show(self, corpus: Corpus, active: Collection[str]) -> None:
        self.show_topics(corpus.topics, corpus.topic_counts(), active)

    def show_topics(self, topics: Sequence[Topic], counts: Mapping[str, int] | None, active: Collection[str]) -> None:
        """The topics with their statement counts (None: not counted yet, shown as "…")."""
        keep = self.highlighted
        options = []
        for topic in topics:
            on = topic.id in active
            count = str(counts.get(topic.id, 0)) if counts is not None else "…"
            options.append(Option(self._prompts.get(topics, (topic, on, count), partial(self.prompt, topic, on, count)),
                                  id=topic.id))
        if [o.id for o in self.options] == [o.id for o in options] and all(
                old.prompt.plain[1:] == new.prompt.plain[1:] for old, new in zip(self.options, options, strict=True)):
            # The same topics, only marks toggled ("●"/"○", one cell each): the toggled rows' prompts
            # replaced, the rows as they were (no layout of the screen, no change of highlight).
            for i, (old, new) in enumerate(zip(self.options, options, strict=True)):
                if old.prompt is not new.prompt:
                    self.replace_option_prompt_at_index(i, new.prompt)
            set_border_subtitle(self, f"{len(active)} active" if active else "none active")
            return
        self.set_options(options)
        if options:
            self.highlighted = min(keep or 0, len(options) - 1)
        set_border_subtitle(self, f"{len(active)} active" if active else "none active")
