"""Who said what (key w): every attributed statement grouped by speaker, with the outlets quoting
it; enter jumps to the statement in its article."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from briefing.corpus import Corpus
from briefing.tui.screens.dialog import Dialog
from briefing.tui.text import clean, shorten
from briefing.wording import plural


class SpeakersScreen(Dialog[str | None]):
    BINDINGS = [Binding("escape,q,w", "cancel", "Close")]

    def __init__(self, corpus: Corpus) -> None:
        super().__init__()
        self.corpus = corpus
        self.entries = corpus.who_said_what()

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="speakers"):
            n = len(self.entries)
            yield Static(Content.assemble(("Who said what", "bold"),
                                          (f"  {plural(n, 'speaker')}; enter jumps, escape closes",
                                           "$text-muted")), classes="dialog-title")
            yield OptionList(markup=False, id="speakers-list")

    def on_mount(self) -> None:
        lst = self.query_one("#speakers-list", OptionList)
        options: list[Option | None] = []
        for entry in self.entries:
            if options:
                options.append(None)
            others = [a for a in entry.aliases if a != entry.name]
            options.append(Option(Content.assemble(
                (clean(entry.name), "bold $accent"),
                (f"  {plural(len(entry.statements), 'statement')}", "$text-muted"),
                ("  · " + ", ".join(clean(o) for o in entry.outlets), "$secondary"),
                (("  (also " + ", ".join(clean(a) for a in others) + ")") if others else "", "$text-muted"),
            ), disabled=True))
            for sid in entry.statements:
                s = self.corpus.statement(sid)
                outlet = self.corpus.article_of(sid).outlet or "unknown outlet"
                options.append(Option(Content.assemble(
                    "  ", shorten(clean(s.text), 220), ("  — " + clean(outlet), "$text-muted")), id=sid))
        lst.add_options(options)
        first = next((i for i, o in enumerate(lst.options) if not o.disabled), None)
        if first is not None:
            lst.highlighted = first
        lst.focus()

    @property
    def statement_ids(self) -> list[str]:
        return [o.id for o in self.query_one("#speakers-list", OptionList).options if o.id]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
