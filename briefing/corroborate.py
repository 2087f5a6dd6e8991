"""Corroboration: for each statement, the statements in *other* articles that state the same fact.

Statements become sparse TF-IDF vectors over their features (:mod:`briefing.features`: content
words, with synonyms folded to one concept: "rebuffed", "refused" and "has not agreed") and a
statement that leans on the one before it ("…move forward with that.") borrowing that one's words
at half weight. Candidates come from an inverted index (only postings of words rare enough to be
informative are walked), so the work grows with the number of statements that share words, never
with all pairs. Scores are cosine similarities in [0, 1]; pairs at or above the threshold, which
was calibrated on the labelled pairs in ``tests/fixtures/gold.toml`` (see
``benchmarks/calibrate.py``), are kept, best first, at most ``top_k`` per statement.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefing.calibration import DEFAULT_THRESHOLD
from briefing.model import Statement
from briefing.records import Corroboration, Group

if TYPE_CHECKING:  # (the features are imported where they are computed: the quick path reads the threshold)
    from briefing.features import Lexicon, StatementFeatures

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

MIN_CONTENT = 3
"""A statement needs this many content words of its own ("Progress is hard." has two) to be matched."""
POLARITY_PENALTY = 0.6
"""Score factor when only one of two statements refuses, denies or fails ("«refuse»")."""
MIN_SHARED = 2
"""A pair must share this many content (not name) features."""


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

    from briefing.features import default_lexicon  # noqa: PLC0415

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
    keep = _first_of_each(i, top_k)
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

        previous: dict[str, str] = {}
        for a, b in zip(all_statements, all_statements[1:], strict=False):
            if a.article == b.article:
                previous[b.id] = a.id
        contexts = {i: feats[previous[s.id]].units[0] for i, s in enumerate(claims)
                    if s.continues and s.id in previous and feats[previous[s.id]].units[0]}
        df: dict[str, int] = defaultdict(int)
        for s in claims:
            for t in feats[s.id].units[0]:
                df[t] += 1
        # Every unit's words, flat: entry e is word ``words[e]`` of unit ``unit_of[e]``.
        owner: list[int] = []
        lengths: list[int] = []
        words: list[str] = []
        for i, s in enumerate(claims):
            for terms in feats[s.id].units:
                owner.append(i)
                lengths.append(len(terms))
                words.extend(terms)
        n_units = len(owner)
        vocab = sorted(set(words).union(*contexts.values()))
        column = {t: n for n, t in enumerate(vocab)}
        n = len(claims)
        idf = np.array([math.log((n + 1) / (df.get(t, 0) + 1)) + 1.0 for t in vocab])
        owner_a = np.array(owner, dtype=np.int64)
        unit_of = np.repeat(np.arange(n_units), lengths)
        cols = np.fromiter((column[t] for t in words), dtype=np.int64, count=len(words))
        scale = np.ones(len(cols))
        # A claim that continues the one before borrows the words it lacks at half weight.
        first_unit = np.concatenate([[0], np.cumsum(np.bincount(owner_a, minlength=n))[:-1]])
        units_per_claim = np.bincount(owner_a, minlength=n)
        b_units, b_cols = [], []
        for i, context in contexts.items():
            ctx = {column[t] for t in context}
            for u in range(first_unit[i], first_unit[i] + units_per_claim[i]):
                own = set(cols[np.searchsorted(unit_of, u):np.searchsorted(unit_of, u, side="right")].tolist())
                extra = sorted(ctx - own)
                b_units += [u] * len(extra)
                b_cols += extra
        unit_of = np.concatenate([unit_of, np.array(b_units, dtype=np.int64)])
        cols = np.concatenate([cols, np.array(b_cols, dtype=np.int64)])
        scale = np.concatenate([scale, np.full(len(b_cols), _CONTEXT_WEIGHT)])
        borrowed = np.zeros(len(cols), dtype=bool)
        borrowed[len(scale) - len(b_cols):] = True
        # Names: the claim's capitalised words (never the ubiquitous «china» and «us» when counting).
        name_keys = np.array(sorted({i * len(vocab) + column[t] for i, s in enumerate(claims)
                                     for t in feats[s.id].names if t in column}), dtype=np.int64)
        entry_keys = owner_a[unit_of] * len(vocab) + cols
        at = np.minimum(np.searchsorted(name_keys, entry_keys), max(len(name_keys) - 1, 0))
        is_name = (name_keys[at] == entry_keys) if len(name_keys) else np.zeros(len(cols), dtype=bool)
        ignored = np.array([column.get("«china»", -1), column.get("«us»", -1)])
        values = scale * idf[cols]
        norms = np.sqrt(np.bincount(unit_of, weights=values * values, minlength=n_units))
        values = values / np.where(norms > 0, norms, 1.0)[unit_of]
        shape = (n_units, len(vocab))
        weights = sparse.csr_matrix((values, (unit_of, cols)), shape=shape)
        content = ~is_name
        content_m = sparse.csr_matrix((np.ones(int(content.sum())), (unit_of[content], cols[content])), shape=shape)
        named = is_name & ~borrowed & ~np.isin(cols, ignored)
        names_m = sparse.csr_matrix((np.ones(int(named.sum())), (unit_of[named], cols[named])), shape=shape)
        refuses = np.zeros(n_units, dtype=bool)
        refuses[unit_of[cols == column.get("«refuse»", -1)]] = True
        own_content = (unit_of == first_unit[owner_a[unit_of]]) & ~borrowed & ~is_name
        substantive = np.bincount(owner_a[unit_of[own_content]], minlength=n) >= MIN_CONTENT
        articles: dict[str, int] = {}
        article = np.array([articles.setdefault(s.article, len(articles)) for s in claims])
        return cls(owner_a, weights, content_m, names_m, refuses, substantive, article)

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
        rows, cols, vals = rows[eligible], cols[eligible], vals[eligible]
        # Only units with more eligible words than are walked need their words ranked.
        per_row = np.bincount(rows, minlength=w.shape[0])
        crowded = per_row[rows] > _TERMS_PER_UNIT
        r, c, v = rows[crowded], cols[crowded], vals[crowded]
        order = np.lexsort((c, -v, r))
        r, c, v = r[order], c[order], v[order]
        top = _first_of_each(r, _TERMS_PER_UNIT)
        rows = np.concatenate([rows[~crowded], r[top]])
        cols = np.concatenate([cols[~crowded], c[top]])
        vals = np.concatenate([vals[~crowded], v[top]])
        return sparse.csr_matrix((vals, (rows, cols)), shape=w.shape)


def _first_of_each(keys, n: int):
    """For ``keys`` sorted so that equal keys are adjacent: a mask of the first ``n`` of each run."""
    import numpy as np  # noqa: PLC0415

    starts = np.ones(len(keys), dtype=bool)
    starts[1:] = keys[1:] != keys[:-1]
    start_at = np.maximum.accumulate(np.where(starts, np.arange(len(keys)), 0))
    return (np.arange(len(keys)) - start_at) < n


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
    from briefing.features import statement_features  # noqa: PLC0415

    return {s.id: given.get(s.id) or statement_features(s.text, lexicon) for s in statements}


GROUP_LINKAGE = 0.25
"""Two groups merge when the links between them average at least this score…"""
GROUP_COVERAGE = 0.67
"""…and at least this share of the smaller group's statements link into the larger one."""


def _neighbours(corroborations: dict[str, tuple[Corroboration, ...]]) -> dict[str, dict[str, float]]:
    """Statement → the statements it is linked to, either way, with the better score of the two
    directions."""
    neighbours: dict[str, dict[str, float]] = defaultdict(dict)
    for sid, cs in corroborations.items():
        for c in cs:
            score = max(neighbours[sid].get(c.other, 0.0), c.score)
            neighbours[sid][c.other] = neighbours[c.other][sid] = score
    return neighbours


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
    neighbours = _neighbours(corroborations)
    pair_score = {(a, b): sc for a, near in neighbours.items() for b, sc in near.items() if a < b}
    cluster_of = {s.id: s.id for s in claims}
    members: dict[str, list[str]] = {s.id: [s.id] for s in claims}
    grown: dict[str, int] = defaultdict(int)  # merges each cluster took in: a refusal holds until it grows
    refused: dict[tuple[str, str], tuple[int, int]] = {}
    for (a, b), _score in sorted(pair_score.items(), key=lambda kv: (-kv[1], kv[0])):
        ca, cb = cluster_of[a], cluster_of[b]
        if ca == cb:
            continue
        small, large = (ca, cb) if len(members[ca]) <= len(members[cb]) else (cb, ca)
        pair = (small, large)  # (which side is "small" decides what is counted: part of the key)
        if refused.get(pair) == (grown[small], grown[large]):
            continue  # the same two clusters, unchanged since they were refused
        links = []
        linked_members = 0
        for x in members[small]:
            found = [sc for y, sc in neighbours[x].items() if cluster_of[y] == large]
            links.extend(found)
            linked_members += bool(found)
        if sum(links) / len(links) < GROUP_LINKAGE or linked_members / len(members[small]) < GROUP_COVERAGE:
            refused[pair] = (grown[pair[0]], grown[pair[1]])
            continue
        keep, gone = (ca, cb) if len(members[ca]) >= len(members[cb]) else (cb, ca)
        grown[keep] += 1
        for m in members[gone]:
            cluster_of[m] = keep
        members[keep].extend(members.pop(gone))

    def centrality(m: str, group: list[str]) -> tuple[float, int]:
        total = sum(pair_score.get((m, o) if m < o else (o, m), 0.0) for o in group if o != m)
        return (-total, position[m])

    ordered = sorted(members.values(), key=lambda g: position[g[0]] if len(g) == 1 else min(position[m] for m in g))
    groups = []
    for new_id, group in enumerate(ordered, start=1):
        if len(group) == 1:  # most statements: nothing to rank
            m = by_id[group[0]]
            groups.append(Group(id=new_id, representative=m.id, members=(m.id,), articles=(m.article,),
                                outlets=1, topics=tuple(sorted(set(m.topics)))))
            continue
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
    that state the same fact. A member it is not linked to directly is scored by the strongest chain
    of links that joins the two inside the group (the weakest link of the best chain), never above
    what the links show; a direct link the grouping did not confirm is dropped, so a statement's
    count of independent outlets always equals its group's."""
    neighbours = _neighbours(corroborations)
    out: dict[str, tuple[Corroboration, ...]] = {}
    for g in groups:
        if len(g.members) < 2:
            continue
        group = set(g.members)
        chain: dict[tuple[str, str], float] | None = None  # computed for the few groups that need it
        for m in g.members:
            found = {c.other: c for c in corroborations.get(m, ()) if c.other in group}
            near = neighbours[m]
            for o in g.members:
                if o == m or o in found or article_of[o] == article_of[m]:
                    continue
                best = near.get(o, 0.0)
                if not best:
                    if chain is None:
                        chain = _chain_scores(group, neighbours)
                    best = chain.get((m, o), 0.0)
                found[o] = Corroboration(m, o, article_of[o], round(best, 3))
            if found:
                out[m] = tuple(sorted(found.values(), key=lambda c: (-c.score, c.other)))
    return out


def _chain_scores(members: set[str], neighbours: dict[str, dict[str, float]]) -> dict[tuple[str, str], float]:
    """For every two members of a group, the score of the strongest chain of links between them: the
    weakest link on the best path. The best paths are those of the maximum spanning tree of the
    group's links (Kruskal), walked once from each member: quadratic in the group, not in the corpus."""
    edges = sorted(((sc, a, b) for a in members for b, sc in neighbours[a].items() if a < b and b in members),
                   reverse=True)
    parent = {m: m for m in members}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    tree: dict[str, list[tuple[str, float]]] = {m: [] for m in members}
    for sc, a, b in edges:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[ra] = rb
            tree[a].append((b, sc))
            tree[b].append((a, sc))
    out: dict[tuple[str, str], float] = {}
    for start in members:
        stack = [(start, 1.0)]
        seen = {start}
        while stack:
            node, weakest = stack.pop()
            for nxt, sc in tree[node]:
                if nxt not in seen:
                    seen.add(nxt)
                    w = min(weakest, sc)
                    out[(start, nxt)] = w
                    stack.append((nxt, w))
    return out
