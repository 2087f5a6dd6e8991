"""The persistent index: analysed articles cached in SQLite, so a corpus opens without re-analysis.

- :mod:`briefing.store.location` — where the cache lives (``BRIEFING_CACHE_DIR`` overrides it);
- :mod:`briefing.store.fingerprint` — the engine version and topics hash that key the cache;
- :mod:`briefing.store.codec` — analyses, tags and corroboration to and from compact JSON;
- :mod:`briefing.store.index` — the SQLite file itself (WAL, recovery of corrupt or foreign files, FTS5);
- :mod:`briefing.store.manifest` — sizes and times of a corpus' files, to tell that nothing changed;
- :mod:`briefing.store.build` — :func:`open_corpus`, the cache-aware counterpart of ``build_corpus``;
- :mod:`briefing.store.quick` — :func:`recorded_outline`, what a warm start paints before the rest.

Only the standard library (sqlite3) and platformdirs are used; nothing here imports textual. The
names below are imported on first use, so that the quick path imports none of the engine.
"""

from __future__ import annotations

from briefing.lazy import lazy_exports

_EXPORTS = {
    "BuildStats": "briefing.store.build", "open_corpus": "briefing.store.build",
    "Index": "briefing.store.index", "IndexInfo": "briefing.store.index", "SearchHit": "briefing.store.index",
    "cache_dir": "briefing.store.location", "cache_path": "briefing.store.location",
    "recorded_outline": "briefing.store.quick",
}

__all__ = sorted(_EXPORTS)


__getattr__ = lazy_exports(__name__, _EXPORTS, globals())
