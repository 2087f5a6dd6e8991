"""The JSON export, schema ``briefing/v1``: articles, topics, statements with corroboration, groups.

The output is deterministic for a given corpus (stable order, ``indent=2``, UTF-8, trailing newline).
"""

from __future__ import annotations

import json
import math
from collections.abc import Collection, Sequence
from typing import Any

from briefing.corpus import Corpus
from briefing.model import Article, Statement, Topic
from briefing.records import Group

__all__ = ["SCHEMA", "build_json", "render_json"]

SCHEMA = "briefing/v1"


def _version() -> str:
    try:
        from briefing import __version__  # noqa: PLC0415
    except ImportError:  # pragma: no cover - the package always defines it
        return "0.1.0"
    return str(__version__ or "0.1.0")


def _score(value: float) -> float:
    """A score rounded to 3 decimals and clamped to [0, 1] (non-finite scores become 0)."""
    try:
        x = float(value)
    except (TypeError, ValueError):
        return 0.0
    if not math.isfinite(x):
        return 0.0
    return round(min(1.0, max(0.0, x)), 3)


def _article(a: Article) -> dict[str, Any]:
    return {
        "id": a.id,
        "path": a.path,
        "title": a.title,
        "outlet": a.outlet,
        "published": a.published,
        "authors": list(a.authors),
        "url": a.url,
        "dateline": a.dateline,
        "format": a.format,
        "source_key": a.source_key,
        "statement_count": len(a.statements),
    }


def _topic(t: Topic) -> dict[str, Any]:
    return {"id": t.id, "label": t.label, "key": t.key, "description": t.description}


def _statement(corpus: Corpus, s: Statement) -> dict[str, Any]:
    group = corpus.group_of(s.id)
    outlets = corpus.independent_outlets(s.id)
    corroborations = [
        {"article": c.other_article, "statement": c.other, "score": _score(c.score)}
        for c in corpus.corroborations_of(s.id)
        if c.other_article != s.article
    ]
    return {
        "id": s.id,
        "article": s.article,
        "index": s.index,
        "paragraph": s.paragraph,
        "text": s.text,
        "speaker": s.speaker,
        "speaker_role": s.speaker_role,
        "kind": s.kind,
        "topics": list(s.topics),
        "span": list(s.span) if s.span is not None else None,
        "continues": s.continues,
        "speaker_name": corpus.speaker_name(s.id),
        "independent_outlets": outlets,
        "corroborating_outlets": corpus.corroborating_outlets(s.id),
        "group": group.id if group is not None else None,
        "single_source": outlets <= 1,
        "corroborations": corroborations,
    }


def _group(g: Group) -> dict[str, Any]:
    return {
        "id": g.id,
        "representative": g.representative,
        "members": list(g.members),
        "articles": list(g.articles),
        "outlets": g.outlets,
        "single_source": g.single_source,
        "topics": list(g.topics),
    }


def build_json(
    corpus: Corpus,
    *,
    topics: Sequence[str] | None = None,
    statement_ids: Collection[str] | None = None,
) -> dict[str, Any]:
    """The ``briefing/v1`` document as a dict.

    All articles, topics and load failures are listed; ``statements`` holds every statement in
    reading order, or only those with one of ``topics`` and/or (when given) with an id in
    ``statement_ids``; ``groups`` holds the groups of the listed statements. Raises ``ValueError`` for
    an unknown topic id; unknown statement ids are ignored.
    """
    if topics:
        known = {t.id for t in corpus.topics}
        unknown = [t for t in topics if t not in known]
        if unknown:
            raise ValueError(f"unknown topic {unknown[0]!r}")
    wanted_ids = set(statement_ids) if statement_ids is not None else None
    statements = [
        s for s in corpus.statements(list(topics) if topics else None)
        if wanted_ids is None or s.id in wanted_ids
    ]
    group_ids = {g.id for s in statements if (g := corpus.group_of(s.id)) is not None}
    filtered = bool(topics) or wanted_ids is not None
    groups = [g for g in corpus.groups if g.id in group_ids] if filtered else list(corpus.groups)
    return {
        "schema": SCHEMA,
        "generator": {"name": "briefing", "version": _version()},
        "corpus": {
            "name": corpus.name,
            "sources": corpus.source_count(),
            "outlets": corpus.outlets(),
            "date_range": list(corpus.date_range()),
        },
        "selection": {
            "topics": list(dict.fromkeys(topics)) if topics else None,
            "statement_ids": sorted(wanted_ids) if wanted_ids is not None else None,
        },
        "articles": [_article(a) for a in corpus.articles],
        "topics": [_topic(t) for t in corpus.topics],
        "statements": [_statement(corpus, s) for s in statements],
        "groups": [_group(g) for g in groups],
        "discrepancies": [_discrepancy(d) for d in corpus.discrepancies() if not filtered or d.group in group_ids],
        "speakers": _speakers(corpus, {s.id for s in statements}),
        "failures": [{"path": f.path, "reason": f.reason} for f in corpus.failures],
        "thresholds": {"corroboration": _score(corpus.threshold)},
    }


def _number(x: float) -> float | None:
    """JSON has no infinity: an open bound is null."""
    return round(x, 4) if math.isfinite(x) else None


def _discrepancy(d) -> dict[str, Any]:
    from briefing.discrepancy import kind_label  # noqa: PLC0415

    return {
        "group": d.group,
        "kind": d.kind,
        "label": kind_label(d.kind),
        "values": [{"statement": sid, "text": q.text, "low": _number(q.low), "high": _number(q.high)}
                   for sid, q in d.values],
    }


def _speakers(corpus: Corpus, listed: set[str]) -> list[dict[str, Any]]:
    """Who said what, limited to the listed statements."""
    out = []
    for e in corpus.who_said_what():
        ids = [sid for sid in e.statements if sid in listed]
        if ids:
            out.append({"name": e.name, "aliases": list(e.aliases), "outlets": list(e.outlets), "statements": ids})
    return out


def render_json(
    corpus: Corpus,
    *,
    topics: Sequence[str] | None = None,
    statement_ids: Collection[str] | None = None,
) -> str:
    """:func:`build_json` as indented UTF-8 JSON text ending with a newline."""
    doc = build_json(corpus, topics=topics, statement_ids=statement_ids)
    return json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
