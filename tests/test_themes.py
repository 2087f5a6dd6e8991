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


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
async def test_the_app_is_drawn_in_the_theme_it_starts_in(path, corpus, data):
    """The theme chosen at start colours the first frame: the screen's background and the reader's
    highlighted statement are the theme's own (the stylesheet is not left with Textual's default)."""
    from briefing.tui.app import BriefingApp
    from briefing.tui.widgets.reader import StatementList

    name = tomllib.loads(path.read_text(encoding="utf-8"))["name"].removeprefix("briefing-")
    app = BriefingApp(corpus, theme=name)
    async with app.run_test(size=(120, 34)) as pilot:
        await pilot.pause()
        theme = app.current_theme
        assert app.theme == name and app.screen.styles.background == Color.parse(theme.background)
        variables = app.get_css_variables()
        highlighted = app.query_one(StatementList).get_component_styles("option-list--option-highlighted")
        assert highlighted.background in {Color.parse(variables[v]) for v in ("block-cursor-background",
                                                                             "block-cursor-blurred-background")}
