"""The engine's data model: plain frozen dataclasses, no UI types.

Everything the interfaces (CLI, exports, the app) show comes from these objects. They are built by
:func:`briefing.corpus.build_corpus` and never mutated afterwards.

Topics, articles and load failures are defined here, as :func:`~briefing.dataclass_lite.lite_dataclass`
records (cheap to define: the app's first frame needs them). Statements and the records of the
analysis and of corroboration (:class:`Statement`, :class:`RawStatement`, :class:`Dropped`,
:class:`Corroboration`, :class:`Group`) are made by the hundred thousand, so they are dataclasses
with generated methods, faster to construct and slower to define: they are in
:mod:`briefing.records`, and exported from here too, when first asked for (a first frame shows
articles and topics, no statements).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import field
from typing import TYPE_CHECKING

from briefing.dataclass_lite import lite_dataclass

if TYPE_CHECKING:
    from briefing.records import Corroboration, Dropped, Group, RawStatement, Statement

_RECORDS = ("Corroboration", "Dropped", "Group", "RawStatement", "Statement")


@lite_dataclass(slots=True)
class Topic:
    """A topic defined in a topics file (see ``articles/topics.toml``)."""

    id: str
    label: str
    key: str | None = None
    description: str = ""
    terms: tuple[str, ...] = ()
    """Terms or phrases that alone signal the topic."""
    context: tuple[str, ...] = ()
    """Weaker terms: two of them together (or one in a continuation) signal the topic."""
    exclude: tuple[str, ...] = ()
    """Phrases whose presence vetoes the topic for a statement."""


@lite_dataclass(slots=True)
class Article:
    """A cleaned article with its metadata and statements."""

    id: str
    path: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    """ISO 8601 date, or None when unknown."""
    authors: tuple[str, ...] = ()
    url: str | None = None
    format: str = "text"
    dateline: str | None = None
    statements: tuple[Statement, ...] = ()
    dropped: tuple[Dropped, ...] = ()
    metadata_sources: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    """Where each metadata field came from: ``sidecar``, ``front matter``, ``text``…"""

    @property
    def source_key(self) -> str:
        """The key that identifies the independent source: the outlet, else the article itself."""
        return f"outlet:{self.outlet.casefold()}" if self.outlet else f"article:{self.id}"

    @property
    def display_title(self) -> str:
        """The title, or the start of the first statement when the title is unknown."""
        if self.title:
            return self.title
        if self.statements:
            first = self.statements[0].text
            return first if len(first) <= 70 else first[:69].rstrip() + "…"
        return self.id


def source_count(articles: Iterable[Article]) -> int:
    """Independent sources: known outlets plus articles with no known outlet."""
    return len({a.source_key for a in articles})


def date_range(articles: Iterable[Article]) -> tuple[str | None, str | None]:
    """The first and last publication dates known (None, None when none is)."""
    dates = sorted(a.published for a in articles if a.published)
    return (dates[0], dates[-1]) if dates else (None, None)


@lite_dataclass(slots=True)
class LoadFailure:
    """A file (or feed entry) that could not be loaded, with a one-line reason."""

    path: str
    reason: str


def __getattr__(name: str):  # PEP 562: ``from briefing.model import Group`` loads the records then
    if name in _RECORDS:
        from briefing import records  # noqa: PLC0415

        return getattr(records, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["Article", "LoadFailure", "Topic", "date_range", "source_count", *_RECORDS]
