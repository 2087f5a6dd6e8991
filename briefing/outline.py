"""The outline of a corpus: what the app paints first, before any statement is loaded.

Articles with their list metadata (outlet, date, title), the topics with their statement counts, and
which topics each article has; no statements, no corroboration. The index keeps the outline of each
corpus opened (see :mod:`briefing.store.build`) so that a warm start paints it from one row, and a
cold start paints the part that reading the files alone gives (articles, no counts yet) while the
analysis runs.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field

from briefing.model import Article, LoadFailure, Topic, date_range, source_count


@dataclass(frozen=True)
class Outline:
    name: str
    topics: tuple[Topic, ...]
    articles: tuple[Article, ...]
    """Without statements; ``title`` is the title the list shows (the text's start when untitled)."""
    statement_counts: dict[str, int] | None = field(default=None, compare=False)
    """Article id → statements (None: not analysed yet)."""
    article_topics: dict[str, tuple[str, ...]] | None = field(default=None, compare=False)
    """Article id → the topics its statements have (None: not analysed yet)."""
    topic_counts: dict[str, int] | None = field(default=None, compare=False)
    """Topic id → statements (None: not analysed yet)."""
    failures: tuple[LoadFailure, ...] = ()
    skipped: tuple[LoadFailure, ...] = ()

    @property
    def analysed(self) -> bool:
        return self.topic_counts is not None

    def source_count(self) -> int:
        return source_count(self.articles)

    def date_range(self) -> tuple[str | None, str | None]:
        return date_range(self.articles)


def outline_of(corpus) -> Outline:
    """The outline of an analysed :class:`~briefing.corpus.Corpus`."""
    return Outline(
        name=corpus.name,
        topics=corpus.topics,
        articles=tuple(light(a) for a in corpus.articles),
        statement_counts={a.id: len(a.statements) for a in corpus.articles},
        article_topics={a.id: tuple(sorted(corpus.article_topics(a.id))) for a in corpus.articles},
        topic_counts=corpus.topic_counts(),
        failures=corpus.failures,
        skipped=corpus.skipped,
    )


def light(article: Article) -> Article:
    """The article as a list shows it: metadata only, its display title as title."""
    return Article(id=article.id, path=article.path, title=article.display_title, outlet=article.outlet,
                   published=article.published, authors=article.authors, url=article.url, format=article.format)


def encode_outline(outline: Outline) -> bytes:
    """Compact bytes (zlib-compressed JSON; never a pickle) for the index."""
    obj = {
        "n": outline.name,
        "a": [[a.id, a.path, a.title, a.outlet, a.published, list(a.authors), a.url, a.format]
              for a in outline.articles],
        "c": outline.statement_counts,
        "at": {k: list(v) for k, v in (outline.article_topics or {}).items()} if outline.article_topics is not None else None,
        "tc": outline.topic_counts,
        "f": [[f.path, f.reason] for f in outline.failures],
        "s": [[f.path, f.reason] for f in outline.skipped],
    }
    return zlib.compress(json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 3)


def decode_outline(data: bytes, topics: Sequence[Topic]) -> Outline:
    """The outline stored by :func:`encode_outline` (``topics``: the corpus' topics, stored elsewhere).
    Raises ValueError when the bytes are not an outline."""
    try:
        obj = json.loads(zlib.decompress(data).decode("utf-8"))
        articles = tuple(Article(id=str(i), path=str(p), title=t, outlet=o, published=d, authors=tuple(au), url=u,
                                 format=str(fmt)) for i, p, t, o, d, au, u, fmt in obj["a"])
        counts = {str(k): int(v) for k, v in obj["c"].items()} if obj["c"] is not None else None
        article_topics = {str(k): tuple(v) for k, v in obj["at"].items()} if obj["at"] is not None else None
        topic_counts = {str(k): int(v) for k, v in obj["tc"].items()} if obj["tc"] is not None else None
        return Outline(name=str(obj["n"]), topics=tuple(topics), articles=articles, statement_counts=counts,
                       article_topics=article_topics, topic_counts=topic_counts,
                       failures=tuple(LoadFailure(str(p), str(r)) for p, r in obj["f"]),
                       skipped=tuple(LoadFailure(str(p), str(r)) for p, r in obj["s"]))
    except (zlib.error, UnicodeDecodeError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ValueError(f"undecodable outline: {exc}") from None
