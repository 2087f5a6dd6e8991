"""Where the bundled corpus and themes live, from a checkout or from an installed package."""

from __future__ import annotations

from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent


def bundled_articles() -> Path:
    """The folder of the bundled articles (``articles/`` of the checkout)."""
    return _ROOT / "articles"


def bundled_topics() -> Path:
    """The bundled topics file, beside the bundled articles."""
    return bundled_articles() / "topics.toml"


def bundled_themes() -> Path:
    return _ROOT / "themes"
