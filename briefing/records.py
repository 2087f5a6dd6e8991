"""Statements, and the records of the analysis and of corroboration: what the cleaner dropped, the
segmenter's raw statements, corroboration links and groups.

Part of the engine's data model (:mod:`briefing.model` exports them too), kept in a module of their
own so that the app's first frame, which needs topics and articles only, does not create these
classes (0.5 to 1.4 ms each, for a frozen dataclass). They are plain dataclasses, not
:func:`~briefing.dataclass_lite.lite_dataclass` ones, because they are made by the hundred thousand
and their generated ``__init__`` is the faster.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Statement:
    """One statement (usually a sentence) of an article, in reading order."""

    id: str
    """``<article id>#<n>``, n counting from 1 in reading order."""
    article: str
    index: int
    text: str
    speaker: str | None = None
    """Who says it, where the text makes it evident (a quotation, a transcript turn)."""
    speaker_role: str | None = None
    """Extra attribution: ``host``, ``correspondent``, ``archived recording``…"""
    topics: tuple[str, ...] = ()
    kind: str = "statement"
    """``statement``, ``quote`` (wholly a quotation) or ``question``."""
    paragraph: int = 0
    start: int | None = None
    """Where the text starts in the decoded source text (a character offset; None: not known)."""
    end: int | None = None
    """Where it ends (see :attr:`span`; two fields, not a tuple: 10 MB less at 200,000 statements)."""
    continues: bool = False
    """True when it refers back to the statement before it ("That imperative…")."""

    @property
    def span(self) -> tuple[int, int] | None:
        """Start and end character offsets of the text in the decoded source text."""
        return None if self.start is None or self.end is None else (self.start, self.end)

    @property
    def is_claim(self) -> bool:
        """Whether it asserts something that other sources could corroborate."""
        return self.kind != "question"


@dataclass(slots=True)
class RawStatement:
    """A statement as the segmenter finds it, before topics and ids (what the index stores)."""

    text: str
    start: int
    end: int
    paragraph: int
    kind: str
    speaker: str | None
    speaker_role: str | None
    continues: bool


@dataclass(frozen=True, slots=True)
class Dropped:
    """A block of source text the cleaner removed, and why (shown by ``briefing check -v``)."""

    text: str
    reason: str
    span: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class Corroboration:
    """A statement in another article that states the same fact as ``statement``."""

    statement: str
    other: str
    other_article: str
    score: float


@dataclass(frozen=True, slots=True)
class Group:
    """One fact as several articles state it: a corroboration group (or a single statement)."""

    id: int
    representative: str
    """The statement id whose wording is used for the group."""
    members: tuple[str, ...]
    """Statement ids in the group, representative first."""
    articles: tuple[str, ...]
    """Article ids that state the fact, in corpus order."""
    outlets: int
    """Number of independent sources (outlets; an article with no known outlet counts alone)."""
    topics: tuple[str, ...] = ()

    @property
    def single_source(self) -> bool:
        return self.outlets <= 1
