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
from collections.abc import Mapping, Sequence
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
    starts: frozenset[str] = frozenset()
    """First words of the phrases: a token that starts none is kept as it is, without a lookup."""

    def fold(self, toks: list[str]) -> list[str]:
        out: list[str] = []
        starts, phrases = self.starts, self.phrases
        i = 0
        n_toks = len(toks)
        while i < n_toks:
            tok = toks[i]
            if tok in starts:
                for n in range(min(self.longest, n_toks - i), 0, -1):
                    concept = phrases.get(tuple(toks[i:i + n]))
                    if concept:
                        out.append(concept)
                        i += n
                        break
                else:
                    out.append(tok)
                    i += 1
            else:
                out.append(tok)
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
    return Lexicon(phrases, max((len(k) for k in phrases), default=1), frozenset(k[0] for k in phrases))


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
    parts = _clause_features(text, default_lexicon())
    return [text] + [p for p, _ in parts] if len(parts) > 1 else [text]


def _clause_features(text: str, lexicon: Lexicon) -> list[tuple[str, set[str]]]:
    """The clauses of ``text`` with their features (a clause too short to state a fact joins its
    neighbour); one element when the text has a single clause."""
    merged: list[tuple[str, set[str] | None]] = []
    for part in _CLAUSE_BREAK.split(text):
        if not part or not part.strip():
            continue
        feats = features(part, lexicon)
        if merged and len(feats) < _MIN_CLAUSE_FEATURES:
            merged[-1] = (merged[-1][0] + " " + part, None)  # features of the joined text, below
        else:
            merged.append((part, feats))
    if len(merged) > 1 and len(merged[0][1] or features(merged[0][0], lexicon)) < _MIN_CLAUSE_FEATURES:
        merged[1] = (merged[0][0] + " " + merged[1][0], None)
        merged.pop(0)
    return [(p, f if f is not None else features(p, lexicon)) for p, f in merged]


@dataclass(frozen=True)
class StatementFeatures:
    """What corroboration reads of one statement's text (computed where the text is analysed, on all
    cores, and cached with it): the features of the whole statement, then of each of its clauses when
    it has several, and the features that only name someone or something."""

    units: tuple[tuple[str, ...], ...]
    names: tuple[str, ...]


def statement_features(text: str, lexicon: Lexicon | None = None) -> StatementFeatures:
    lex = lexicon or default_lexicon()
    own = features(text, lex)
    units = [tuple(sorted(own))]
    parts = _clause_features(text, lex)
    if len(parts) > 1:
        units += [tuple(sorted(f)) for _, f in parts]
    return StatementFeatures(tuple(units), tuple(sorted(name_features(text))))


def corroborate(
    statements: Sequence[Statement],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    top_k: int = DEFAULT_TOP_K,
    lexicon: Lexicon | None = None,
    stats: dict[str, int] | None = None,
    features_of: Mapping[str, StatementFeatures] | None = None,
) -> dict[str, tuple[Corroboration, ...]]:
    """Corroborations for every claim statement, best first (statements in reading order).

    ``features_of`` (statement id → :class:`StatementFeatures`) saves recomputing what the analysis
    already computed; statements missing from it are featurised here. ``stats``, when given, receives
    ``units`` and ``pairs_scored`` (unit pairs that shared a word): the measure of work, which grows
    with shared vocabulary, not with all pairs.

    A pair's score is the best cosine between any unit of one (the whole statement or one of its
    clauses) and any unit of the other. Scores are sparse matrix products (numpy, scipy), a block of
    units at a time, so that memory stays bounded whatever the corpus size; the rules a pair must
    pass are array operations on the block.
    """
    claims = [s for s in statements if s.is_claim]
    if not claims:
        return {}
    import numpy as np  # noqa: PLC0415 - lazy: the app paints before it needs them

    lex = lexicon or default_lexicon()
    feats = _features_for(statements, features_of or {}, lex)
    m = _UnitMatrices.build(statements, claims, feats)
    n_units = len(m.owner)
    max_df = max(_MIN_MAX_DF, int(n_units * _MAX_DF_SHARE))
    if _MAX_MAX_DF is not None:
        max_df = min(max_df, _MAX_MAX_DF)
    query = m.query(max_df)
    transposed = m.weights.T.tocsr()
    topic_ok = _topic_rule(claims)
    found_i, found_j, found_score = [], [], []
    scored = 0
    block = 1024
    for lo in range(0, n_units, block):
        product = (query[lo:lo + block] @ transposed).tocoo()
        scored += product.nnz
        strong = product.data >= threshold  # the polarity penalty only lowers scores: filter first
        u = product.row[strong].astype(np.int64) + lo
        v = product.col[strong].astype(np.int64)
        score = product.data[strong] * np.where(m.refuses[u] != m.refuses[v], POLARITY_PENALTY, 1.0)
        i, j = m.owner[u], m.owner[v]
        keep = (score >= threshold) & m.substantive[j] & (m.article[i] != m.article[j])
        u, v, i, j, score = u[keep], v[keep], i[keep], j[keep], score[keep]
        # A statement about a topic is corroborated only by one about the same topic.
        keep = topic_ok(i, j)
        u, v, i, j, score = u[keep], v[keep], i[keep], j[keep], score[keep]
        # Sharing only names ("Foreign Minister Qin Gang") is not stating the same thing: two shared
        # content words, or one and two shared names.
        shared = np.asarray(m.content[u].multiply(m.content[v]).sum(axis=1)).ravel()
        named = np.asarray(m.names[u].multiply(m.names[v]).sum(axis=1)).ravel()
        keep = (shared >= MIN_SHARED) | ((shared >= 1) & (named >= 2))
        found_i.append(i[keep])
        found_j.append(j[keep])
        found_score.append(score[keep])
    i = np.concatenate(found_i) if found_i else np.zeros(0, dtype=np.int64)
    j = np.concatenate(found_j) if found_j else np.zeros(0, dtype=np.int64)
    score = np.concatenate(found_score) if found_score else np.zeros(0)
    # The best unit pair of each statement pair, then the best ``top_k`` pairs of each statement.
    order = np.lexsort((-score, j, i))
    i, j, score = i[order], j[order], score[order]
    first = np.ones(len(i), dtype=bool)
    first[1:] = (i[1:] != i[:-1]) | (j[1:] != j[:-1])
    i, j, score = i[first], j[first], score[first]
    order = np.lexsort((j, -score, i))
    i, j, score = i[order], j[order], score[order]
    starts = np.ones(len(i), dtype=bool)
    starts[1:] = i[1:] != i[:-1]
    start_at = np.maximum.accumulate(np.where(starts, np.arange(len(i)), 0))
    keep = (np.arange(len(i)) - start_at) < top_k
    result: dict[str, list[Corroboration]] = {}
    for ii, jj, sc in zip(i[keep].tolist(), j[keep].tolist(), score[keep].tolist(), strict=True):
        sid = claims[ii].id
        result.setdefault(sid, []).append(
            Corroboration(sid, claims[jj].id, claims[jj].article, round(min(sc, 1.0), 3)))
    if stats is not None:
        stats["units"] = n_units
        stats["pairs_scored"] = scored
    return {sid: tuple(cs) for sid, cs in result.items()}


@dataclass
class _UnitMatrices:
    """The units (each claim, and each clause of a claim with several) as sparse rows over the terms:
    TF-IDF weights (a claim that continues the one before it borrows that one's words at half
    weight), content words, and names."""

    owner: object
    """Unit → claim index (numpy array)."""
    weights: object
    """Unit × term, L2-normalised (scipy CSR)."""
    content: object
    """Unit × term, 1 for content (not name) features, its own or borrowed."""
    names: object
    """Unit × term, 1 for names it states (not the ubiquitous «china» and «us»)."""
    refuses: object
    substantive: object
    """Claim → has enough content words of its own to be matched."""
    article: object
    """Claim → article number."""

    @classmethod
    def build(cls, all_statements: Sequence[Statement], claims: Sequence[Statement],
              feats: Mapping[str, StatementFeatures]) -> _UnitMatrices:
        import numpy as np  # noqa: PLC0415
        from scipy import sparse  # noqa: PLC0415

        own = {s.id: feats[s.id].units[0] for s in all_statements}
        previous: dict[str, str] = {}
        for a, b in zip(all_statements, all_statements[1:], strict=False):
            if a.article == b.article:
                previous[b.id] = a.id
        contexts = [own[previous[s.id]] if s.continues and s.id in previous else () for s in claims]
        df: dict[str, int] = defaultdict(int)
        for s in claims:
            for t in own[s.id]:
                df[t] += 1
        vocab = sorted({t for s in claims for u in feats[s.id].units for t in u} | {t for c in contexts for t in c})
        column = {t: n for n, t in enumerate(vocab)}
        n = len(claims)
        idf = np.array([math.log((n + 1) / (df.get(t, 0) + 1)) + 1.0 for t in vocab])
        refuse_col = column.get("«refuse»", -1)
        ignored_names = {column.get("«china»", -1), column.get("«us»", -1)}

        owner: list[int] = []
        w_rows, w_cols, w_scale = [], [], []
        c_rows, c_cols = [], []
        n_rows, n_cols = [], []
        refuses: list[bool] = []
        substantive: list[bool] = []
        unit = 0
        for i, s in enumerate(claims):
            f = feats[s.id]
            names = {column[t] for t in f.names if t in column}
            own_cols = [column[t] for t in f.units[0]]
            substantive.append(len(set(own_cols) - names) >= MIN_CONTENT)
            context = [column[t] for t in contexts[i]]
            for terms in f.units:
                cols = [column[t] for t in terms]
                borrowed = sorted(set(context) - set(cols))
                owner.append(i)
                w_rows += [unit] * (len(cols) + len(borrowed))
                w_cols += cols + borrowed
                w_scale += [1.0] * len(cols) + [_CONTEXT_WEIGHT] * len(borrowed)
                content = [c for c in cols + borrowed if c not in names]
                c_rows += [unit] * len(content)
                c_cols += content
                named = [c for c in cols if c in names and c not in ignored_names]
                n_rows += [unit] * len(named)
                n_cols += named
                refuses.append(refuse_col in cols or refuse_col in borrowed)
                unit += 1
        w_rows_a, w_cols_a = np.array(w_rows, dtype=np.int64), np.array(w_cols, dtype=np.int64)
        values = np.array(w_scale) * idf[w_cols_a] if len(w_cols_a) else np.zeros(0)
        norms = np.sqrt(np.bincount(w_rows_a, weights=values * values, minlength=unit))
        values = values / np.where(norms > 0, norms, 1.0)[w_rows_a] if len(values) else values
        shape = (unit, len(vocab))
        weights = sparse.csr_matrix((values, (w_rows_a, w_cols_a)), shape=shape)
        content = sparse.csr_matrix((np.ones(len(c_cols)), (c_rows, c_cols)), shape=shape)
        names_m = sparse.csr_matrix((np.ones(len(n_cols)), (n_rows, n_cols)), shape=shape)
        articles: dict[str, int] = {}
        article = np.array([articles.setdefault(s.article, len(articles)) for s in claims])
        return cls(np.array(owner, dtype=np.int64), weights, content, names_m, np.array(refuses, dtype=bool),
                   np.array(substantive, dtype=bool), article)

    def query(self, max_df: int):
        """The query side: each unit of a substantive claim walks only its ``_TERMS_PER_UNIT`` most
        informative words (ties: the word's alphabetical order) that at most ``max_df`` units share."""
        import numpy as np  # noqa: PLC0415
        from scipy import sparse  # noqa: PLC0415

        w = self.weights
        rows = np.repeat(np.arange(w.shape[0]), np.diff(w.indptr))
        cols, vals = w.indices.astype(np.int64), w.data
        units_with = np.bincount(cols, minlength=w.shape[1])
        eligible = (units_with[cols] <= max_df) & self.substantive[self.owner[rows]]
        order = np.lexsort((cols, -vals, rows))
        rows, cols, vals, eligible = rows[order], cols[order], vals[order], eligible[order]
        rows, cols, vals = rows[eligible], cols[eligible], vals[eligible]
        starts = np.ones(len(rows), dtype=bool)
        starts[1:] = rows[1:] != rows[:-1]
        start_at = np.maximum.accumulate(np.where(starts, np.arange(len(rows)), 0))
        keep = (np.arange(len(rows)) - start_at) < _TERMS_PER_UNIT
        return sparse.csr_matrix((vals[keep], (rows[keep], cols[keep])), shape=w.shape)


def _topic_rule(claims: Sequence[Statement]):
    """``ok(i, j)`` over arrays of claim indices: both untagged, or sharing a topic."""
    import numpy as np  # noqa: PLC0415

    ids = sorted({t for s in claims for t in s.topics})
    if len(ids) <= 62:
        bit = {t: 1 << n for n, t in enumerate(ids)}
        mask = np.array([sum(bit[t] for t in set(s.topics)) for s in claims], dtype=np.int64)
        return lambda i, j: ((mask[i] | mask[j]) == 0) | ((mask[i] & mask[j]) != 0)
    sets = [frozenset(s.topics) for s in claims]
    return lambda i, j: np.array([not (sets[a] or sets[b]) or bool(sets[a] & sets[b])
                                  for a, b in zip(i.tolist(), j.tolist(), strict=True)], dtype=bool)


def _features_for(statements: Sequence[Statement], given: Mapping[str, StatementFeatures],
                  lexicon: Lexicon) -> dict[str, StatementFeatures]:
    return {s.id: given.get(s.id) or statement_features(s.text, lexicon) for s in statements}


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
