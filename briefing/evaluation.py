"""Measuring the engine against hand-labelled statements: per-topic F1, corroboration precision/recall.

The labels file format is documented in ``tests/fixtures/gold.toml``. Statements are named by
article id prefix and a distinctive substring, so labels survive renumbering.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from briefing.corpus import Corpus
from briefing.model import Statement


class GoldError(ValueError):
    pass


@dataclass(frozen=True)
class Gold:
    topics: dict[str, set[str]]
    """Topic id → statement ids labelled with it."""
    claims: dict[str, set[str]]
    """Claim id → statement ids that state it."""

    def corroborating_articles(self, corpus: Corpus) -> dict[str, set[str]]:
        """Statement id → other articles that state one of its facts, per the labels."""
        out: dict[str, set[str]] = {}
        for members in self.claims.values():
            for s in members:
                own = corpus.statement(s).article
                out.setdefault(s, set()).update(corpus.statement(m).article for m in members if corpus.statement(m).article != own)
        return out


@dataclass(frozen=True)
class Score:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def resolve(corpus: Corpus, ref: str) -> str:
    """The statement id named by ``"<article prefix>: <substring>"``; GoldError when not exactly one."""
    prefix, _, needle = ref.partition(":")
    needle = needle.strip()
    matches = [
        s.id for s in corpus.statements()
        if s.article.startswith(prefix.strip()) and needle in s.text
    ]
    if len(matches) != 1:
        raise GoldError(f"label {ref!r} matches {len(matches)} statements")
    return matches[0]


def load_gold(path: str | Path, corpus: Corpus) -> Gold:
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    topics = {t: {resolve(corpus, r) for r in refs} for t, refs in data.get("topics", {}).items()}
    claims = {c["id"]: {resolve(corpus, r) for r in c["statements"]} for c in data.get("claims", [])}
    return Gold(topics, claims)


def topic_scores(corpus: Corpus, gold: Gold, topic_ids: Iterable[str] | None = None) -> dict[str, Score]:
    scores = {}
    for topic in topic_ids or [t.id for t in corpus.topics]:
        predicted = {s.id for s in corpus.statements([topic])}
        truth = gold.topics.get(topic, set())
        scores[topic] = Score(len(predicted & truth), len(predicted - truth), len(truth - predicted))
    return scores


def corroboration_score(corpus: Corpus, gold: Gold) -> tuple[Score, list[tuple[str, str, str]]]:
    """Article-level precision/recall: (statement, other article) pairs, predicted vs labelled.

    Also returns the disagreements as (kind, statement id, article id), kind "fp" or "fn".
    """
    truth = gold.corroborating_articles(corpus)
    tp = fp = fn = 0
    errors: list[tuple[str, str, str]] = []
    for s in corpus.statements():
        predicted = {c.other_article for c in corpus.corroborations_of(s.id)}
        expected = truth.get(s.id, set())
        tp += len(predicted & expected)
        for a in sorted(predicted - expected):
            fp += 1
            errors.append(("fp", s.id, a))
        for a in sorted(expected - predicted):
            fn += 1
            errors.append(("fn", s.id, a))
    return Score(tp, fp, fn), errors


def describe(statement: Statement) -> str:
    return f"{statement.id}: {statement.text[:90]}"
