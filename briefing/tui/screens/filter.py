"""The filter box (key F): the filter language with completion, a live count, and saving as a view."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.suggester import Suggester
from textual.widgets import Input, Label, Static

from briefing.corpus import Corpus
from briefing.filters import FilterError, Marks, completions, matching, parse
from briefing.tui.screens.dialog import Dialog
from briefing.wording import plural

HELP = ('topic:ID outlet:NAME speaker:NAME is:starred|noted|read|unread  single-source corroborated discrepancy  '
        '"exact phrase" words  -term negates; same field = or')


@dataclass(frozen=True)
class FilterRequest:
    query: str
    save_as: str | None = None


class FilterSuggester(Suggester):
    """Completes the last term: field names, flags, topic ids, outlets, speakers."""

    def __init__(self, corpus: Corpus) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.corpus = corpus

    async def get_suggestion(self, value: str) -> str | None:
        options = completions(self.corpus, value)
        return options[0] if options else None


class FilterScreen(Dialog[FilterRequest | None]):
    BINDINGS = [Binding("escape", "cancel", "Close")]

    def __init__(self, corpus: Corpus, query: str = "", marks: Marks | None = None) -> None:
        super().__init__()
        self.corpus = corpus
        self.initial = query
        self.marks = marks

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="filter"):
            yield Static(Content.styled("Filter statements (enter applies, empty clears; right arrow completes)",
                                        "bold"), classes="dialog-title")
            yield Input(value=self.initial, placeholder="e.g. topic:taiwan outlet:npr -topic:flights",
                        suggester=FilterSuggester(self.corpus), id="filter-input")
            yield Static(id="filter-count")
            yield Static(Content.styled(HELP, "$text-muted"), id="filter-help")
            yield Label("Save as view (optional name; reopen with --view NAME)")
            yield Input(placeholder="view name", id="filter-view")

    def on_mount(self) -> None:
        self.query_one("#filter-input", Input).focus()
        self.update(self.initial)

    def update(self, query: str) -> None:
        count = self.query_one("#filter-count", Static)
        try:
            flt = parse(query)
        except FilterError as exc:
            count.update(Content.styled(str(exc), "bold $error"))
            return
        if flt.empty:
            count.update(Content.styled("no filter: every statement", "$text-muted"))
            return
        n = len(matching(self.corpus, flt, self.marks))
        count.update(Content.styled(f"{plural(n, 'statement')} match", "$success" if n else "$warning"))

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "filter-input":
            self.update(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        query = self.query_one("#filter-input", Input).value.strip()
        try:
            parse(query)
        except FilterError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        name = self.query_one("#filter-view", Input).value.strip() or None
        self.dismiss(FilterRequest(query, name))

    def action_cancel(self) -> None:
        self.dismiss(None)
