"""The corpus: articles, topics and corroboration, with the queries the interfaces need."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from typing import TYPE_CHECKING

from briefing.links import pairs_at_least
from briefing.model import Article, LoadFailure, Statement, Topic, date_range, source_count
from briefing.records import Corroboration, Group

if TYPE_CHECKING:
    from briefing.discrepancy import Discrepancy
    from briefing.query import SearchIndex
    from briefing.speakers import SpeakerEntry


DIRECT_LINK = 0.3
"""A corroboration this strong says the two statements state the same fact in like words (dates are
compared only across such links)."""


@dataclass
class Corpus:
    """Articles with their statements, the topics, and the corroboration links between them."""

    articles: tuple[Article, ...]
    topics: tuple[Topic, ...]
    corroborations: Mapping[str, tuple[Corroboration, ...]] = field(default_factory=dict)
    """Statement id → statements in other articles stating the same fact, best first (a ``dict``, or
    a :class:`~briefing.links.LinkTable` when read from the index)."""
    groups: tuple[Group, ...] = ()
    """Every claim statement belongs to exactly one group (single statements form their own)."""
    failures: tuple[LoadFailure, ...] = ()
    skipped: tuple[LoadFailure, ...] = ()
    """Not errors, but not loaded either: duplicates, files that are not articles."""
    threshold: float = 0.0
    name: str = "corpus"
    known_discrepancies: tuple[Discrepancy, ...] | None = field(default=None, repr=False, compare=False)
    """Discrepancies already found (read from the index); None: found on first use."""

    def __post_init__(self) -> None:
        self._articles = {a.id: a for a in self.articles}
        self._statements = {s.id: s for a in self.articles for s in a.statements}
        self._group_of = {m: g for g in self.groups for m in g.members}
        self._topics = {t.id: t for t in self.topics}

    # -- lookups ---------------------------------------------------------------------------
    def article(self, article_id: str) -> Article:
        return self._articles[article_id]

    def statement(self, statement_id: str) -> Statement:
        return self._statements[statement_id]

    def topic(self, topic_id: str) -> Topic:
        return self._topics[topic_id]

    def article_of(self, statement_id: str) -> Article:
        return self._articles[self._statements[statement_id].article]

    def group_of(self, statement_id: str) -> Group | None:
        return self._group_of.get(statement_id)

    # -- queries ---------------------------------------------------------------------------
    def statements(self, topics: Iterable[str] | None = None) -> Iterator[Statement]:
        """Every statement in reading order; with ``topics``, those tagged with any of them."""
        wanted = set(topics) if topics else None
        for article in self.articles:
            for s in article.statements:
                if wanted is None or wanted.intersection(s.topics):
                    yield s

    def corroborations_of(self, statement_id: str) -> tuple[Corroboration, ...]:
        return self.corroborations.get(statement_id, ())

    def sources_of(self, statement_id: str) -> set[str]:
        """Independent source keys stating this statement's fact (its own included)."""
        keys = {self.article_of(statement_id).source_key}
        for c in self.corroborations_of(statement_id):
            keys.add(self._articles[c.other_article].source_key)
        return keys

    def independent_outlets(self, statement_id: str) -> int:
        """How many independent sources state it, its own included (1 = single source)."""
        return len(self.sources_of(statement_id))

    def corroborating_outlets(self, statement_id: str) -> int:
        """How many independent sources *other than its own* back it (the badge in the reader)."""
        own = self.article_of(statement_id).source_key
        return len(self.sources_of(statement_id) - {own})

    def groups_for(self, topics: Sequence[str] | None = None) -> list[Group]:
        """Groups in reading order of their representative; with ``topics``, those tagged so."""
        if not topics:
            return list(self.groups)
        wanted = set(topics)
        return [g for g in self.groups if wanted.intersection(g.topics)]

    def outlets(self) -> list[str]:
        """Distinct known outlet names (case-insensitively: "NPR" and "npr" are one), sorted."""
        names: dict[str, str] = {}
        for a in self.articles:
            if a.outlet:
                names.setdefault(a.outlet.casefold(), a.outlet)
        return sorted(names.values(), key=str.casefold)

    def source_count(self) -> int:
        """Independent sources: known outlets plus articles with no known outlet."""
        return source_count(self.articles)

    def date_range(self) -> tuple[str | None, str | None]:
        return date_range(self.articles)

    def topic_counts(self) -> dict[str, int]:
        return dict(self._topic_counts)

    @cached_property
    def _topic_counts(self) -> dict[str, int]:
        counts = {t.id: 0 for t in self.topics}
        for s in self.statements():
            for t in s.topics:
                if t in counts:
                    counts[t] += 1
        return counts

    def article_topics(self, article_id: str) -> tuple[str, ...]:
        """The topics of any of the article's statements, each once (computed for every article at once,
        on first use)."""
        return self._article_topics[article_id]

    @cached_property
    def _article_topics(self) -> dict[str, tuple[str, ...]]:
        return {a.id: tuple(dict.fromkeys(t for s in a.statements for t in s.topics)) for a in self.articles}

    def articles_about(self, topic_ids: Iterable[str]) -> list[Article]:
        """The articles with a statement about any of ``topic_ids``, in corpus order (every topic's
        articles are listed once per corpus, in one pass)."""
        by_topic = self.topic_positions
        lists = [by_topic.get(t, ()) for t in dict.fromkeys(topic_ids)]
        if not lists:
            return []
        positions = lists[0] if len(lists) == 1 else sorted(set().union(*lists))
        articles = self.articles
        return [articles[i] for i in positions]

    @cached_property
    def topic_positions(self) -> dict[str, tuple[int, ...]]:
        """Topic id → the positions (in ``articles``) of the articles about it (built once, on first use)."""
        found: dict[str, list[int]] = {}
        topics_of = self._article_topics
        for i, a in enumerate(self.articles):
            for t in topics_of[a.id]:
                found.setdefault(t, []).append(i)
        return {t: tuple(positions) for t, positions in found.items()}

    @cached_property
    def search_index(self) -> SearchIndex:
        """The casefolded text of every statement that ``briefing.query.search_statements`` searches
        (built once, on first use)."""
        from briefing.query import SearchIndex  # noqa: PLC0415

        return SearchIndex(self)

    # -- discrepancies ----------------------------------------------------------------------
    def discrepancies(self) -> tuple[Discrepancy, ...]:
        """Groups whose sources give figures that disagree (computed once, on first use)."""
        return self._discrepancies

    def discrepancies_of(self, statement_id: str) -> tuple[Discrepancy, ...]:
        """The discrepancies a statement takes part in (it gives one of the differing figures)."""
        return self._discrepancies_by_statement.get(statement_id, ())

    @cached_property
    def _discrepancies(self) -> tuple[Discrepancy, ...]:
        if self.known_discrepancies is not None:
            return self.known_discrepancies
        from briefing.discrepancy import find_discrepancies  # noqa: PLC0415

        members = [m for g in self.groups if len(g.members) > 1 for m in g.members]
        published = {m: self.article_of(m).published for m in members}
        years = {m: int(p[:4]) if p and p[:4].isdigit() else None for m, p in published.items()}
        texts = {m: self._statements[m].text for m in members}
        outlets = {m: self.article_of(m).source_key for m in members}
        direct = pairs_at_least(self.corroborations, DIRECT_LINK)
        return find_discrepancies(self.groups, texts, years, outlets,
                                  linked=lambda a, b: (a, b) in direct or (b, a) in direct, published=published)

    @cached_property
    def _discrepancies_by_statement(self) -> dict[str, tuple[Discrepancy, ...]]:
        index: dict[str, list[Discrepancy]] = {}
        for d in self._discrepancies:
            for sid in dict.fromkeys(sid for sid, _ in d.values):
                index.setdefault(sid, []).append(d)
        return {sid: tuple(ds) for sid, ds in index.items()}

    # -- speakers ---------------------------------------------------------------------------
    def who_said_what(self) -> list[SpeakerEntry]:
        """Every speaker with their statements, names normalised (computed once, on first use)."""
        return self._who_said_what

    def speaker_name(self, statement_id: str) -> str | None:
        """The statement's speaker under the one name used across the corpus, or None."""
        return self._speaker_names.get(statement_id)

    @cached_property
    def _who_said_what(self) -> list[SpeakerEntry]:
        from briefing.speakers import who_said_what  # noqa: PLC0415

        return who_said_what(self)

    @cached_property
    def _speaker_names(self) -> dict[str, str]:
        return {sid: e.name for e in self._who_said_what for sid in e.statements}
