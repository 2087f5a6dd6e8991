"""The JSON export (schema briefing/v1) on a corpus built by hand."""

from __future__ import annotations

import json

import pytest

import briefing
from briefing.corpus import Corpus
from briefing.export import build_json, render_json
from briefing.model import Article, Corroboration, Group, LoadFailure, Statement, Topic

A, B, C = "000_npr", "001_natl", "002_wire"


def _st(article: str, n: int, text: str, topics=(), **kw) -> Statement:
    return Statement(id=f"{article}#{n}", article=article, index=n, text=text, topics=tuple(topics), **kw)


def make_corpus() -> Corpus:
    articles = (
        Article(id=A, path="articles/000_npr.txt", title="Talks", outlet="NPR", published="2023-06-19",
                authors=("Jane Doe",), url="https://example.org/a", statements=(
                    _st(A, 1, "The militaries agreed to restore a hotline.", ["military-channels"], start=0, end=44),
                    _st(A, 2, "Will talks resume?", ["military-channels"], kind="question"),
                    _st(A, 3, "Taiwan was discussed — «at length».", ["taiwan"], speaker="Wang Yi",
                        speaker_role="foreign minister", kind="quote"),
                    _st(A, 4, "The hotline was cut in 2022.", []),
                )),
        Article(id=B, path="articles/001_natl.txt", outlet="The National", published="2023-06-21", statements=(
            _st(B, 1, "Both sides agreed to reopen a military hotline.", ["military-channels"]),
        )),
        Article(id=C, path="articles/002_wire.txt", statements=(
            _st(C, 1, "A military hotline will be restored.", ["military-channels", "taiwan"]),
        )),
    )
    topics = (
        Topic("military-channels", "Military channels", key="1"),
        Topic("taiwan", "Taiwan", key="2", description="Cross-strait questions"),
    )
    corroborations = {
        # Best first, as the corpus gives them; one link inside the same article and odd scores on purpose.
        f"{A}#1": (Corroboration(f"{A}#1", f"{B}#1", B, 0.71234), Corroboration(f"{A}#1", f"{A}#4", A, 0.9),
                   Corroboration(f"{A}#1", f"{C}#1", C, 1.0000001)),
        f"{B}#1": (Corroboration(f"{B}#1", f"{A}#1", A, 0.71234), Corroboration(f"{B}#1", f"{C}#1", C, 0.4)),
        f"{C}#1": (Corroboration(f"{C}#1", f"{A}#1", A, float("nan")), Corroboration(f"{C}#1", f"{B}#1", B, -0.2)),
    }
    groups = (
        Group(7, f"{A}#1", (f"{A}#1", f"{B}#1", f"{C}#1"), (A, B, C), 3, ("military-channels", "taiwan")),
        Group(8, f"{A}#3", (f"{A}#3",), (A,), 1, ("taiwan",)),
        Group(9, f"{A}#4", (f"{A}#4",), (A,), 1, ()),
    )
    return Corpus(articles=articles, topics=topics, corroborations=corroborations, groups=groups,
                  failures=(LoadFailure("articles/bad.pdf", "unsupported format"),), threshold=0.3, name="test")


def test_schema_fields_and_round_trip():
    corpus = make_corpus()
    text = render_json(corpus)
    assert text.endswith("}\n")
    doc = json.loads(text)
    assert doc == build_json(corpus)
    assert list(doc)[:2] == ["schema", "generator"]
    assert doc["schema"] == "briefing/v1"
    assert doc["generator"] == {"name": "briefing", "version": briefing.__version__}
    for key in ("articles", "topics", "statements", "groups", "failures", "thresholds"):
        assert key in doc
    assert doc["thresholds"] == {"corroboration": 0.3}
    assert doc["failures"] == [{"path": "articles/bad.pdf", "reason": "unsupported format"}]

    a = doc["articles"][0]
    assert {k: a[k] for k in ("id", "path", "title", "outlet", "published", "authors", "url", "dateline")} == {
        "id": A, "path": "articles/000_npr.txt", "title": "Talks", "outlet": "NPR", "published": "2023-06-19",
        "authors": ["Jane Doe"], "url": "https://example.org/a", "dateline": None}
    assert doc["articles"][2]["outlet"] is None and doc["articles"][2]["authors"] == []
    assert [t["id"] for t in doc["topics"]] == ["military-channels", "taiwan"]
    assert {k: doc["topics"][0][k] for k in ("id", "label", "key")} == {
        "id": "military-channels", "label": "Military channels", "key": "1"}

    ids = [s["id"] for s in doc["statements"]]
    assert ids == [s.id for s in corpus.statements()]  # every statement, in reading order
    s1 = doc["statements"][0]
    assert {k: s1[k] for k in ("id", "article", "text", "speaker", "speaker_role", "kind", "topics", "span",
                               "independent_outlets", "group", "single_source")} == {
        "id": f"{A}#1", "article": A, "text": "The militaries agreed to restore a hotline.", "speaker": None,
        "speaker_role": None, "kind": "statement", "topics": ["military-channels"], "span": [0, 44],
        "independent_outlets": 3, "group": 7, "single_source": False}
    assert s1["corroborations"] == [
        {"article": B, "statement": f"{B}#1", "score": 0.712},
        {"article": C, "statement": f"{C}#1", "score": 1.0}]
    question = doc["statements"][1]
    assert question["kind"] == "question" and question["group"] is None and question["single_source"] is True
    quote = doc["statements"][2]
    assert (quote["speaker"], quote["speaker_role"], quote["span"]) == ("Wang Yi", "foreign minister", None)
    assert "«at length»" in text  # ensure_ascii=False

    assert doc["groups"][0] == {"id": 7, "representative": f"{A}#1", "members": [f"{A}#1", f"{B}#1", f"{C}#1"],
                                "articles": [A, B, C], "outlets": 3, "single_source": False,
                                "topics": ["military-channels", "taiwan"]}
    assert [g["id"] for g in doc["groups"]] == [7, 8, 9]


def test_scores_in_range_and_never_own_article():
    doc = build_json(make_corpus())
    for s in doc["statements"]:
        for c in s["corroborations"]:
            assert 0.0 <= c["score"] <= 1.0
            assert c["score"] == round(c["score"], 3)
            assert c["article"] != s["article"]
    wire = next(s for s in doc["statements"] if s["id"] == f"{C}#1")
    assert [c["score"] for c in wire["corroborations"]] == [0.0, 0.0]  # NaN and negative clamp to 0
    assert json.loads(render_json(make_corpus())) == doc  # NaN never reaches the JSON text


def test_topic_filter_keeps_articles_and_selects_statements():
    corpus = make_corpus()
    doc = build_json(corpus, topics=["taiwan"])
    assert [s["id"] for s in doc["statements"]] == [f"{A}#3", f"{C}#1"]
    assert all("taiwan" in s["topics"] for s in doc["statements"])
    assert len(doc["articles"]) == 3 and len(doc["topics"]) == 2
    assert [g["id"] for g in doc["groups"]] == [7, 8]  # corpus order
    assert doc["selection"] == {"topics": ["taiwan"], "statement_ids": None}
    with pytest.raises(ValueError, match="nope"):
        build_json(corpus, topics=["nope"])


def test_statement_ids_filter():
    corpus = make_corpus()
    doc = build_json(corpus, statement_ids={f"{B}#1", f"{A}#4", "missing#1"})
    assert [s["id"] for s in doc["statements"]] == [f"{A}#4", f"{B}#1"]
    assert [g["id"] for g in doc["groups"]] == [7, 9]
    assert doc["selection"]["statement_ids"] == [f"{A}#4", f"{B}#1", "missing#1"]
    both = build_json(corpus, topics=["military-channels"], statement_ids=[f"{B}#1", f"{A}#4"])
    assert [s["id"] for s in both["statements"]] == [f"{B}#1"]
    assert build_json(corpus, statement_ids=[])["statements"] == []


def test_deterministic_output():
    assert render_json(make_corpus()) == render_json(make_corpus())
    text = render_json(make_corpus(), topics=["taiwan"])
    assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"


def test_empty_corpus():
    doc = json.loads(render_json(Corpus(articles=(), topics=())))
    assert doc["articles"] == doc["statements"] == doc["groups"] == doc["failures"] == []


def test_json_carries_discrepancies_and_who_said_what():
    from pathlib import Path

    from briefing.pipeline import build_corpus

    corpus = build_corpus([Path(__file__).parent / "fixtures" / "discrepancy"])
    data = json.loads(render_json(corpus))
    [d] = data["discrepancies"]
    assert d["label"] == "distance" and sorted(v["text"] for v in d["values"]) == ["150 metres", "200 metres"]
    assert {v["statement"] for v in d["values"]} <= {s["id"] for s in data["statements"]}
    bundled = json.loads(render_json(build_corpus()))
    assert bundled["discrepancies"] == []
    blinken = next(s for s in bundled["speakers"] if s["name"] == "Antony Blinken")
    assert set(blinken["outlets"]) == {"NPR", "Atlantic Council", "The National"}
    named = {s["id"]: s["speaker_name"] for s in bundled["statements"]}
    assert all(named[sid] == "Antony Blinken" for sid in blinken["statements"])
    # More than half an hour is an open interval: no infinity in JSON.
    assert "Infinity" not in json.dumps(bundled)
