"""The outline of a corpus and the quick path of a warm start (briefing/outline.py, briefing/store/quick.py,
briefing/store/manifest.py), and the app painting it before the corpus is loaded."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from briefing.outline import Outline, decode_outline, encode_outline, outline_of
from briefing.pipeline import build_corpus
from briefing.store import open_corpus, recorded_outline
from briefing.store.manifest import tree_states, unchanged
from briefing.tui.app import BriefingApp


@pytest.fixture
def index(tmp_path) -> Path:
    return tmp_path / "cache" / "index.sqlite3"


async def until_loaded(pilot, app, seconds: float = 10.0) -> None:
    """Let the app run until its corpus is shown."""
    for _ in range(int(seconds / 0.05)):
        await pilot.pause(0.05)
        if app.corpus is not None:
            return
    raise AssertionError("the corpus was not shown")


def touch_later(path: Path) -> None:
    """A new modification time (not the same nanosecond as before, whatever the file system)."""
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))


def test_the_outline_of_the_bundled_corpus():
    corpus = build_corpus()
    outline = outline_of(corpus)
    assert [a.id for a in outline.articles] == [a.id for a in corpus.articles]
    assert all(not a.statements for a in outline.articles)
    assert [a.title for a in outline.articles] == [a.display_title for a in corpus.articles]
    assert outline.topic_counts == corpus.topic_counts() == {"taiwan": 18, "military-channels": 22, "fentanyl": 2,
                                                             "flights": 2}
    assert outline.statement_counts == {a.id: len(a.statements) for a in corpus.articles}
    assert set(outline.article_topics["003_c05f0c92d6ef5827"]) >= {"military-channels", "taiwan"}
    assert outline.source_count() == corpus.source_count() and outline.date_range() == corpus.date_range()
    again = decode_outline(encode_outline(outline), corpus.topics)
    assert again == outline
    assert (again.topic_counts, again.statement_counts, again.article_topics) == (
        outline.topic_counts, outline.statement_counts, outline.article_topics)
    assert (again.source_count(), again.date_range(), again.article_ids()) == (
        outline.source_count(), outline.date_range(), outline.article_ids())
    # Stored articles are built as they are read; a title with a newline or a quote survives its line.
    from dataclasses import replace  # noqa: PLC0415

    odd = replace(outline, articles=(replace(outline.articles[0], title='a "title"\nover two lines'),
                                     *outline.articles[1:]))
    back = decode_outline(encode_outline(odd), corpus.topics)
    assert back.articles[0].title == 'a "title"\nover two lines' and back == odd


@pytest.mark.parametrize("data", [b"", b"not an outline", __import__("zlib").compress(b'{"n": 1}'),
                                  b"briefing-outline-2", b'briefing-outline-2\n{"v": 2}\n{}',
                                  b'briefing-outline-2\n{"v": 1}\n{}\n[]'])
def test_bytes_that_are_not_an_outline_raise_value_error(data):
    with pytest.raises(ValueError):
        decode_outline(data, ())


def test_tree_states_change_with_every_change_of_the_corpus_shape_or_metadata(corpus_dir, tmp_path):
    """Every change a walk sees, ``unchanged`` sees without one (it stats what was recorded)."""
    sub = corpus_dir / "more"

    def record() -> str:
        """The states, with the folders' times set back a minute first: the change that follows gives
        them a time of its own, however coarse the file system's clock."""
        for folder in (corpus_dir, sub):
            if folder.exists():
                st = folder.stat()
                os.utime(folder, ns=(st.st_atime_ns, st.st_mtime_ns - 60_000_000_000))
        states = tree_states([corpus_dir])
        assert states == tree_states([corpus_dir]) and unchanged(states)  # stable
        return states

    before = record()
    first = sorted(corpus_dir.glob("*.txt"))[0]
    touch_later(first)  # an article edited in place: left to the full load (it hashes every file)
    assert tree_states([corpus_dir]) == before and unchanged(before)
    touch_later(corpus_dir / "sources.toml")  # metadata: titles, outlets, dates may have changed
    assert not unchanged(before)
    touched = record()
    (corpus_dir / "new.txt").write_text("A new article.\n", encoding="utf-8")
    assert not unchanged(touched)
    added = record()
    (corpus_dir / "new.txt").rename(corpus_dir / "renamed.txt")
    assert not unchanged(added)
    renamed = record()
    (corpus_dir / "renamed.txt").unlink()
    assert not unchanged(renamed)
    removed = record()
    sub.mkdir()
    assert not unchanged(removed)
    grown = record()
    (sub / "inner.txt").write_text("An article in a subfolder.\n", encoding="utf-8")
    assert not unchanged(grown)  # the subfolder's own time
    inner = record()
    (sub / "inner.txt").unlink()
    sub.rmdir()
    assert not unchanged(inner)
    assert len({before, touched, added, renamed, removed, grown, inner}) == 7
    for text in ["", "not json", "{}", "[]", '"a string"', '[["dir"]]', '[["file", "/no/such/file", 1, 2]]']:
        assert not unchanged(text)
    (tmp_path / "elsewhere").mkdir()
    (corpus_dir / "linked").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    assert tree_states([corpus_dir]) is None  # a walk does not enter it: cannot vouch for it
    assert tree_states([tmp_path / "missing"]) is None


def test_metadata_files_are_the_ones_tree_states_watches():
    from briefing.ingest.sidecar import INDEX_NAME, SIDECAR_NAME
    from briefing.store.manifest import METADATA_SUFFIXES

    assert all(name.endswith(METADATA_SUFFIXES) for name in (SIDECAR_NAME, INDEX_NAME, "topics.toml"))


async def test_an_article_edited_in_place_shows_once_the_load_has_read_it(corpus_dir, tmp_path, monkeypatch):
    """The quick first frame does not stat every article (see briefing/store/manifest.py): an article
    edited in place since the outline was recorded is first shown as it was, then as it is."""
    monkeypatch.setenv("BRIEFING_DATA_DIR", str(tmp_path / "data"))
    open_corpus([corpus_dir])
    first = sorted(corpus_dir.glob("*.txt"))[0]
    text = first.read_text(encoding="utf-8")
    first.write_text("Blinken met Xi in Beijing on Monday, the State Department said.\n\n" + text, encoding="utf-8")
    painted: list = []

    class Watch(BriefingApp):
        def on_ready(self) -> None:
            painted.append(self.outline is not None)
            super().on_ready()

    app = Watch(paths=[corpus_dir])
    async with app.run_test(size=(160, 48)) as pilot:
        await until_loaded(pilot, app)
        assert painted == [True]
        article = app.corpus.article(first.stem)
        assert article.statements[0].text.startswith("Blinken met Xi in Beijing on Monday")


def test_open_corpus_records_the_outline_and_the_quick_path_reads_it_back(corpus_dir, index):
    assert recorded_outline([corpus_dir], index_path=index) is None  # no index yet
    corpus = open_corpus([corpus_dir], cache=index)
    quick = recorded_outline([corpus_dir], index_path=index)
    assert quick is not None and quick == outline_of(corpus)
    assert quick.topic_counts == corpus.topic_counts()
    assert recorded_outline([corpus_dir], index_path=index, max_bytes=1000) is None  # other settings
    assert recorded_outline([corpus_dir], index_path=index, threshold=0.5) is None


def test_the_quick_path_refuses_a_corpus_that_changed(corpus_dir, index):
    open_corpus([corpus_dir], cache=index)
    assert recorded_outline([corpus_dir], index_path=index) is not None
    touch_later(corpus_dir / "sources.toml")  # metadata may have changed
    assert recorded_outline([corpus_dir], index_path=index) is None
    open_corpus([corpus_dir], cache=index)  # re-recorded
    assert recorded_outline([corpus_dir], index_path=index) is not None
    (corpus_dir / "005_new.txt").write_text("Blinken met Xi in Beijing on Monday, the State Department said.\n",
                                            encoding="utf-8")
    assert recorded_outline([corpus_dir], index_path=index) is None
    corpus = open_corpus([corpus_dir], cache=index)
    quick = recorded_outline([corpus_dir], index_path=index)
    assert quick is not None and len(quick.articles) == len(corpus.articles) == 6
    touch_later(corpus_dir / "topics.toml")
    assert recorded_outline([corpus_dir], index_path=index) is None


def test_the_quick_path_never_trusts_a_broken_or_foreign_index(corpus_dir, index, tmp_path):
    open_corpus([corpus_dir], cache=index)
    conn = sqlite3.connect(index)
    conn.execute("UPDATE outlines SET data = x'00'")
    conn.commit()
    conn.close()
    assert recorded_outline([corpus_dir], index_path=index) is None  # undecodable: no outline, no crash
    conn = sqlite3.connect(index)
    conn.execute("UPDATE meta SET value = 'another engine' WHERE key = 'engine'")
    conn.commit()
    conn.close()
    assert recorded_outline([corpus_dir], index_path=index) is None
    foreign = tmp_path / "foreign.sqlite3"
    sqlite3.connect(foreign).execute("CREATE TABLE outlines (request, files, data)").connection.commit()
    assert recorded_outline([corpus_dir], index_path=foreign) is None
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"not a database at all" * 100)
    assert recorded_outline([corpus_dir], index_path=garbage) is None


def test_open_corpus_tells_the_outline_before_reading_files_on_a_warm_start(corpus_dir, index, monkeypatch):
    told: list[Outline] = []
    open_corpus([corpus_dir], cache=index, on_outline=told.append)
    assert len(told) == 1 and not told[0].analysed  # cold: the files' outline, before the analysis
    assert [a.id for a in told[0].articles] == sorted(p.stem for p in corpus_dir.glob("*.txt"))

    import briefing.ingest as ingest

    read: list[str] = []
    real = ingest.load_paths

    def watching(*args, **kwargs):
        read.append("files read")
        assert len(told) == 2, "the outline must come before any file is read"
        return real(*args, **kwargs)

    monkeypatch.setattr(ingest, "load_paths", watching)
    open_corpus([corpus_dir], cache=index, on_outline=told.append)
    assert read == ["files read"] and told[1].analysed and told[1].topic_counts["military-channels"] == 22


async def test_a_warm_start_paints_the_outline_in_its_first_frame_then_the_corpus(corpus_dir, tmp_path,
                                                                                  monkeypatch):
    monkeypatch.setenv("BRIEFING_DATA_DIR", str(tmp_path / "data"))
    open_corpus([corpus_dir])  # the user's index (BRIEFING_CACHE_DIR, private to the test) now knows it
    frames: list[tuple] = []

    class Watch(BriefingApp):
        def on_ready(self) -> None:  # the first frame is on the screen
            frames.append((self.outline is not None, self.corpus is not None,
                           self.query_one("#articles").ids(), self.query_one("#topics").options[1].prompt.plain,
                           [w.id for w in self.query("#reader, #corro")]))
            super().on_ready()

    app = Watch(paths=[corpus_dir])
    async with app.run_test(size=(160, 48)) as pilot:
        await until_loaded(pilot, app)
        shown_outline, had_corpus, article_ids, topic_line, lists = frames[0]
        assert shown_outline and not had_corpus  # the first frame came before the corpus
        assert article_ids == [a.id for a in app.corpus.articles]
        assert "Military channels" in topic_line and "22" in topic_line
        assert "statements" in app.query_one("#reader-pane").border_subtitle
        # The first frame went without the two lists (nothing to list yet); the corpus brought them.
        assert lists == [] and app.query_one("#reader").option_count > 0 and app.query_one("#corro")
        assert "loading the statements" not in app.query_one("#article-head").visual.plain


async def test_a_cold_start_shows_the_articles_while_it_analyses(corpus_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_DATA_DIR", str(tmp_path / "data"))
    seen: list[tuple] = []

    class Watch(BriefingApp):
        def show_outline(self, outline, painted=None):
            super().show_outline(outline, painted)
            seen.append((outline.analysed, self.query_one("#articles").ids(),
                         self.query_one("#topics").options[0].prompt.plain))

    app = Watch(paths=[corpus_dir])
    async with app.run_test(size=(120, 34)) as pilot:
        await until_loaded(pilot, app)
    analysed, article_ids, topic_line = seen[0]
    assert not analysed and len(article_ids) == 5
    assert topic_line.rstrip().endswith("…")  # counted once analysed


def test_a_small_corpus_seen_for_the_first_time_is_outlined_from_its_files(corpus_dir, tmp_path, monkeypatch):
    from briefing.store import quick

    outline = quick.files_outline([corpus_dir])
    assert outline is not None and not outline.analysed
    assert [a.id for a in outline.articles] == sorted(p.stem for p in corpus_dir.glob("*.txt"))
    assert outline.articles[1].outlet == "Atlantic Council" and outline.articles[1].published == "2023-06-19"
    monkeypatch.setattr(quick, "SMALL_CORPUS", 3)  # more files than that: left to the load
    assert quick.files_outline([corpus_dir]) is None


async def test_a_cold_start_of_a_small_corpus_lists_its_articles_in_the_first_frame(corpus_dir, tmp_path,
                                                                                    monkeypatch):
    monkeypatch.setenv("BRIEFING_DATA_DIR", str(tmp_path / "data"))
    frames: list[tuple] = []

    class Watch(BriefingApp):
        def on_ready(self) -> None:
            frames.append((self.outline is not None and not self.outline.analysed, self.corpus is None,
                           len(self.query_one("#articles").ids())))

    app = Watch(paths=[corpus_dir])
    async with app.run_test(size=(120, 34)) as pilot:
        await until_loaded(pilot, app)
    assert frames[0] == (True, True, 5)  # files read before the first frame; no statements yet


def test_the_start_up_collector_setting_is_given_back_once(monkeypatch):
    import gc

    import briefing.tui as tui

    original = gc.get_threshold()
    monkeypatch.setattr(tui, "_thresholds", (700, 10, 10))  # as importing the package found them
    try:
        gc.set_threshold(tui._STARTUP_YOUNG, 10, 10)  # as importing the package left them
        tui.end_startup()
        assert gc.get_threshold() == (700, 10, 10)
        gc.set_threshold(5000, 10, 10)  # the app's own later setting is not undone by a second call
        tui.end_startup()
        assert gc.get_threshold() == (5000, 10, 10)
    finally:
        gc.set_threshold(*original)
