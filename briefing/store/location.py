"""Where the index lives: the user cache dir (platformdirs), or ``$BRIEFING_CACHE_DIR``."""

from __future__ import annotations

import os
from pathlib import Path

CACHE_ENV = "BRIEFING_CACHE_DIR"
INDEX_NAME = "index.sqlite3"


def cache_dir() -> Path:
    """The folder of the cache: ``$BRIEFING_CACHE_DIR`` when set, else the user cache dir."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_cache_dir  # noqa: PLC0415 - only when the cache is used

    return Path(user_cache_dir("briefing", appauthor=False))


def cache_path() -> Path:
    """The index file."""
    return cache_dir() / INDEX_NAME
