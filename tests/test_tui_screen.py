"""The main screen: laid out once before the first frame, and again on a real resize only."""

from __future__ import annotations

import pytest
from textual.screen import Screen

from briefing.tui.app import BriefingApp
from briefing.tui.screens.main import MainScreen

PANES = ("#title-bar", "#topics", "#articles", "#reader-pane", "#article-head", "#corro-pane", "#corro-head")


@pytest.fixture
def layouts(monkeypatch):
    """How many times a screen was laid out (Textual's Screen._refresh_layout), as a one-item list."""
    count = [0]
    original = Screen._refresh_layout

    def counted(self, *args, **kwargs):
        count[0] += 1
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Screen, "_refresh_layout", counted)
    return count


class _Started(BriefingApp):
    """Notes the layouts done and the panes' regions when Textual says the first frame is shown."""

    at_ready: tuple[int, dict] | None = None
    layouts: list[int] = [0]

    def on_ready(self) -> None:
        self.at_ready = (self.layouts[0], {pane: self.query_one(pane).region for pane in PANES})
        super().on_ready()


async def test_the_first_frame_comes_after_one_layout_and_later_ones_move_nothing(layouts, data, monkeypatch):
    monkeypatch.setattr(_Started, "load_corpus", lambda self: None)  # the first frame's outline stays
    app = _Started(paths=None)  # the bundled corpus, from its files (an empty index: a cold start)
    app.layouts = layouts
    async with app.run_test(size=(120, 34)) as pilot:
        assert isinstance(app.screen, MainScreen) and app.screen.id == "_default"
        await pilot.pause()
        await pilot.pause()
        assert app.at_ready is not None and app.outline is not None
        done, regions = app.at_ready
        assert done == 1  # (Textual's default screen: 4, three of them for resize events of the same size)
        assert layouts[0] > done  # (the widgets' own layout requests are still served, after it)
        assert {pane: app.query_one(pane).region for pane in PANES} == regions  # and move nothing


async def test_a_resize_to_a_new_size_is_laid_out(layouts, corpus, data):
    app = BriefingApp(corpus)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        assert app.screen.has_class("-wide")
        wide = app.query_one("#corro-pane").region
        before = layouts[0]
        await pilot.resize_terminal(160, 48)  # the same size: nothing to do
        await pilot.pause()
        assert layouts[0] == before
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert layouts[0] > before
        assert app.screen.has_class("-narrow") and app.screen.size == (80, 24)
        reader, corro = app.query_one("#reader-pane").region, app.query_one("#corro-pane").region
        assert corro != wide and corro.y > reader.y and corro.right <= 80 and corro.bottom <= 24
        await pilot.resize_terminal(160, 48)
        await pilot.pause()
        assert app.screen.has_class("-wide") and app.query_one("#corro-pane").region == wide
