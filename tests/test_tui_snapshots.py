"""Snapshot tests (pytest-textual-snapshot): the app as drawn, at 80x24 and 160x48, in two themes.

The SVGs under `tests/__snapshots__/` are what a person checked by eye; after a deliberate change
to the look, regenerate them with `.venv/bin/pytest tests/test_tui_snapshots.py --snapshot-update`
and look at the report before committing.
"""

from __future__ import annotations

import pytest

from briefing.pipeline import build_corpus
from briefing.state import UserState
from briefing.tui.app import BriefingApp

SMALL = (80, 24)
LARGE = (160, 48)


@pytest.fixture(scope="module")
def corpus():
    return build_corpus()


@pytest.fixture(autouse=True)
def _private_state(tmp_path, monkeypatch):
    """No snapshot may depend on the stars, notes or theme of whoever runs the suite."""
    monkeypatch.setenv("BRIEFING_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("BRIEFING_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.chdir(tmp_path)


def make_app(corpus, theme):
    return BriefingApp(corpus, theme=theme, state=UserState.load())


@pytest.mark.parametrize("theme", ["dark", "light"])
@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x48"])
def test_opening_screen(snap_compare, corpus, theme, size):
    assert snap_compare(make_app(corpus, theme), terminal_size=size)


@pytest.mark.parametrize("theme", ["dark", "high-contrast"])
@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x48"])
def test_military_channels_filter_with_corroboration(snap_compare, corpus, theme, size):
    """Topic 2 active, focus mode, second statement selected: badges, highlight and the side pane."""
    assert snap_compare(make_app(corpus, theme), terminal_size=size, press=["2", "f", "j", "_"])


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x48"])
def test_help_screen(snap_compare, corpus, size):
    assert snap_compare(make_app(corpus, "light"), terminal_size=size, press=["question_mark", "_"])


def test_search_screen(snap_compare, corpus):
    assert snap_compare(make_app(corpus, "dark"), terminal_size=LARGE,
                        press=["slash", *"military", "_"])


def test_export_dialog(snap_compare, corpus):
    assert snap_compare(make_app(corpus, "dark"), terminal_size=SMALL, press=["e", "_"])
