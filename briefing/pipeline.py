"""From files to a Corpus: ingest → clean → statements → topics → corroboration."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from briefing.clean import clean
from briefing.corroborate import DEFAULT_THRESHOLD, build_groups, corroborate, with_group_members
from briefing.corpus import Corpus
from briefing.dates import to_iso
from briefing.model import Article, Statement, Topic
from briefing.resources import bundled_articles, bundled_topics
from briefing.statements import normalise_speakers, split_blocks
from briefing.topics import CompiledTopic, compile_topics, load_topics, tag_sequence

Progress = Callable[[int, int], None]
_META_FIELDS = ("title", "outlet", "published", "authors", "url")


def find_topics_file(paths: Sequence[str | os.PathLike]) -> Path:
    """The topics file for a corpus: ``topics.toml`` in the first folder given, else the bundled one."""
    for p in paths:
        candidate = Path(p) / "topics.toml"
        if Path(p).is_dir() and candidate.is_file():
            return candidate
    return bundled_topics()


def analyse_document(doc, compiled: list[CompiledTopic]) -> Article:
    """Clean one loaded document and turn it into an Article with tagged statements."""
    result = clean(doc.text)
    raw, sentence_drops = split_blocks(result.blocks)
    normalise_speakers(raw, doc.text)
    topics = tag_sequence([r.text for r in raw], [r.continues for r in raw], [r.paragraph for r in raw], compiled)
    statements = tuple(
        Statement(
            id=f"{doc.id}#{n}", article=doc.id, index=n, text=r.text, speaker=r.speaker,
            speaker_role=r.speaker_role, topics=t, kind=r.kind, paragraph=r.paragraph,
            span=(r.start, r.end), continues=r.continues,
        )
        for n, (r, t) in enumerate(zip(raw, topics, strict=True), start=1)
    )
    given = dict(doc.meta)
    given_sources = dict(given.pop("meta_sources", {}) or {})
    inferred = result.meta
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
        dropped=tuple(result.dropped) + tuple(sentence_drops),
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


def build_corpus(
    paths: Iterable[str | os.PathLike] | None = None,
    *,
    topics_path: str | os.PathLike | None = None,
    topics: tuple[Topic, ...] | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    max_bytes: int = 5_000_000,
    progress: Progress | None = None,
) -> Corpus:
    """Load, clean, segment, tag and corroborate every article under ``paths`` (default: the bundled corpus)."""
    from briefing.ingest import load_paths  # noqa: PLC0415 - lazy

    path_list = [Path(p) for p in (paths or [bundled_articles()])]
    if topics is None:
        topics = load_topics(topics_path or find_topics_file(path_list))
    compiled = compile_topics(topics)
    loaded = load_paths(path_list, max_bytes=max_bytes)
    articles: list[Article] = []
    total = len(loaded.documents)
    for n, doc in enumerate(loaded.documents, start=1):
        articles.append(analyse_document(doc, compiled))
        if progress:
            progress(n, total)
    return assemble(articles, topics, failures=tuple(loaded.failures), skipped=tuple(loaded.skipped),
                    threshold=threshold, name=_corpus_name(path_list))


def assemble(articles: Sequence[Article], topics: tuple[Topic, ...], *, failures=(), skipped=(),
             threshold: float = DEFAULT_THRESHOLD, name: str = "corpus") -> Corpus:
    """Corroborate analysed articles and wrap them in a Corpus."""
    statements = [s for a in articles for s in a.statements]
    links = corroborate(statements, threshold=threshold)
    source_keys = {a.id: a.source_key for a in articles}
    groups = build_groups(statements, links, source_keys)
    links = with_group_members(links, groups, {s.id: s.article for s in statements})
    return Corpus(articles=tuple(articles), topics=topics, corroborations=links, groups=groups,
                  failures=tuple(failures), skipped=tuple(skipped), threshold=threshold, name=name)


def retag(corpus: Corpus, topics: tuple[Topic, ...]) -> Corpus:
    """The same corpus under another topics file, without re-parsing anything."""
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
