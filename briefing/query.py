"""Small text queries the interfaces need: shared words of two statements, and statement search.

They live in the engine so that the app never tokenises article text itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from briefing.corpus import Corpus
from briefing.corroborate import _STOPWORDS
from briefing.model import Statement

__all__ = ["search_statements", "shared_word_spans", "shared_words"]

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)


def _words(text: str) -> Iterator[re.Match[str]]:
    return _WORD.finditer(text)


def _content(word: str) -> str | None:
    w = word.casefold().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) < 2 or w in _STOPWORDS or w.isdigit() and len(w) != 4:
        return None
    return w


def shared_words(text: str, other: str) -> set[str]:
    """Lowercase content words (no stopwords) that occur in both texts."""
    a = {c for m in _words(text) if (c := _content(m.group()))}
    b = {c for m in _words(other) if (c := _content(m.group()))}
    return a & b


def shared_word_spans(text: str, other: str) -> list[tuple[int, int]]:
    """Character spans in ``text`` of the content words it shares with ``other``, in order."""
    shared = shared_words(text, other)
    return [m.span() for m in _words(text) if _content(m.group()) in shared]


def search_statements(corpus: Corpus, query: str, limit: int = 200) -> list[Statement]:
    """Statements containing every word of ``query`` (case-insensitive), in reading order.

    Also matches the speaker's name, the article's outlet and title.
    """
    terms = query.casefold().split()
    if not terms:
        return []
    found: list[Statement] = []
    for article in corpus.articles:
        extra = " ".join(x for x in (article.outlet, article.title) if x).casefold()
        for s in article.statements:
            hay = f"{s.text} {s.speaker or ''} {extra}".casefold()
            if all(t in hay for t in terms):
                found.append(s)
                if len(found) >= limit:
                    return found
    return found
