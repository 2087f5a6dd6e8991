"""The filter language, shared by the app and the command line.

    topic:taiwan outlet:npr speaker:blinken -topic:flights "exact phrase" single-source discrepancy

Terms are separated by spaces and all must hold (AND), except that several terms on the same
field (``topic:taiwan topic:flights``) are alternatives (OR), as topic keys are in the app. A
leading ``-`` negates a term. Fields:

- ``topic:ID`` (a topic id or the start of its label), ``outlet:NAME``, ``speaker:NAME`` (any form
  of the name: ``speaker:blinken`` finds Antony Blinken); values match case-insensitively, as a
  prefix of any word of the outlet or name, or the whole of it;
- ``is:starred``, ``is:noted``, ``is:read``, ``is:unread`` (the user's marks);
- flags: ``single-source`` (claims no other independent outlet states), ``corroborated`` (backed
  by at least one other outlet), ``discrepancy`` (its sources give figures that differ);
- ``"an exact phrase"`` and bare words, matched in the statement's text (words whole).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field

from briefing.corpus import Corpus
from briefing.model import Statement

FIELDS = ("topic", "outlet", "speaker", "is")
FLAGS = ("single-source", "corroborated", "discrepancy")
IS_VALUES = ("starred", "noted", "read", "unread")


class FilterError(ValueError):
    """A filter that cannot be parsed: the message names the term and what would be valid."""


@dataclass(frozen=True)
class Term:
    field: str
    """A field name, ``flag``, ``phrase`` or ``word``."""
    value: str
    negated: bool = False

    def __str__(self) -> str:
        sign = "-" if self.negated else ""
        if self.field == "phrase":
            return f'{sign}"{self.value}"'
        if self.field in ("flag", "word"):
            return sign + self.value
        return f"{sign}{self.field}:{self.value}"


@dataclass(frozen=True)
class Filter:
    terms: tuple[Term, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.terms

    def __str__(self) -> str:
        return " ".join(str(t) for t in self.terms)


@dataclass
class Marks:
    """The user's marks the ``is:`` terms look at."""

    stars: Collection[str] = field(default_factory=set)
    notes: Collection[str] = field(default_factory=set)
    read: Collection[str] = field(default_factory=set)


_TOKEN = re.compile(r"""(?P<neg>-)?(?:(?P<q>["'])(?P<phrase>.*?)(?P=q)|(?P<open>["']).*|(?P<bare>\S+))""")


def parse(text: str) -> Filter:
    """Parse a filter; raise :class:`FilterError` with a one-line reason."""
    terms: list[Term] = []
    for m in _TOKEN.finditer(text):
        negated = bool(m.group("neg"))
        if m.group("open"):
            raise FilterError("cannot read the filter: No closing quotation (close the quotation mark)")
        if m.group("q"):
            phrase = " ".join(m.group("phrase").split()).casefold()
            if phrase:
                terms.append(Term("phrase", phrase, negated))
            continue
        body, part = m.group("bare"), m.group(0)
        name, colon, value = body.partition(":")
        if colon:
            name = name.casefold()
            if name not in FIELDS:
                raise FilterError(f"unknown field {name!r} in {part!r} (fields: {', '.join(f + ':' for f in FIELDS)})")
            if not value:
                raise FilterError(f"{part!r} needs a value after the colon")
            value = value.casefold()
            if name == "is" and value not in IS_VALUES:
                raise FilterError(f"unknown mark {part!r} (is: takes {', '.join(IS_VALUES)})")
            terms.append(Term(name, value, negated))
        elif body.casefold() in FLAGS:
            terms.append(Term("flag", body.casefold(), negated))
        else:
            terms.append(Term("word", body.casefold(), negated))
    return Filter(tuple(terms))


def _word_match(value: str, haystack: str) -> bool:
    """``value`` is the whole of ``haystack`` or a prefix of one of its words (case-insensitive)."""
    h = haystack.casefold()
    return h == value or any(w.startswith(value) for w in re.findall(r"[\w'’-]+", h)) or h.startswith(value)


def compile_filter(flt: Filter, corpus: Corpus, marks: Marks | None = None) -> Callable[[Statement], bool]:
    """A predicate over the corpus's statements."""
    marks = marks or Marks()
    topic_ids = {t.id: t for t in corpus.topics}
    aliases = {sid: (e.name, *e.aliases) for e in corpus.who_said_what() for sid in e.statements}

    def holds(term: Term, s: Statement) -> bool:
        if term.field == "topic":
            return any(t == term.value or (t in topic_ids and _word_match(term.value, topic_ids[t].label))
                       for t in s.topics)
        if term.field == "outlet":
            outlet = corpus.article_of(s.id).outlet
            return bool(outlet) and _word_match(term.value, outlet)
        if term.field == "speaker":
            return any(_word_match(term.value, n) for n in aliases.get(s.id, ()))
        if term.field == "is":
            return {"starred": s.id in marks.stars, "noted": s.id in marks.notes, "read": s.article in marks.read,
                    "unread": s.article not in marks.read}[term.value]
        if term.field == "flag":
            if term.value == "single-source":
                return s.is_claim and corpus.corroborating_outlets(s.id) == 0
            if term.value == "corroborated":
                return corpus.corroborating_outlets(s.id) > 0
            return bool(corpus.discrepancies_of(s.id))
        if term.field == "phrase":
            return term.value in " ".join(s.text.split()).casefold()
        return re.search(rf"(?<![\w]){re.escape(term.value)}(?![\w])", s.text.casefold()) is not None

    positive: dict[str, list[Term]] = {}
    negative: list[Term] = []
    for term in flt.terms:
        if term.negated:
            negative.append(term)
        elif term.field in FIELDS:
            positive.setdefault(term.field, []).append(term)
        else:
            positive.setdefault(f"{term.field}:{term.value}", []).append(term)

    def predicate(s: Statement) -> bool:
        if any(holds(t, s) for t in negative):
            return False
        return all(any(holds(t, s) for t in alternatives) for alternatives in positive.values())

    return predicate


def matching(corpus: Corpus, flt: Filter, marks: Marks | None = None) -> list[Statement]:
    """The statements the filter keeps, in corpus order."""
    if flt.empty:
        return list(corpus.statements())
    keep = compile_filter(flt, corpus, marks)
    return [s for s in corpus.statements() if keep(s)]


def _outlet_word(outlet: str) -> str:
    """The word that names an outlet in a filter: "NPR" → npr, "The National" → national."""
    words = [w for w in re.findall(r"[\w'’-]+", outlet.casefold()) if w not in ("the", "a", "an")]
    return words[0] if words else outlet.casefold()


def completions(corpus: Corpus, prefix: str) -> list[str]:
    """Ways to complete the last term of ``prefix`` (for the app's filter box)."""
    head, _, last = prefix.rpartition(" ")
    sign = "-" if last.startswith("-") else ""
    body = last[1:] if sign else last
    lead = (head + " " if head else "") + sign
    name, colon, value = body.partition(":")
    if not colon:
        options = [f + ":" for f in FIELDS] + list(FLAGS)
        return [lead + o for o in options if o.startswith(body.casefold()) and o != body]
    values: Iterable[str]
    name = name.casefold()
    if name == "topic":
        values = [t.id for t in corpus.topics]
    elif name == "outlet":
        values = sorted({_outlet_word(a.outlet) for a in corpus.articles if a.outlet})
    elif name == "speaker":
        values = sorted({e.name.split()[-1].casefold() for e in corpus.who_said_what()})
    elif name == "is":
        values = IS_VALUES
    else:
        return []
    return [f"{lead}{name}:{v}" for v in values if v.startswith(value.casefold()) and v != value.casefold()]
