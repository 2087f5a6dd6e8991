"""Records of the analysis and of corroboration: what the cleaner dropped, the segmenter's raw
statements, corroboration links and groups.

Part of the engine's data model (:mod:`briefing.model` exports them too), kept in a module of their
own so that the app's first frame, which needs topics and articles only, does not create these
classes (about half a millisecond each, for a frozen dataclass).
"""

from __future__ import annotations

from dataclasses import dataclass


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
