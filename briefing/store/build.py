"""Opening a corpus through the index: only new or changed texts are analysed, only untagged ones tagged.

:func:`open_corpus` returns the same :class:`~briefing.corpus.Corpus` as
:func:`briefing.pipeline.build_corpus` (a test checks it on the bundled articles). Files are still
read and decoded every time (their names, sidecars and duplicates can change without their text
changing); what is cached is what is expensive: cleaning and segmenting each text (by the hash of
the text), tagging it (by text and topics hash) and corroborating the corpus (by the hash of
everything corroboration reads).
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from briefing.corpus import Corpus
from briefing.outline import Outline, decode_outline, encode_outline, outline_of
from briefing.corroborate import DEFAULT_THRESHOLD
from briefing.memory import collector_paused, release_free_memory
from briefing.model import Article, Topic
from briefing.pipeline import (
    Progress,
    analyse_and_tag,
    article_from,
    assemble,
    documents_outline,
    features_by_statement,
    find_topics_file,
    tag_analysis,
)
from briefing.resources import bundled_articles
from briefing.store.fingerprint import links_version, text_key, topics_hash
from briefing.store.index import Index, IndexUnavailable
from briefing.store.manifest import request_key, tree_states
from briefing.tagger import compile_topics
from briefing.topics import load_topics


@dataclass
class BuildStats:
    """What :func:`open_corpus` did: how many texts it analysed, reused, tagged; the cache it used."""

    documents: int = 0
    analysed: int = 0
    """Texts cleaned and segmented now (not found in the index)."""
    reused: int = 0
    """Documents whose analysis came from the index."""
    tagged: int = 0
    """Texts tagged now (new texts, or a topics file the index has not seen with them)."""
    corroboration: str = "none"
    """``cached`` (read from the index) or ``computed``."""
    keys: dict[str, str] = field(default_factory=dict)
    """Text key → article id, for :meth:`briefing.store.Index.search`."""
    cache_path: Path | None = None
    cache_error: str | None = None
    """Why the index could not be used (the corpus was then built without it)."""
    recovered: str | None = None
    """Why a broken index was set aside and rebuilt."""
    seconds: dict[str, float] = field(default_factory=dict)
    """Wall seconds of each phase: ``ingest``, ``analyse`` (with tagging), ``corroborate``,
    ``discrepancies`` (when asked for), ``store``."""


@collector_paused()  # millions of objects, no cycles: see briefing/memory.py
def open_corpus(
    paths: Iterable[str | os.PathLike] | None = None,
    *,
    topics_path: str | os.PathLike | None = None,
    topics: tuple[Topic, ...] | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    max_bytes: int = 5_000_000,
    progress: Progress | None = None,
    cache: bool | str | os.PathLike | Index = True,
    workers: int | None = None,
    stats: BuildStats | None = None,
    on_outline: Callable[[Outline], None] | None = None,
    discrepancies: bool = False,
) -> Corpus:
    """Like :func:`briefing.pipeline.build_corpus`, through the index.

    ``cache``: True (the user cache, or ``$BRIEFING_CACHE_DIR``), a path to an index file, an open
    :class:`Index`, or False (no index: everything is analysed, on all cores when there are many).
    An index that cannot be used is reported in ``stats.cache_error`` and the corpus is built anyway.

    ``on_outline`` is called once, as early as possible, with the corpus' :class:`Outline`: the one
    the index recorded the last time this corpus was opened when no file changed since (before any
    file is read), else the one the files give (articles, no counts) before they are analysed.

    ``discrepancies``: find the corpus' discrepancies now (read from the index when it has them,
    else found and stored), for callers that will show them (exports, the app).
    """
    from briefing.ingest import load_paths  # noqa: PLC0415 - lazy, as in build_corpus
    from briefing.pipeline import _corpus_name  # noqa: PLC0415

    stats = stats if stats is not None else BuildStats()
    clock = _Clock(stats.seconds)
    path_list = [Path(p) for p in (paths or [bundled_articles()])]
    topics_file = None
    if topics is None:
        topics_file = Path(topics_path or find_topics_file(path_list))
        topics = load_topics(topics_file)
    store = _Store(cache, stats)
    request = files = None
    if store.index is not None and topics_file is not None:
        request = request_key(path_list, topics_file, max_bytes=max_bytes, threshold=threshold, engine=links_version())
        files = tree_states(path_list, [topics_file])
    told = False
    if on_outline is not None and files is not None:
        recorded = store.call(lambda ix: ix.get_outline(request), None)
        if recorded is not None and recorded[0] == files:
            try:
                told_outline = decode_outline(recorded[1], topics)
            except ValueError:
                pass
            else:
                on_outline(told_outline)
                told = True
    clock.lap("store")
    loaded = load_paths(path_list, max_bytes=max_bytes)
    docs = loaded.documents
    stats.documents = len(docs)
    keys = [text_key(doc.text) for doc in docs]
    stats.keys = {k: doc.id for k, doc in zip(keys, docs, strict=True)}
    clock.lap("ingest")
    if on_outline is not None and not told:
        on_outline(documents_outline(path_list, topics, loaded))

    analyses = store.call(lambda ix: ix.get_analyses(keys), {})
    clock.lap("store")
    stats.reused = sum(1 for k in keys if k in analyses)
    todo = [(k, doc) for k, doc in dict(zip(keys, docs, strict=True)).items() if k not in analyses]
    reused_docs = stats.reused

    def report(done: int, _total: int) -> None:
        if progress:
            progress(reused_docs + done, len(docs))

    if progress and reused_docs:
        progress(reused_docs, len(docs))
    fresh = analyse_and_tag([doc.text for _, doc in todo], topics, progress=report if progress else None,
                            workers=workers)
    stats.analysed = stats.tagged = len(fresh)
    clock.lap("analyse")
    new_items = [(k, doc.sha256, a) for (k, doc), (a, _) in zip(todo, fresh, strict=True)]
    analyses.update((k, a) for k, _, a in new_items)
    store.call(lambda ix: ix.put_analyses(new_items), None)
    new_items.clear()
    if progress and not docs:
        progress(0, 0)

    th = topics_hash(topics)
    tags = {k: t for (k, _), (_, t) in zip(todo, fresh, strict=True)}
    del todo, fresh
    # Every text is analysed: what follows reads the documents' metadata only. Their texts (tens of MB
    # at 10,000 articles) go now, so that the statements built next take their place in memory
    # instead of adding to it.
    docs = [replace(doc, text="") for doc in docs]
    loaded.documents.clear()
    release_free_memory()  # the texts' pages (outside Python's small-object arenas, which the
    # statements and links built next take): without this they stay resident, and add to the peak
    store.call(lambda ix: ix.put_tags(list(tags.items()), th), None)
    reused = [k for k in dict.fromkeys(keys) if k not in tags]
    tags.update(store.call(lambda ix: ix.get_tags(reused, th), {}))
    missing = [k for k in reused if k not in tags]
    if missing:  # a topics file these texts were not tagged with yet: re-tag, never re-parse
        compiled = compile_topics(topics)
        retagged = [(k, tag_analysis(analyses[k], compiled)) for k in missing]
        tags.update(retagged)
        stats.tagged += len(retagged)
        clock.lap("analyse")
        store.call(lambda ix: ix.put_tags(retagged, th), None)

    articles = [article_from(doc, analyses[k], tags[k]) for k, doc in zip(keys, docs, strict=True)]
    # The statements are the articles' now; of the analyses, corroboration may still need the features
    # (those computed here: an index stores them apart, read below only when the links are not stored).
    features = {k: a.features for k, a in analyses.items() if a.features}
    del analyses
    name = _corpus_name(path_list)
    ckey = _corpus_key(articles, keys, th, threshold)
    ids = {a.id: a.id for a in articles}
    ids.update((st.id, st.id) for a in articles for st in a.statements)
    links = store.call(lambda ix: ix.get_links(ckey, ids), None)
    clock.lap("store")
    if links is not None:
        stats.corroboration = "cached"
        corroborations, groups = links
        corpus = Corpus(articles=tuple(articles), topics=topics, corroborations=corroborations, groups=groups,
                        failures=tuple(loaded.failures), skipped=tuple(loaded.skipped), threshold=threshold, name=name)
    else:
        stats.corroboration = "computed"
        lacking = [k for k in dict.fromkeys(keys) if k not in features]
        features.update(store.call(lambda ix: ix.get_features(lacking), {}) if lacking else {})
        features_of = features_by_statement(articles, [features.get(k, ()) for k in keys])
        del features
        clock.lap("store")
        corpus = assemble(articles, topics, failures=tuple(loaded.failures), skipped=tuple(loaded.skipped),
                          threshold=threshold, name=name, features_of=features_of)
        del features_of
        clock.lap("corroborate")
        store.call(lambda ix: ix.put_links(ckey, corpus.corroborations, corpus.groups), None)
    if discrepancies:
        dkey = hashlib.sha256(json.dumps([ckey, [a.published for a in articles]]).encode()).hexdigest()
        known = store.call(lambda ix: ix.get_discrepancies(dkey), None)
        if known is not None and all(sid in ids for d in known for sid, _ in d.values):
            corpus.known_discrepancies = known
        else:
            found = corpus.discrepancies()
            store.call(lambda ix: ix.put_discrepancies(dkey, found), None)
        clock.lap("discrepancies")
    if request is not None and files is not None:
        data = encode_outline(outline_of(corpus))
        recorded = store.call(lambda ix: ix.get_outline(request), None)
        if recorded != (files, data):
            store.call(lambda ix: ix.put_outline(request, files, data), None)
    store.close()
    clock.lap("store")
    return corpus


class _Clock:
    """Adds the wall time since the last lap to a named phase."""

    def __init__(self, into: dict[str, float]) -> None:
        self.into = into
        self.last = time.perf_counter()

    def lap(self, phase: str) -> None:
        now = time.perf_counter()
        self.into[phase] = self.into.get(phase, 0.0) + now - self.last
        self.last = now


def _corpus_key(articles: list[Article], keys: list[str], th: str, threshold: float) -> str:
    """Everything corroboration reads: article ids and source keys, their texts and tags, the threshold."""
    digest = hashlib.sha256(json.dumps([links_version(), th, threshold]).encode())
    for a, k in zip(articles, keys, strict=True):
        digest.update(json.dumps([a.id, k, a.source_key]).encode())
    return digest.hexdigest()


class _Store:
    """The index as the build uses it: any SQLite error disables it for the rest of the build."""

    def __init__(self, cache: bool | str | os.PathLike | Index, stats: BuildStats) -> None:
        self.stats = stats
        self.owned = False
        self.index: Index | None = None
        if cache is False or cache is None:
            return
        if isinstance(cache, Index):
            self.index = cache
        else:
            try:
                self.index = Index.open(None if cache is True else cache)
                self.owned = True
            except IndexUnavailable as exc:
                stats.cache_error = str(exc)
                return
        stats.cache_path = self.index.path
        stats.recovered = self.index.recovered

    def call(self, fn, default):
        if self.index is None:
            return default
        try:
            return fn(self.index)
        except sqlite3.Error as exc:
            self.stats.cache_error = f"{type(exc).__name__}: {exc}"
            self.close()
            self.index = None
            return default

    def close(self) -> None:
        if self.index is not None and self.owned:
            self.index.close()
