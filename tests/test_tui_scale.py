"""The app at scale: the virtual article list (keys, mouse, highlight, 10,000 rows), the per-article
topic index behind a topic toggle, and the search index behind search-as-you-type, each checked
against the plain computation it replaces. Behaviour only: no test here asserts a time."""

from __future__ import annotations

import itertools
import random
from dataclasses import replace

import pytest
from textual.app import App, ComposeResult
from textual.content import Content
from textual.css.styles import Styles

from briefing.corpus import Corpus
from briefing.model import Article, Statement, Topic
from briefing.query import _scan, search_statements
from briefing.tui.app import BriefingApp
from briefing.tui.text import Measured, clean
from briefing.tui.widgets import ArticleList

WIDE = (160, 48)
HOSTILE_TITLES = ["[bold red]Evil[/] title", "[@click=app.quit]Wire[/]", "a\x1b[31mred\x07 b",
                  "国务卿布林肯访问北京" * 4, "x" * 90, "tab\there\nnew line", "", "   spaced   out   ",
                  "emoji 🤦 and ‘quotes’ — dashes"]


def toy_articles(n: int) -> list[Article]:
    rng = random.Random(n)
    outlets = [None, "NPR", "The National", "Atlantic Council", "A very long outlet name that wraps somewhere"]
    words = "harbour talks minister said the ceasefire would hold as officials met in Geneva".split()
    return [Article(id=f"t{i:05d}", path=f"t{i}.txt", outlet=outlets[i % len(outlets)],
                    published=None if i % 7 == 0 else f"2024-01-{1 + i % 28:02d}",
                    title=(f"Article {i}: " + " ".join(rng.choices(words, k=rng.randint(1, 14)))) if i % 11 else None)
            for i in range(n)]


class ListApp(App[None]):
    """Only the article list, with the messages it posts."""

    def __init__(self, articles: list[Article]) -> None:
        super().__init__()
        self.articles = articles
        self.highlights: list[tuple[str, int]] = []
        self.selections: list[tuple[str, int]] = []

    def compose(self) -> ComposeResult:
        yield ArticleList(id="articles")

    def on_mount(self) -> None:
        lst = self.query_one(ArticleList)
        lst.styles.height = "1fr"
        lst.show(self.articles, set(), None, len(self.articles))
        lst.focus()

    def on_article_list_highlighted(self, event: ArticleList.Highlighted) -> None:
        self.highlights.append((event.article_id, event.index))

    def on_article_list_selected(self, event: ArticleList.Selected) -> None:
        self.selections.append((event.article_id, event.index))


def rendered(widget) -> str:
    return "\n".join(widget.render_line(y).text for y in range(widget.size.height))


# -- the article list ----------------------------------------------------------------------------------
@pytest.mark.parametrize("width", [1, 2, 5, 13, 26, 28, 40, 76])
def test_row_height_is_the_height_of_the_row_as_drawn(width):
    articles = toy_articles(60) + [Article(id=f"h{i}", path="h", title=t, outlet=t or None, published="2024-02-02")
                                   for i, t in enumerate(HOSTILE_TITLES)]
    for a in articles:
        for read in (False, True):
            assert ArticleList.row_height(a, width) == ArticleList.prompt(a, read).get_height(Styles(), width), \
                (a.title, width)


@pytest.mark.parametrize("width", [1, 3, 17, 40, 104])
def test_measured_content_is_as_high_as_the_content(corpus, width):
    texts = [s.text for s in list(corpus.statements())[:80]] + HOSTILE_TITLES + ["", "\n", "a\n\nb", " " * 50,
                                                                               "word " * 40, "x" * 300]
    for text in texts:
        for two in (clean(text), clean(text) + "\n" + clean(text[:60]) + "  outlet"):
            plain = Content.assemble((two, "bold"))
            assert Measured.assemble((two, "bold")).get_height(Styles(), width) == plain.get_height(Styles(), width)


async def test_ten_thousand_rows_keys_and_messages():
    articles = toy_articles(10_000)
    app = ListApp(articles)
    async with app.run_test(size=(60, 30)) as pilot:
        lst = app.query_one(ArticleList)
        assert lst.ids() == [a.id for a in articles] and lst.option_count == 10_000
        assert lst.highlighted == 0 and lst.border_subtitle == "10000" and lst.border_title == "Articles"
        exact = sum(ArticleList.row_height(a, lst.scrollable_content_region.width) for a in articles)
        # The rows below the screen are measured in the background; the height is estimated until then.
        assert abs(lst.virtual_size.height - exact) < exact * 0.2
        for _ in range(100):
            if lst.virtual_size.height == exact:
                break
            await pilot.pause(0.05)
        assert lst.virtual_size.height == exact
        await pilot.press("down", "down")
        assert lst.highlighted == 2 and app.highlights[-1] == (articles[2].id, 2)
        await pilot.press("up")
        assert lst.highlighted == 1
        await pilot.press("end")
        await pilot.pause()
        assert lst.highlighted == 9_999 and app.highlights[-1] == (articles[-1].id, 9_999)
        assert lst.scroll_offset.y > 0
        assert (articles[-1].title or articles[-1].id)[:20] in rendered(lst)  # the last row is drawn
        await pilot.press("down")  # already last: stays
        assert lst.highlighted == 9_999
        await pilot.press("pageup")
        page_up = lst.highlighted
        assert 9_980 < page_up < 9_999
        await pilot.press("pagedown")
        assert lst.highlighted > page_up
        await pilot.press("home")
        await pilot.pause()
        assert lst.highlighted == 0 and lst.scroll_offset.y == 0
        await pilot.press("pagedown")
        assert 0 < lst.highlighted < 20
        await pilot.press("enter")
        await pilot.pause()
        assert app.selections == [(articles[lst.highlighted].id, lst.highlighted)]
        lst.highlighted = 5_000  # settable, scrolls to the row
        await pilot.pause()
        assert app.highlights[-1] == (articles[5_000].id, 5_000)
        assert (articles[5_000].title or articles[5_000].id)[:20] in rendered(lst)


async def test_show_keeps_the_current_article_and_says_how_many_of_how_many():
    articles = toy_articles(500)
    app = ListApp(articles)
    async with app.run_test(size=(60, 30)) as pilot:
        lst = app.query_one(ArticleList)
        lst.highlighted = 30
        await pilot.pause()
        n = len(app.highlights)
        subset = articles[20:40]
        lst.show(subset, set(), articles[30].id, 500)
        await pilot.pause()
        assert lst.ids() == [a.id for a in subset] and lst.highlighted == 10 and lst.border_subtitle == "20 of 500"
        assert lst.index_of(articles[30].id) == 10 and lst.index_of(articles[0].id) is None
        assert app.highlights[n:] == []  # the row moved, but the highlighted article is the same
        lst.show(articles[100:105], set(), articles[30].id, 500)  # not listed: the first is highlighted
        await pilot.pause()
        assert lst.highlighted == 0 and app.highlights[-1] == (articles[100].id, 0)
        lst.show([], set(), None, 500)
        await pilot.pause()
        assert lst.ids() == [] and lst.highlighted is None and lst.border_subtitle == "0 of 500"
        await pilot.press("down", "end", "enter")  # nothing to move to or choose
        assert lst.highlighted is None and app.selections == []
        lst.show(articles, {articles[0].id}, articles[0].id, 500)  # a list shown before, read marks anew
        await pilot.pause()
        assert lst.get_option(articles[0].id).prompt.plain.startswith("✓")
        assert lst.get_option(articles[1].id).prompt.plain.startswith("•")
        await pilot.pause()
        assert articles[1].title[:15] in rendered(lst)
        # The same ids, other articles (the outline's, then the corpus's): the rows show the new ones.
        renamed = [Article(id=a.id, path=a.path, title=f"Renamed number {i}", outlet=a.outlet) for i, a in
                   enumerate(articles)]
        lst.show(renamed, set(), None, 500)
        await pilot.pause()
        assert "Renamed number 1" in rendered(lst) and articles[1].title[:15] not in rendered(lst)


async def test_click_selects_the_row_under_the_mouse():
    articles = toy_articles(50)
    app = ListApp(articles)
    async with app.run_test(size=(60, 30)) as pilot:
        lst = app.query_one(ArticleList)
        width = lst.scrollable_content_region.width
        y = sum(ArticleList.row_height(a, width) for a in articles[:3])  # the first line of the fourth row
        assert await pilot.click(ArticleList, offset=(4, y + 1))  # + 1: the border
        await pilot.pause()
        assert lst.highlighted == 3 and app.selections == [(articles[3].id, 3)]
        assert await pilot.hover(ArticleList, offset=(4, 2))
        await pilot.pause()
        assert lst._hover == 0


async def test_rows_are_drawn_literally():
    articles = [Article(id=f"h{i}", path="h", title=t, outlet="[@click=app.quit]Wire[/]", published="2024-02-02")
                for i, t in enumerate(HOSTILE_TITLES)]
    app = ListApp(articles)
    async with app.run_test(size=(60, 60)) as pilot:
        await pilot.pause()
        text = rendered(app.query_one(ArticleList))
        assert "[bold red]Evil[/] title" in text and "[@click=app.quit]Wire[/]" in text
        assert not any(ch in text for ch in "\x1b\x07\t")


async def test_the_app_lists_articles_opens_on_highlight_and_focuses_the_reader_on_enter(corpus, data):
    app = BriefingApp(corpus)
    async with app.run_test(size=WIDE) as pilot:
        lst = app.query_one(ArticleList)
        assert lst.ids() == [a.id for a in corpus.articles] and lst.border_subtitle == str(len(corpus.articles))
        lst.focus()
        await pilot.press("end")
        await pilot.pause()
        assert app.article_id == corpus.articles[-1].id
        await pilot.press("home", "enter")
        await pilot.pause()
        assert app.article_id == corpus.articles[0].id and app.focused is app.query_one("#reader")
        width = lst.scrollable_content_region.width
        y = sum(ArticleList.row_height(a, width) for a in corpus.articles[:2])
        await pilot.click("#articles", offset=(3, y + 1))
        await pilot.pause()
        assert app.article_id == corpus.articles[2].id and app.focused is app.query_one("#reader")


# -- topics and filters ----------------------------------------------------------------------------------
def reference_visible(app: BriefingApp) -> list[str]:
    """``visible_article_ids`` as it was: every statement of every article asked."""
    if not app.narrowed:
        return [a.id for a in app.corpus.articles]
    return [a.id for a in app.corpus.articles if any(app.in_scope(s) for s in a.statements)]


async def test_visible_articles_for_every_topic_set_with_and_without_a_filter(corpus, data):
    app = BriefingApp(corpus)
    topic_ids = [t.id for t in corpus.topics]
    async with app.run_test(size=WIDE) as pilot:
        for query in ["", "outlet:npr", "-topic:taiwan", "speaker:blinken", "nothing-matches-this-word"]:
            app.apply_filter(query)
            await pilot.pause()
            for n in range(len(topic_ids) + 1):
                for chosen in itertools.combinations(topic_ids, n):
                    app.active[:] = list(chosen)
                    assert app.visible_article_ids() == reference_visible(app), (query, chosen)
                    app.refresh_articles()
                    assert app.query_one(ArticleList).ids() == reference_visible(app)


def test_article_topics_and_topic_counts_are_those_of_the_statements(corpus):
    for a in corpus.articles:
        assert set(corpus.article_topics(a.id)) == {t for s in a.statements for t in s.topics}
    counts = corpus.topic_counts()
    assert counts == {t.id: sum(t.id in s.topics for s in corpus.statements()) for t in corpus.topics}
    counts["taiwan"] = -1  # a copy: the corpus keeps its own
    assert corpus.topic_counts()["taiwan"] != -1


# -- search ------------------------------------------------------------------------------------------
def queries_for(corpus: Corpus, n: int, seed: int) -> list[str]:
    """Pieces of the corpus's own text (prefixes, infixes, several words, mixed case), and misses."""
    rng = random.Random(seed)
    texts = [s.text for s in corpus.statements()] + [a.title or "" for a in corpus.articles] + \
            [a.outlet or "" for a in corpus.articles] + [s.speaker or "" for s in corpus.statements()]
    texts = [t for t in texts if t.strip()]
    out = ["", "   ", "a", "e", "the", "THE", "zzzqqq", "’s", "it's", "military-to-military", "npr", "Npr blinken",
           "xi jinping", "taiwan npr", "\x00", "a\x00b"]
    for _ in range(n):
        words = rng.choice(texts).split()
        if not words:
            continue
        k = rng.randint(1, min(3, len(words)))
        start = rng.randrange(len(words) - k + 1)
        picked = words[start:start + k]
        picked = [w[rng.randrange(len(w)):] if rng.random() < 0.3 else w for w in picked]
        picked = [w[: rng.randint(1, len(w))] if rng.random() < 0.3 else w for w in picked]
        query = " ".join(picked)
        out.append(query.upper() if rng.random() < 0.2 else query)
        if rng.random() < 0.2:  # two pieces from anywhere: mostly in no statement together
            out.append(query + " " + rng.choice(rng.choice(texts).split() or ["x"]))
    return out


@pytest.mark.parametrize("limit", [1, 3, 200])
def test_search_finds_what_the_scan_finds_in_the_same_order(corpus, limit):
    for query in queries_for(corpus, 300, limit):
        terms = query.casefold().split()
        expected = [s.id for s in _scan(corpus, terms, limit)] if terms else []
        assert [s.id for s in search_statements(corpus, query, limit)] == expected, query


@pytest.mark.parametrize("limit", [1, 3, 200])
def test_search_as_typed_narrows_each_answer_and_finds_what_the_scan_finds(corpus, limit):
    """Typed a character at a time (the index narrows its last answer), deleted, retyped."""
    sentences = ["military channels", "Blinken said the talks", "npr xi", "the taiwan strait", "f e n t", "zz top",
                 "a b c d", "officials officials"]
    for sentence in sentences:
        typed = [sentence[:i] for i in range(1, len(sentence) + 1)]
        for query in typed + typed[::-1] + ["", sentence.upper(), sentence + " e"]:
            terms = query.casefold().split()
            expected = [s.id for s in _scan(corpus, terms, limit)] if terms else []
            assert [s.id for s in search_statements(corpus, query, limit)] == expected, query


def test_search_matches_outlet_title_and_speaker_and_folds_case():
    def statement(i: int, article: str, text: str, speaker: str | None = None) -> Statement:
        return Statement(id=f"{article}#{i}", article=article, index=i, text=text, speaker=speaker)

    a = Article(id="a", path="a", title="ΣΟΦΙΑ Straße report", outlet="Harbour Wire",
                statements=(statement(0, "a", "Nothing here."), statement(1, "a", "The MINISTER spoke.", "Ana Ortiz")))
    b = Article(id="b", path="b", title=None, outlet=None,
                statements=(statement(0, "b", "σοφια strasse in the harbour wire"), statement(1, "b", "x\x00y")))
    corpus = Corpus(articles=(a, b), topics=(Topic(id="t", label="T"),))
    cases = ["harbour", "wire nothing", "ortiz minister", "strasse", "σοφια", "ΣΟΦΙΑ straße", "report spoke",
             "harbour wire", "x", "y", "x\x00y", "minister ortiz harbour", "ana", "nothing ortiz", "e", ""]
    for query in cases:
        terms = query.casefold().split()
        expected = [s.id for s in _scan(corpus, terms, 200)] if terms else []
        assert [s.id for s in search_statements(corpus, query)] == expected, query
    assert [s.id for s in search_statements(corpus, "ortiz harbour")] == ["a#1"]
    assert [s.id for s in search_statements(corpus, "strasse")] == ["a#0", "a#1", "b#0"]  # ß folds to ss


async def test_search_box_scrolls_to_the_cursor_when_the_query_is_longer_than_the_box(corpus, data):
    app = BriefingApp(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *("blinken " * 12), *"END")
        await pilot.pause()
        box = app.screen.query_one("#search-input")
        assert box.value.endswith("blinken END") and box.scroll_x > 0
        assert "END" in rendered(box)
        await pilot.press("home")
        await pilot.pause()
        assert box.scroll_x == 0 and "blinken" in rendered(box)


async def test_search_screen_shows_the_same_rows_as_a_fresh_search(corpus, data):
    app = BriefingApp(corpus)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("slash", *"mil")
        await pilot.pause()
        results = app.screen.query_one("#search-results")
        for more in ["i", "t", "a", "r", "y", "backspace", "backspace", "space", "c"]:
            await pilot.press(more)
            await pilot.pause()
            query = app.screen.query_one("#search-input").value
            expected = [s.id for s in search_statements(corpus, query)] if query.strip() else []
            assert [o.id for o in results.options] == expected, query
            assert results.highlighted == (0 if expected else None)


def test_the_characters_counted_as_one_cell_are_one_cell_wide_for_rich():
    from rich.cells import cell_len

    from briefing.tui.text import _ONE_CELL

    assert len(_ONE_CELL) > 1000 and all(cell_len(c) == 1 for c in _ONE_CELL)


def test_the_fast_ascii_wrap_count_equals_rich_on_random_text():
    """wrapped_height counts lines of one-cell characters itself; it must break
    exactly where rich's divide_line does, folding included."""
    import random

    from rich._wrap import divide_line

    from briefing.tui.text import _ascii_breaks

    rng = random.Random(7)
    alphabet = "abc defghij  klmnop qrstuvwxyz-.,'ABC 012  “”’—… éàüñ\u00a0"
    for _ in range(20_000):
        text = " " * rng.randint(0, 2) + "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 120)))
        width = rng.randint(1, 40)
        assert _ascii_breaks(text, width) == len(divide_line(text, width, fold=True)), (text, width)


def test_row_offsets_are_measured_only_as_far_as_asked():
    from briefing.tui.widgets.article_list import _Lines

    articles = toy_articles(1_000)
    calls: list[str] = []

    def height(a: Article) -> int:
        calls.append(a.id)
        return ArticleList.row_height(a, 30)

    lines = _Lines(articles, height)
    exact = [0]
    for a in articles:
        exact.append(exact[-1] + ArticleList.row_height(a, 30))
    lines.measure(50)
    assert len(calls) == 50 and not lines.complete
    assert abs(lines.total - exact[-1]) < exact[-1] * 0.2  # estimated from the rows measured
    assert lines.start(10) == exact[10] and len(calls) == 50  # known already: nothing measured
    assert lines.start(200) == exact[200] and len(calls) == 200  # down to the row asked for
    line = exact[400] + 1
    assert lines.row_at(line) == 400 and lines.start(400) <= line < lines.start(401)
    assert len(calls) < 1_000
    assert lines.row_at(exact[-1] + 5) is None and lines.complete  # beyond the end: all measured, no row
    assert lines.total == exact[-1] and lines.starts == exact and len(calls) == 1_000  # each row once


async def test_a_heading_lays_out_the_screen_only_when_its_height_changes():
    """update_static: new content of the same height (a min-height counted) repaints the widget; only
    content that makes it taller or shorter lays the screen out again."""
    from textual.widgets import Static

    from briefing.tui.layout import update_static

    class Heads(App[None]):
        CSS = "#floor { min-height: 2; } Static { padding: 0 1; }"

        def compose(self) -> ComposeResult:
            yield Static(Content("one line"), id="plain")
            yield Static(Content("one line"), id="floor")

    app = Heads()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        layouts: list[str] = []
        for widget in app.query(Static):
            original = widget.refresh

            def watched(*regions, _w=widget, _orig=original, **kwargs):
                if kwargs.get("layout"):
                    layouts.append(_w.id)
                return _orig(*regions, **kwargs)

            widget.refresh = watched
        long = Content("a heading long enough to wrap onto a second line here")
        update_static(app.query_one("#plain"), Content("another line"))  # same height: no layout
        update_static(app.query_one("#floor"), long)  # two lines, within its min-height of two: none
        assert layouts == []
        update_static(app.query_one("#plain"), long)  # one line to two: the screen is laid out
        assert layouts == ["plain"]
        await pilot.pause()
        assert app.query_one("#plain").size.height == 2 and app.query_one("#floor").size.height == 2


# -- the reader's and corroboration pane's drawn options -----------------------------------------------
@pytest.mark.parametrize("width", [12, 17, 18, 30, 47, 72, 104])
def test_a_statement_prompt_is_as_high_and_draws_as_its_laid_out_text(corpus, width):
    """Hanging counts its lines without wrapping its text, and draws its laid-out lines without
    wrapping them again: the same height and the same lines as wrapping the laid-out content."""
    from textual.style import Style
    from textual.visual import RenderOptions

    from briefing.tui.widgets.reader import ReaderPane

    options = RenderOptions(lambda _style: Style(), Styles())
    statements = list(corpus.statements())
    hostile = [replace(statements[i], text=t or "x")
               for i, t in enumerate(HOSTILE_TITLES + ["word " * 60, "y" * 200])]
    for s in statements + hostile:
        for hot, starred, note in [(False, False, None), (True, True, "a note " * 9)]:
            prompt = ReaderPane.prompt(corpus, s, hot, starred, note)
            laid = prompt._layout(width)
            assert prompt.get_height(Styles(), width) == laid.get_height(Styles(), width), (s.text, width)
            drawn = [strip.text for strip in prompt.render_strips(width, None, Style(), options)]
            assert drawn == [strip.text for strip in laid.render_strips(width, None, Style(), options)]


async def test_a_statement_prompt_draws_the_strips_its_laid_out_content_draws(corpus):
    """Hanging draws its laid-out lines without wrapping them a second time: the same segments,
    styles included (the theme's variables resolved by a running app), as its laid-out content drawn
    as Textual draws content, for every statement in both looks."""
    from textual.style import Style
    from textual.visual import Visual

    from briefing.tui.widgets.reader import ReaderPane

    statements = list(corpus.statements())
    hostile = [replace(statements[i], text=t or "x") for i, t in enumerate(HOSTILE_TITLES + ["y" * 200])]
    async with App().run_test() as pilot:
        screen = pilot.app.screen
        for width in (20, 47, 80, 104):
            for s in statements + hostile:
                for hot, starred, note in [(False, False, None), (True, True, "a note " * 9)]:
                    prompt = ReaderPane.prompt(corpus, s, hot, starred, note)
                    laid = prompt._layout(width)  # the joined lines: what Content draws
                    laid.get_optimal_width = lambda rules, container: container  # (as Hanging)
                    expected = [list(strip) for strip in Visual.to_strips(screen, laid, width, None, Style())]
                    drawn = [list(strip) for strip in Visual.to_strips(screen, prompt, width, None, Style())]
                    assert drawn == expected, (s.text, width, hot)


async def test_an_article_shown_again_is_drawn_from_what_its_statements_drew(corpus, data):
    """Opening an article shown before (a topic toggled off and on, J then K) hands the reader the
    same prompts, whose drawn lines the list kept: nothing is drawn anew."""
    from briefing.tui.text import Hanging

    drawn: list[str] = []
    original = Hanging.render_strips

    def counting(self, *args, **kwargs):
        drawn.append(self.body.plain)
        return original(self, *args, **kwargs)

    app = BriefingApp(corpus)
    async with app.run_test(size=WIDE) as pilot:
        Hanging.render_strips = counting
        try:
            first, second = [a.id for a in corpus.articles[:2]]
            app.open_article(second)
            await pilot.pause()
            app.open_article(first)
            await pilot.pause()
            assert drawn, "the reader drew the article's statements"
            drawn.clear()
            app.open_article(second)
            await pilot.pause()
            app.open_article(first)
            await pilot.pause()
            assert drawn == []
            await pilot.press("j")  # the highlight moves: those two rows are drawn in their new look
            await pilot.pause()
            assert 1 <= len(drawn) <= 2
        finally:
            Hanging.render_strips = original


async def test_what_the_lists_kept_is_drawn_anew_in_a_new_theme(corpus, data):
    """The kept lines hold the theme's colours: after a theme change the reader and the corroboration
    pane look as in an app started in that theme."""
    from briefing.tui.widgets.corroboration import CorroborationList
    from briefing.tui.widgets.reader import StatementList

    def looks(app: BriefingApp) -> list:
        return [[(seg.text, seg.style) for seg in widget.render_line(y)]
                for widget in (app.query_one(StatementList), app.query_one(CorroborationList))
                for y in range(min(widget.size.height, 12))]

    linked = next(s for s in corpus.statements() if corpus.corroborations_of(s.id))
    changed = BriefingApp(corpus, theme="dark")
    async with changed.run_test(size=WIDE) as pilot:
        changed.open_article(linked.article, linked.id)
        await pilot.pause()
        before = looks(changed)
        await pilot.press("t")  # dark -> light
        await pilot.pause()
        assert changed.theme == "light"
        after = looks(changed)
    fresh = BriefingApp(corpus, theme="light")
    async with fresh.run_test(size=WIDE) as pilot:
        fresh.open_article(linked.article, linked.id)
        await pilot.pause()
        assert after == looks(fresh) and after != before


async def test_a_topic_toggle_draws_the_toggled_topic_only(corpus, data):
    """The topic list keeps its prompts by look and what they drew: a toggle draws the toggled row
    (its new mark), and toggling it back draws nothing."""
    from textual.widgets import OptionList

    from briefing.tui.widgets import TopicList

    drawn: list[str] = []
    original = OptionList._get_option_render

    def counting(self, option, style):
        if isinstance(self, TopicList):
            drawn.append(option.id)
        return original(self, option, style)

    app = BriefingApp(corpus)
    async with app.run_test(size=WIDE) as pilot:
        OptionList._get_option_render = counting
        try:
            first = corpus.topics[0]
            await pilot.press(first.key)
            await pilot.pause()
            assert drawn == [first.id]  # its row marked active; the others as they were
            drawn.clear()
            await pilot.press(first.key)
            await pilot.pause()
            assert drawn == []  # back to the look drawn at the start
            assert str(app.query_one(TopicList).get_option_at_index(0).prompt).startswith("○")
        finally:
            OptionList._get_option_render = original
