"""The topics of the corpus with their keys and statement counts; active ones are marked."""

from __future__ import annotations

from collections.abc import Collection

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from briefing.corpus import Corpus
from briefing.tui.text import clean


class TopicList(OptionList):
    """Enter (or the topic's key anywhere) toggles a topic."""

    def __init__(self, **kwargs) -> None:
        super().__init__(markup=False, **kwargs)
        self.border_title = "Topics"

    def show(self, corpus: Corpus, active: Collection[str]) -> None:
        counts = corpus.topic_counts()
        keep = self.highlighted
        options = []
        for topic in corpus.topics:
            on = topic.id in active
            options.append(Option(Content.assemble(
                ("● " if on else "○ ", "bold $accent" if on else "$text-muted"),
                (f"[{clean(topic.key)}] " if topic.key else "    ", "bold"),
                (clean(topic.label), "bold $accent" if on else ""),
                "  ",
                (str(counts.get(topic.id, 0)), "$text-muted"),
            ), id=topic.id))
        self.set_options(options)
        if options:
            self.highlighted = min(keep or 0, len(options) - 1)
        self.border_subtitle = f"{len(active)} active" if active else "none active"
