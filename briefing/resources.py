"""Where the bundled corpus and themes live, from a checkout or from an installed package."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent


def _bundled(name: str) -> Path:
    """``name``/ of the checkout, else the copy an installed package carries as data."""
    checkout = _ROOT / name
    if checkout.is_dir():
        return checkout
    return Path(__file__).resolve().parent / "_bundled" / name


def bundled_articles() -> Path:
    """The folder of the bundled articles (``articles/`` of the checkout)."""
    return _bundled("articles")


def bundled_topics() -> Path:
    """The bundled topics file, beside the bundled articles."""
    return bundled_articles() / "topics.toml"


def bundled_themes() -> Path:
    """The folder of the bundled themes (``themes/`` of the checkout)."""
    return _bundled("themes")


def find_topics_file(paths: Sequence[str | os.PathLike]) -> Path:
    """The topics file for a corpus: ``topics.toml`` in the first folder given, else the bundled one."""
    for p in paths:
        candidate = Path(p) / "topics.toml"
        if Path(p).is_dir() and candidate.is_file():
            return candidate
    return bundled_topics()
