"""Provenance to the character: a manifest that ties each citation of a markdown briefing to the
exact characters of its source file, so the briefing can be reopened and verified later.

The manifest sits at the end of the markdown as an HTML comment (invisible when rendered)::

    <!-- briefing-provenance
    {"format": "briefing-provenance/1", "engine": "0.1.0", "thresholds": {...},
     "files": [{"path": "...", "sha256": "..."}],
     "citations": [{"statement": "000_…#12", "file": 0, "span": [s, e], "sha256": "…"}]}
    -->

``span`` are offsets into the file's decoded text (for HTML, markdown and feeds, the extracted text
the reader works on, which loading the file again reproduces); ``sha256`` is that slice's hash. The
JSON escapes ``<`` and ``>``, so no article text can close the comment.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefing.corpus import Corpus

FORMAT = "briefing-provenance/1"
_BLOCK = re.compile(r"<!-- briefing-provenance\n(?P<json>.*?)\n-->", re.S)


class ProvenanceError(ValueError):
    """A briefing without a readable manifest (one line)."""


def _sha(text: str | bytes) -> str:
    return hashlib.sha256(text.encode("utf-8") if isinstance(text, str) else text).hexdigest()


def _documents(path: str):
    from briefing.ingest import load_paths  # noqa: PLC0415

    return load_paths([path]).documents


def _source_text(docs, article_id: str):
    """The document of ``article_id`` among a file's documents (a feed has several)."""
    for doc in docs:
        if doc.id == article_id:
            return doc
    return docs[0] if len(docs) == 1 else None


def build_manifest(corpus: Corpus, statement_ids: Iterable[str]) -> dict[str, Any]:
    """The manifest for the cited statements (those with a known span in a readable file)."""
    from briefing.export.json import _version  # noqa: PLC0415

    files: list[dict[str, Any]] = []
    file_index: dict[str, int] = {}
    loaded: dict[str, list] = {}
    citations = []
    for sid in statement_ids:
        s = corpus.statement(sid)
        article = corpus.article(s.article)
        if s.span is None:
            continue
        path = os.path.abspath(article.path)
        if path not in loaded:
            try:
                loaded[path] = _documents(path)
                raw = Path(path).read_bytes()
            except OSError:
                loaded[path] = []
                continue
            file_index[path] = len(files)
            files.append({"path": path, "display": article.path, "sha256": _sha(raw)})
        doc = _source_text(loaded[path], article.id)
        if doc is None or path not in file_index:
            continue
        start, end = s.span
        citations.append({"statement": sid, "article": article.id, "file": file_index[path], "span": [start, end],
                          "sha256": _sha(doc.text[start:end])})
    return {
        "format": FORMAT,
        "engine": _version(),
        "corpus": corpus.name,
        "thresholds": {"corroboration": corpus.threshold},
        "files": files,
        "citations": citations,
    }


def render_manifest(manifest: dict[str, Any]) -> str:
    text = json.dumps(manifest, ensure_ascii=True, indent=1, sort_keys=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e")
    return f"<!-- briefing-provenance\n{text}\n-->\n"


def read_manifest(markdown: str) -> dict[str, Any]:
    m = None
    for m in _BLOCK.finditer(markdown):
        pass  # the last block is the manifest (an article cannot write one: "<" is escaped)
    if m is None:
        raise ProvenanceError("no provenance manifest in this briefing (export it with --provenance)")
    try:
        data = json.loads(m.group("json"))
    except json.JSONDecodeError as exc:
        raise ProvenanceError(f"the provenance manifest is damaged: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ProvenanceError("not a briefing-provenance/1 manifest")
    return data


def read_briefing(path: str | os.PathLike) -> dict[str, Any]:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ProvenanceError(f"{p}: no such file or directory") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ProvenanceError(f"{p}: cannot read it: {exc}") from None
    return read_manifest(text)


@dataclass(frozen=True)
class Problem:
    statement: str
    file: str
    reason: str


def verify(manifest: dict[str, Any]) -> tuple[int, list[Problem]]:
    """Check every citation against its source file: (citations checked, problems found).

    A file whose bytes are unchanged passes at once; a changed file passes a citation only if the
    cited characters are still exactly there.
    """
    problems: list[Problem] = []
    files = manifest.get("files", [])
    state: dict[int, tuple[str, list | None]] = {}  # file index -> ("same" | "changed" | "missing", docs)
    for i, f in enumerate(files):
        try:
            raw = Path(f["path"]).read_bytes()
        except OSError:
            state[i] = ("missing", None)
            continue
        if _sha(raw) == f["sha256"]:
            state[i] = ("same", None)
        else:
            try:
                state[i] = ("changed", _documents(f["path"]))
            except OSError:
                state[i] = ("missing", None)
    citations = manifest.get("citations", [])
    for c in citations:
        f = files[c["file"]]
        status, docs = state[c["file"]]
        shown = f.get("display") or f["path"]
        if status == "same":
            continue
        if status == "missing":
            problems.append(Problem(c["statement"], shown, "the source file is gone"))
            continue
        doc = _source_text(docs or [], c.get("article", ""))
        start, end = c["span"]
        if doc is None or _sha(doc.text[start:end]) != c["sha256"]:
            problems.append(Problem(c["statement"], shown, "the cited text changed in the source file"))
    return len(citations), problems


def cited_paths(manifest: dict[str, Any]) -> list[str]:
    return [f["path"] for f in manifest.get("files", [])]


def cited_statements(manifest: dict[str, Any]) -> list[str]:
    return [c["statement"] for c in manifest.get("citations", [])]

