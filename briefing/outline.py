"""The outline of a corpus: what the app paints first, before any statement is loaded.

Articles with their list metadata (outlet, date, title), the topics with their statement counts, and
which topics each article has; no statements, no corroboration. The index keeps the outline of each
corpus opened (see :mod:`briefing.store.build`) so that a warm start paints it from one row, and a
cold start paints the part that reading the files alone gives (articles, no counts yet) while the
analysis runs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import field
from functools import lru_cache

from briefing.dataclass_lite import lite_dataclass
from briefing.model import Article, LoadFailure, Topic, date_range, source_count


class StoredArticles(Sequence[Article]):
    """The articles of an outline read from the index, each decoded and built when first asked for:
    a first frame draws a screenful of them, and decoding and building 10,000 articles took longer
    than the rest of that frame. Their ids, sources and date range are stored decoded."""

    __slots__ = ("_built", "_dates", "_ids", "_rows", "_sources")

    def __init__(self, ids: list[str], rows: list[bytes], sources: int, dates: tuple[str | None, str | None]) -> None:
        self._ids = ids
        self._rows = rows
        """One JSON array per article: ``[id, path, title, outlet, published, authors, url, format]``."""
        self._sources = sources
        self._dates = dates
        self._built: list[Article | None] = [None] * len(rows)

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self._rows)))]
        article = self._built[index]
        if article is None:
            article = self._built[index] = self._decode(index)
        return article

    def _decode(self, index: int) -> Article:
        import json  # noqa: PLC0415 - (this module is imported before the first frame; json is not needed then)

        try:
            i, p, t, o, d, au, u, fmt = json.loads(self._rows[index])
            return Article(id=str(i), path=str(p), title=None if t is None else str(t), outlet=None if o is None else str(o),
                           published=None if d is None else str(d), authors=tuple(map(str, au)),
                           url=None if u is None else str(u), format=str(fmt))
        except (ValueError, TypeError):  # (a line this module wrote: not expected) the id at least
            return Article(id=self._ids[index], path="")

    def __iter__(self):
        return map(self.__getitem__, range(len(self._rows)))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and len(other) == len(self) and all(a == b for a, b in zip(self, other))

    __hash__ = None  # type: ignore[assignment]

    def ids(self) -> list[str]:
        return list(self._ids)

    def source_count(self) -> int:
        return self._sources

    def date_range(self) -> tuple[str | None, str | None]:
        return self._dates


class _Deferred(Mapping):
    """A mapping decoded from its stored JSON when first read (nothing before the first frame reads it)."""

    __slots__ = ("_decode", "_value")

    def __init__(self, decode: Callable[[], dict]) -> None:
        self._decode = decode
        self._value: dict | None = None

    def _data(self) -> dict:
        if self._value is None:
            self._value = self._decode()
        return self._value

    def __getitem__(self, key):
        return self._data()[key]

    def __iter__(self):
        return iter(self._data())

    def __len__(self) -> int:
        return len(self._data())


@lite_dataclass
class Outline:
    """What the app's first frame shows of a corpus: its articles and topics, and once analysed, counts."""

    name: str
    topics: tuple[Topic, ...]
    articles: Sequence[Article]
    """Without statements; ``title`` is the title the list shows (the text's start when untitled).
    A tuple, or for an outline read from the index its :class:`StoredArticles`."""
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
        if isinstance(self.articles, StoredArticles):
            return self.articles.source_count()
        return source_count(self.articles)

    def date_range(self) -> tuple[str | None, str | None]:
        if isinstance(self.articles, StoredArticles):
            return self.articles.date_range()
        return date_range(self.articles)

    def article_ids(self) -> list[str]:
        if isinstance(self.articles, StoredArticles):
            return self.articles.ids()
        return [a.id for a in self.articles]


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
    """Bytes for the index (JSON lines, UTF-8; never a pickle): a head line (name,
    article ids, sources, date range, topic counts, failures), a line of per-article counts and
    topics, then one line per article, so that a first frame decodes the head and what it draws."""
    import json  # noqa: PLC0415

    def line(obj) -> str:
        return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))  # (a newline in a string is escaped)

    articles = outline.articles
    head = {
        "v": 2, "n": outline.name, "ids": [a.id for a in articles], "src": source_count(articles),
        "dr": list(date_range(articles)), "tc": outline.topic_counts,
        "analysed": outline.statement_counts is not None and outline.article_topics is not None,
        "f": [[f.path, f.reason] for f in outline.failures],
        "s": [[f.path, f.reason] for f in outline.skipped],
    }
    per_article = {
        "c": dict(outline.statement_counts) if outline.statement_counts is not None else None,
        "at": {k: list(v) for k, v in outline.article_topics.items()} if outline.article_topics is not None else None,
    }
    rows = [line([a.id, a.path, a.title, a.outlet, a.published, list(a.authors), a.url, a.format]) for a in articles]
    # Not compressed: at 10,000 articles inflating it took longer than the rest of reading it (5 ms of
    # 12), for a row of about 2 MB in the index.
    return b"\n".join([_MAGIC, "\n".join([line(head), line(per_article), *rows]).encode("utf-8")])


def decode_outline(data: bytes, topics: Sequence[Topic]) -> Outline:
    """The outline stored by :func:`encode_outline` (``topics``: the corpus' topics, stored elsewhere).
    Raises ValueError when the bytes are not an outline."""
    import json  # noqa: PLC0415

    try:
        # Bytes, split at the newlines (a newline inside a string is escaped): each article's line is
        # decoded when the article is first asked for.
        magic, head_line, per_article_line, *rows = bytes(data).split(b"\n")
        if magic != _MAGIC:
            raise ValueError("not an outline")
        head = json.loads(head_line)
        if head.get("v") != 2:
            raise ValueError("another layout")
        ids = [str(i) for i in head["ids"]]
        if len(ids) != len(rows):
            raise ValueError("articles and ids differ")
        first, last = head["dr"]
        articles = StoredArticles(ids, rows, int(head["src"]), (first, last))

        @lru_cache(maxsize=1)
        def per_article() -> dict:
            try:
                return json.loads(per_article_line)
            except ValueError:
                return {"c": {}, "at": {}}

        counts = _Deferred(lambda: {str(k): int(v) for k, v in (per_article()["c"] or {}).items()}) \
            if head["analysed"] else None
        article_topics = _Deferred(lambda: {str(k): tuple(v) for k, v in (per_article()["at"] or {}).items()}) \
            if head["analysed"] else None
        topic_counts = {str(k): int(v) for k, v in head["tc"].items()} if head["tc"] is not None else None
        return Outline(name=str(head["n"]), topics=tuple(topics), articles=articles, statement_counts=counts,
                       article_topics=article_topics, topic_counts=topic_counts,
                       failures=tuple(LoadFailure(str(p), str(r)) for p, r in head["f"]),
                       skipped=tuple(LoadFailure(str(p), str(r)) for p, r in head["s"]))
    except (UnicodeDecodeError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ValueError(f"undecodable outline: {exc}") from None


_MAGIC = b"briefing-outline-2"
"""The first line of a stored outline (its layout's name)."""
