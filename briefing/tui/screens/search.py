"""Search every statement as you type; enter jumps to the chosen one."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from briefing.corpus import Corpus
from briefing.model import Statement
from briefing.query import search_statements
from briefing.tui.layout import SteadySize, update_static
from briefing.tui.screens.dialog import Dialog
from briefing.tui.text import Measured, clean, shorten
from briefing.wording import noun

LIMIT = 200


# The box and the results keep their size when a keystroke changes what they hold: they are
# repainted, without a layout of the dialog and of the screen under it.


class SearchInput(SteadySize, Input):
    pass


class ResultList(SteadySize, OptionList):
    pass


class SearchScreen(Dialog[str | None]):
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
            yield SearchInput(value=self.initial, placeholder="search statements (words, speaker, outlet)",
                              id="search-input")
            yield Static(id="search-count")
            yield ResultList(markup=False, id="search-results")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self._options: dict[str, Option] = {}
        """Statement id → its result row, built once per screen (a keystroke mostly shows rows again)."""
        self._shown: list[str] = []
        self.corpus.search_index  # noqa: B018 - built once per corpus, when the search first opens
        self.update(self.initial)

    def _option(self, s: Statement) -> Option:
        if (option := self._options.get(s.id)) is None:
            art = self.corpus.article(s.article)
            option = self._options[s.id] = Option(Measured.assemble(
                shorten(clean(s.text), 240), "\n",
                (clean(art.outlet) or "unknown outlet", "bold $secondary"),
                ("  " + shorten(clean(art.display_title), 70), "$text-muted"),
            ), id=s.id)
        return option

    def update(self, query: str) -> None:
        results = self.query_one("#search-results", OptionList)
        found = search_statements(self.corpus, query, limit=LIMIT) if query.strip() else []
        ids = [s.id for s in found]
        if ids != self._shown:
            results.set_options([self._option(s) for s in found])  # rows measured before are not measured again
            self._shown = ids
        elif results.scroll_y:
            results.scroll_y = 0  # as set_options leaves it
        if found:
            results.highlighted = 0
        count = self.query_one("#search-count", Static)
        if not query.strip():
            update_static(count, Content.styled("type to search; enter jumps to the highlighted statement",
                                               "$text-muted"))
        else:
            more = "+" if len(found) >= LIMIT else ""
            update_static(count, Content.styled(f"{len(found)}{more} {noun(len(found), 'statement')}", "$text-muted"))

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
