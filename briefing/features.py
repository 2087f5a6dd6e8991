"""What corroboration reads of a statement: its content words, stemmed, with synonyms folded to one
concept, the names it states, and the clauses a long sentence falls into.

Computed where texts are analysed (on all cores, cached in the index with the analysis), so that
corroborating a large corpus starts from these sets instead of the texts.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache

from briefing.topics import tokens

STOPWORDS = frozenset(
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
    from importlib import resources  # noqa: PLC0415 - once, when the first statement is featurised

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
        elif t not in STOPWORDS and len(t) > 1:
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
    parts = _clause_features(text, lex)
    # A sentence of one clause (most) has its features counted already.
    own = parts[0][1] if len(parts) == 1 and parts[0][0] == text else features(text, lex)
    units = [tuple(sorted(own))]
    if len(parts) > 1:
        units += [tuple(sorted(f)) for _, f in parts]
    return StatementFeatures(tuple(units), tuple(sorted(name_features(text))))
