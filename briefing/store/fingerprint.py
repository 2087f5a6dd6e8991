"""The versions that key the cache: the engine that analysed a text, and the topics that tagged it.

The engine version is the package version plus a hash of the source of every module whose output
the index stores, so a change to the cleaner, the segmenter, the tagger or corroboration
invalidates what the older code computed, without anyone having to remember to bump a number.
Analyses are keyed by the analysing code only; corroboration and outlines also by the scoring code.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from briefing import __version__
from briefing.model import Topic

SCHEMA_VERSION = 3
APPLICATION_ID = 0x42524946
"""``BRIF``: marks the file as a briefing index (``PRAGMA application_id``)."""
"""Layout of the SQLite file; a file with another layout is set aside and rebuilt."""

_ANALYSIS_FILES = (
    "clean.py", "sentences.py", "statements.py", "topics.py", "tagger.py", "features.py", "dates.py", "model.py",
    "records.py", "pipeline.py", "data/lexicon.toml", "store/codec.py", "store/fingerprint.py",
)
"""Whatever decides what the index stores per text: an analysis, its features, its tags."""
_LINK_FILES = ("corroborate.py", "corpus.py", "outline.py", "links.py")
"""Whatever decides what the index stores per corpus: corroboration links, groups, outlines."""


def _digest(names: tuple[str, ...], seed: str) -> str:
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(seed.encode())
    for path in (root / name for name in names):
        digest.update(path.name.encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"missing")
    return digest.hexdigest()[:12]


@lru_cache(maxsize=1)
def engine_version() -> str:
    """``<package version>+<12 hex digits of the analysing engine's source>``: what the index's
    analyses and tags were computed by (another version empties the index)."""
    return f"{__version__}+{_digest(_ANALYSIS_FILES, f'schema {SCHEMA_VERSION}')}"


@lru_cache(maxsize=1)
def links_version() -> str:
    """:func:`engine_version` plus the corroborating code's source: keys the per-corpus entries
    (links, outlines), so that a change to the scoring recomputes links without re-analysing texts."""
    return f"{engine_version()}+{_digest(_LINK_FILES, engine_version())}"


def topics_hash(topics: tuple[Topic, ...]) -> str:
    """A hash of the topic definitions (what a topics file says, whatever its name or layout)."""
    data = [[t.id, t.label, t.key, list(t.terms), list(t.context), list(t.exclude)] for t in topics]
    return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()[:16]


def text_key(text: str) -> str:
    """The cache key of a document's analysis: the SHA-256 of its decoded text.

    The analysis depends on the text alone (not on the file's name or sidecar), so a renamed or
    re-encoded file with the same text is not analysed again.
    """
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
