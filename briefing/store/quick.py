"""The quick path of a warm start: the outline of a corpus, from the index, before reading its files.

The app calls :func:`recorded_outline` before its first frame: one read-only query, a ``stat`` of
each folder and metadata file the index recorded (not of every article, and no folder listed: see
manifest.py), no engine module imported. When it answers, the first frame shows the corpus' articles
and topic counts; the full corpus (through :func:`briefing.store.open_corpus`, which checks the
index's integrity and reads every file) follows in the background. When anything is off (no index,
another engine or layout, a folder or metadata file touched since), it answers None and the app
waits for the full load instead: the quick path can be missing, never wrong for long.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from briefing.outline import Outline, decode_outline
from briefing.resources import bundled_articles, find_topics_file
from briefing.store.location import cache_path
from briefing.topics import TopicsError, load_topics

# (sqlite3, the fingerprints and the manifest are imported by the warm path only: a cold start of a
# small corpus reads its files with files_outline and needs none of them before its first frame.)


def recorded_outline(
    paths: Iterable[str | os.PathLike] | None = None,
    *,
    topics_path: str | os.PathLike | None = None,
    max_bytes: int = 5_000_000,
    threshold: float | None = None,
    index_path: str | os.PathLike | None = None,
) -> Outline | None:
    """The outline the index recorded when this corpus was last opened with the same settings, if
    no folder or metadata file of it changed since; else None."""
    db = Path(index_path) if index_path is not None else cache_path()
    if not db.is_file():
        return None
    if threshold is None:
        from briefing.calibration import DEFAULT_THRESHOLD as threshold  # noqa: PLC0415, N811
    from briefing.store.fingerprint import engine_version, links_version  # noqa: PLC0415
    from briefing.store.manifest import request_key, unchanged  # noqa: PLC0415
    path_list = [Path(p) for p in (paths or [bundled_articles()])]
    try:
        topics_file = Path(topics_path or find_topics_file(path_list))
        topics = load_topics(topics_file)
    except (TopicsError, OSError):
        return None
    request = request_key(path_list, topics_file, max_bytes=max_bytes, threshold=threshold, engine=links_version())
    row = _read(db, request, engine_version())
    if row is None:
        return None
    if not unchanged(row[0]):
        return None
    try:
        return decode_outline(row[1], topics)
    except ValueError:
        return None


def _read(db: Path, request: str, engine: str) -> tuple[str, bytes] | None:
    """``(file states, outline bytes)`` for ``request`` from a read-only connection, if the file is an
    index of this layout and engine; None on any doubt or error."""
    import sqlite3  # noqa: PLC0415

    from briefing.store.fingerprint import APPLICATION_ID, SCHEMA_VERSION  # noqa: PLC0415

    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1.0)
    except sqlite3.Error:
        return None
    try:
        if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            return None
        if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
            return None
        stored = conn.execute("SELECT value FROM meta WHERE key = 'engine'").fetchone()
        if stored is None or stored[0] != engine:
            return None
        row = conn.execute("SELECT files, data FROM outlines WHERE request = ?", (request,)).fetchone()
        if row is None or not isinstance(row[0], str) or not isinstance(row[1], bytes):
            return None
        return row[0], row[1]
    except sqlite3.Error:
        return None
    finally:
        conn.close()


SMALL_CORPUS = 64
"""Files and folders up to which :func:`files_outline` reads a corpus before the first frame."""


def files_outline(
    paths: Iterable[str | os.PathLike] | None = None,
    *,
    topics_path: str | os.PathLike | None = None,
    max_bytes: int = 5_000_000,
) -> Outline | None:
    """For a small corpus seen for the first time: the outline the files give (articles with their
    stated outlet, date and title; no counts yet), read at once; None for a larger one (its outline
    comes from the load, which reads its files once) or on any error (the load reports it)."""
    path_list = [Path(p) for p in (paths or [bundled_articles()])]
    seen = 0
    for root in path_list:
        if not root.is_dir():
            seen += 1
            continue
        for _folder, dirs, files in os.walk(root):
            seen += len(dirs) + len(files)
            if seen > SMALL_CORPUS:
                return None
    from briefing.ingest import load_paths  # noqa: PLC0415 - the engine, for a small corpus only
    from briefing.pipeline import documents_outline  # noqa: PLC0415

    topics = load_topics(Path(topics_path or find_topics_file(path_list)))
    return documents_outline(path_list, topics, load_paths(path_list, max_bytes=max_bytes, digests=False))
