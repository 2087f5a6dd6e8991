"""Briefing diff: what appeared, changed or went away between two briefings (two JSON exports, or
two corpus folders analysed now) when new articles arrived.

Statements are matched by article and text (so renumbering does not count as change); groups by
their members (the old and new group sharing most statements, at least half, are one fact);
discrepancies by kind and the statements that give the figures.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing.wording import plural

APPEARED, CHANGED, GONE = "appeared", "changed", "went away"


@dataclass(frozen=True)
class Change:
    status: str
    """``appeared``, ``changed`` or ``went away``."""
    text: str
    """The statement, or the group's or discrepancy's wording."""
    detail: str = ""
    """What changed ("1 → 3 independent outlets"), or where it is."""


@dataclass
class BriefingDiff:
    statements: list[Change] = field(default_factory=list)
    groups: list[Change] = field(default_factory=list)
    discrepancies: list[Change] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.statements or self.groups or self.discrepancies)

    def sections(self) -> list[tuple[str, list[Change]]]:
        return [("Statements", self.statements), ("Corroboration groups", self.groups),
                ("Points where sources differ", self.discrepancies)]


class DiffError(Exception):
    """A side of the diff that cannot be read (one line, for the user)."""


def load_briefing(path: str | os.PathLike, **corpus_options: Any) -> dict[str, Any]:
    """A briefing/v1 document: read from a JSON export, or built now from a corpus folder or file."""
    p = Path(path)
    if not p.exists():
        raise DiffError(f"{p}: no such file or directory")
    if p.is_file() and p.suffix.lower() == ".json":
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise DiffError(f"{p}: not a readable JSON briefing ({exc})") from None
        if not isinstance(data, dict) or data.get("schema") != "briefing/v1":
            raise DiffError(f"{p}: not a briefing/v1 JSON export")
        return data
    from briefing.export import build_json  # noqa: PLC0415
    from briefing.pipeline import build_corpus  # noqa: PLC0415

    return build_json(build_corpus([p], **corpus_options))


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _statement_keys(doc: dict[str, Any]) -> dict[str, tuple[str, str]]:
    return {s["id"]: (s["article"], _norm(s["text"])) for s in doc.get("statements", [])}


def _outlet_names(doc: dict[str, Any]) -> dict[str, str]:
    return {a["id"]: a.get("outlet") or f"unknown outlet ({a['id']})" for a in doc.get("articles", [])}


def diff_briefings(old: dict[str, Any], new: dict[str, Any]) -> BriefingDiff:
    result = BriefingDiff()
    old_keys, new_keys = _statement_keys(old), _statement_keys(new)
    old_by_key = {k: sid for sid, k in old_keys.items()}
    new_by_key = {k: sid for sid, k in new_keys.items()}
    old_st = {s["id"]: s for s in old.get("statements", [])}
    new_st = {s["id"]: s for s in new.get("statements", [])}
    outlets_new, outlets_old = _outlet_names(new), _outlet_names(old)

    # -- statements ------------------------------------------------------------------------------
    for sid, key in new_keys.items():
        s = new_st[sid]
        if key not in old_by_key:
            before = old_st.get(sid)
            if before is not None and before["article"] == s["article"] and _norm(before["text"]) not in new_by_key:
                result.statements.append(Change(CHANGED, s["text"], f"was: {before['text']}"))
            else:
                result.statements.append(Change(APPEARED, s["text"], outlets_new.get(s["article"], s["article"])))
            continue
        before = old_st[old_by_key[key]]
        notes = []
        if before.get("independent_outlets") != s.get("independent_outlets"):
            notes.append(f"{before.get('independent_outlets')} → {s.get('independent_outlets')} independent outlets")
        if sorted(before.get("topics", [])) != sorted(s.get("topics", [])):
            notes.append(f"topics {', '.join(before.get('topics', [])) or 'none'} → "
                         f"{', '.join(s.get('topics', [])) or 'none'}")
        if notes:
            result.statements.append(Change(CHANGED, s["text"], "; ".join(notes)))
    for sid, key in old_keys.items():
        if key not in new_by_key:
            s = old_st[sid]
            edited = sid in new_st and new_st[sid]["article"] == s["article"] and new_keys[sid] not in old_by_key
            if not edited:
                result.statements.append(Change(GONE, s["text"], outlets_old.get(s["article"], s["article"])))

    # -- groups (facts backed by two or more independent sources) ---------------------------------
    def facts(doc, keys):
        out = []
        texts = {s["id"]: s["text"] for s in doc.get("statements", [])}
        for g in doc.get("groups", []):
            if g.get("outlets", 0) < 2:
                continue
            members = frozenset(keys[m] for m in g["members"] if m in keys)
            if members:
                out.append((members, g, texts.get(g["representative"], "")))
        return out

    old_facts, new_facts = facts(old, old_keys), facts(new, new_keys)
    matched_old: set[int] = set()
    for members, g, text in new_facts:
        best, best_overlap = None, 0.0
        for i, (om, og, _) in enumerate(old_facts):
            if i in matched_old:
                continue
            overlap = len(members & om) / max(1, min(len(members), len(om)))
            if overlap > best_overlap:
                best, best_overlap = i, overlap
        if best is None or best_overlap < 0.5:
            result.groups.append(Change(APPEARED, text, f"{g['outlets']} independent outlets"))
            continue
        matched_old.add(best)
        om, og, _ = old_facts[best]
        notes = []
        if og["outlets"] != g["outlets"]:
            notes.append(f"{og['outlets']} → {g['outlets']} independent outlets")
        added, removed = len(members - om), len(om - members)
        if added:
            notes.append(f"{plural(added, 'statement')} joined")
        if removed:
            notes.append(f"{plural(removed, 'statement')} left")
        if notes:
            result.groups.append(Change(CHANGED, text, "; ".join(notes)))
    for i, (_, og, text) in enumerate(old_facts):
        if i not in matched_old:
            result.groups.append(Change(GONE, text, f"was backed by {og['outlets']} independent outlets"))

    # -- discrepancies -----------------------------------------------------------------------------
    def points(doc, keys):
        out = {}
        for d in doc.get("discrepancies", []):
            members = frozenset(keys.get(v["statement"]) for v in d["values"])
            values = " vs ".join(sorted(v["text"] for v in d["values"]))
            out[(d["kind"], members)] = (d.get("label", d["kind"]), values)
        return out

    old_points, new_points = points(old, old_keys), points(new, new_keys)
    used: set = set()
    for (kind, members), (label, values) in new_points.items():
        match = next((k for k in old_points if k[0] == kind and k not in used and k[1] & members), None)
        if match is None:
            result.discrepancies.append(Change(APPEARED, f"{label}: {values}"))
            continue
        used.add(match)
        if old_points[match][1] != values:
            result.discrepancies.append(Change(CHANGED, f"{label}: {values}", f"was: {old_points[match][1]}"))
    for key, (label, values) in old_points.items():
        if key not in used:
            result.discrepancies.append(Change(GONE, f"{label}: {values}"))
    return result


def render_markdown(diff: BriefingDiff, old_name: str, new_name: str) -> str:
    """The diff as markdown (article text escaped, never structure)."""
    from briefing.export.markdown import escape_md  # noqa: PLC0415

    lines = [f"# Briefing diff: {escape_md(old_name)} → {escape_md(new_name)}", ""]
    if diff.empty:
        lines += ["_Nothing appeared, changed or went away._", ""]
    for title, changes in diff.sections():
        if not changes:
            continue
        lines += [f"## {title}", ""]
        for status in (APPEARED, CHANGED, GONE):
            for c in (c for c in changes if c.status == status):
                detail = f" ({escape_md(c.detail)})" if c.detail else ""
                lines.append(f"- **{status}**: {escape_md(c.text)}{detail}")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"

