"""The articles (outlet, date, title), filtered by the active topics; read ones are dimmed."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from briefing.model import Article
from briefing.tui.text import clean


class ArticleList(OptionList):
    def __init__(self, **kwargs) -> None:
        super().__init__(markup=False, **kwargs)
        self.border_title = "Articles"

    @staticmethod
    def prompt(article: Article, read: bool) -> Content:
        outlet = clean(article.outlet) or "unknown outlet"
        date = article.published or "undated"
        if read:
            return Content.assemble(("✓ ", "$text-muted"), (outlet, "$text-muted"), ("  " + date, "$text-muted"),
                                    "\n", (clean(article.display_title), "$text-disabled"))
        return Content.assemble(("• ", "$accent"), (outlet, "bold $secondary"), ("  " + date, "$text-muted"),
                                "\n", clean(article.display_title))

    def show(self, articles: Sequence[Article], read: Collection[str], current: str | None, total: int) -> None:
        self.set_options([Option(self.prompt(a, a.id in read), id=a.id) for a in articles])
        ids = [a.id for a in articles]
        if current in ids:
            self.highlighted = ids.index(current)
        elif ids:
            self.highlighted = 0
        self.border_subtitle = f"{len(articles)} of {total}" if len(articles) != total else f"{total}"

    def ids(self) -> list[str]:
        return [o.id for o in self.options if o.id is not None]
