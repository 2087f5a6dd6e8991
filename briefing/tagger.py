"""The tagger: which topics a statement is about, read from its words, not its substrings.

Terms are matched on :func:`briefing.topics.tokens`; an ``a ~ b|c`` term asks for the words near each
other; ``exclude`` phrases mask the words they cover before matching (a "spy plane" is not a plane
of the flights topic); two ``context`` words together also signal the topic; and a statement that
continues the one before it inherits its topics.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from briefing.model import Topic
from briefing.topics import tokens

_WINDOW = 5
"""How far apart (in tokens) the two words of an ``a ~ b`` term may be."""


@dataclass(frozen=True)
class _Matcher:
    """One compiled term: a phrase (token sequence) or a proximity pair ``a ~ b|c``."""

    phrase: tuple[str, ...]
    near: tuple[tuple[str, ...], ...] = ()

    @classmethod
    def parse(cls, term: str) -> _Matcher:
        if "~" in term:
            left, right = term.split("~", 1)
            return cls(tuple(tokens(left)), tuple(tuple(tokens(alt)) for alt in right.split("|") if tokens(alt)))
        return cls(tuple(tokens(term)))

    def spans(self, toks: list[str], where: dict[str, list[int]]) -> list[tuple[int, int]]:
        """Token spans where the term occurs (``where``: each token's positions in ``toks``)."""
        found = _phrase_spans(self.phrase, toks, where)
        if not self.near:
            return found
        out = []
        for start, end in found:
            for alt in self.near:
                for a_start, a_end in _phrase_spans(alt, toks, where):
                    if abs(a_start - start) <= _WINDOW:
                        out.append((min(start, a_start), max(end, a_end)))
        return out


def _phrase_spans(phrase: tuple[str, ...], toks: list[str], where: dict[str, list[int]]) -> list[tuple[int, int]]:
    n = len(phrase)
    if n == 0:
        return []
    return [(i, i + n) for i in where.get(phrase[0], ()) if tuple(toks[i:i + n]) == phrase]


def _positions(toks: list[str]) -> dict[str, list[int]]:
    where: dict[str, list[int]] = {}
    for i, t in enumerate(toks):
        where.setdefault(t, []).append(i)
    return where


@dataclass(frozen=True)
class CompiledTopic:
    topic: Topic
    terms: tuple[_Matcher, ...]
    context: tuple[_Matcher, ...]
    exclude: tuple[_Matcher, ...]

    @cached_property
    def first_words(self) -> frozenset[str]:
        """The words every term and context phrase starts with: a text with none of them cannot match."""
        return frozenset(m.phrase[0] for m in (*self.terms, *self.context) if m.phrase)

    def matches(self, toks: list[str], where: dict[str, list[int]] | None = None) -> tuple[bool, int]:
        """(strong match, number of distinct context words) after masking exclusions (``where``: the
        tokens' positions, when the caller has them)."""
        if where is None:
            where = _positions(toks)
        if self.first_words.isdisjoint(where):  # most statements, for most topics
            return False, 0
        masked = toks
        if self.exclude:
            masked = list(toks)
            for ex in self.exclude:
                for start, end in ex.spans(toks, where):
                    for i in range(start, end):
                        masked[i] = ""
            where = _positions(masked)
        strong = any(m.spans(masked, where) for m in self.terms)
        weak = sum(1 for m in self.context if m.spans(masked, where))
        return strong, weak


def compile_topics(topics: tuple[Topic, ...]) -> list[CompiledTopic]:
    return [
        CompiledTopic(
            topic=t,
            terms=tuple(_Matcher.parse(x) for x in t.terms),
            context=tuple(_Matcher.parse(x) for x in t.context),
            exclude=tuple(_Matcher.parse(x) for x in t.exclude),
        )
        for t in topics
    ]


def tag_text(text: str, compiled: list[CompiledTopic]) -> tuple[set[str], set[str]]:
    """Topics a text signals on its own: (strong, weak-only) topic ids."""
    toks = tokens(text)
    where = _positions(toks)
    strong: set[str] = set()
    weak: set[str] = set()
    for ct in compiled:
        is_strong, n_context = ct.matches(toks, where)
        if is_strong or n_context >= 2:
            strong.add(ct.topic.id)
        elif n_context == 1:
            weak.add(ct.topic.id)
    return strong, weak


def tag_sequence(texts: list[str], continues: list[bool], paragraphs: list[int],
                 compiled: list[CompiledTopic]) -> list[tuple[str, ...]]:
    """Tag statements in reading order; a continuation inherits the topics of the one before it."""
    order = [ct.topic.id for ct in compiled]
    result: list[tuple[str, ...]] = []
    previous: set[str] = set()
    previous_paragraph = None
    for text, cont, para in zip(texts, continues, paragraphs, strict=True):
        strong, weak = tag_text(text, compiled)
        topics = set(strong)
        if cont and previous and previous_paragraph is not None and para - previous_paragraph <= 1:
            # "That imperative … was only underscored by recent incidents": the topic carries over
            # (also into the next paragraph, as in a reply: "So that's concerning."), as does a
            # single weak signal of a topic the previous statement had.
            topics |= previous if not strong else (weak & previous)
        result.append(tuple(t for t in order if t in topics))
        previous = topics
        previous_paragraph = para
    return result
