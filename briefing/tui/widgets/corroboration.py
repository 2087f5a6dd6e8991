"""The corroboration pane: the statements of other articles that state the selected statement's fact."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from briefing.query import shared_word_spans
from briefing.tui.layout import SteadySize, update_static
from briefing.tui.text import Measured, clean, shorten
from briefing.tui.widgets.kept_renders import KeptPrompts, KeptRenders
from briefing.wording import plural

if TYPE_CHECKING:
    from briefing.corpus import Corpus  # annotations only: the corpus module loads after the first frame
    from briefing.records import Corroboration, Statement

SINGLE_SOURCE = "Single source: no other outlet states this."


def discrepancy_line(corpus: Corpus, d) -> Content:
    """"≠ Sources differ on distance: 150 metres (Harbour Wire) · 200 metres (Coastal Times)"."""
    from briefing.discrepancy import kind_label  # noqa: PLC0415

    parts: list = [(f"≠ Sources differ on {kind_label(d.kind)}: ", "bold $error")]
    for i, (sid, q) in enumerate(d.values):
        if i:
            parts.append(" · ")
        parts += [(clean(q.text), "bold"), f" ({clean(corpus.article_of(sid).outlet) or 'unknown outlet'})"]
    return Content.assemble(*parts)


class CorroborationList(SteadySize, KeptRenders, OptionList):
    def __init__(self, **kwargs) -> None:
        super().__init__(markup=False, **kwargs)

    def ids(self) -> list[str]:
        return [o.id for o in self.options if o.id is not None]


class CorroborationPane(Vertical):
    _list: CorroborationList | None = None

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._prompts: KeptPrompts[Measured] = KeptPrompts(1024)

    def compose(self) -> ComposeResult:
        yield Static(id="corro-head")

    def on_mount(self) -> None:
        self.border_title = "Corroboration"

    @property
    def options(self) -> CorroborationList:
        """The list of corroborating statements, mounted when first asked for (as the reader's)."""
        if self._list is None:
            self._list = CorroborationList(id="corro")
            self.mount(self._list)
        return self._list

    def show(self, corpus: Corpus, statement_id: str | None) -> None:
        """The statements backing ``statement_id`` (nothing is redone when it is already shown: the
        reader asks again on every topic toggle)."""
        shown = getattr(self, "_shown", None)
        if shown is not None and shown[0] is corpus and shown[1] == statement_id:
            return
        self._shown = (corpus, statement_id)
        head = self.query_one("#corro-head", Static)
        lst = self.options
        lst.clear_options()
        if statement_id is None:
            update_static(head, Content("No statement selected."))
            return
        s = corpus.statement(statement_id)
        if not s.is_claim:
            update_static(head, Content.styled("A question: nothing to corroborate.", "$text-muted"))
            return
        n = corpus.corroborating_outlets(statement_id)
        if n == 0:
            heading = Content.styled(SINGLE_SOURCE, "bold $warning")
        else:
            heading = Content.assemble((f"Backed by {plural(n, 'other independent outlet')}", "bold $success"),
                                       ("  (enter jumps to a statement)", "$text-muted"))
        for d in corpus.discrepancies_of(statement_id):
            heading = Content.assemble(heading, "\n", discrepancy_line(corpus, d))
        update_static(head, heading)
        options: list[Option | None] = []
        for c in corpus.corroborations_of(statement_id):
            if options:
                options.append(None)  # a separator line between statements
            options.append(Option(self.prompt_for(corpus, s, c), id=c.other))
        lst.add_options(options)
        if options:
            lst.highlighted = 0

    def prompt_for(self, corpus: Corpus, s: Statement, c: Corroboration) -> Measured:
        """The option for one corroborating statement: its outlet, title and score, its text with the
        words it shares with ``s`` in bold, its speaker. The same object as the last time it was shown
        (the list keeps what it drew: see :mod:`briefing.tui.widgets.kept_renders`)."""
        return self._prompts.get(corpus, (s.id, c.other), lambda: self.prompt(corpus, s, c))

    @staticmethod
    def prompt(corpus: Corpus, s: Statement, c: Corroboration) -> Measured:
        other = corpus.statement(c.other)
        art = corpus.article(c.other_article)
        body = clean(other.text)
        content = Content(body)
        for start, end in shared_word_spans(body, clean(s.text)):
            content = content.stylize("bold $accent", start, end)
        same = art.source_key == corpus.article_of(s.id).source_key
        return Measured.assemble(
            (clean(art.outlet) or "unknown outlet", "bold $secondary"),
            ("  (same outlet)" if same else "", "$warning"),
            ("  " + shorten(clean(art.display_title), 60), "$text-muted"),
            (f"  {c.score:.2f}", "$text-muted"),
            "\n", content,
            ("\n— " + clean(other.speaker) if other.speaker else "", "italic $text-muted"),
        )
