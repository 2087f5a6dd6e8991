"""The corroborator on small hand-made statements, and its growth."""

import random

from briefing.corroborate import build_groups, corroborate, with_group_members
from briefing.features import clauses, features
from briefing.model import Statement


def st(article: str, n: int, text: str, **kw) -> Statement:
    return Statement(id=f"{article}#{n}", article=article, index=n, text=text, **kw)


STATEMENTS = [
    st("a", 1, "China has not agreed to resume military-to-military communication with the United States."),
    st("a", 2, "The minister will visit Paris in the spring to open a new embassy building."),
    st("b", 1, "Beijing refused the restoration of military-to-military communications, US officials said."),
    st("b", 2, "Heavy rain flooded the harbour district overnight."),
    st("c", 1, "Washington said Beijing rebuffed its request to restore military hotlines and communication."),
    st("c", 2, "Progress is hard."),
]


def test_same_fact_in_other_words_is_found_and_scored():
    links = corroborate(STATEMENTS, threshold=0.2)
    found = {c.other for c in links["a#1"]}
    assert found == {"b#1", "c#1"}
    assert all(0.0 <= c.score <= 1.0 for cs in links.values() for c in cs)
    assert [c.score for c in links["a#1"]] == sorted((c.score for c in links["a#1"]), reverse=True)


def test_never_its_own_article_and_unrelated_statements_stand_alone():
    links = corroborate(STATEMENTS + [st("a", 3, "China refused to restore military-to-military communication.")], threshold=0.2)
    for sid, cs in links.items():
        assert all(c.other_article != sid.split("#")[0] for c in cs)
    assert "b#2" not in links and "a#2" not in links
    assert "c#2" not in links  # too little content to corroborate anything


def test_questions_are_not_claims():
    links = corroborate([st("a", 1, "Did China refuse military talks?", kind="question"),
                         st("b", 1, "China refused military talks with the US.")], threshold=0.1)
    assert links == {}


def test_synonyms_fold_to_one_concept():
    assert "«refuse»" in features("Beijing rebuffed the request")
    assert "«refuse»" in features("China has not agreed to it")
    assert features("stabilise") == features("stabilize")


def test_clauses_split_long_sentences():
    parts = clauses("Blinken called the talks constructive, but he said China has not agreed to resume "
                    "military channels, though he raised it repeatedly.")
    assert parts[0].startswith("Blinken called")  # the whole statement comes first
    assert any(p.startswith("but he said China has not agreed") for p in parts[1:])


def test_groups_partition_claims_and_count_independent_sources():
    links = corroborate(STATEMENTS, threshold=0.2)
    keys = {"a": "outlet:npr", "b": "outlet:npr", "c": "outlet:reuters"}
    groups = build_groups(STATEMENTS, links, keys)
    members = [m for g in groups for m in g.members]
    assert sorted(members) == sorted(s.id for s in STATEMENTS)
    fact = next(g for g in groups if "a#1" in g.members)
    assert set(fact.members) == {"a#1", "b#1", "c#1"}
    assert fact.outlets == 2  # two NPR pieces are one outlet
    flooded = next(g for g in groups if "b#2" in g.members)
    assert flooded.single_source
    full = with_group_members(links, groups, {s.id: s.article for s in STATEMENTS})
    assert {c.other for c in full["b#1"]} == {"a#1", "c#1"}


def test_work_grows_with_shared_words_not_with_all_pairs():
    rng = random.Random(7)
    vocab = [f"w{n}x" for n in range(20000)]
    statements = [st(f"art{n // 10}", n % 10 + 1, " ".join(rng.sample(vocab, 12)) + ".") for n in range(3000)]
    stats: dict[str, int] = {}
    corroborate(statements, threshold=0.3, stats=stats)
    all_pairs = stats["units"] * (stats["units"] - 1)
    assert stats["pairs_scored"] < all_pairs / 50


def test_work_per_statement_is_bounded_whatever_the_corpus_size():
    """Sub-quadratic: a word every statement shares is not walked, so candidates per unit stay bounded."""
    from briefing import corroborate as cr
    from briefing.model import Statement

    def corpus(n):
        return [Statement(id=f"a{i}#1", article=f"a{i}", index=1,
                          text=f"The harbour council approved plan number{i} after debate{i % 7} on budget{i % 13}.")
                for i in range(n)]

    per_unit = []
    for n in (500, 2000):
        stats = {}
        cr.corroborate(corpus(n), stats=stats)
        per_unit.append(stats["pairs_scored"] / stats["units"])
    assert per_unit[1] <= cr._TERMS_PER_UNIT * cr._MAX_MAX_DF
    assert per_unit[1] < 1.5 * per_unit[0]  # not proportional to n


def test_features_computed_by_the_analysis_give_the_same_links_on_the_bundled_corpus():
    """The analysis (all cores, cached in the index) computes what corroboration reads of each statement;
    handing those over must change nothing."""
    from briefing.features import statement_features
    from briefing.ingest import load_paths
    from briefing.pipeline import analyse_text, features_by_statement
    from briefing.resources import bundled_articles

    docs = load_paths([bundled_articles()]).documents
    analyses = [analyse_text(d.text) for d in docs]
    for a in analyses:
        assert len(a.features) == len(a.statements)
        assert all(f == statement_features(r.text) for f, r in zip(a.features, a.statements, strict=True))
    from briefing.pipeline import build_corpus

    corpus = build_corpus()
    statements = [s for art in corpus.articles for s in art.statements]
    given = features_by_statement(corpus.articles, [a.features for a in analyses])
    assert len(given) == len(statements)
    assert corroborate(statements, features_of=given) == corroborate(statements)


def test_a_statement_with_several_clauses_is_scored_by_its_best_clause():
    from briefing.features import statement_features

    text = ("Blinken called the talks constructive, but he said China has not agreed to resume "
            "military-to-military communications.")
    f = statement_features(text)
    assert len(f.units) == 3  # the whole, then each clause
    assert set(f.units[0]) == set(f.units[1]) | set(f.units[2])
    links = corroborate([st("a", 1, text), st("b", 1, "China refused to restore military-to-military communication.")],
                        threshold=0.2)
    assert [c.other for c in links["a#1"]] == ["b#1"]


def test_group_members_not_linked_directly_are_scored_by_their_strongest_chain():
    """a–b and b–c are linked, a–c is not: a reaches c through b, scored by the weaker of the two links
    (never 0, never above what the links show); d hangs off a weaker link than the chain a–b–c."""
    from briefing.model import Corroboration, Group

    def link(x: str, y: str, score: float) -> Corroboration:
        return Corroboration(x, y, y.split("#")[0], score)

    links = {"a#1": (link("a#1", "b#1", 0.6), link("a#1", "d#1", 0.3)), "b#1": (link("b#1", "c#1", 0.5),),
             "c#1": (link("c#1", "d#1", 0.25),)}
    members = ("b#1", "a#1", "c#1", "d#1")
    group = Group(id=1, representative="b#1", members=members, articles=("a", "b", "c", "d"), outlets=4, topics=())
    full = with_group_members(links, [group], {m: m.split("#")[0] for m in members})
    scores = {(c.statement, c.other): c.score for cs in full.values() for c in cs}
    assert scores[("a#1", "c#1")] == scores[("c#1", "a#1")] == 0.5  # a–b 0.6, then b–c 0.5
    assert scores[("b#1", "d#1")] == 0.3  # b–a 0.6, then a–d 0.3 (better than b–c–d: 0.25)
    assert scores[("a#1", "b#1")] == 0.6  # direct links keep their own score
    assert all(0 < s <= 0.6 for s in scores.values())
    assert len(scores) == 12  # every member corroborated by the three others
