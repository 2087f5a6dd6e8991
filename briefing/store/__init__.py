"""The persistent index: analysed articles cached in SQLite, so a corpus opens without re-analysis.

- :mod:`briefing.store.location` — where the cache lives (``BRIEFING_CACHE_DIR`` overrides it);
- :mod:`briefing.store.fingerprint` — the engine version and topics hash that key the cache;
- :mod:`briefing.store.codec` — analyses, tags and corroboration to and from compact JSON;
- :mod:`briefing.store.index` — the SQLite file itself (WAL, recovery of corrupt or foreign files, FTS5);
- :mod:`briefing.store.build` — :func:`open_corpus`, the cache-aware counterpart of ``build_corpus``.

Only the standard library (sqlite3) and platformdirs are used; nothing here imports textual.
"""

from briefing.store.build import BuildStats, open_corpus
from briefing.store.index import Index, IndexInfo, SearchHit
from briefing.store.location import cache_dir, cache_path

__all__ = ["BuildStats", "Index", "IndexInfo", "SearchHit", "cache_dir", "cache_path", "open_corpus"]
