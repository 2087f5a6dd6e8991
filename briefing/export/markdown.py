"""The markdown briefing: each fact once per topic, with its independent-source count and footnotes.

Everything that comes from an article (statement text, speakers, titles, outlets, authors, paths,
load-failure reasons) is treated as hostile and passed through :func:`escape_md`, so it can never
create markdown structure, links, images, HTML, footnotes, emphasis or code in the briefing.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Collection, Sequence

from briefing.corpus import Corpus
from briefing.model import Article, Statement
from briefing.records import Group
from briefing.wording import plural

__all__ = ["escape_md", "render_markdown", "generated_date"]

# ESC sequences (CSI, OSC, DCS/SOS/PM/APC strings, two-character and nF escapes) and the C1 CSI. A stray
# ESC before a space is dropped alone (no space as an nF intermediate), so "\x1b Taiwan" keeps its word.
_ESCAPE_SEQ = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]"
    r"|\][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|[PX^_][^\x1b]*(?:\x1b\\)?"
    r"|[!-/]*[0-~])?"
    r"|\x9b[0-?]*[ -/]*[@-~]"
)
# C0 and C1 control characters other than the whitespace ones (which become spaces), and DEL.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# Punctuation with inline meaning anywhere in a line: always escaped.
_INLINE = frozenset("\\`*_{}[]<>()#!|~&^")
_INLINE_RE = re.compile("[" + re.escape("".join(sorted(_INLINE))) + "]")
# Punctuation that only means something at the start of a block (list markers, headings…).
_BLOCK_START = re.compile(r"^(?:[-+=.]|\d+\.)")


def clean_text(text: str) -> str:
    """Strip control characters and ESC sequences; collapse whitespace runs to single spaces."""
    text = _ESCAPE_SEQ.sub("", text)
    text = _CONTROL.sub("", text)
    return " ".join(text.split())


def escape_md(text: str) -> str:
    """Make ``text`` literal markdown text on one line.

    Backslash-escapes the ASCII punctuation markdown gives meaning to (``\\ ` * _ { } [ ] < > ( ) #
    ! | ~ & ^`` everywhere; ``- + = .`` and ``1.`` where they could start a block), strips control
    characters and ESC sequences, and collapses whitespace (newlines included) into single spaces, so
    the result, placed in a paragraph, list item, heading or footnote, renders as exactly the cleaned
    text. CommonMark allows a backslash before any ASCII punctuation character.
    """
    escaped = _INLINE_RE.sub(r"\\\g<0>", clean_text(text))
    m = _BLOCK_START.match(escaped)
    if m:
        end = m.end()
        escaped = escaped[: end - 1] + "\\" + escaped[end - 1 :]
    return escaped


def generated_date(date: str | None = None) -> str:
    """The briefing's date: ``date``, else ``SOURCE_DATE_EPOCH`` (as a UTC date), else today."""
    if date:
        return date
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date().isoformat()
        except (ValueError, OverflowError, OSError):
            pass
    return dt.date.today().isoformat()


def _sources_label(outlets: int) -> str:
    return "single source" if outlets <= 1 else f"{outlets} independent sources"


class _Briefing:
    """The selection and the lookups the renderer needs."""

    def __init__(self, corpus: Corpus, topics: Sequence[str] | None, statement_ids: Collection[str] | None):
        self.corpus = corpus
        known = {t.id for t in corpus.topics}
        if topics:
            unknown = [t for t in topics if t not in known]
            if unknown:
                raise ValueError(f"unknown topic {unknown[0]!r}")
        self.topic_filter = list(dict.fromkeys(topics)) if topics else None
        self.id_filter = set(statement_ids) if statement_ids is not None else None
        self.article_no = {a.id: n for n, a in enumerate(corpus.articles, 1)}
        self.position = {s.id: n for n, s in enumerate(corpus.statements())}

        self.groups: list[Group] = []
        self.group_topics: dict[int, set[str]] = {}
        for g in corpus.groups:
            claims = [s for s in map(self._statement, g.members) if s is not None and s.is_claim]
            if not claims or self.representative(g) is None:
                continue
            if self.id_filter is not None and not any(s.id in self.id_filter for s in claims):
                continue
            g_topics = set(g.topics).union(*(s.topics for s in claims))
            if self.topic_filter is not None and not g_topics.intersection(self.topic_filter):
                continue
            self.groups.append(g)
            self.group_topics[g.id] = g_topics

    def _statement(self, sid: str) -> Statement | None:
        try:
            return self.corpus.statement(sid)
        except KeyError:
            return None

    def representative(self, g: Group) -> Statement | None:
        for sid in (g.representative, *g.members):
            s = self._statement(sid)
            if s is not None and s.is_claim:
                return s
        return None

    def articles_of(self, g: Group) -> list[str]:
        ids = set(g.articles)
        rep = self.representative(g)
        if rep is not None:
            ids.add(rep.article)
        return sorted((a for a in ids if a in self.article_no), key=self.article_no.__getitem__)

    def sort_key(self, g: Group) -> tuple[int, int, int]:
        rep = self.representative(g)
        pos = self.position.get(rep.id, len(self.position)) if rep else len(self.position)
        return (-g.outlets, pos, g.id)

    def cited_statements(self) -> list[str]:
        """Every claim of the listed facts, in reading order (what the provenance manifest covers)."""
        members = {m for g in self.groups for m in g.members}
        return [s.id for s in self.corpus.statements() if s.id in members and s.is_claim]

    def sections(self) -> list[tuple[str, list[Group]]]:
        """(heading, groups) per topic section, then ``Other statements``."""
        out: list[tuple[str, list[Group]]] = []
        wanted = self.topic_filter
        for topic in self.corpus.topics:
            if wanted is not None and topic.id not in wanted:
                continue
            groups = sorted((g for g in self.groups if topic.id in self.group_topics[g.id]), key=self.sort_key)
            if not groups and wanted is None and self.id_filter is not None:
                continue  # a selection of statements: only the topics it touches
            out.append((topic.label or topic.id, groups))
        if wanted is None:
            known = {t.id for t in self.corpus.topics}
            other = sorted((g for g in self.groups if not self.group_topics[g.id] & known), key=self.sort_key)
            if other:
                out.append(("Other statements", other))
        return out


def _distinct_outlets(corpus: Corpus) -> list[str]:
    """Known outlet names, one spelling per independent source (``NPR`` and ``npr`` are one)."""
    names: dict[str, str] = {}
    for name in sorted(corpus.outlets(), key=lambda o: (o.casefold(), o)):
        names.setdefault(name.casefold(), name)
    return list(names.values())


def _footnote(n: int) -> str:
    return f"s{n}"


def _bullet(b: _Briefing, g: Group) -> str:
    rep = b.representative(g)
    assert rep is not None
    text = escape_md(rep.text) or "(empty statement)"
    line = f"- {text}"
    speaker = escape_md(rep.speaker or "")
    if speaker:
        role = escape_md(rep.speaker_role or "")
        line += f" — {speaker}" + (f", {role}" if role else "")
    line += f" ({_sources_label(g.outlets)})"
    line += "".join(f"[^{_footnote(b.article_no[a])}]" for a in b.articles_of(g))
    return line


def _cite(b: _Briefing, article_id: str) -> str:
    return f"[^{_footnote(b.article_no[article_id])}]"


def _differences(b: _Briefing, cited: set[str]) -> list[str]:
    """"Points where sources differ": the listed facts whose sources give figures that disagree."""
    from briefing.discrepancy import kind_label  # noqa: PLC0415

    listed = {g.id: g for g in b.groups}
    points = [d for d in b.corpus.discrepancies() if d.group in listed]
    lines = ["## Points where sources differ", ""]
    if not points:
        return lines + ["_The sources agree on every figure they both give._", ""]
    for d in points:
        rep = b.representative(listed[d.group])
        values = " · ".join(
            f"{escape_md(q.text)} ({escape_md(b.corpus.article_of(sid).outlet or '') or 'unknown outlet'})"
            f"{_cite(b, b.corpus.statement(sid).article)}"
            for sid, q in d.values)
        cited.update(b.corpus.statement(sid).article for sid, _ in d.values)
        lines.append(f"- {escape_md(kind_label(d.kind))}: {values} — {escape_md(rep.text) if rep else ''}".rstrip(" —"))
    return lines + [""]


def _who_said_what(b: _Briefing, cited: set[str]) -> list[str]:
    """"Who said what": the listed statements with a speaker, by speaker (names normalised)."""
    members = {m for g in b.groups for m in g.members}
    lines: list[str] = []
    for entry in b.corpus.who_said_what():
        said = [sid for sid in entry.statements if sid in members and b.corpus.statement(sid).is_claim]
        if not said:
            continue
        outlets = ", ".join(escape_md(o) for o in entry.outlets)
        lines.append(f"- **{escape_md(entry.name)}** ({outlets})")
        for sid in said:
            s = b.corpus.statement(sid)
            lines.append(f"  - {escape_md(s.text)}{_cite(b, s.article)}")
            cited.add(s.article)
    return (["## Who said what", ""] + lines + [""]) if lines else []


def _source_definition(n: int, a: Article) -> str:
    outlet = escape_md(a.outlet or "") or "Unknown outlet"
    title = escape_md(a.title or "") or "(untitled)"
    published = escape_md(a.published or "") or "date unknown"
    authors = escape_md(", ".join(x for x in a.authors if x)) or "authors unknown"
    line = f"[^{_footnote(n)}]: {outlet}, “{title}”, {published}, {authors}. File: {escape_md(a.path)}"
    if a.url:
        line += f" (URL: {escape_md(a.url)})"
    return line


def render_markdown(
    corpus: Corpus,
    *,
    topics: Sequence[str] | None = None,
    statement_ids: Collection[str] | None = None,
    date: str | None = None,
    title: str | None = None,
    provenance: bool = False,
) -> str:
    """The briefing as CommonMark with footnotes (deterministic for a given date; ends with a newline).

    ``provenance`` appends a manifest (an HTML comment) tying every cited statement to its
    characters in its source file, for ``briefing open`` and ``briefing verify``.

    ``topics`` limits it to those topic sections (and drops ``Other statements``); ``statement_ids``
    limits it to the facts (groups) with one of those statements. Raises ``ValueError`` for an
    unknown topic id; unknown statement ids are ignored.
    """
    b = _Briefing(corpus, topics, statement_ids)
    lines: list[str] = []
    heading = escape_md(title if title is not None else corpus.name)
    lines += [f"# Briefing: {heading}" if heading else "# Briefing", ""]

    first, last = corpus.date_range()
    if first and last:
        coverage = f"Coverage {escape_md(first)}" + (f" to {escape_md(last)}" if last != first else "")
    else:
        coverage = "Coverage dates unknown"
    lines += [f"Generated {escape_md(generated_date(date))} · {coverage}", ""]

    outlets = [escape_md(o) for o in _distinct_outlets(corpus)]
    outlet_part = f"outlets: {', '.join(outlets)}" if outlets else "no outlet known"
    facts = len(b.groups)
    corroborated = sum(1 for g in b.groups if g.outlets >= 2)
    scope = " in this selection" if (b.topic_filter is not None or b.id_filter is not None) else ""
    lines += [
        f"{plural(len(corpus.articles), 'article')} from {plural(corpus.source_count(), 'independent source')} "
        f"({outlet_part}). {plural(facts, 'fact')}{scope}, {corroborated} corroborated by two or more "
        "independent sources.",
        "",
    ]

    cited: set[str] = set()
    for heading_text, groups in b.sections():
        lines += [f"## {escape_md(heading_text) or 'Untitled topic'}", ""]
        if not groups:
            lines += ["_No statements._", ""]
            continue
        for g in groups:
            lines.append(_bullet(b, g))
            cited.update(b.articles_of(g))
        lines.append("")

    if b.groups:
        lines += _differences(b, cited)
        lines += _who_said_what(b, cited)

    if corpus.failures:
        lines += ["## Files not loaded", ""]
        for f in corpus.failures:
            path = escape_md(f.path) or "(unnamed file)"
            reason = escape_md(f.reason) or "unknown reason"
            lines.append(f"- {path}: {reason}")
        lines.append("")

    if cited:
        lines += ["## Sources", ""]
        for a in corpus.articles:
            if a.id in cited:
                lines += [_source_definition(b.article_no[a.id], a), ""]

    text = "\n".join(lines).rstrip("\n") + "\n"
    if provenance:
        from briefing.provenance import build_manifest, render_manifest  # noqa: PLC0415

        text += "\n" + render_manifest(build_manifest(corpus, b.cited_statements()))
    return text
