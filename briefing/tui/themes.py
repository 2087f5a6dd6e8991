"""Colour themes: the bundled ``themes/*.toml`` plus the user's ``<config dir>/themes/*.toml``.

A theme's name is its file's name without ``.toml`` (``dark``, ``light``, ``high-contrast``); a user
file with the same name replaces the bundled one. Finding the names needs no textual (the command
line checks ``--theme`` with it); :func:`load_themes` builds the Textual themes.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from briefing.resources import bundled_themes

DEFAULT_THEME = "dark"
FIELDS = ("primary", "secondary", "accent", "foreground", "background", "surface", "panel", "warning", "error",
          "success")
_ORDER = ("dark", "light", "high-contrast")


def user_themes_dir() -> Path:
    """``$BRIEFING_CONFIG_DIR/themes``, else ``themes`` in the platform's user config folder."""
    override = os.environ.get("BRIEFING_CONFIG_DIR")
    if override:
        return Path(override) / "themes"
    import platformdirs  # noqa: PLC0415

    return Path(platformdirs.user_config_dir("briefing", appauthor=False)) / "themes"


def theme_files() -> dict[str, Path]:
    """Theme name → file, bundled first then the user's (which win), bundled order kept."""
    found: dict[str, Path] = {}
    for folder in (bundled_themes(), user_themes_dir()):
        if folder.is_dir():
            for path in sorted(folder.glob("*.toml")):
                found[path.stem] = path
    ordered = {name: found[name] for name in _ORDER if name in found}
    ordered.update((name, path) for name, path in found.items() if name not in ordered)
    return ordered


def theme_names() -> list[str]:
    return list(theme_files())


def load_themes():
    """Textual ``Theme`` objects for every theme file, and one-line warnings for files that failed."""
    from textual.color import Color, ColorParseError  # noqa: PLC0415
    from textual.theme import Theme  # noqa: PLC0415

    themes: list[Theme] = []
    warnings: list[str] = []
    for name, path in theme_files().items():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            colours = {}
            for field in FIELDS:
                if field in data:
                    Color.parse(data[field])
                    colours[field] = data[field]
            if "primary" not in colours:
                raise ValueError("no 'primary' colour")
            themes.append(Theme(name=name, dark=bool(data.get("dark", True)), **colours))
        except (OSError, ValueError, TypeError, ColorParseError) as exc:
            warnings.append(f"theme {path}: {exc}")
    return themes, warnings
