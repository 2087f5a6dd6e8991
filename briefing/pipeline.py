"""From files to a Corpus: ingest → clean → statements → topics → corroboration."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.dataclass_lite import lite_dataclass
from briefing.dates import to_iso
from briefing.memory import collector_paused
from briefing.model import Article, Topic
from briefing.outline import Outline, light
from briefing.resources import bundled_articles, find_topics_file
from briefing.topics import load_topics

if TYPE_CHECKING:
    from briefing.corpus import Corpus
    from briefing.features import StatementFeatures
    from briefing.records import Dropped, RawStatement, Statement
    from briefing.tagger import CompiledTopic

# Cleaning and segmenting (briefing.clean, briefing.statements) and the process pool are imported
# where they are used: a corpus opened from a warm index needs none of them, and starts faster.

Progress = Callable[[int, int], None]
_META_FIELDS = ("title", "outlet", "published", "authors", "url")


def analyse_document(doc, compiled: list[CompiledTopic]) -> Article:
    """Clean one loaded document and turn it into an Article with tagged statements."""
    analysis = analyse_text(doc.text)
    return article_from(doc, analysis, tag_analysis(analysis, compiled))


@lite_dataclass
class TextAnalysis:
    """What the text of a document alone determines: its raw statements, drops and stated metadata.

    The expensive part of :func:`analyse_document` (cleaning, segmentation, speakers); it does not
    depend on the file's name, its sidecar or the topics, so the index caches it by text hash.
    """

    statements: tuple[RawStatement, ...]
    dropped: tuple[Dropped, ...]
    meta: dict = field(hash=False)
    """Metadata the text states (title, authors, published, outlet, dateline)."""
    features: tuple[StatementFeatures, ...] = ()
    """What corroboration reads of each statement (computed here, where the work runs on all cores)."""


def analyse_text(text: str) -> TextAnalysis:
    """Clean and segment one document's text (the part of the analysis that is worth caching)."""
    from briefing.clean import clean  # noqa: PLC0415
    from briefing.statements import normalise_speakers, split_blocks  # noqa: PLC0415

    result = clean(text)
    raw, sentence_drops = split_blocks(result.blocks)
    normalise_speakers(raw, text)
    from briefing.features import statement_features  # noqa: PLC0415

    return TextAnalysis(tuple(raw), tuple(result.dropped) + tuple(sentence_drops), dict(result.meta),
                        tuple(statement_features(r.text) for r in raw))


def tag_analysis(analysis: TextAnalysis, compiled: list[CompiledTopic]) -> list[tuple[str, ...]]:
    """The topics of each raw statement."""
    from briefing.tagger import tag_sequence  # noqa: PLC0415 - (an outline, before a first frame, tags nothing)

    raw = analysis.statements
    return tag_sequence([r.text for r in raw], [r.continues for r in raw], [r.paragraph for r in raw], compiled)


def _statements(article_id: str, raw: Sequence[RawStatement], topics: Sequence[tuple[str, ...]]) -> tuple[Statement, ...]:
    """The article's Statements (an outline's articles, drawn by a first frame, have none)."""
    from briefing.records import Statement  # noqa: PLC0415

    return tuple(
        Statement(
            id=f"{article_id}#{n}", article=article_id, index=n, text=r.text, speaker=r.speaker,
            speaker_role=r.speaker_role, topics=tuple(t), kind=r.kind, paragraph=r.paragraph,
            start=r.start, end=r.end, continues=r.continues,
        )
        for n, (r, t) in enumerate(zip(raw, topics, strict=True), start=1)
    )


def article_from(doc, analysis: TextAnalysis, topics: Sequence[tuple[str, ...]]) -> Article:
    """The Article for ``doc``: its analysed text, tags, and metadata (given wins over inferred)."""
    statements = _statements(doc.id, analysis.statements, topics) if analysis.statements else ()
    given = dict(doc.meta)
    given_sources = dict(given.pop("meta_sources", {}) or {})
    inferred = analysis.meta
    meta: dict[str, object] = {}
    sources: dict[str, str] = {}
    for key in _META_FIELDS:
        if given.get(key):
            meta[key] = given[key]
            sources[key] = given_sources.get(key, doc.format)
        elif inferred.get(key):
            meta[key] = inferred[key]
            sources[key] = "text"
    authors = meta.get("authors") or ()
    if isinstance(authors, str):
        authors = (authors,)
    outlet = str(meta.get("outlet") or "").casefold()
    if outlet:  # a byline that only names the outlet ("Coastal Times") is not an author
        authors = tuple(a for a in authors if str(a).casefold() != outlet)
    return Article(
        id=doc.id,
        path=_display_path(doc.path),
        title=_str_or_none(meta.get("title")),
        outlet=_str_or_none(meta.get("outlet")),
        published=to_iso(meta.get("published")),
        authors=tuple(str(a) for a in authors),
        url=_str_or_none(meta.get("url")),
        format=doc.format,
        dateline=_str_or_none(inferred.get("dateline")),
        statements=statements,
        dropped=analysis.dropped,
        metadata_sources=sources,
    )


def _str_or_none(value: object) -> str | None:
    return str(value).strip() or None if value is not None else None


def _display_path(path: str) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return path if rel.startswith("..") else rel


def documents_outline(paths: Sequence[Path], topics: tuple[Topic, ...], loaded) -> Outline:
    """The outline loaded documents give before any analysis: articles with the metadata stated for
    them (a sidecar, front matter, a feed), no statements, no counts."""
    no_text = TextAnalysis((), (), {})
    return Outline(name=_corpus_name(paths), topics=topics,
                   articles=tuple(light(article_from(d, no_text, [])) for d in loaded.documents),
                   failures=tuple(loaded.failures), skipped=tuple(loaded.skipped))


@collector_paused()  # see briefing/memory.py
def build_corpus(
    paths: Iterable[str | os.PathLike] | None = None,
    *,
    topics_path: str | os.PathLike | None = None,
    topics: tuple[Topic, ...] | None = None,
    threshold: float | None = None,
    max_bytes: int = 5_000_000,
    progress: Progress | None = None,
) -> Corpus:
    """Load, clean, segment, tag and corroborate every article under ``paths`` (default: the bundled corpus)."""
    from briefing.ingest import load_paths  # noqa: PLC0415 - lazy

    path_list = [Path(p) for p in (paths or [bundled_articles()])]
    if topics is None:
        topics = load_topics(topics_path or find_topics_file(path_list))
    loaded = load_paths(path_list, max_bytes=max_bytes)
    results = analyse_and_tag([doc.text for doc in loaded.documents], topics, progress=progress)
    articles = [article_from(doc, a, t) for doc, (a, t) in zip(loaded.documents, results, strict=True)]
    return assemble(articles, topics, failures=tuple(loaded.failures), skipped=tuple(loaded.skipped),
                    threshold=threshold, name=_corpus_name(path_list),
                    features_of=features_by_statement(articles, [a.features for a, _ in results]))


def features_by_statement(articles: Sequence[Article],
                          features: Sequence[Sequence[StatementFeatures]]) -> dict[str, StatementFeatures]:
    """Statement id → the features its analysis computed (for :func:`assemble`), from each article's
    features in statement order; an article whose features do not match its statements is left out
    (assemble computes those)."""
    out: dict[str, StatementFeatures] = {}
    for article, found in zip(articles, features, strict=True):
        if len(found) == len(article.statements):
            out.update(zip((s.id for s in article.statements), found))
    return out


def assemble(articles: Sequence[Article], topics: tuple[Topic, ...], *, failures=(), skipped=(),
             threshold: float | None = None, name: str = "corpus",
             features_of: dict[str, StatementFeatures] | None = None) -> Corpus:
    """Corroborate analysed articles and wrap them in a Corpus (``features_of``: see
    :func:`features_by_statement`; what it lacks is computed here; ``threshold``: the calibrated one
    unless given)."""
    from briefing.corpus import Corpus  # noqa: PLC0415 - not needed for an outline (before a first frame)
    from briefing.corroborate import DEFAULT_THRESHOLD, build_groups, corroborate, with_group_members  # noqa: PLC0415

    threshold = DEFAULT_THRESHOLD if threshold is None else threshold
    statements = [s for a in articles for s in a.statements]
    links = corroborate(statements, threshold=threshold, features_of=features_of)
    source_keys = {a.id: a.source_key for a in articles}
    groups = build_groups(statements, links, source_keys)
    links = with_group_members(links, groups, {s.id: s.article for s in statements})
    return Corpus(articles=tuple(articles), topics=topics, corroborations=links, groups=groups,
                  failures=tuple(failures), skipped=tuple(skipped), threshold=threshold, name=name)


def retag(corpus: Corpus, topics: tuple[Topic, ...]) -> Corpus:
    """The same corpus under another topics file, without re-parsing anything."""
    from briefing.tagger import compile_topics, tag_sequence  # noqa: PLC0415

    compiled = compile_topics(topics)
    articles = []
    for a in corpus.articles:
        tags = tag_sequence([s.text for s in a.statements], [s.continues for s in a.statements],
                            [s.paragraph for s in a.statements], compiled)
        articles.append(replace(a, statements=tuple(replace(s, topics=t) for s, t in zip(a.statements, tags, strict=True))))
    return assemble(articles, topics, failures=corpus.failures, skipped=corpus.skipped, threshold=corpus.threshold,
                    name=corpus.name)


def _corpus_name(paths: Sequence[Path]) -> str:
    if len(paths) == 1:
        p = paths[0].resolve()
        return p.name if p.is_dir() else p.stem
    return f"{len(paths)} sources"


PARALLEL_MIN_TEXTS = 48
"""Below this many texts to analyse, one process is faster than starting a pool."""


def analyse_texts(texts: Sequence[str], *, progress: Progress | None = None, workers: int | None = None) -> list[TextAnalysis]:
    """:func:`analyse_text` for each text, in order; on all cores when there are many.

    ``workers`` defaults to the number of CPUs usable by this process; 1 (or a short list) runs in
    this process. ``progress(done, total)`` is called in this process as results arrive. A caller
    running in a thread (the app's loader) gets workers from a fork server, never a forked thread.
    """
    return _map_texts(texts, None, progress, workers)


def analyse_and_tag(texts: Sequence[str], topics: tuple[Topic, ...], *, progress: Progress | None = None,
                    workers: int | None = None) -> list[tuple[TextAnalysis, list[tuple[str, ...]]]]:
    """:func:`analyse_texts`, each text also tagged with ``topics`` (in the same worker)."""
    return _map_texts(texts, topics, progress, workers)


def _map_texts(texts: Sequence[str], topics: tuple[Topic, ...] | None, progress: Progress | None,
               workers: int | None) -> list:
    from briefing.tagger import compile_topics  # noqa: PLC0415

    total = len(texts)
    if workers is None:
        workers = _usable_cpus()
    workers = max(1, min(workers, total // 8 or 1))
    compiled = compile_topics(topics) if topics is not None else None

    def one(text: str):
        analysis = analyse_text(text)
        return analysis if compiled is None else (analysis, tag_analysis(analysis, compiled))

    out: list = []
    if workers > 1 and total >= PARALLEL_MIN_TEXTS:
        try:
            pool = _process_pool(workers, topics)
        except (OSError, RuntimeError, ValueError):  # no processes allowed here: one process it is
            pool = None
        if pool is not None:
            from concurrent.futures.process import BrokenProcessPool  # noqa: PLC0415

            chunksize = max(1, min(16, total // (workers * 8)))
            fn = _worker_analyse if topics is None else _worker_analyse_and_tag
            try:
                with pool:
                    for result in pool.map(fn, texts, chunksize=chunksize):
                        out.append(result)
                        if progress:
                            progress(len(out), total)
            except (OSError, RuntimeError, BrokenProcessPool):  # a worker died: finish here
                pass
    for text in texts[len(out):]:
        out.append(one(text))
        if progress:
            progress(len(out), total)
    return out


def _process_pool(workers: int, topics: tuple[Topic, ...] | None):
    """A process pool: forked when this process runs no other thread, else from a fork server."""
    import multiprocessing  # noqa: PLC0415 - only for large corpora
    import threading  # noqa: PLC0415
    from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        method = "fork"
    else:
        method = "forkserver" if "forkserver" in methods else "spawn"
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(method),
                               initializer=_init_worker, initargs=(topics,))


def _usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


_worker_topics: list[CompiledTopic] | None = None
"""The compiled topics of a worker process (set by its initializer)."""


def _init_worker(topics: tuple[Topic, ...] | None) -> None:
    """Import the analysers and compile the topics once per worker, not on every task."""
    global _worker_topics  # noqa: PLW0603 - per worker process
    import signal  # noqa: PLC0415

    import briefing.clean  # noqa: F401, PLC0415
    import briefing.statements  # noqa: F401, PLC0415

    from briefing.tagger import compile_topics  # noqa: PLC0415

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle (one line, exit 130)

    _worker_topics = compile_topics(topics) if topics is not None else None


def _worker_analyse(text: str) -> TextAnalysis:
    return analyse_text(text)


def _worker_analyse_and_tag(text: str) -> tuple[TextAnalysis, list[tuple[str, ...]]]:
    analysis = analyse_text(text)
    return analysis, tag_analysis(analysis, _worker_topics or [])
