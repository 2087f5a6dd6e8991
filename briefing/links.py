"""Corroboration links held compactly: statement → statements in other articles stating the same fact.

A large corpus has hundreds of thousands of links; the reader shows those of one statement at a
time. :class:`LinkTable` keeps them as arrays of integers (and the id strings once) and makes the
:class:`~briefing.records.Corroboration` objects of a statement when they are asked for, so that a
corpus opened from the index neither spends seconds building every link object nor holds them all.
It is a read-only mapping, interchangeable with the plain ``dict`` the engine builds.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Mapping, Sequence

from briefing.records import Corroboration


class LinkTable(Mapping[str, tuple[Corroboration, ...]]):
    """``sources[k]``'s links are ``targets[ptr[k]:ptr[k+1]]`` with scores ``milli[…] / 1000``;
    targets index ``ids``, whose article is ``articles[article_of[i]]``."""

    __slots__ = ("_articles", "_built", "_ids", "_milli", "_article_of", "_ptr", "_row", "_sources", "_targets")

    def __init__(self, ids: Sequence[str], articles: Sequence[str], article_of: array, sources: array, ptr: array,
                 targets: array, milli: array) -> None:
        n_ids, n_sources, n_links = len(ids), len(sources), len(targets)
        if (len(article_of) != n_ids or len(ptr) != n_sources + 1 or len(milli) != n_links
                or (n_ids and not (min(article_of) >= 0 and max(article_of) < len(articles)))
                or (n_sources and not (min(sources) >= 0 and max(sources) < n_ids))
                or (n_links and not (min(targets) >= 0 and max(targets) < n_ids and max(milli) <= 1000))
                or ptr[0] != 0 or ptr[-1] != n_links or any(a > b for a, b in zip(ptr, ptr[1:]))):
            raise ValueError("inconsistent link table")
        self._ids, self._articles, self._article_of = ids, articles, article_of
        self._sources, self._ptr, self._targets, self._milli = sources, ptr, targets, milli
        self._row = {ids[i]: k for k, i in enumerate(sources)}
        self._built: dict[str, tuple[Corroboration, ...]] = {}

    @classmethod
    def from_mapping(cls, links: Mapping[str, Sequence[Corroboration]]) -> LinkTable:
        index: dict[str, int] = {}
        ids: list[str] = []
        articles: dict[str, int] = {}
        article_of = array("i")

        def number(sid: str, article: str) -> int:
            n = index.get(sid)
            if n is None:
                n = index[sid] = len(ids)
                ids.append(sid)
                article_of.append(articles.setdefault(article, len(articles)))
            return n

        sources, ptr, targets, milli = array("i"), array("i", [0]), array("i"), array("H")
        article_by_id = {c.other: c.other_article for cs in links.values() for c in cs}
        for sid, cs in links.items():
            if not cs:
                continue
            sources.append(number(sid, article_by_id.get(sid, "")))  # a source's own article is never read
            for c in cs:
                targets.append(number(c.other, c.other_article))
                milli.append(round(c.score * 1000))
            ptr.append(len(targets))
        return cls(ids, list(articles), article_of, sources, ptr, targets, milli)

    def arrays(self) -> tuple[list[str], list[str], array, array, array, array, array]:
        return (list(self._ids), list(self._articles), self._article_of, self._sources, self._ptr, self._targets,
                self._milli)

    def __getitem__(self, statement_id: str) -> tuple[Corroboration, ...]:
        built = self._built.get(statement_id)
        if built is not None:
            return built
        k = self._row[statement_id]  # KeyError: no links
        ids, articles, article_of = self._ids, self._articles, self._article_of
        built = tuple(Corroboration(statement_id, ids[t], articles[article_of[t]], self._milli[j] / 1000)
                      for j, t in ((j, self._targets[j]) for j in range(self._ptr[k], self._ptr[k + 1])))
        self._built[statement_id] = built
        return built

    def __iter__(self) -> Iterator[str]:
        return (self._ids[i] for i in self._sources)

    def __len__(self) -> int:
        return len(self._sources)

    def __contains__(self, statement_id: object) -> bool:
        return statement_id in self._row

    def pairs_at_least(self, score: float) -> set[tuple[str, str]]:
        """(statement, other) of every link scoring at least ``score``, without building the links."""
        floor = next((m for m in range(1001) if m / 1000 >= score), 1001)
        ids, ptr, targets, milli, out = self._ids, self._ptr, self._targets, self._milli, set()
        for k, i in enumerate(self._sources):
            for j in range(ptr[k], ptr[k + 1]):
                if milli[j] >= floor:
                    out.add((ids[i], ids[targets[j]]))
        return out


def pairs_at_least(links: Mapping[str, Sequence[Corroboration]], score: float) -> set[tuple[str, str]]:
    """(statement, other) of every link of ``links`` scoring at least ``score``."""
    if isinstance(links, LinkTable):
        return links.pairs_at_least(score)
    return {(c.statement, c.other) for cs in links.values() for c in cs if c.score >= score}
