"""Corroboration: for each statement, the statements in *other* articles that state the same fact.

Statements become sparse TF-IDF vectors over content words, with synonyms folded to one concept
(``briefing/data/lexicon.toml``: "rebuffed", "refused" and "has not agreed" are one concept) and a
statement that leans on the one before it ("…move forward with that.") borrowing that one's words
at half weight. Candidates come from an inverted index (only postings of words rare enough to be
informative are walked), so the work grows with the number of statements that share words, never
with all pairs. Scores are cosine similarities in [0, 1]; pairs at or above the threshold, which
was calibrated on the labelled pairs in ``tests/fixtures/gold.toml`` (see
``benchmarks/calibrate.py``), are kept, best first, at most ``top_k`` per statement.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from briefing.model import Corroboration, Group, Statement
from briefing.topics import tokens

DEFAULT_THRESHOLD = 0.21
"""Calibrated on the labelled pairs of the bundled corpus: see benchmarks/calibrate.py."""
DEFAULT_TOP_K = 10
_MAX_DF_SHARE = 0.01
_MIN_MAX_DF = 40
_MAX_MAX_DF: int | None = 200
"""Candidates come only through words at most this many units share, whatever the corpus size: the
work per unit stays bounded, so corroboration grows about linearly with the corpus, not with its square
(a word in 1% of 10,000 articles' units would otherwise walk thousands of candidates per unit)."""
_TERMS_PER_UNIT = 12
"""Only a unit's most informative words are walked in the index; words in more than
``max(_MIN_MAX_DF, _MAX_DF_SHARE × units)`` units never count (too common to tell facts apart)."""
_CONTEXT_WEIGHT = 0.5

_STOPWORDS = frozenset(
    """a about above after again against all also am an and any are aren as at be because been before being
    below between both but by can cannot could did do does doing down during each even few for from further
    had has have having he her here hers herself him himself his how i if in into is it its itself just let
    me more most my myself no nor not of off on once only or other ought our ours ourselves out over own
    same she should so some such than that the their theirs them themselves then there these they this
    those through to too under until up upon very was we were what when where which while who whom why
    will with would you your yours yourself yourselves said say says told tell tells according mr ms mrs
    dr one two s t also now well still like may might much many yet though although however already
    really just get got going go goes know think thing things way lot u""".split()
)


@dataclass(frozen=True)
class Lexicon:
    """Synonym phrases folded to concept tokens before scoring."""

    phrases: dict[tuple[str, ...], str]
    longest: int

    def fold(self, toks: list[str]) -> list[str]:
        out: list[str] = []
        i = 0
        while i < len(toks):
            for n in range(min(self.longest, len(toks) - i), 0, -1):
                concept = self.phrases.get(tuple(toks[i:i + n]))
                if concept:
                    out.append(concept)
                    i += n
                    break
            else:
                out.append(toks[i])
                i += 1
        return out


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    text = resources.files("briefing").joinpath("data/lexicon.toml").read_text(encoding="utf-8")
    return make_lexicon(tomllib.loads(text).get("concepts", {}))


def make_lexicon(concepts: dict[str, list[str]]) -> Lexicon:
    phrases: dict[tuple[str, ...], str] = {}
    for concept, words in concepts.items():
        for w in words:
            key = tuple(tokens(w))
            if key:
                phrases[key] = f"«{concept}»"
    return Lexicon(phrases, max((len(k) for k in phrases), default=1))


@lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer  # noqa: PLC0415 - lazy

    return snowballstemmer.stemmer("english")


_NAME_TOKEN = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-zA-Z]+)")


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    return _stemmer().stemWord(word)


def features(text: str, lexicon: Lexicon | None = None) -> set[str]:
    """Content features of a text: folded concepts and stemmed content words (no stopwords, no numbers
    but years)."""
    lex = lexicon or default_lexicon()
    out: set[str] = set()
    for t in lex.fold(tokens(text.replace("-", " "))):
        if t.startswith("«"):
            out.add(t)
        elif t.isdigit():
            if len(t) == 4:
                out.add(t)
        elif t not in _STOPWORDS and len(t) > 1:
            out.add(_stem(t))
    return out


def name_features(text: str) -> set[str]:
    """Features that only name someone or something (capitalised words inside a sentence)."""
    return {_stem(lemma) for w in _NAME_TOKEN.findall(text) for lemma in tokens(w)} | {"«china»", "«us»"}


_CLAUSE_BREAK = re.compile(
    r"\s*(?:;|:\s|\s[—–-]{1,2}\s|—|"
    r",\s+(?=(?:but|though|although|while|whereas|and|as|after|before|with|which|who|especially|"
    r"including|despite|even|four|something|in order|because|so|yet|\w+ing)\b))\s*"
)
_MIN_CLAUSE_FEATURES = 3
MIN_CONTENT = 3
"""A statement needs this many content words of its own ("Progress is hard." has two) to be matched."""
POLARITY_PENALTY = 0.6
"""Score factor when only one of two statements refuses, denies or fails ("«refuse»")."""
MIN_SHARED = 2
"""A pair must share this many content (not name) features."""


def clauses(text: str) -> list[str]:
    """The statement and its clauses: a fact may sit in one clause of a long sentence."""
    parts = [p for p in _CLAUSE_BREAK.split(text) if p and p.strip()]
    merged: list[str] = []
    for part in parts:
        if merged and len(features(part)) < _MIN_CLAUSE_FEATURES:
            merged[-1] = merged[-1] + " " + part
        else:
            merged.append(part)
    if len(merged) > 1 and len(features(merged[0])) < _MIN_CLAUSE_FEATURES:
        merged[1] = merged[0] + " " + merged[1]
        merged.pop(0)
    return [text] + merged if len(merged) > 1 else [text]


def corroborate(
    statements: Sequence[Statement],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    top_k: int = DEFAULT_TOP_K,
    lexicon: Lexicon | None = None,
    stats: dict[str, int] | None = None,
) -> dict[str, tuple[Corroboration, ...]]:
    """Corroborations for every claim statement, best first (statements in reading order).

    ``stats``, when given, receives ``units`` and ``pairs_scored`` (unit pairs that shared a word):
    the measure of work, which grows with shared vocabulary, not with all pairs.

    A pair's score is the best cosine between any unit of one (the whole statement or one of its
    clauses) and any unit of the other.
    """
    claims = [s for s in statements if s.is_claim]
    if not claims:
        return {}
    lex = lexicon or default_lexicon()
    owner, vectors, content, names = _unit_vectors(statements, claims, lex)
    substantive = [len(features(s.text, lex) - name_features(s.text)) >= MIN_CONTENT for s in claims]
    postings: dict[str, list[int]] = defaultdict(list)
    for u, vec in enumerate(vectors):
        for term in vec:
            postings[term].append(u)
    max_df = max(_MIN_MAX_DF, int(len(vectors) * _MAX_DF_SHARE))
    if _MAX_MAX_DF is not None:
        max_df = min(max_df, _MAX_MAX_DF)
    units_of: dict[int, list[int]] = defaultdict(list)
    for u, i in enumerate(owner):
        units_of[i].append(u)
    result: dict[str, tuple[Corroboration, ...]] = {}
    scored = 0
    for i, s in enumerate(claims):
        if not substantive[i]:
            continue
        best_pair: dict[int, float] = {}
        for u in units_of[i]:
            scores: dict[int, float] = defaultdict(float)
            walked = sorted((t for t in vectors[u] if len(postings[t]) <= max_df),
                            key=lambda t: (-vectors[u][t], t))[:_TERMS_PER_UNIT]
            for term in walked:
                weight = vectors[u][term]
                for v in postings[term]:
                    scores[v] += weight * vectors[v][term]

            scored += len(scores)
            for v, score in scores.items():
                if ("«refuse»" in vectors[u]) != ("«refuse»" in vectors[v]):
                    score *= POLARITY_PENALTY  # "agreed to resume" and "refused to resume" differ
                j = owner[v]
                if not substantive[j] or claims[j].article == s.article or score <= best_pair.get(j, 0.0):
                    continue
                # A statement about a topic is corroborated only by one about the same topic.
                if (s.topics or claims[j].topics) and not set(s.topics) & set(claims[j].topics):
                    continue
                # Sharing only names ("Foreign Minister Qin Gang") is not stating the same thing.
                if score >= threshold and not _shares_enough(content[u], content[v], names[u], names[v]):
                    continue
                best_pair[j] = score
        best = sorted(((sc, j) for j, sc in best_pair.items() if sc >= threshold), key=lambda x: (-x[0], x[1]))[:top_k]
        if best:
            result[s.id] = tuple(
                Corroboration(s.id, claims[j].id, claims[j].article, round(min(sc, 1.0), 3)) for sc, j in best
            )
    if stats is not None:
        stats["units"] = len(vectors)
        stats["pairs_scored"] = scored
    return result


def _shares_enough(content_a: set[str], content_b: set[str], names_a: set[str], names_b: set[str]) -> bool:
    """Same fact needs the same thing said: two shared content words, or one and two shared names."""
    shared = len(content_a & content_b)
    return shared >= MIN_SHARED or (shared >= 1 and len(names_a & names_b - {"«china»", "«us»"}) >= 2)


def _unit_vectors(all_statements: Sequence[Statement], claims: Sequence[Statement], lexicon: Lexicon):
    """Vectors for each unit (statement or clause) of each claim, and which claim each unit belongs to."""
    own = {s.id: features(s.text, lexicon) for s in all_statements}
    previous: dict[str, str] = {}
    for a, b in zip(all_statements, all_statements[1:], strict=False):
        if a.article == b.article:
            previous[b.id] = a.id
    df: dict[str, int] = defaultdict(int)
    for s in claims:
        for t in own[s.id]:
            df[t] += 1
    n = len(claims)

    def idf(t: str) -> float:
        return math.log((n + 1) / (df.get(t, 0) + 1)) + 1.0

    owner: list[int] = []
    vectors: list[dict[str, float]] = []
    content: list[set[str]] = []
    unit_names: list[set[str]] = []
    for i, s in enumerate(claims):
        context = own[previous[s.id]] if s.continues and s.id in previous else set()
        names = name_features(s.text)
        units = clauses(s.text)
        for unit in units:
            feats = own[s.id] if unit is s.text else features(unit, lexicon)
            # Sorted: the same vector (and the same float sums) whatever the hash seed.
            vec = {t: idf(t) for t in sorted(feats)}
            for t in sorted(context - feats):
                vec[t] = _CONTEXT_WEIGHT * idf(t)
            norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
            owner.append(i)
            vectors.append({t: w / norm for t, w in vec.items()})
            content.append((feats | context) - names)
            unit_names.append(feats & names)
    return owner, vectors, content, unit_names


GROUP_LINKAGE = 0.25
"""Two groups merge when the links between them average at least this score…"""
GROUP_COVERAGE = 0.67
"""…and at least this share of the smaller group's statements link into the larger one."""


def build_groups(
    statements: Sequence[Statement],
    corroborations: dict[str, tuple[Corroboration, ...]],
    source_key_of_article: dict[str, str],
) -> tuple[Group, ...]:
    """Partition claim statements into facts by average-linkage clustering over the links.

    Links are taken strongest first; two groups merge when the links between them are, on average,
    strong enough and dense enough (so one loose link cannot chain two facts together). Each group's
    representative is the member best linked to the others: its wording is the one a briefing shows.
    """
    claims = [s for s in statements if s.is_claim]
    position = {s.id: n for n, s in enumerate(claims)}
    by_id = {s.id: s for s in claims}
    pair_score: dict[tuple[str, str], float] = {}
    for sid, cs in corroborations.items():
        for c in cs:
            key = (sid, c.other) if sid < c.other else (c.other, sid)
            pair_score[key] = max(pair_score.get(key, 0.0), c.score)
    neighbours: dict[str, dict[str, float]] = defaultdict(dict)
    for (a, b), sc in pair_score.items():
        neighbours[a][b] = sc
        neighbours[b][a] = sc
    cluster_of = {s.id: s.id for s in claims}
    members: dict[str, list[str]] = {s.id: [s.id] for s in claims}
    for (a, b), _score in sorted(pair_score.items(), key=lambda kv: (-kv[1], kv[0])):
        ca, cb = cluster_of[a], cluster_of[b]
        if ca == cb:
            continue
        small, large = (ca, cb) if len(members[ca]) <= len(members[cb]) else (cb, ca)
        links = []
        linked_members = 0
        for x in members[small]:
            found = [sc for y, sc in neighbours[x].items() if cluster_of[y] == large]
            links.extend(found)
            linked_members += bool(found)
        if sum(links) / len(links) < GROUP_LINKAGE or linked_members / len(members[small]) < GROUP_COVERAGE:
            continue
        keep, gone = (ca, cb) if len(members[ca]) >= len(members[cb]) else (cb, ca)
        for m in members[gone]:
            cluster_of[m] = keep
        members[keep].extend(members.pop(gone))

    def centrality(m: str, group: list[str]) -> tuple[float, int]:
        total = sum(pair_score.get((m, o) if m < o else (o, m), 0.0) for o in group if o != m)
        return (-total, position[m])

    ordered = sorted(members.values(), key=lambda g: min(position[m] for m in g))
    groups = []
    for new_id, group in enumerate(ordered, start=1):
        group = sorted(group, key=lambda m: centrality(m, group))
        articles = sorted({by_id[m].article for m in group},
                          key=lambda a: min(position[m] for m in group if by_id[m].article == a))
        groups.append(Group(
            id=new_id,
            representative=group[0],
            members=tuple(group),
            articles=tuple(articles),
            outlets=len({source_key_of_article[a] for a in articles}),
            topics=tuple(sorted({t for m in group for t in by_id[m].topics})),
        ))
    return tuple(groups)


def with_group_members(
    corroborations: dict[str, tuple[Corroboration, ...]], groups: Sequence[Group], article_of: dict[str, str]
) -> dict[str, tuple[Corroboration, ...]]:
    """A statement's corroborations are the members of its group in other articles: the statements
    that state the same fact. A member it is not linked to directly is scored by the weaker of the
    two links to the group's representative; a direct link the grouping did not confirm is dropped,
    so a statement's count of independent outlets always equals its group's."""
    score: dict[tuple[str, str], float] = {}
    for sid, cs in corroborations.items():
        for c in cs:
            score[(sid, c.other)] = max(score.get((sid, c.other), 0.0), c.score)
            score[(c.other, sid)] = max(score.get((c.other, sid), 0.0), c.score)
    out: dict[str, tuple[Corroboration, ...]] = {}
    for g in groups:
        rep = g.representative
        for m in g.members:
            group = set(g.members)
            found = {c.other: c for c in corroborations.get(m, ()) if c.other in group}
            for o in g.members:
                if o == m or o in found or article_of[o] == article_of[m]:
                    continue
                via = min(score.get((m, rep), 1.0 if m == rep else 0.0), score.get((o, rep), 1.0 if o == rep else 0.0))
                direct = score.get((m, o), 0.0)
                found[o] = Corroboration(m, o, article_of[o], round(max(direct, via), 3))
            if found:
                out[m] = tuple(sorted(found.values(), key=lambda c: (-c.score, c.other)))
    return out
