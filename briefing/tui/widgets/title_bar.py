"""The line at the top: the app's title and subtitle (corpus, counts, date range, filter).

One widget in place of Textual's ``Header`` (an icon, a title and a clock space, four widgets whose
title follows the app's through four asynchronous watchers): the same line, styled as the header, for
a fifth of its cost before the first frame. The command palette it opened on a click stays on its key.
"""

from __future__ import annotations

from textual.widgets import Static


class TitleBar(Static):
    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
        padding: 0 1;
        content-align: center middle;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(markup=False, **kwargs)

    def on_mount(self) -> None:
        self._show()
        self.watch(self.app, "title", self._show, init=False)
        self.watch(self.app, "sub_title", self._show, init=False)

    def _show(self) -> None:
        """The app's title and subtitle as Textual formats them (plain text: nothing in either is markup)."""
        self.update(self.app.format_title(self.app.title, self.app.sub_title))
