"""Article text is hostile data: one corpus full of markup and escape sequences, followed from the
files through the app's panes to both exports written from the app's export dialog.

Everywhere, the characters are shown as characters: Rich/Textual markup is never applied (no
colour, no link, no click action), terminal control characters never reach the screen or the
markdown file, and markdown syntax in an article never becomes structure in the briefing.
"""

from __future__ import annotations

import json

import pytest
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from briefing.pipeline import build_corpus
from briefing.tui.app import BriefingApp
from briefing.tui.screens import ExportScreen

WIDE = (160, 48)

ARTICLE_A = """---
title: "[bold red]Evil[/] title \\x1b[31m"
outlet: "[@click=app.quit]Wire[/]"
date: 2024-03-01
---
Officials said the harbour talks about [bold red]x[/] were productive and would continue in Geneva next week.

The ministry statement read \x1b[31mred\x1b[0m and \x1b]52;c;ZXZpbA==\x07 in the official record of the harbour meeting.

Negotiators will discuss the [link=http://evil]terms[/link] and [@click=app.quit]tariffs[/] of the harbour deal.
"""

ARTICLE_B = """Harbour talks about [bold red]x[/] were productive, officials said, and will continue in Geneva next week.

# heading injected [x](javascript:alert(1)) <script>alert(1)</script> with a footnote [^1] in the harbour report.

A cursor \x1b[2J\x1b[H and a bell \x07 and an OSC 8 \x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\ sat in the harbour ministry record.
"""

LITERALS = ["[bold red]x[/]", "[link=http://evil]terms[/link]", "[@click=app.quit]tariffs[/]"]


@pytest.fixture
def hostile(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("BRIEFING_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "a.md").write_text(ARTICLE_A, encoding="utf-8")
    (folder / "b.txt").write_text(ARTICLE_B, encoding="utf-8")
    return build_corpus([folder])


def rendered(widget) -> str:
    return "\n".join(widget.render_line(y).text for y in range(widget.size.height))


def screen_text(app) -> str:
    """Everything drawn on the screen, as the terminal would receive it (text only)."""
    return "\n".join(rendered(w) for w in app.screen.walk_children() if w.display and w.size.height)


def test_the_engine_keeps_the_hostile_text_as_data(hostile):
    a = hostile.article("a")
    assert a.title.startswith("[bold red]Evil[/] title") and a.outlet == "[@click=app.quit]Wire[/]"
    texts = [s.text for s in hostile.statements()]
    for literal in LITERALS:
        assert any(literal in t for t in texts), literal
    assert any("\x1b]52;c;" in t for t in texts)  # kept as data; it is the interfaces that neutralise it
    # The two pieces corroborate each other, so hostile text reaches the corroboration pane too.
    first = next(s for s in hostile.statements() if s.article == "a" and "[bold red]x[/]" in s.text)
    assert [c.other for c in hostile.corroborations_of(first.id)] == \
        [next(s.id for s in hostile.statements() if s.article == "b" and "[bold red]x[/]" in s.text)]


async def test_app_shows_markup_and_escapes_literally_and_exports_them_safely(hostile, tmp_path):
    app = BriefingApp(hostile)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        # The article list and the reader's heading show the title and outlet as typed.
        assert "[bold red]Evil[/] title" in rendered(app.query_one("#articles"))
        assert "[@click=app.quit]Wire[/]" in rendered(app.query_one("#articles"))
        assert "[bold red]Evil[/] title" in rendered(app.query_one("#article-head"))
        # The reader shows each statement's markup as characters.
        reader = rendered(app.query_one("#reader"))
        for literal in LITERALS:
            assert literal in reader, literal
        # Control characters never reach the screen; what is left of a sequence is visible text.
        assert "[31mred" in reader and "]52;c;ZXZpbA==" in reader
        # The corroboration pane (statement b#1 backs a#1) shows the other article's markup literally.
        assert "[bold red]x[/]" in rendered(app.query_one("#corro"))
        whole = screen_text(app)
        assert not any(ch in whole for ch in "\x1b\x07\x9b\x00"), "a control character reached the screen"
        # Clicking the title whose outlet is "[@click=app.quit]" selects the article; it runs nothing.
        await pilot.click("#articles", offset=(4, 0))
        await pilot.pause()
        assert app.is_running and not app._exit
        # Search results and the note dialog show it literally too.
        await pilot.press("slash", *"harbour")
        await pilot.pause()
        assert "[bold red]x[/]" in rendered(app.screen.query_one("#search-results"))
        await pilot.press("escape")
        await pilot.pause()

        # Both exports, from the app's dialog: markdown first, then JSON.
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        await pilot.click("#fmt-json")
        await pilot.pause()
        assert app.screen.query_one("#export-path").value == "briefing.json"
        await pilot.click("#export-ok")
        await pilot.pause()

    markdown = (tmp_path / "briefing.md").read_text(encoding="utf-8")
    assert not any(ch in markdown for ch in "\x1b\x07\x9b\x00")
    tokens = MarkdownIt("commonmark").use(footnote_plugin).parse(markdown)
    # No structure came from the articles: no links, images, raw HTML or code; headings are ours.
    kinds = {t.type for t in tokens} | {c.type for t in tokens if t.children for c in t.children}
    assert not kinds & {"link_open", "image", "html_block", "html_inline", "code_inline", "fence", "code_block"}
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert all("heading injected" not in h for h in headings), headings
    text = "\n".join(c.content for t in tokens if t.children for c in t.children if c.type in ("text", "text_special"))
    flat = "".join(text.split("\n"))
    # Each fact is stated once, by its group's representative: those texts appear character for
    # character (control characters and sequences dropped), the outlet and title as typed.
    from briefing.export.markdown import clean_text

    representatives = [clean_text(hostile.statement(g.representative).text) for g in hostile.groups]
    assert any("[bold red]x[/]" in t for t in representatives)
    assert any("# heading injected [x](javascript:alert(1))" in t for t in representatives)
    assert any("<script>alert(1)</script>" in t for t in representatives)
    for literal in [*representatives, "[@click=app.quit]Wire[/]", "[bold red]Evil[/] title"]:
        assert literal in flat, literal

    data = json.loads((tmp_path / "briefing.json").read_text(encoding="utf-8"))
    assert data["schema"] == "briefing/v1"
    # JSON keeps the exact text (control characters as \\u escapes, which a terminal does not act on).
    assert "\x1b" not in (tmp_path / "briefing.json").read_text(encoding="utf-8").replace("\\u001b", "")
    exported = {s["id"]: s["text"] for s in data["statements"]}
    assert exported == {s.id: s.text for s in hostile.statements()}
