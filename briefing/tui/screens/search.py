"""Search every statement as you type; enter jumps to the chosen one."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from briefing.corpus import Corpus
from briefing.query import search_statements
from briefing.tui.text import clean, shorten

LIMIT = 200


class SearchScreen(ModalScreen[str | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Close"),
        Binding("down", "move(1)", "Next result", show=False),
        Binding("up", "move(-1)", "Previous result", show=False),
    ]

    def __init__(self, corpus: Corpus, query: str = "") -> None:
        super().__init__()
        self.corpus = corpus
        self.initial = query

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="search"):
            yield Input(value=self.initial, placeholder="search statements (words, speaker, outlet)",
                        id="search-input")
            yield Static(id="search-count")
            yield OptionList(markup=False, id="search-results")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self.update(self.initial)

    def update(self, query: str) -> None:
        results = self.query_one("#search-results", OptionList)
        found = search_statements(self.corpus, query, limit=LIMIT) if query.strip() else []
        options = []
        for s in found:
            art = self.corpus.article(s.article)
            options.append(Option(Content.assemble(
                shorten(clean(s.text), 240), "\n",
                (clean(art.outlet) or "unknown outlet", "bold $secondary"),
                ("  " + shorten(clean(art.display_title), 70), "$text-muted"),
            ), id=s.id))
        results.set_options(options)
        if options:
            results.highlighted = 0
        count = self.query_one("#search-count", Static)
        if not query.strip():
            count.update(Content.styled("type to search; enter jumps to the highlighted statement", "$text-muted"))
        else:
            more = "+" if len(found) >= LIMIT else ""
            count.update(Content.styled(f"{len(found)}{more} statements", "$text-muted"))

    def on_input_changed(self, event: Input.Changed) -> None:
        self.update(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._choose()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def _choose(self) -> None:
        results = self.query_one("#search-results", OptionList)
        if results.highlighted is None or not results.option_count:
            self.app.bell()
            return
        self.dismiss(results.get_option_at_index(results.highlighted).id)

    def action_move(self, step: int) -> None:
        results = self.query_one("#search-results", OptionList)
        if results.option_count:
            results.highlighted = max(0, min(results.option_count - 1, (results.highlighted or 0) + step))

    def action_cancel(self) -> None:
        self.dismiss(None)
