"""BriefingApp: topics and articles on the left, the reader in the centre, corroboration on the right.

The app only calls the engine (it never parses article text) and shows article text as literal
content, never as markup.
"""

from __future__ import annotations

import errno
import gc
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

from textual import events, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Container, Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList
from textual.worker import get_current_worker

from briefing.config import Config
from briefing.model import Article, Topic
from briefing.outline import Outline
from briefing.state import UserState
from briefing.tui import end_startup, screens
from briefing.tui.screens.main import MainScreen
from briefing.tui.text import clean
from briefing.tui.themes import DEFAULT_THEME, load_themes
from briefing.tui.widgets import ArticleList, CorroborationPane, ReaderPane, TopicList
from briefing.tui.widgets.corroboration import CorroborationList
from briefing.tui.widgets.reader import StatementList
from briefing.tui.widgets.title_bar import TitleBar
from briefing.wording import plural

if TYPE_CHECKING:
    from briefing.corpus import Corpus
    from briefing.filters import Filter
    from briefing.model import Statement
    from briefing.tui.screens.export import ExportRequest
    from briefing.tui.screens.filter import FilterRequest

NARROW = 100
"""Below this many columns the corroboration pane goes below the reader."""
IDLE_COLLECT_S = 2.0
"""Seconds between the app's own full garbage collections (skipped while keys are being pressed)."""


class BriefingApp(App[None]):
    CSS_PATH = os.path.join(os.path.dirname(__file__), "app.tcss")  # absolute: subclasses live elsewhere
    TITLE = "briefing"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW, "-wide")]

    BINDINGS = [
        *[Binding(str(d), f"toggle_topic('{d}')", f"Toggle topic {d}", show=False, id=f"topic_{d}")
          for d in range(1, 10)],
        Binding("0", "clear_topics", "Clear topics", show=False, tooltip="no topic active: every article",
                id="clear_topics"),
        Binding("j,down", "next_statement", "Next statement", show=False, id="next_statement"),
        Binding("k,up", "previous_statement", "Previous statement", show=False, id="previous_statement"),
        Binding("J,n", "next_article", "Next article", id="next_article"),
        Binding("K,p", "previous_article", "Previous article", show=False, id="previous_article"),
        Binding("tab", "focus_next", "Next pane", show=False, id="next_pane"),
        Binding("shift+tab", "focus_previous", "Previous pane", show=False, id="previous_pane"),
        Binding("backspace", "back", "Back", tooltip="return to where you were before the last jump", id="back"),
        Binding("f", "focus_mode", "Focus mode", tooltip="only the statements of the active topics and filter",
                id="focus_mode"),
        Binding("slash", "search", "Search", tooltip="every statement, as you type; enter jumps", id="search"),
        Binding("F", "filter", "Filter", show=False, tooltip="filter language: topic: outlet: speaker: -term …",
                id="filter"),
        Binding("w", "speakers", "Who said what", show=False, tooltip="every attributed statement by speaker; enter jumps",
                id="speakers"),
        Binding("s", "star", "Star", tooltip="star or unstar the selected statement", id="star"),
        Binding("S", "star_all", "Star all shown", show=False,
                tooltip="star every statement of the active topics and filter (asks first)", id="star_all"),
        Binding("N", "note", "Note", tooltip="write a note on the selected statement", id="note"),
        Binding("r", "toggle_read", "Read", tooltip="mark the article read or unread", id="read"),
        Binding("R", "read_all", "Read all shown", show=False,
                tooltip="mark every article in the list read (asks first)", id="read_all"),
        Binding("e", "export", "Export", tooltip="write a markdown or JSON briefing", id="export"),
        Binding("c", "toggle_corroboration", "Corroboration pane", show=False, tooltip="show or hide it",
                id="corroboration"),
        Binding("t", "cycle_theme", "Theme", tooltip="next colour theme (remembered)", id="theme"),
        Binding("L", "load_report", "Load report", show=False, tooltip="files that did not load, and why",
                id="load_report"),
        Binding("question_mark", "help", "Help", tooltip="this list", id="help"),
        Binding("q", "quit", "Quit", id="quit"),
    ]

    def __init__(self, corpus: Corpus | None = None, *, paths: Sequence[str | os.PathLike] | None = None,
                 topics_path: str | os.PathLike | None = None, topics: tuple[Topic, ...] | None = None,
                 max_bytes: int = 5_000_000, theme: str | None = None, state: UserState | None = None,
                 filter_query: str | None = None, config: Config | None = None, use_cache: bool = True) -> None:
        super().__init__()
        self.use_cache = use_cache
        self.config = config or Config()
        self._filter: Filter | None = None
        """The filter, None when it has no terms (see :attr:`filter`)."""
        if filter_query:
            from briefing.filters import parse  # noqa: PLC0415 - the filter language loads when used

            self.filter = parse(filter_query)
        self._filter_ids: set[str] | None = None
        self.corpus: Corpus | None = corpus
        self.outline: Outline | None = None
        """What the app shows while the corpus loads (None once it was given, or before the outline)."""
        self._load_when_ready = False
        self._last_input = self._last_collect = 0.0
        self.paths = list(paths or [])
        self.topics_path = topics_path
        self.topics_given = topics
        self.max_bytes = max_bytes
        self.requested_theme = theme
        self.state = state if state is not None else UserState.load()
        self.active: list[str] = []
        self.focus_mode = False
        self.article_id: str | None = None
        self.statement_id: str | None = None
        self.history: list[tuple[str, str | None]] = []
        self.theme_names: list[str] = []
        self.corroboration_hidden = False
        self._persist_theme = False
        self.export_path: str | None = None
        """The last file written by the export dialog (for tests and the status line)."""
        self._theme_warnings = self._choose_theme()

    @property
    def filter(self) -> Filter:
        """The statement filter (an empty one: every statement)."""
        if self._filter is None:
            from briefing.filters import Filter  # noqa: PLC0415 - not needed before the first frame

            return Filter()
        return self._filter

    @filter.setter
    def filter(self, value: Filter | None) -> None:
        self._filter = value if value is not None and not value.empty else None

    @property
    def filtered(self) -> bool:
        """Whether a filter with terms is set."""
        return self._filter is not None

    def _choose_theme(self) -> list[str]:
        """Register the themes and take the wanted one before the stylesheet is first built (a theme
        set later makes Textual parse every style again, before the first frame)."""
        themes, warnings = load_themes()
        for theme in themes:
            self.register_theme(theme)
        self.theme_names = [t.name for t in themes]
        wanted = self.requested_theme or self.state.theme or DEFAULT_THEME
        if wanted not in self.available_themes:
            if self.state.theme == wanted and not self.requested_theme:
                warnings.append(f"saved theme {wanted!r} is not available; using {DEFAULT_THEME}")
            wanted = DEFAULT_THEME if DEFAULT_THEME in self.available_themes else "textual-dark"
        # What setting ``self.theme`` does, less the restyle it queues: no style exists yet to redo (that
        # restyle would parse every stylesheet twice and style every widget once more before the first
        # frame). Later theme changes go through ``self.theme`` as usual.
        self.set_reactive(App.theme, wanted)
        # The stylesheet took the default theme's variables when the app was made: styles are parsed
        # with these (no style is parsed yet; the test against an app switched to a theme checks it).
        self.stylesheet.set_variables(self.get_css_variables())
        dark = self.current_theme.dark
        self.update_classes({**{name: False for name in self.classes if name.startswith("-theme-")},
                             f"-theme-{wanted}": True, "-dark-mode": dark, "-light-mode": not dark}, update=False)
        refresh_filter = getattr(self, "_refresh_truecolor_filter", None)
        if refresh_filter is not None:
            refresh_filter(self.ansi_theme)
        return warnings

    # -- layout ---------------------------------------------------------------------------------
    def get_default_screen(self) -> Screen:
        return MainScreen(id="_default")  # (the id of Textual's default screen)

    def compose(self) -> ComposeResult:
        # The breakpoint class the first resize would add, set before the first styling: adding it
        # then would restyle every widget before the first frame.
        wide = self.size.width >= NARROW
        self.screen.set_class(wide, "-wide").set_class(not wide, "-narrow")
        yield TitleBar(id="title-bar")
        yield Vertical(id="loading")  # filled when a load has to wait (see _loading_view)
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield TopicList(id="topics")
                yield ArticleList(id="articles")
            with Container(id="centre"):
                yield ReaderPane(id="reader-pane")
                yield CorroborationPane(id="corro-pane")
        yield Footer()

    def on_mount(self) -> None:
        self._watch_terminal()
        if self.config.keys:
            self.set_keymap(self.config.keys)
        self.theme_changed_signal.subscribe(self, self._on_theme_changed)
        self.call_after_refresh(self._enable_theme_persistence)
        for message in self._theme_warnings + ([self.state.warning] if self.state.warning else []):
            self.notify(message, severity="warning", markup=False, timeout=8)
        self.query_one("#main").display = False
        if self.corpus is not None:
            self.show_corpus(self.corpus)
            return
        outline = self._recorded_outline() or self._files_outline()
        if outline is not None:  # the first frame shows the corpus' outline
            self.show_outline(outline)
            self._load_when_ready = True  # after the first frame is on the screen (on_ready)
        else:
            self._loading_view()
            self.load_corpus()

    def _loading_view(self) -> Vertical:
        """The loading view (label, progress bar, spinner), mounted the first time it is needed: a warm
        start never shows it, and its widgets' styles are then never parsed before the first frame."""
        view = self.query_one("#loading", Vertical)
        if not view.children:  # (nor are their modules imported: the progress bar's alone takes 3 ms)
            from textual.widgets import Label, LoadingIndicator, ProgressBar  # noqa: PLC0415

            view.mount(Label("loading articles…", id="loading-label"), ProgressBar(id="loading-bar", show_eta=False),
                       LoadingIndicator())
        return view

    def on_ready(self) -> None:
        end_startup()  # the first frame is on the screen: the collector runs as usual again
        if self._load_when_ready:
            self._load_when_ready = False
            self.load_corpus()

    def _files_outline(self) -> Outline | None:
        """A small corpus not seen before: its articles, read from the files before the first frame."""
        if self.topics_given is not None:
            return None
        from briefing.store.quick import files_outline  # noqa: PLC0415

        try:
            return files_outline(self.paths or None, topics_path=self.topics_path, max_bytes=self.max_bytes)
        except Exception:  # noqa: BLE001 - an optimisation: the load reports what is wrong
            return None

    def _recorded_outline(self) -> Outline | None:
        """The outline the index holds for this corpus, if nothing changed since it was recorded."""
        if not self.use_cache or self.topics_given is not None:
            return None
        from briefing.store.quick import recorded_outline  # noqa: PLC0415

        try:
            return recorded_outline(self.paths or None, topics_path=self.topics_path, max_bytes=self.max_bytes)
        except Exception:  # noqa: BLE001 - the quick path is an optimisation: the full load follows anyway
            return None

    def _watch_terminal(self) -> None:
        """Quit when the terminal goes away (a closed window, a killed tmux) while a parent such as
        make holds the session: Textual's input thread would otherwise spin on end-of-file, at full CPU,
        for ever. The exit is immediate: there is no terminal left to restore (Textual's orderly exit
        waits for a writer that cannot write), and stars, notes and read state are saved as they change."""
        if self.is_headless:
            return
        try:
            fd = sys.__stdin__.fileno()
            os.tcgetpgrp(fd)  # only a controlling terminal is watched
        except (AttributeError, OSError, ValueError):
            return

        def watch() -> None:
            # A thread of its own, not a timer of the event loop: that loop may be stuck writing a frame
            # to the terminal that went away.
            while True:
                time.sleep(1.0)
                try:
                    os.tcgetpgrp(fd)
                except OSError as exc:
                    if exc.errno in (errno.EIO, errno.ENXIO, errno.EBADF, errno.ENOTTY):
                        os._exit(129)  # 128 + SIGHUP, as if the hangup had been delivered

        threading.Thread(target=watch, name="terminal watch", daemon=True).start()

    def _enable_theme_persistence(self) -> None:
        self._persist_theme = True

    def _on_theme_changed(self, theme) -> None:
        if self._persist_theme and self.state.theme != theme.name:
            self.state.set_theme(theme.name)
            self._check_state()

    # -- loading ----------------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="load")
    def load_corpus(self) -> None:
        from briefing.store import open_corpus  # noqa: PLC0415

        worker = get_current_worker()

        def progress(done: int, total: int) -> None:
            if not worker.is_cancelled:
                self.call_from_thread(self._progress, done, total)

        def outline(found: Outline) -> None:
            """Paint the outline, and let that first frame reach the screen before the heavy work."""
            if worker.is_cancelled:
                return
            painted = threading.Event()
            self.call_from_thread(self.show_outline, found, painted.set)
            painted.wait(timeout=2.0)

        try:
            corpus = open_corpus(self.paths or None, topics_path=self.topics_path, topics=self.topics_given,
                                 max_bytes=self.max_bytes, progress=progress, cache=self.use_cache,
                                 on_outline=None if self.outline is not None else outline,  # shown already: skip
                                 discrepancies=True)  # here, off the screen's thread
            from briefing.memory import release_free_memory  # noqa: PLC0415

            # What the load built and dropped goes back first (at 10,000 articles, ~80 MiB), so that
            # the search index (~40 MiB) takes its place instead of adding to the process' peak.
            release_free_memory()
            corpus.search_index  # noqa: B018 - built here too, so that the first / answers at once
            corpus.topic_positions  # noqa: B018 - each topic's articles, listed here for the first topic key
            release_free_memory()
        except Exception as exc:  # noqa: BLE001 - shown in the app, which stays usable (q quits)
            if not worker.is_cancelled:
                self.call_from_thread(self._load_failed, f"{type(exc).__name__}: {exc}")
            return
        if not worker.is_cancelled:
            self.call_from_thread(self.show_corpus, corpus)

    def _progress(self, done: int, total: int) -> None:
        text = f"analysing {done}/{total} articles"
        view = self._loading_view()
        view.query_one("#loading-label").update(Content(text))
        view.query_one("#loading-bar").update(total=total, progress=done)
        if self.outline is not None and self.corpus is None:
            self.query_one(ReaderPane).show_waiting(text + " …")

    def show_outline(self, outline: Outline, painted: Callable[[], None] | None = None) -> None:
        """The corpus before its statements: articles, topics (with counts once analysed), header.
        Keys wait for the corpus (help, theme and quit work)."""
        if self.corpus is not None or self.outline is not None:  # already shown (the quick path)
            if painted is not None:
                painted()
            return
        self.outline = outline
        self.query_one("#loading").display = False
        self.query_one("#main").display = True
        self._show_header(outline.name, len(outline.articles), outline.source_count(), outline.date_range(),
                          len(outline.failures))
        self.query_one(TopicList).show_topics(outline.topics, outline.topic_counts, self.active)
        self.query_one(ArticleList).show(outline.articles, self.state.read, None, len(outline.articles),
                                         ids=outline.article_ids())
        self.query_one(ReaderPane).show_waiting("loading the statements …" if outline.analysed
                                                else f"analysing {plural(len(outline.articles), 'article')} …")
        if painted is not None:
            self.call_after_refresh(painted)

    def _show_header(self, name: str, n: int, sources: int, date_range: tuple[str | None, str | None],
                     failures: int) -> None:
        self.title = clean(name)
        first, last = date_range
        dates = "undated" if not first else first if first == last else f"{first} – {last}"
        self._base_subtitle = (f"{plural(n, 'article')} · {plural(sources, 'independent source')} · {dates}"
                               + (f" · {failures} not loaded (L)" if failures else ""))
        self._update_subtitle()

    def _load_failed(self, message: str) -> None:
        view = self._loading_view()
        view.display = True
        self.query_one("#main").display = False
        view.query_one("#loading-label").update(Content.styled(f"could not load the articles: {message}",
                                                               "bold $error"))
        view.query_one("LoadingIndicator").display = False

    def show_corpus(self, corpus: Corpus) -> None:
        self.corpus = corpus
        if corpus is not getattr(self, "_frozen_corpus", None):
            self._freeze_heap()
        self.query_one("#loading").display = False
        self.query_one("#main").display = True
        self._show_header(corpus.name, len(corpus.articles), corpus.source_count(), corpus.date_range(),
                          len(corpus.failures))
        if corpus.failures:
            n = len(corpus.failures)
            lines = [f"{clean(f.path)}: {clean(f.reason)}" for f in corpus.failures[:3]]
            if n > 3:
                lines.append(f"… and {n - 3} more")
            self.notify("\n".join(lines) + "\n(L lists every file and why)", markup=False, severity="warning",
                        title=f"{plural(n, 'file')} not loaded", timeout=12)
        self._compute_filter()
        self.refresh_topics()
        self.refresh_articles()
        ids = self.visible_article_ids()
        self.open_article(ids[0] if ids else None)
        self.query_one(ReaderPane).statements.focus()
        self.refresh_bindings()

    def _update_subtitle(self) -> None:
        base = getattr(self, "_base_subtitle", "")
        self.sub_title = base + (f" · filter: {clean(str(self.filter))}" if self.filtered else "")

    # -- queries ----------------------------------------------------------------------------------
    def _compute_filter(self) -> None:
        """The ids of the statements the filter keeps (None: no filter)."""
        if not self.filtered or self.corpus is None:
            self._filter_ids = None
            return
        from briefing.filters import Marks, compile_filter  # noqa: PLC0415

        marks = Marks(self.state.stars, set(self.state.notes), self.state.read)
        keep = compile_filter(self.filter, self.corpus, marks)
        self._filter_ids = {s.id for s in self.corpus.statements() if keep(s)}

    @property
    def narrowed(self) -> bool:
        """Whether topics or a filter narrow what is shown."""
        return bool(self.active) or self._filter_ids is not None

    def in_scope(self, s: Statement) -> bool:
        """A statement of the active topics (any) that the filter keeps."""
        if self.active and not any(t in s.topics for t in self.active):
            return False
        return self._filter_ids is None or s.id in self._filter_ids

    def hot(self, s: Statement) -> bool:
        """Highlighted in the reader: in scope while something narrows the view."""
        return self.narrowed and self.in_scope(s)

    def visible_article_ids(self) -> list[str]:
        """The articles with a statement in scope (every article when nothing narrows), in corpus order."""
        return list(self._visible_articles()[0])

    def _visible_articles(self) -> tuple[list[str], list[Article]]:
        """``visible_article_ids`` and their articles, computed with a pass over the articles, not their
        statements (an article's topics are known once per corpus; the filter's statements are grouped
        by article once per filter), and remembered for the last few topic sets until the corpus or the
        filter changes. The lists returned are shared: never change them."""
        corpus, filter_ids, topics = self.corpus, self._filter_ids, tuple(self.active)
        assert corpus is not None
        memo = getattr(self, "_visible_memo", None)
        if memo is None or memo[0] is not corpus or memo[1] is not filter_ids:
            memo = self._visible_memo = (corpus, filter_ids, {}, {})
        _, _, known, kept = memo
        if (found := known.pop(topics, None)) is None:
            active = set(topics)
            if filter_ids is None:
                articles = corpus.articles_about(topics) if active else list(corpus.articles)
            else:
                if not kept:
                    for sid in filter_ids:
                        s = corpus.statement(sid)
                        kept.setdefault(s.article, []).append(s)
                articles = [a for a in corpus.articles if (ss := kept.get(a.id))
                            and (not active or any(not active.isdisjoint(s.topics) for s in ss))]
            found = ([a.id for a in articles], articles)
        known[topics] = found  # the most recently used last
        while len(known) > 8:
            del known[next(iter(known))]
        return found

    def reader_statements(self, article: Article) -> list[Statement]:
        if self.focus_mode and self.narrowed:
            return [s for s in article.statements if self.in_scope(s)]
        return list(article.statements)

    @property
    def article(self) -> Article | None:
        return self.corpus.article(self.article_id) if self.corpus and self.article_id else None

    # -- refreshing panes -------------------------------------------------------------------------
    def refresh_topics(self) -> None:
        self.query_one(TopicList).show(self.corpus, self.active)

    def refresh_articles(self) -> None:
        ids, articles = self._visible_articles()
        self.query_one(ArticleList).show(articles, self.state.read, self.article_id, len(self.corpus.articles),
                                         ids=ids)

    def _freeze_heap(self) -> None:
        """Once a corpus is shown, move the objects alive then (its hundreds of thousands of statements
        above all) out of reach of the garbage collector's full collections, which otherwise walk them
        all every few keystrokes: a pause of a few hundred milliseconds at 10,000 articles. Reference
        counting still frees them; ``on_unmount`` gives them back to the collector."""
        end_startup()
        self._frozen_corpus = self.corpus
        gc.freeze()
        self.call_after_refresh(gc.freeze)  # and what the first frame built (caches that live on)
        if getattr(self, "_gc_thresholds", None) is None:
            # Full collections of what the screen leaves behind run while nobody types (every few
            # seconds), not in the middle of a key press; the young generations still collect as usual.
            self._gc_thresholds = gc.get_threshold()
            self._last_collect = time.monotonic()
            gc.set_threshold(self._gc_thresholds[0], self._gc_thresholds[1], 1_000_000)
            self.set_interval(IDLE_COLLECT_S, self._collect_when_idle, name="idle garbage collection")

    def _collect_when_idle(self) -> None:
        now = time.monotonic()
        if now - self._last_input >= IDLE_COLLECT_S / 2 or now - self._last_collect >= 15 * IDLE_COLLECT_S:
            gc.collect()  # (the second case bounds memory while someone types without a pause)
            self._last_collect = now

    async def on_event(self, event) -> None:
        if isinstance(event, (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp)):
            self._last_input = time.monotonic()
        await super().on_event(event)

    def on_unmount(self) -> None:
        if getattr(self, "_frozen_corpus", None) is not None:
            self._frozen_corpus = None
            gc.unfreeze()
        if getattr(self, "_gc_thresholds", None) is not None:
            gc.set_threshold(*self._gc_thresholds)
            self._gc_thresholds = None

    def refresh_reader(self) -> None:
        article = self.article
        statements = self.reader_statements(article) if article else []
        ids = [s.id for s in statements]
        if self.statement_id not in ids:
            self.statement_id = ids[0] if ids else None
        self.query_one(ReaderPane).show(
            self.corpus, article, statements, self.statement_id, hot=self.hot, stars=self.state.stars,
            notes=self.state.notes, read=bool(article and article.id in self.state.read), focus_mode=self.focus_mode)
        self.refresh_corroboration()

    def refresh_corroboration(self) -> None:
        self.query_one(CorroborationPane).show(self.corpus, self.statement_id)

    def refresh_statement(self, statement_id: str) -> None:
        s = self.corpus.statement(statement_id)
        self.query_one(ReaderPane).refresh_statement(self.corpus, s, hot=self.hot,
                                                     starred=statement_id in self.state.stars,
                                                     note=self.state.notes.get(statement_id))

    def open_article(self, article_id: str | None, statement_id: str | None = None, *, record: bool = False) -> None:
        """Show an article in the reader (at ``statement_id``); ``record`` pushes the current place on
        the history stack first (for backspace)."""
        if record and self.article_id is not None:
            self.history.append((self.article_id, self.statement_id))
        self.article_id = article_id
        self.statement_id = statement_id
        if article_id is not None and statement_id is not None and self.focus_mode and self.narrowed:
            s = self.corpus.statement(statement_id)
            if not self.in_scope(s):
                self.focus_mode = False
                self.notify("Focus mode off: the statement is outside the active topics and filter", markup=False)
        articles = self.query_one(ArticleList)
        if article_id is not None and articles.index_of(article_id) is None and self.narrowed:
            # The target is filtered out of the list: show it anyway, with the list unfiltered.
            self.active.clear()
            if self.filtered:
                self.filter = None
                self._compute_filter()
                self.notify("Filter cleared to show the statement", markup=False)
            self._update_subtitle()
            self.refresh_topics()
            self.refresh_articles()
        index = articles.index_of(article_id)
        if index is not None and articles.highlighted != index:
            articles.highlighted = index
        self.refresh_reader()

    # -- events from the panes ----------------------------------------------------------------------
    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if self.corpus is None:
            return
        option_id = event.option.id
        if isinstance(event.option_list, StatementList):
            if option_id != self.statement_id and option_id in event.option_list.ids():
                self.statement_id = option_id
                self.refresh_corroboration()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if self.corpus is None:
            return
        option_id = event.option.id
        if isinstance(event.option_list, TopicList):
            self.toggle_topic_id(option_id)
        elif isinstance(event.option_list, StatementList):
            corro = self.query_one(CorroborationPane).options
            if corro.option_count and self.query_one(CorroborationPane).display:
                corro.focus()
        elif isinstance(event.option_list, CorroborationList):
            self.jump_to(option_id)

    def on_article_list_highlighted(self, event: ArticleList.Highlighted) -> None:
        if self.corpus is None:
            return
        if event.article_id != self.article_id and event.article_list.index_of(event.article_id) is not None:
            self.open_article(event.article_id)

    def on_article_list_selected(self, event: ArticleList.Selected) -> None:
        if self.corpus is None:
            return
        if event.article_id != self.article_id:
            self.open_article(event.article_id)
        self.query_one(ReaderPane).statements.focus()

    def jump_to(self, statement_id: str) -> None:
        """Open a statement in its own article, remembering where we were."""
        target = self.corpus.statement(statement_id)
        self.open_article(target.article, statement_id, record=True)
        self.query_one(ReaderPane).statements.focus()

    # -- actions ------------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        mine = {"quit", "command_palette"}
        if action in mine:
            return True
        names = {b.action.split("(")[0] for b in self.BINDINGS if isinstance(b, Binding)}
        if action in names and action not in {"focus_next", "focus_previous"}:
            if self.corpus is None:
                return action in {"help", "cycle_theme"}
            if len(self.screen_stack) > 1:
                return False
        if action == "back" and not self.history:
            return None  # shown disabled
        return True

    def topic_for_key(self, key: str) -> Topic | None:
        return next((t for t in self.corpus.topics if t.key == key), None)

    def action_toggle_topic(self, key: str) -> None:
        topic = self.topic_for_key(key)
        if topic is None:
            self.bell()
            return
        self.toggle_topic_id(topic.id)

    def toggle_topic_id(self, topic_id: str) -> None:
        if topic_id in self.active:
            self.active.remove(topic_id)
        else:
            self.active.append(topic_id)
            order = [t.id for t in self.corpus.topics]
            self.active.sort(key=order.index)
        self._after_topics_changed()

    def action_clear_topics(self) -> None:
        self.active.clear()
        self._after_topics_changed()

    def _after_topics_changed(self) -> None:
        self.refresh_topics()
        self.refresh_articles()
        ids = self.visible_article_ids()
        if self.article_id not in ids:
            self.article_id, self.statement_id = (ids[0] if ids else None), None
        self.refresh_reader()

    def action_next_statement(self) -> None:
        self.query_one(ReaderPane).statements.action_cursor_down()

    def action_previous_statement(self) -> None:
        self.query_one(ReaderPane).statements.action_cursor_up()

    def _step_article(self, step: int) -> None:
        articles = self.query_one(ArticleList)
        ids = articles.ids()
        if not ids:
            return
        i = articles.index_of(self.article_id)
        j = (-step if i is None else i) + step
        if not 0 <= j < len(ids):
            self.bell()
            return
        self.open_article(ids[j])

    def action_next_article(self) -> None:
        self._step_article(1)

    def action_previous_article(self) -> None:
        self._step_article(-1)

    def action_back(self) -> None:
        if not self.history:
            self.bell()
            return
        article_id, statement_id = self.history.pop()
        self.open_article(article_id, statement_id)
        self.query_one(ReaderPane).statements.focus()

    def action_focus_mode(self) -> None:
        self.focus_mode = not self.focus_mode
        if self.focus_mode and not self.narrowed:
            self.notify("Focus mode: choose topics (1-9) or a filter (F) to see only their statements", markup=False)
        self.refresh_reader()

    def action_star(self) -> None:
        sid = self.statement_id
        if sid is None:
            self.bell()
            return
        starred = self.state.toggle_star(sid)
        self._check_state()
        self.refresh_statement(sid)
        self.notify("Starred" if starred else "Unstarred", timeout=2)

    def action_note(self) -> None:
        sid = self.statement_id
        if sid is None:
            self.bell()
            return

        def saved(text: str | None) -> None:
            if text is None:
                return
            self.state.set_note(sid, text)
            self._check_state()
            self.refresh_statement(sid)
            self.notify("Note saved" if text.strip() else "Note removed", timeout=2)

        self.push_screen(screens.NoteScreen(self.corpus.statement(sid).text, self.state.notes.get(sid)), saved)

    def action_toggle_read(self) -> None:
        aid = self.article_id
        if aid is None:
            self.bell()
            return
        read = self.state.toggle_read(aid)
        self._check_state()
        self.refresh_articles()
        self.refresh_reader()
        self.notify("Marked read" if read else "Marked unread", timeout=2)

    def action_search(self) -> None:
        def chosen(statement_id: str | None) -> None:
            if statement_id:
                self.jump_to(statement_id)

        self.push_screen(screens.SearchScreen(self.corpus), chosen)

    def action_filter(self) -> None:
        from briefing.filters import Marks  # noqa: PLC0415

        marks = Marks(self.state.stars, set(self.state.notes), self.state.read)

        def chosen(request: FilterRequest | None) -> None:
            if request is None:
                return
            self.apply_filter(request.query)
            if request.save_as and request.query:
                from briefing.config import ConfigError, save_view  # noqa: PLC0415

                try:
                    path = save_view(request.save_as, request.query, self.config.path)
                except (ConfigError, OSError, ValueError) as exc:
                    self.notify(str(exc), title="View not saved", severity="error", markup=False)
                    return
                self.config.views[request.save_as] = request.query
                self.notify(f"View {request.save_as!r} saved in {path}", markup=False)

        self.push_screen(screens.FilterScreen(self.corpus, str(self.filter), marks), chosen)

    def apply_filter(self, query: str) -> None:
        """Filter the statements (an empty query clears the filter); lists and reader follow."""
        from briefing.filters import FilterError, parse  # noqa: PLC0415

        try:
            self.filter = parse(query) if query.strip() else None
        except FilterError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self._compute_filter()
        self._update_subtitle()
        self._after_topics_changed()
        if self._filter_ids is not None:
            n = len(self._filter_ids)
            self.notify(f"{plural(n, 'statement')} match", timeout=3, markup=False)

    def shown_statements(self) -> list[Statement]:
        """The filtered set: statements of the active topics that the filter keeps."""
        return [s for s in self.corpus.statements() if self.in_scope(s)]

    def action_star_all(self) -> None:
        todo = [s.id for s in self.shown_statements() if s.is_claim and s.id not in self.state.stars]

        def apply() -> None:
            self.state.star_many(todo)
            self.refresh_reader()

        self._bulk("Star all", todo, "Every statement shown is already starred",
                   f"Star {plural(len(todo), 'statement')} (the filtered set)?", apply,
                   f"Starred {plural(len(todo), 'statement')}")

    def action_read_all(self) -> None:
        todo = [a for a in self.visible_article_ids() if a not in self.state.read]

        def apply() -> None:
            self.state.mark_read_many(todo)
            self.refresh_articles()
            self.refresh_reader()

        self._bulk("Read all", todo, "Every article shown is already read",
                   f"Mark {plural(len(todo), 'article')} read (the filtered set)?", apply,
                   f"Marked {plural(len(todo), 'article')} read")

    def _bulk(self, name: str, todo: list[str], nothing: str, question: str, apply, done: str) -> None:
        """A bulk action on the filtered set: refused unless topics or a filter narrow it, confirmed first."""
        if not self.narrowed:
            self.notify(f"{name} acts on the filtered set: choose topics (1-9) or a filter (F) first",
                        severity="warning", markup=False)
            return
        if not todo:
            self.notify(nothing, markup=False)
            return

        def answer(yes: bool | None) -> None:
            if yes:
                apply()
                self._check_state()
                self.notify(done, markup=False)

        self.push_screen(screens.ConfirmScreen(question), answer)

    def action_speakers(self) -> None:
        def chosen(statement_id: str | None) -> None:
            if statement_id:
                self.jump_to(statement_id)

        self.push_screen(screens.SpeakersScreen(self.corpus), chosen)

    def action_export(self) -> None:
        self.push_screen(screens.ExportScreen(stars=len(self.state.stars), active=list(self.active)), self.do_export)

    def do_export(self, request: ExportRequest | None) -> None:
        if request is None:
            return
        from briefing.export import ExportError, render_json, render_markdown, write_atomic  # noqa: PLC0415

        topics = statement_ids = None
        if request.scope == "starred":
            if not self.state.stars:
                self.notify("Nothing is starred yet (s stars a statement)", severity="warning", markup=False)
                return
            statement_ids = set(self.state.stars)
        elif request.scope == "topics":
            if not self.active:
                self.notify("No topic is active (1-9 chooses topics)", severity="warning", markup=False)
                return
            topics = list(self.active)
        try:
            if request.format == "json":
                text = render_json(self.corpus, topics=topics, statement_ids=statement_ids)
            else:
                text = render_markdown(self.corpus, topics=topics, statement_ids=statement_ids)
            path = write_atomic(request.path, text, force=request.force)
        except (ExportError, ValueError) as exc:
            self.notify(str(exc), title="Export failed", severity="error", markup=False)
            return
        self.export_path = str(path)
        self.notify(f"Wrote {path}", markup=False)

    def action_cycle_theme(self) -> None:
        names = self.theme_names or [self.theme]
        i = names.index(self.theme) if self.theme in names else -1
        name = names[(i + 1) % len(names)]
        self.theme = name
        self.state.set_theme(name)
        self._check_state()
        self.notify(f"Theme: {name}", timeout=2, markup=False)

    def action_toggle_corroboration(self) -> None:
        pane = self.query_one(CorroborationPane)
        pane.display = not pane.display
        self.corroboration_hidden = not pane.display

    def action_load_report(self) -> None:
        self.push_screen(screens.LoadReportScreen(self.corpus.failures, self.corpus.skipped))

    def action_help(self) -> None:
        self.push_screen(screens.HelpScreen(self.effective_bindings()))

    def effective_bindings(self) -> list[Binding]:
        """The bindings with the user's keymap applied (what the help screen lists)."""
        keymap = getattr(self, "_keymap", {}) or {}
        return [replace(b, key=keymap[b.id]) if isinstance(b, Binding) and b.id in keymap else b
                for b in self.BINDINGS]

    def _check_state(self) -> None:
        if self.state.warning:
            self.notify(self.state.warning, severity="error", markup=False)
            self.state.warning = None

    # -- command palette ------------------------------------------------------------------------------
    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if self.corpus is None or screen is not self.screen_stack[0]:
            return
        for topic in self.corpus.topics:
            yield SystemCommand(f"Toggle topic: {clean(topic.label)}",
                                f"key {topic.key}" if topic.key else "toggle this topic",
                                partial(self.toggle_topic_id, topic.id))
        for b in self.BINDINGS:
            if not isinstance(b, Binding) or b.action.startswith("toggle_topic(") or b.action in {"quit"}:
                continue
            method = getattr(self, f"action_{b.action}", None)
            if method is None:
                continue
            yield SystemCommand(b.description, f"key: {b.key.replace(',', ' or ')}", method)


def run(corpus: Corpus | None = None, **kwargs) -> None:
    BriefingApp(corpus, **kwargs).run()
