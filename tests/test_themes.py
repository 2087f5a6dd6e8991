"""The bundled theme files are complete and every colour parses as Textual reads it."""

import tomllib

import pytest
from textual.color import Color
from textual.theme import Theme

from briefing.resources import bundled_themes

FIELDS = ("primary", "secondary", "accent", "foreground", "background", "surface", "panel", "warning", "error", "success")
FILES = sorted(bundled_themes().glob("*.toml"))


def test_three_themes_dark_light_high_contrast():
    assert {f.stem for f in FILES} >= {"dark", "light", "high-contrast"}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_theme_file_builds_a_textual_theme(path):
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    for field in FIELDS:
        Color.parse(data[field])
    theme = Theme(name=data["name"], dark=data["dark"], **{f: data[f] for f in FIELDS})
    assert theme.name.startswith("briefing-")
