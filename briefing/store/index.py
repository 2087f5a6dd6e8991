"""The SQLite index file: analyses by text hash, tags by topics hash, corroboration by corpus, FTS5.

Safety rules, in order of importance:

- **Never trusted blindly.** On open, a file that is not SQLite, has another ``application_id`` or
  schema version, or fails ``PRAGMA quick_check`` is renamed aside (``index.sqlite3.corrupt-<time>``)
  and a fresh index is created. Entries that fail to decode are treated as missing.
- **Never a crash.** :meth:`Index.open` raises only :class:`IndexUnavailable` (no usable cache at all,
  e.g. a read-only cache dir); callers then build without the cache.
- **Safe with several processes.** WAL mode, a busy timeout, every write in one ``BEGIN IMMEDIATE``
  transaction, and opening (with its recovery) serialised by an advisory lock file.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from briefing.store import codec
from briefing.store.fingerprint import APPLICATION_ID, SCHEMA_VERSION, engine_version
from briefing.store.location import cache_path

_SQLITE_HEADER = b"SQLite format 3\x00"
_BUSY_TIMEOUT_S = 30.0
_KEEP_CORROBORATIONS = 8
"""Corroboration results kept (links and discrepancies of the recently opened corpora)."""
_KEEP_OUTLINES = 16
"""Outlines kept (one per recently opened corpus and settings)."""
_KEEP_ASIDE = 3
"""Set-aside broken files kept for inspection; older ones are deleted."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS analyses (
    key TEXT PRIMARY KEY,           -- sha256 of the document's decoded text
    file_sha TEXT,                  -- sha256 of the file's bytes (as loaded)
    statements INTEGER NOT NULL,
    data BLOB NOT NULL,             -- codec.encode_analysis
    features BLOB,                  -- codec.encode_features (read only to compute links)
    used REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS tags (
    key TEXT NOT NULL,
    topics TEXT NOT NULL,           -- fingerprint.topics_hash
    data BLOB NOT NULL,
    PRIMARY KEY (key, topics)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS corroborations (
    key TEXT PRIMARY KEY,           -- hash of the corpus: articles, texts, tags, outlets, threshold
    data BLOB NOT NULL,
    used REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS outlines (
    request TEXT PRIMARY KEY,       -- manifest.request_key: the paths, topics file and settings
    files TEXT NOT NULL,            -- manifest.tree_states when the outline was taken
    data BLOB NOT NULL,             -- outline.encode
    used REAL NOT NULL
);
CREATE VIRTUAL TABLE IF NOT EXISTS statements_fts USING fts5(
    text, key UNINDEXED, n UNINDEXED, tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TABLE IF NOT EXISTS search_pending (
    key TEXT PRIMARY KEY            -- an analysis whose statements statements_fts lacks yet
) WITHOUT ROWID;
"""


class IndexUnavailable(Exception):
    """No usable index (the cache dir cannot be created or written): build without it."""


@dataclass(frozen=True)
class IndexInfo:
    """What ``briefing cache info`` shows."""

    path: Path
    size: int
    """Bytes on disk, WAL included."""
    engine: str
    files: int
    """Analysed documents (distinct texts)."""
    statements: int
    tagged: int
    """(document, topics file) pairs tagged."""
    corpora: int
    """Corpora whose corroboration is cached."""


@dataclass(frozen=True)
class SearchHit:
    """A statement found by :meth:`Index.search`: the text it belongs to and its number (from 1)."""

    key: str
    n: int
    text: str
    statement: str | None = None
    """``<article id>#<n>`` when the search was given the corpus' keys."""


class Index:
    """An open index file. Use :meth:`open`; close with :meth:`close` or as a context manager."""

    def __init__(self, conn: sqlite3.Connection, path: Path, recovered: str | None) -> None:
        self.conn = conn
        self.path = path
        self.recovered = recovered
        """Why the previous file was set aside on open (None when it was fine or absent)."""

    # -- opening -------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike | None = None) -> Index:
        """Open (creating, or setting aside and recreating when broken) the index at ``path``."""
        path = Path(path) if path is not None else cache_path()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise IndexUnavailable(f"cannot create {path.parent}: {exc.strerror or exc}") from None
        with _open_lock(path):
            problem = _problem_with(path)
            if problem:
                _set_aside(path)
            try:
                conn = _connect(path)
                _ensure_schema(conn)
            except sqlite3.DatabaseError as exc:  # broke in between, or not writable
                with contextlib.suppress(NameError, sqlite3.Error):
                    conn.close()
                if not problem and path.exists():
                    problem = f"unusable: {exc}"
                    _set_aside(path)
                    try:
                        conn = _connect(path)
                        _ensure_schema(conn)
                    except sqlite3.Error as exc2:
                        raise IndexUnavailable(f"{path}: {exc2}") from None
                else:
                    raise IndexUnavailable(f"{path}: {exc}") from None
        return cls(conn, path, problem)

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.conn.close()

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken at once (``BEGIN IMMEDIATE``) so writers queue, not deadlock."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    # -- analyses ------------------------------------------------------------------------------

    def get_analyses(self, keys: Iterable[str], *, features: bool = False) -> dict:
        """``{key: TextAnalysis}`` for the keys present (entries that do not decode are skipped);
        with ``features``, each with its statements' features (else without: a warm open whose links
        are cached never needs them)."""
        out = {}
        column = "features" if features else "NULL"
        for chunk in _chunks(list(dict.fromkeys(keys)), 500):
            marks = ",".join("?" * len(chunk))
            for key, data, feats in self.conn.execute(
                    f"SELECT key, data, {column} FROM analyses WHERE key IN ({marks})", chunk):  # noqa: S608
                try:
                    out[key] = codec.decode_analysis(data, feats)
                except codec.CodecError:
                    continue
                if features and feats is None:
                    del out[key]
        return out

    def get_features(self, keys: Iterable[str]) -> dict:
        """``{key: features of each statement}`` for the keys present."""
        out = {}
        for chunk in _chunks(list(dict.fromkeys(keys)), 500):
            marks = ",".join("?" * len(chunk))
            for key, feats in self.conn.execute(
                    f"SELECT key, features FROM analyses WHERE key IN ({marks}) AND features IS NOT NULL", chunk):
                try:
                    out[key] = codec.decode_features(feats)
                except codec.CodecError:
                    continue
        return out

    def put_analyses(self, items: Iterable[tuple[str, str | None, object]]) -> None:
        """Store ``(key, file sha, TextAnalysis)`` items. Their statements are added to the search
        table by the first :meth:`search` after them: full-text indexing is a tenth of a cold build,
        and a build that is never searched should not pay it."""
        now = time.time()
        rows = [(key, sha, len(a.statements), codec.encode_analysis(a), codec.encode_features(a), now, a)
                for key, sha, a in items]
        if not rows:
            return
        with self._write() as conn:
            for key, sha, n, data, feats, used, analysis in rows:
                # the same key is the same text, hence the same analysis: one already stored (by
                # another process, say) stays, with its search rows
                cur = conn.execute("INSERT OR IGNORE INTO analyses (key, file_sha, statements, data, features, used) "
                                   "VALUES (?, ?, ?, ?, ?, ?)", (key, sha, n, data, feats, used))
                if cur.rowcount == 1:
                    conn.execute("INSERT OR IGNORE INTO search_pending (key) VALUES (?)", (key,))

    # -- tags ----------------------------------------------------------------------------------

    def get_tags(self, keys: Iterable[str], topics: str) -> dict[str, list[tuple[str, ...]]]:
        out = {}
        for chunk in _chunks(list(dict.fromkeys(keys)), 500):
            marks = ",".join("?" * len(chunk))
            for key, data in self.conn.execute(f"SELECT key, data FROM tags WHERE topics = ? AND key IN ({marks})",
                                               [topics, *chunk]):
                try:
                    out[key] = codec.decode_tags(data)
                except codec.CodecError:
                    continue
        return out

    def put_tags(self, items: Iterable[tuple[str, list[tuple[str, ...]]]], topics: str) -> None:
        rows = [(key, topics, codec.encode_tags(tags)) for key, tags in items]
        if rows:
            with self._write() as conn:
                conn.executemany("INSERT OR REPLACE INTO tags (key, topics, data) VALUES (?, ?, ?)", rows)

    # -- corroboration -------------------------------------------------------------------------

    def get_links(self, key: str, ids: Mapping[str, str] | None = None):
        """``(corroborations, groups)`` cached for the corpus ``key``, or None (``ids``: see
        :func:`codec.decode_links`)."""
        row = self.conn.execute("SELECT data FROM corroborations WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        try:
            return codec.decode_links(row[0], ids)
        except codec.CodecError:
            return None

    def put_links(self, key: str, corroborations, groups) -> None:
        data = codec.encode_links(corroborations, groups)
        with self._write() as conn:
            conn.execute("INSERT OR REPLACE INTO corroborations (key, data, used) VALUES (?, ?, ?)", (key, data, time.time()))
            conn.execute("DELETE FROM corroborations WHERE key NOT IN "
                         "(SELECT key FROM corroborations ORDER BY used DESC LIMIT ?)", (_KEEP_CORROBORATIONS,))

    def get_discrepancies(self, key: str):
        """The discrepancies cached for ``key`` (kept beside the links), or None."""
        row = self.conn.execute("SELECT data FROM corroborations WHERE key = ?", (f"discrepancies:{key}",)).fetchone()
        if row is None:
            return None
        try:
            return codec.decode_discrepancies(row[0])
        except codec.CodecError:
            return None

    def put_discrepancies(self, key: str, discrepancies) -> None:
        data = codec.encode_discrepancies(discrepancies)
        with self._write() as conn:
            conn.execute("INSERT OR REPLACE INTO corroborations (key, data, used) VALUES (?, ?, ?)",
                         (f"discrepancies:{key}", data, time.time()))

    # -- outlines ------------------------------------------------------------------------------

    def get_outline(self, request: str) -> tuple[str, bytes] | None:
        """``(file states, outline bytes)`` recorded for ``request``, or None."""
        row = self.conn.execute("SELECT files, data FROM outlines WHERE request = ?", (request,)).fetchone()
        return (row[0], row[1]) if row else None

    def put_outline(self, request: str, files: str, data: bytes) -> None:
        with self._write() as conn:
            conn.execute("INSERT OR REPLACE INTO outlines (request, files, data, used) VALUES (?, ?, ?, ?)",
                         (request, files, data, time.time()))
            conn.execute("DELETE FROM outlines WHERE request NOT IN "
                         "(SELECT request FROM outlines ORDER BY used DESC LIMIT ?)", (_KEEP_OUTLINES,))

    # -- search --------------------------------------------------------------------------------

    def index_pending_statements(self) -> int:
        """Add to the search table the statements of every analysis stored since the last search (once
        each, whichever process does it); the number of texts indexed."""
        if self.conn.execute("SELECT 1 FROM search_pending LIMIT 1").fetchone() is None:
            return 0
        done = 0
        with self._write() as conn:
            pending = [k for (k,) in conn.execute("SELECT key FROM search_pending")]
            for chunk in _chunks(pending, 500):
                marks = ",".join("?" * len(chunk))
                for key, data in conn.execute(f"SELECT key, data FROM analyses WHERE key IN ({marks})",  # noqa: S608
                                              chunk).fetchall():
                    try:
                        analysis = codec.decode_analysis(data)
                    except codec.CodecError:
                        continue
                    conn.executemany("INSERT INTO statements_fts (text, key, n) VALUES (?, ?, ?)",
                                     [(r.text, key, i) for i, r in enumerate(analysis.statements, start=1)])
                    done += 1
            conn.execute("DELETE FROM search_pending")
        return done

    def search(self, query: str, *, keys: Mapping[str, str] | None = None, limit: int = 100) -> list[SearchHit]:
        """Statements whose text matches every word of ``query`` (the last one as a prefix), best first.

        ``keys`` (text key → article id, as :func:`briefing.store.open_corpus` reports them) limits
        the search to one corpus and fills in statement ids.
        """
        match = fts_query(query)
        if not match:
            return []
        self.index_pending_statements()
        sql = "SELECT key, n, text FROM statements_fts WHERE statements_fts MATCH ? ORDER BY rank"
        hits = []
        try:
            rows = self.conn.execute(sql, (match,))
            for key, n, text in rows:
                if keys is not None:
                    if key not in keys:
                        continue
                    hits.append(SearchHit(key, int(n), text, f"{keys[key]}#{int(n)}"))
                else:
                    hits.append(SearchHit(key, int(n), text))
                if len(hits) >= limit:
                    break
        except sqlite3.OperationalError:
            return []
        return hits

    # -- maintenance ---------------------------------------------------------------------------

    def info(self) -> IndexInfo:
        c = self.conn
        files, statements = c.execute("SELECT count(*), coalesce(sum(statements), 0) FROM analyses").fetchone()
        tagged = c.execute("SELECT count(*) FROM tags").fetchone()[0]
        corpora = c.execute("SELECT count(*) FROM corroborations").fetchone()[0]
        size = sum(p.stat().st_size for p in (self.path, _sibling(self.path, "-wal")) if p.exists())
        engine = c.execute("SELECT value FROM meta WHERE key = 'engine'").fetchone()
        return IndexInfo(self.path, size, engine[0] if engine else "unknown", files, statements, tagged, corpora)

    def clear(self) -> None:
        """Forget everything (the file stays, empty and valid)."""
        with self._write() as conn:
            for table in ("analyses", "tags", "corroborations", "outlines", "statements_fts", "search_pending"):
                conn.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed names
        with contextlib.suppress(sqlite3.Error):
            self.conn.execute("VACUUM")


# -- helpers -------------------------------------------------------------------------------------

_FTS_WORD = re.compile(r"\w+", re.UNICODE)


def fts_query(query: str) -> str:
    """A safe FTS5 query: every word quoted (no operators from user text), the last one a prefix."""
    words = _FTS_WORD.findall(query)
    if not words:
        return ""
    quoted = [f'"{w}"' for w in words]
    if not query[-1:].isspace():
        quoted[-1] += "*"
    return " ".join(quoted)


def _chunks(items: list, n: int) -> Iterator[list]:
    for i in range(0, len(items), n):
        yield items[i:i + n]


def _sibling(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=_BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {int(_BUSY_TIMEOUT_S * 1000)}")
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        raise sqlite3.DatabaseError(f"cannot use WAL mode (journal mode {mode})")
    conn.execute("PRAGMA synchronous = NORMAL")
    return conn


def _ensure_schema(conn: sqlite3.Connection) -> None:
    """Create the tables in a fresh file; drop entries computed by another engine version."""
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    if app_id == 0:
        conn.execute("BEGIN IMMEDIATE")
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]  # another process may have won
            if app_id == 0:
                tables = conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0]
                if tables:
                    raise sqlite3.DatabaseError("a foreign SQLite file (tables, but no application id)")
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        conn.execute(statement)
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('engine', ?)", (engine_version(),))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return
    if app_id != APPLICATION_ID:
        raise sqlite3.DatabaseError(f"application id {app_id:#x} is not a briefing index")
    stored = conn.execute("SELECT value FROM meta WHERE key = 'engine'").fetchone()
    if stored is None or stored[0] != engine_version():
        conn.execute("BEGIN IMMEDIATE")
        try:
            stored = conn.execute("SELECT value FROM meta WHERE key = 'engine'").fetchone()
            if stored is None or stored[0] != engine_version():
                for table in ("analyses", "tags", "corroborations", "outlines", "statements_fts", "search_pending"):
                    conn.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed names
                conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('engine', ?)", (engine_version(),))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


def _problem_with(path: Path) -> str | None:
    """Why the file at ``path`` cannot be used as an index (None: absent, empty, or fine)."""
    try:
        with open(path, "rb") as fh:
            header = fh.read(len(_SQLITE_HEADER))
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"unreadable: {exc.strerror or exc}"
    if not header:
        return None  # empty: SQLite makes it a database
    if header != _SQLITE_HEADER:
        return "not an SQLite file"
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=_BUSY_TIMEOUT_S)
    except sqlite3.Error as exc:
        return f"cannot open: {exc}"
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if app_id == 0 and version == 0 and not conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0]:
            return None  # an empty database: fine, the schema is created
        if app_id != APPLICATION_ID:
            return f"foreign SQLite file (application id {app_id:#x})"
        if version != SCHEMA_VERSION:
            return f"schema version {version}, expected {SCHEMA_VERSION}"
        check = conn.execute("PRAGMA quick_check").fetchall()
        if [tuple(r) for r in check] != [("ok",)]:
            return f"integrity check failed: {check[0][0]}"
    except sqlite3.Error as exc:
        return f"unreadable database: {exc}"
    finally:
        conn.close()
    return None


def _set_aside(path: Path) -> None:
    """Rename a broken index (and drop its WAL and shared-memory files) so a new one can be created."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}-{os.getpid()}")
    try:
        os.replace(path, target)
    except FileNotFoundError:
        pass
    except OSError:
        with contextlib.suppress(OSError):
            path.unlink()
    for suffix in ("-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            _sibling(path, suffix).unlink()
    aside = sorted(path.parent.glob(f"{path.name}.corrupt-*"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in aside[_KEEP_ASIDE:]:
        with contextlib.suppress(OSError):
            old.unlink()


@contextlib.contextmanager
def _open_lock(path: Path) -> Iterator[None]:
    """Serialise opening (checks, recovery, schema creation) between processes (POSIX ``flock``)."""
    try:
        import fcntl  # noqa: PLC0415
    except ImportError:  # pragma: no cover - Windows: SQLite's own locking and the busy timeout only
        yield
        return
    try:
        fd = os.open(_sibling(path, ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
