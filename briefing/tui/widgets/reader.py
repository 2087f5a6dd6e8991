"""The reader: one article as a list of statements, with corroboration badges and marks."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from briefing.model import Article
from briefing.tui.layout import SteadySize, set_border_subtitle, update_static
from briefing.tui.text import Hanging, badge, clean, shorten
from briefing.tui.widgets.kept_renders import KeptPrompts, KeptRenders
from briefing.wording import plural

if TYPE_CHECKING:
    from briefing.corpus import Corpus  # annotations only: the corpus module loads after the first frame
    from briefing.model import Statement  # (and statements after it too)

GUTTER = 9


class StatementList(SteadySize, KeptRenders, OptionList):
    """The statements of the article in the reader (option ids are statement ids)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(markup=False, **kwargs)

    def ids(self) -> list[str]:
        return [o.id for o in self.options if o.id is not None]


class ReaderPane(Vertical):
    _list: StatementList | None = None

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._prompts: KeptPrompts[Hanging] = KeptPrompts(4096)

    def compose(self) -> ComposeResult:
        yield Static(id="article-head")

    def on_mount(self) -> None:
        self.border_title = "Reader"

    @property
    def statements(self) -> StatementList:
        """The list of statements, mounted when first asked for: the first frame of a corpus still
        loading has none to show, and goes without the costliest widget to style and draw."""
        if self._list is None:
            self._list = StatementList(id="reader")
            self.mount(self._list)
        return self._list

    @staticmethod
    def prompt(corpus: Corpus, s: Statement, hot: bool, starred: bool, note: str | None) -> Hanging:
        gutter = Content.assemble(
            ("▌" if hot else " ", "$accent" if hot else ""),
            badge(corpus.corroborating_outlets(s.id)) if s.is_claim else Content.styled("  ?", "$text-muted"),
            " ",
            ("★" if starred else " ", "bold $warning"),
            ("✎" if note else " ", "bold $secondary"),
            ("≠" if corpus.discrepancies_of(s.id) else " ", "bold $error"),
        )
        parts: list = [(clean(s.text), "bold" if hot else ("$text-muted" if s.kind == "question" else ""))]
        if s.speaker:
            who = clean(s.speaker) + (f" ({clean(s.speaker_role)})" if s.speaker_role else "")
            parts += ["\n", ("— " + who, "italic $text-muted")]
        if note:
            parts += ["\n", ("✎ " + shorten(clean(note), 300), "italic $secondary")]
        return Hanging(gutter, Content.assemble(*parts), GUTTER)

    def prompt_for(self, corpus: Corpus, s: Statement, hot: bool, starred: bool, note: str | None) -> Hanging:
        """``prompt``, the same object as last time for a statement that looks the same (the list
        keeps what a prompt drew: see :mod:`briefing.tui.widgets.kept_renders`)."""
        return self._prompts.get(corpus, (s.id, hot, starred, note), lambda: self.prompt(corpus, s, hot, starred, note))

    def show(self, corpus: Corpus, article: Article | None, statements: Sequence[Statement], current: str | None,
             *, hot: Callable[[Statement], bool], stars: Collection[str], notes: Mapping[str, str], read: bool,
             focus_mode: bool) -> None:
        head = self.query_one("#article-head", Static)
        lst = self.statements
        if article is None:
            head.update(Content("No article to show (no article has a statement of the active topics)."))
            lst.clear_options()
            set_border_subtitle(self, "")
            return
        meta = " · ".join(x for x in (clean(article.outlet) or "unknown outlet", article.published or "undated",
                                      ", ".join(clean(a) for a in article.authors)) if x)
        update_static(head, Content.assemble((clean(article.display_title), "bold"), "\n", (meta, "$text-muted"),
                                             ("  ✓ read" if read else "", "$success")))
        lst.set_options([Option(self.prompt_for(corpus, s, hot(s), s.id in stars, notes.get(s.id)), id=s.id)
                         for s in statements])
        ids = [s.id for s in statements]
        if ids:
            lst.highlighted = ids.index(current) if current in ids else 0
        sub = f"{len(statements)} of {plural(len(article.statements), 'statement')}" if focus_mode else \
            plural(len(statements), "statement")
        set_border_subtitle(self, sub + (" · focus mode" if focus_mode else ""))

    def show_waiting(self, message: str) -> None:
        """No statements yet: the corpus is loading."""
        self.query_one("#article-head", Static).update(Content.styled(message, "$text-muted"))
        if self._list is not None:
            self._list.clear_options()
        set_border_subtitle(self, "")

    def refresh_statement(self, corpus: Corpus, s: Statement, *, hot: Callable[[Statement], bool], starred: bool,
                          note: str | None) -> None:
        lst = self.statements
        try:
            lst.replace_option_prompt(s.id, self.prompt_for(corpus, s, hot(s), starred, note))
        except OptionDoesNotExist:  # the statement is not shown (focus mode)
            pass
