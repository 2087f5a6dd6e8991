"""Small text queries the interfaces need: shared words of two statements, and statement search.

They live in the engine so that the app never tokenises article text itself.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only (the app imports this module before its first frame)
    from briefing.corpus import Corpus
    from briefing.model import Statement

__all__ = ["SearchIndex", "search_statements", "shared_word_spans", "shared_words"]

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)


def _stopwords() -> frozenset[str]:
    from briefing.features import STOPWORDS  # noqa: PLC0415 - the app's first frame needs none of it

    return STOPWORDS


def _words(text: str) -> Iterator[re.Match[str]]:
    return _WORD.finditer(text)


def _content(word: str) -> str | None:
    w = word.casefold().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) < 2 or w in _stopwords() or w.isdigit() and len(w) != 4:
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

    Also matches the speaker's name, the article's outlet and title. A "word" is any run of
    non-spaces and matches anywhere in the text ("milit" finds "demilitarised"). The first ``limit``
    statements are returned, found with the corpus's ``search_index`` (built on first use).
    """
    terms = query.casefold().split()
    if not terms:
        return []
    if any(_SEP in t for t in terms):
        return _scan(corpus, terms, limit)
    return corpus.search_index.search(terms, limit)


_SEP = "\x00"
"""Separates the statements in the search index's text (a term holding it is searched by a scan)."""
_SEP_BYTE = ord(_SEP)


def _part(s: Statement) -> bytes:
    """A statement's part of the search index's text."""
    return f"{s.text} {s.speaker or ''}".casefold().encode("utf-8", "surrogatepass")


class SearchIndex:
    """The casefolded text (and speaker) of every statement, in reading order, as one UTF-8 string,
    and the casefolded outlet and title of every article.

    A term (no spaces) occurs in a statement's haystack "text speaker outlet title" exactly when it
    occurs in the statement's own part or in its article's part, since a term cannot span the spaces
    that join them; so the search finds a term's statements with ``bytes.find`` over the whole text
    (C speed, one call per hit) and merges in the articles whose outlet or title holds it.
    """

    def __init__(self, corpus: Corpus) -> None:
        self.statements: list[Statement] = []
        self.article_of = array("l")  # statement → its article's position
        self.first = array("l")  # article → its first statement's position; then the number of statements
        self.extras: list[str] = []
        self.starts = array("q", [0])
        """Where every statement's part starts in ``text`` (and, last, the length + 1)."""
        for i, article in enumerate(corpus.articles):
            self.first.append(len(self.statements))
            self.extras.append(" ".join(x for x in (article.outlet, article.title) if x).casefold())
            for s in article.statements:
                self.statements.append(s)
                self.article_of.append(i)
                self.starts.append(self.starts[-1] + len(_part(s)) + 1)
        self.first.append(len(self.statements))
        # Measured first, then written into a buffer of that size: the parts are never all held at
        # once beside their join, nor is a growing buffer copied (at 10,000 articles either added
        # 40 to 70 MiB to the peak of a load, for a 27 MiB text).
        text = bytearray(self.starts[-1] - 1 if self.statements else 0)
        starts = self.starts
        for c, s in enumerate(self.statements):
            start, end = starts[c], starts[c + 1] - 1
            text[start:end] = _part(s)
            if end < len(text):
                text[end] = _SEP_BYTE
        self.text = text  # (a bytearray: finds as bytes do, and is not copied)
        self._article_hits: dict[str, set[int]] = {}
        self._last: tuple[list[str], int, list[int], bool] | None = None
        """The last search: its terms, limit, the statements found, and whether it read to the end."""

    def _articles_with(self, term: str) -> set[int]:
        """The articles whose outlet or title holds ``term`` (from those of a shorter term it holds,
        when one was asked lately: as a word is typed, each answer narrows the one before)."""
        known = self._article_hits
        if (hits := known.get(term)) is None:
            narrower = [h for t, h in known.items() if t in term]
            pool = min(narrower, key=len) if narrower else range(len(self.extras))
            extras = self.extras
            hits = {i for i in pool if term in extras[i]}
            known[term] = hits
            while len(known) > 32:
                del known[next(iter(known))]
        return hits

    def search(self, terms: list[str], limit: int) -> list[Statement]:
        """The first ``limit`` statements, in reading order, whose haystack holds every term.

        As a query is typed, each one narrows the one before (every earlier term lies in a term of
        the new query), so the statements found before are the candidates: when the earlier search
        read the whole text, only they are checked; when it stopped at the limit, the search goes on
        from the last of them."""
        limit = max(limit, 1)  # as the scan: it checks the limit after adding a statement
        encoded = [t.encode("utf-8", "surrogatepass") for t in terms]
        in_articles = [self._articles_with(t) for t in terms]
        last = self._last
        if last is not None and last[1] == limit and all(any(o in t for t in terms) for o in last[0]):
            _, _, before, complete = last
            found = [c for c in before if self._holds(c, encoded, in_articles)]
            if not complete and len(found) < limit:
                more, complete = self._find(encoded, in_articles, limit - len(found), before[-1] + 1 if before else 0)
                found += more
        else:
            found, complete = self._find(encoded, in_articles, limit, 0)
        self._last = (terms, limit, found, complete)
        return [self.statements[c] for c in found]

    def _holds(self, c: int, encoded: list[bytes], in_articles: list[set[int]]) -> bool:
        start, end, article = self.starts[c], self.starts[c + 1] - 1, self.article_of[c]
        return all(self.text.find(t, start, end) >= 0 or article in arts for t, arts in zip(encoded, in_articles))

    def _find(self, encoded: list[bytes], in_articles: list[set[int]], limit: int, cur: int) -> tuple[list[int], bool]:
        """The first ``limit`` statements from ``cur`` on that hold every term, and whether the text was
        read to its end (so that there are no more)."""
        k = max(range(len(encoded)), key=lambda i: len(encoded[i]))  # the longest term: the fewest hits
        key = encoded[k]
        key_articles = sorted(in_articles[k])
        rest = [(encoded[i], in_articles[i]) for i in range(len(encoded)) if i != k]
        text, starts, first, article_of = self.text, self.starts, self.first, self.article_of
        n = len(self.statements)
        found: list[int] = []
        own = -1  # the next statement (>= cur) whose own part holds the key term
        a = 0  # the next of key_articles not wholly before cur
        while cur < n:
            if own < cur:
                at = text.find(key, starts[cur])
                own = n if at < 0 else bisect_right(starts, at) - 1
            while a < len(key_articles) and first[key_articles[a] + 1] <= cur:
                a += 1
            by_article = max(first[key_articles[a]], cur) if a < len(key_articles) else n
            c = min(own, by_article)
            if c >= n:
                break
            start, end = starts[c], starts[c + 1] - 1
            if all(text.find(t, start, end) >= 0 or article_of[c] in arts for t, arts in rest):
                found.append(c)
                if len(found) >= limit:
                    return found, c + 1 >= n
            cur = c + 1
        return found, True


def _scan(corpus: Corpus, terms: list[str], limit: int) -> list[Statement]:
    """``search_statements`` by reading every statement (the reference the index must agree with)."""
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
