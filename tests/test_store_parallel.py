"""The parallel cold build: the same analyses as one process, in order, with progress."""

from __future__ import annotations

from briefing.ingest import load_paths
from briefing.pipeline import PARALLEL_MIN_TEXTS, analyse_text, analyse_texts, build_corpus
from briefing.resources import bundled_articles
from briefing.store import BuildStats, open_corpus


def _texts() -> list[str]:
    docs = load_paths([bundled_articles()]).documents
    # distinct texts, enough of them to use the pool
    return [f"{doc.text}\n\nCopy {n}." for n in range(PARALLEL_MIN_TEXTS // len(docs) + 2) for doc in docs]


def test_parallel_analysis_equals_sequential_and_reports_progress():
    texts = _texts()
    assert len(texts) >= PARALLEL_MIN_TEXTS
    seen: list[tuple[int, int]] = []
    parallel = analyse_texts(texts, workers=2, progress=lambda d, t: seen.append((d, t)))
    assert parallel == [analyse_text(t) for t in texts]
    assert [d for d, _ in seen] == list(range(1, len(texts) + 1))
    assert {t for _, t in seen} == {len(texts)}


def test_cold_build_of_many_files_through_the_index(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for n, text in enumerate(_texts()):
        (folder / f"a{n:03d}.txt").write_text(text, encoding="utf-8")
    stats = BuildStats()
    progress: list[int] = []
    corpus = open_corpus([folder], cache=tmp_path / "ix.sqlite3", stats=stats, workers=2,
                         progress=lambda d, t: progress.append(d))
    assert stats.analysed == len(_texts()) and progress[-1] == len(_texts())
    plain = build_corpus([folder])
    assert corpus.articles == plain.articles and corpus.corroborations == plain.corroborations
