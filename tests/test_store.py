"""The persistent index (briefing/store): same corpus as without it, incremental, re-tags, recovers, shares.

Every test uses its own cache file under tmp_path (``BRIEFING_CACHE_DIR`` is set too, so nothing
here ever touches the user's real cache).
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import briefing.pipeline as pipeline
from briefing.pipeline import build_corpus
from briefing.resources import bundled_articles, bundled_topics
from briefing.store import BuildStats, Index, open_corpus
from briefing.store.index import APPLICATION_ID, fts_query
from briefing.topics import load_topics

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture
def counter(monkeypatch):
    """Counts the texts actually analysed (cleaned and segmented)."""
    calls: list[str] = []
    real = pipeline.analyse_text

    def counting(text: str):
        calls.append(text)
        return real(text)

    monkeypatch.setattr(pipeline, "analyse_text", counting)
    return calls


def same_corpus(a, b) -> None:
    assert a.articles == b.articles
    assert [x.metadata_sources for x in a.articles] == [x.metadata_sources for x in b.articles]
    assert a.topics == b.topics
    assert a.corroborations == b.corroborations
    assert a.groups == b.groups
    assert a.failures == b.failures and a.skipped == b.skipped
    assert a.name == b.name and a.threshold == b.threshold


def test_cached_build_equals_uncached_build_on_the_bundled_articles(tmp_path):
    plain = build_corpus()
    cold, warm = BuildStats(), BuildStats()
    first = open_corpus(cache=tmp_path / "ix.sqlite3", stats=cold)
    second = open_corpus(cache=tmp_path / "ix.sqlite3", stats=warm)
    same_corpus(first, plain)
    same_corpus(second, plain)
    assert (cold.analysed, cold.reused, cold.corroboration) == (5, 0, "computed")
    assert (warm.analysed, warm.reused, warm.tagged, warm.corroboration) == (0, 5, 0, "cached")


def test_the_default_cache_is_in_briefing_cache_dir(tmp_path):
    stats = BuildStats()
    open_corpus(stats=stats)
    assert stats.cache_path == tmp_path / "cache" / "index.sqlite3"
    assert stats.cache_path.is_file()


def test_no_cache_reads_and_writes_nothing(tmp_path, counter):
    open_corpus(cache=False)
    open_corpus(cache=False)
    assert len(counter) == 10
    assert not (tmp_path / "cache").exists()


def test_incremental_rebuild_analyses_only_changed_and_new_files(corpus_dir, tmp_path, counter):
    cache = tmp_path / "ix.sqlite3"
    stats = BuildStats()
    open_corpus([corpus_dir], cache=cache, stats=stats)
    assert stats.analysed == 5 and len(counter) == 5

    changed = sorted(corpus_dir.glob("*.txt"))[1]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n\nA new closing paragraph was added to this article "
                       "after publication, about the talks in Beijing.\n", encoding="utf-8")
    (corpus_dir / "new-one.txt").write_text("Officials met again on Tuesday to discuss flights between the two "
                                            "countries, a spokesman said in a statement.\n", encoding="utf-8")
    counter.clear()
    stats = BuildStats()
    corpus = open_corpus([corpus_dir], cache=cache, stats=stats)
    assert len(counter) == 2
    assert (stats.analysed, stats.reused, stats.documents) == (2, 4, 6)
    assert stats.corroboration == "computed"  # the corpus changed
    same_corpus(corpus, build_corpus([corpus_dir]))

    counter.clear()
    stats = BuildStats()
    open_corpus([corpus_dir], cache=cache, stats=stats)
    assert counter == [] and stats.analysed == 0 and stats.corroboration == "cached"


def test_a_renamed_file_is_not_analysed_again(corpus_dir, tmp_path, counter):
    cache = tmp_path / "ix.sqlite3"
    open_corpus([corpus_dir], cache=cache)
    first = sorted(corpus_dir.glob("*.txt"))[0]
    first.rename(first.with_name("renamed.txt"))
    counter.clear()
    corpus = open_corpus([corpus_dir], cache=cache)
    assert counter == []
    assert "renamed" in {a.id for a in corpus.articles}
    same_corpus(corpus, build_corpus([corpus_dir]))


def test_a_changed_topics_file_retags_without_reparsing(corpus_dir, tmp_path, counter):
    cache = tmp_path / "ix.sqlite3"
    open_corpus([corpus_dir], cache=cache)
    topics_file = corpus_dir / "topics.toml"
    topics_file.write_text(topics_file.read_text(encoding="utf-8") + textwrap.dedent("""

        [[topic]]
        id = "xi-meeting"
        label = "Xi meeting"
        key = "5"
        terms = ["Xi Jinping", "Xi"]
        """), encoding="utf-8")
    counter.clear()
    stats = BuildStats()
    corpus = open_corpus([corpus_dir], cache=cache, stats=stats)
    assert counter == [], "re-tagging must not re-parse"
    assert (stats.analysed, stats.reused, stats.tagged) == (0, 5, 5)
    assert "xi-meeting" in {t.id for t in corpus.topics}
    assert corpus.topic_counts()["xi-meeting"] > 0
    same_corpus(corpus, build_corpus([corpus_dir]))

    # and back to the old topics: both taggings are in the index now
    stats = BuildStats()
    open_corpus([corpus_dir], cache=cache, topics=load_topics(bundled_topics()), stats=stats)
    assert (stats.analysed, stats.tagged) == (0, 0)


@pytest.mark.parametrize("damage", ["garbage", "empty-header", "foreign-sqlite", "other-app-id", "torn-pages"])
def test_a_corrupt_or_foreign_cache_is_set_aside_and_rebuilt(tmp_path, damage):
    cache = tmp_path / "ix.sqlite3"
    if damage == "garbage":
        cache.write_bytes(b"this is not a database\x00\xff" * 100)
    elif damage == "empty-header":
        cache.write_bytes(b"SQLite format 3\x00" + b"\x00" * 50)
    elif damage == "foreign-sqlite":
        conn = sqlite3.connect(cache)
        conn.execute("CREATE TABLE analyses (x)")
        conn.commit()
        conn.close()
    elif damage == "other-app-id":
        conn = sqlite3.connect(cache)
        conn.execute("PRAGMA application_id = 1234")
        conn.execute("CREATE TABLE t (x)")
        conn.commit()
        conn.close()
    else:  # a real index whose pages are overwritten in the middle
        open_corpus(cache=cache)
        Index.open(cache).close()  # checkpoint-free close; then flush the WAL into the file
        conn = sqlite3.connect(cache)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()
        data = bytearray(cache.read_bytes())
        assert len(data) > 8192
        data[4096:len(data) - 1024] = b"\xde\xad\xbe\xef" * ((len(data) - 5120) // 4)
        cache.write_bytes(bytes(data))
    stats = BuildStats()
    corpus = open_corpus(cache=cache, stats=stats)
    same_corpus(corpus, build_corpus())
    assert stats.recovered, "the broken file is reported"
    assert stats.cache_error is None
    assert list(tmp_path.glob("ix.sqlite3.corrupt-*")), "the broken file is kept aside"
    with Index.open(cache) as index:
        assert index.recovered is None
        assert index.conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert index.info().files == 5


def test_an_undecodable_entry_is_analysed_again(tmp_path, counter):
    cache = tmp_path / "ix.sqlite3"
    open_corpus(cache=cache)
    with Index.open(cache) as index:
        index.conn.execute("UPDATE analyses SET data = x'00ff' WHERE rowid = 1")
        index.conn.execute("UPDATE tags SET data = x'00ff'")
        index.conn.execute("UPDATE corroborations SET data = x'00ff'")
    counter.clear()
    stats = BuildStats()
    corpus = open_corpus(cache=cache, stats=stats)
    assert len(counter) == 1 and stats.tagged == 5 and stats.corroboration == "computed"
    same_corpus(corpus, build_corpus())


def test_entries_of_another_engine_version_are_dropped(tmp_path, counter):
    cache = tmp_path / "ix.sqlite3"
    open_corpus(cache=cache)
    with Index.open(cache) as index:
        index.conn.execute("UPDATE meta SET value = 'an-older-engine' WHERE key = 'engine'")
    counter.clear()
    open_corpus(cache=cache)
    assert len(counter) == 5


def test_an_unwritable_cache_dir_builds_without_the_index(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    stats = BuildStats()
    corpus = open_corpus(cache=blocker / "sub" / "ix.sqlite3", stats=stats)
    assert stats.cache_error and len(corpus.articles) == 5


_WRITER = """
import sys
from briefing.store import BuildStats, open_corpus
stats = BuildStats()
corpus = open_corpus([sys.argv[1]], cache=sys.argv[2], stats=stats)
assert stats.cache_error is None, stats.cache_error
print(len(corpus.articles), stats.analysed)
"""


def _corpus_copy(src: Path, target: Path, tag: str) -> Path:
    """A copy of the bundled articles whose texts differ from the original (so each writer writes)."""
    shutil.copytree(src, target)
    for f in target.glob("*.txt"):
        f.write_text(f.read_text(encoding="utf-8") + f"\n\nEditor's note {tag}: this copy was updated.\n",
                     encoding="utf-8")
    return target


@pytest.mark.parametrize("existing", [False, True], ids=["created-concurrently", "existing-index"])
def test_concurrent_writers_leave_a_valid_index(tmp_path, existing):
    cache = tmp_path / "shared" / "ix.sqlite3"
    if existing:
        open_corpus(cache=cache)
    folders = [_corpus_copy(bundled_articles(), tmp_path / f"c{n}", str(n)) for n in range(3)]
    procs = [subprocess.Popen([sys.executable, "-c", _WRITER, str(folder), str(cache)], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for folder in folders]
    results = [p.communicate(timeout=120) for p in procs]
    for p, (out, err) in zip(procs, results, strict=True):
        assert p.returncode == 0, err
        assert out.split() == ["5", "5"]
    assert not list(cache.parent.glob("*.corrupt-*")), "a healthy index is never set aside"
    with Index.open(cache) as index:
        assert index.conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert index.info().files == 15 + (5 if existing else 0)
    for folder in folders:  # and every writer's work is there
        stats = BuildStats()
        open_corpus([folder], cache=cache, stats=stats)
        assert (stats.analysed, stats.corroboration) == (0, "cached")


def test_concurrent_writers_of_the_same_corpus_agree(tmp_path):
    cache = tmp_path / "ix.sqlite3"
    procs = [subprocess.Popen([sys.executable, "-c", _WRITER, str(bundled_articles()), str(cache)], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        assert out.split()[0] == "5"
    with Index.open(cache) as index:
        assert index.conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert index.info().files == 5
        assert index.index_pending_statements() == 5  # the first search indexes what the builds stored
        fts_rows = index.conn.execute("SELECT count(*) FROM statements_fts").fetchone()[0]
        assert fts_rows == index.info().statements, "each text's statements are indexed once"
    same_corpus(open_corpus(cache=cache), build_corpus())


def test_full_text_search_finds_statements_of_the_corpus(tmp_path):
    stats = BuildStats()
    corpus = open_corpus(cache=tmp_path / "ix.sqlite3", stats=stats)
    with Index.open(tmp_path / "ix.sqlite3") as index:
        def fts_rows() -> int:
            return index.conn.execute("SELECT count(*) FROM statements_fts").fetchone()[0]

        assert fts_rows() == 0  # a build does not index for search: the first search does, once
        hits = index.search("fentan", keys=stats.keys)  # search as you type: the last word is a prefix
        assert fts_rows() == len(list(corpus.statements())) and index.index_pending_statements() == 0
        assert hits
        for hit in hits:
            assert "fentanyl" in corpus.statement(hit.statement).text.casefold()
        assert index.search("fentanyl", keys={}) == []
        for hostile in ['"', "NEAR(", "a OR", "*", "-x", "'; DROP TABLE analyses; --", ""]:
            index.search(hostile)  # never raises
        assert index.info().files == 5


def test_fts_query_quotes_every_word():
    assert fts_query('military "channels') == '"military" "channels"*'
    assert fts_query("Xi ") == '"Xi"'
    assert fts_query("  ") == ""


def test_clear_empties_the_index(tmp_path, counter):
    cache = tmp_path / "ix.sqlite3"
    open_corpus(cache=cache)
    with Index.open(cache) as index:
        index.clear()
        assert index.info().files == 0
    counter.clear()
    open_corpus(cache=cache)
    assert len(counter) == 5


def test_a_sidecar_change_updates_metadata_without_reanalysis(corpus_dir, tmp_path, counter):
    cache = tmp_path / "ix.sqlite3"
    open_corpus([corpus_dir], cache=cache)
    sidecar = corpus_dir / "sources.toml"
    sidecar.write_text(sidecar.read_text(encoding="utf-8").replace('outlet = "Atlantic Council"', 'outlet = "NPR"'),
                       encoding="utf-8")
    counter.clear()
    stats = BuildStats()
    corpus = open_corpus([corpus_dir], cache=cache, stats=stats)
    assert counter == [] and stats.analysed == 0
    assert stats.corroboration == "computed", "independent outlets changed, so corroboration groups may too"
    assert corpus.article("001_b21590c2f3273b6b").outlet == "NPR"
    same_corpus(corpus, build_corpus([corpus_dir]))


def test_discrepancies_found_once_are_read_back_from_the_index(tmp_path, monkeypatch):
    """The discrepancy fixtures: flagged when the corpus is first opened for an export, then read from
    the index (the finder is not called again), the same."""
    import briefing.discrepancy as discrepancy

    fixtures = ROOT / "tests" / "fixtures" / "discrepancy"
    first = open_corpus([fixtures], cache=tmp_path / "ix.sqlite3", discrepancies=True)
    assert [d.kind for d in first.discrepancies()] == ["length"]

    def boom(*args, **kwargs):
        raise AssertionError("found again instead of read from the index")

    monkeypatch.setattr(discrepancy, "find_discrepancies", boom)
    again = open_corpus([fixtures], cache=tmp_path / "ix.sqlite3", discrepancies=True)
    assert again.discrepancies() == first.discrepancies()


def test_freed_memory_goes_back_to_the_system_where_the_allocator_can():
    import sys

    from briefing.memory import release_free_memory

    if not sys.platform.startswith("linux"):
        assert release_free_memory() in (True, False)
        return

    def rss_mib() -> float:
        return next(int(x.split()[1]) for x in open("/proc/self/status") if x.startswith("VmRSS")) / 1024

    chunks = [bytes(8192) for _ in range(20_000)]  # 160 MiB of allocations...
    keep = chunks[::16]  # ...of which a few stay alive among the freed ones (as after a load)
    del chunks
    before = rss_mib()
    assert release_free_memory()
    assert before - rss_mib() > 50
    assert len(keep) == 1250


def test_the_collector_is_paused_while_a_corpus_is_built_and_on_again_after(monkeypatch):
    """open_corpus and build_corpus run with Python's cyclic collector off (their millions of
    objects hold no cycles), leave it as they found it, and end with one full collection when
    they made many objects (else the first young collection after them would walk them all)."""
    import gc

    import briefing.memory
    from briefing.memory import collector_paused
    from briefing.pipeline import build_corpus

    seen: list[bool] = []
    with collector_paused():
        seen.append(gc.isenabled())
        with collector_paused():  # nested: the outer block turns it on again
            seen.append(gc.isenabled())
        seen.append(gc.isenabled())
    assert seen == [False, False, False] and gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # off before: left off
    finally:
        gc.enable()

    collections: list[int] = []
    monkeypatch.setattr(gc, "collect", lambda generation=2: collections.append(generation) or 0)
    monkeypatch.setattr(briefing.memory, "_MANY_OBJECTS", 1_000)
    with collector_paused():
        made = [[n] for n in range(5_000)]
    assert collections == [2] and len(made) == 5_000

    import briefing.pipeline
    import briefing.store.build
    from briefing.store import open_corpus

    during: list[bool] = []
    original = briefing.pipeline.assemble

    def watched(*args, **kwargs):
        during.append(gc.isenabled())
        return original(*args, **kwargs)

    monkeypatch.setattr(briefing.pipeline, "assemble", watched)
    monkeypatch.setattr(briefing.store.build, "assemble", watched)
    corpus = build_corpus()
    assert during == [False] and gc.isenabled() and len(corpus.articles) == 5
    corpus = open_corpus(cache=False)
    assert during == [False, False] and gc.isenabled() and len(corpus.articles) == 5
