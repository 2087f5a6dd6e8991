"""The markdown briefing, checked by parsing it back with markdown-it-py and the footnote plugin."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from briefing.corpus import Corpus
from briefing.export import escape_md, render_markdown
from briefing.export.markdown import clean_text
from briefing.model import Article, Corroboration, Group, LoadFailure, Statement, Topic

HOSTILE = "[x](javascript:alert(1)) <script>alert(1)</script> **bold** ![img](x.png) [^1] <https://evil> &amp;"


def _st(article: str, n: int, text: str, topics=(), **kw) -> Statement:
    return Statement(id=f"{article}#{n}", article=article, index=n, text=text, topics=tuple(topics), **kw)


def make_corpus(*, failures=True) -> Corpus:
    npr = "000_npr"
    natl = "001_natl"
    npr2 = "002_npr2"
    blog = "003_blog"
    articles = (
        Article(id=npr, path="articles/000_npr.txt", title="Talks in Beijing", outlet="NPR", published="2023-06-19",
                authors=("Jane Doe", "Sam Roe"), statements=(
                    _st(npr, 1, "The two militaries agreed to restore a hotline.", ["military-channels"]),
                    _st(npr, 2, "Will talks resume?", ["military-channels"], kind="question"),
                    _st(npr, 3, HOSTILE, ["taiwan"], speaker="Dr. <b>Evil</b> [y](z)", speaker_role="*host*"),
                    _st(npr, 4, "Officials met in Beijing.", []),
                )),
        Article(id=natl, path="articles/001_natl.txt", title="Hotline *restored*", outlet="The National",
                published="2023-06-21", statements=(
                    _st(natl, 1, "Both sides agreed to reopen a military hotline.", ["military-channels"]),
                    _st(natl, 2, "Taiwan was discussed at length.", ["taiwan", "military-channels"]),
                )),
        Article(id=npr2, path="articles/002_npr2.txt", title=None, outlet="npr", published=None, statements=(
            _st(npr2, 1, "The militaries will restore the hotline, officials said.", ["military-channels"],
                speaker="A spokesman"),
        )),
        Article(id=blog, path="articles/003_[blog](x).txt", outlet=None, statements=(
            _st(blog, 1, "# heading\n\n- with a list\n1. and more", ["taiwan"]),
        )),
    )
    topics = (
        Topic(id="military-channels", label="Military channels", key="1"),
        Topic(id="taiwan", label="Taiwan", key="2"),
        Topic(id="economy", label="Economy", key="3"),
    )
    corroborations = {
        f"{npr}#1": (Corroboration(f"{npr}#1", f"{natl}#1", natl, 0.71), Corroboration(f"{npr}#1", f"{npr2}#1", npr2, 0.5)),
        f"{natl}#1": (Corroboration(f"{natl}#1", f"{npr}#1", npr, 0.71), Corroboration(f"{natl}#1", f"{npr2}#1", npr2, 0.4)),
        f"{npr2}#1": (Corroboration(f"{npr2}#1", f"{npr}#1", npr, 0.5), Corroboration(f"{npr2}#1", f"{natl}#1", natl, 0.4)),
    }
    groups = (
        Group(0, f"{npr}#1", (f"{npr}#1", f"{natl}#1", f"{npr2}#1"), (npr, natl, npr2), 2, ("military-channels",)),
        Group(1, f"{npr}#3", (f"{npr}#3",), (npr,), 1, ("taiwan",)),
        Group(2, f"{npr}#4", (f"{npr}#4",), (npr,), 1, ()),
        Group(3, f"{natl}#2", (f"{natl}#2",), (natl,), 1, ("taiwan", "military-channels")),
        Group(4, f"{blog}#1", (f"{blog}#1",), (blog,), 1, ("taiwan",)),
    )
    fails = (LoadFailure("articles/bad <b>.pdf", "unsupported format [x](y) **z**"),) if failures else ()
    return Corpus(articles=articles, topics=topics, corroborations=corroborations, groups=groups,
                  failures=fails, threshold=0.3, name="test")


def md() -> MarkdownIt:
    return MarkdownIt("commonmark").use(footnote_plugin)


def parse(text: str):
    env: dict = {}
    return md().parse(text, env), env


def sections(tokens) -> dict[str, list]:
    """h2 heading text → the tokens after it up to the next h2 (footnote block tokens excluded)."""
    out: dict[str, list] = {}
    current = None
    for i, t in enumerate(tokens):
        if t.type.startswith("footnote_block"):
            current = None
        if t.type == "heading_open" and t.tag == "h2":
            current = tokens[i + 1].content
            out[current] = []
        elif current is not None and not (t.type == "heading_close" or tokens[i - 1].type == "heading_open"):
            out[current].append(t)
    return out


def bullets(section_tokens) -> list:
    """The inline token of each top-level list item's paragraph."""
    items = []
    depth = 0
    for i, t in enumerate(section_tokens):
        if t.type == "list_item_open":
            depth += 1
            if depth == 1:
                items.append(section_tokens[i + 2])
        elif t.type == "list_item_close":
            depth -= 1
    return items


def plain(inline) -> str:
    return "".join(c.content for c in inline.children if c.type in ("text", "text_special", "softbreak"))


def test_structure_headings_bullets_and_footnotes():
    corpus = make_corpus()
    text = render_markdown(corpus, date="2024-01-02")
    tokens, env = parse(text)

    h1 = [t for t in tokens if t.type == "heading_open" and t.tag == "h1"]
    assert len(h1) == 1
    assert tokens[tokens.index(h1[0]) + 1].content == "Briefing: test"

    secs = sections(tokens)
    assert list(secs) == ["Military channels", "Taiwan", "Economy", "Other statements", "Points where sources differ",
                          "Who said what", "Files not loaded", "Sources"]
    expected = {"Military channels": 2, "Taiwan": 3, "Economy": 0, "Other statements": 1}
    for name, n in expected.items():
        assert len(bullets(secs[name])) == n, name
    assert "_No statements._" in text
    assert [c.type for t in secs["Economy"] if t.type == "inline" for c in t.children] == [
        "em_open", "text", "em_close"]

    # No nested structure anywhere inside a bullet: one paragraph per item, no sub-lists or headings.
    for name in expected:
        types = {t.type for t in secs[name]}
        assert not types & {"heading_open", "ordered_list_open", "html_block", "code_block", "fence", "blockquote_open"}
        assert sum(t.type == "bullet_list_open" for t in secs[name]) <= 1

    # The corroborated fact comes first, says 2 independent sources, and cites its three articles.
    first = bullets(secs["Military channels"])[0]
    assert plain(first).startswith("The two militaries agreed to restore a hotline. (2 independent sources)")
    refs = [c.meta["label"] for c in first.children if c.type == "footnote_ref"]
    assert refs == ["s1", "s2", "s3"]
    # The other fact once, and single source.
    second = bullets(secs["Military channels"])[1]
    assert plain(second) == "Taiwan was discussed at length. (single source)"
    assert [c.meta["label"] for c in second.children if c.type == "footnote_ref"] == ["s2"]

    # Every footnote reference resolves to a definition, and every definition is referenced.
    labels = {c.meta["label"] for t in tokens if t.type == "inline" for c in t.children if c.type == "footnote_ref"}
    defined = {v["label"] for v in env["footnotes"]["list"].values()}
    assert labels == defined == {"s1", "s2", "s3", "s4"}
    assert set(re.findall(r"^\[\^(s\d+)\]:", text, re.M)) == labels


def test_each_fact_once_per_section_and_questions_left_out():
    text = render_markdown(make_corpus(), date="2024-01-02")
    assert text.count("The two militaries agreed") == 1
    assert "Both sides agreed" not in text  # a member, not the representative
    assert text.count("Taiwan was discussed at length") == 2  # in both of its topics
    assert "Will talks resume" not in text


def test_summary_header_and_sources():
    corpus = make_corpus()
    text = render_markdown(corpus, date="2024-01-02", title="Hotline talks")
    tokens, _ = parse(text)
    paras = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "paragraph_open"]
    assert text.startswith("# Briefing: Hotline talks\n")
    assert paras[0] == "Generated 2024-01-02 · Coverage 2023-06-19 to 2023-06-21"
    assert paras[1] == ("4 articles from 3 independent sources (outlets: NPR, The National). "
                        "5 facts, 1 corroborated by two or more independent sources.")
    assert "[^s1]: NPR, “Talks in Beijing”, 2023-06-19, Jane Doe, Sam Roe. File: articles/000\\_npr.txt" in text
    assert "[^s3]: npr, “(untitled)”, date unknown, authors unknown." in text
    assert "[^s4]: Unknown outlet, “(untitled)”" in text
    assert len([t for t in tokens if t.type == "footnote_open"]) == 4
    # The markdown in a title stays literal.
    sources_inline = [t for t in tokens if t.type == "inline" and t.content.startswith("The National, ")]
    assert sources_inline and all(c.type in ("text", "text_special") for c in sources_inline[0].children)
    assert plain(sources_inline[0]).startswith("The National, “Hotline *restored*”")


def test_files_not_loaded_are_listed_literally():
    text = render_markdown(make_corpus(), date="2024-01-02")
    tokens, _ = parse(text)
    items = bullets(sections(tokens)["Files not loaded"])
    assert [plain(i) for i in items] == ["articles/bad <b>.pdf: unsupported format [x](y) **z**"]
    assert all(c.type in ("text", "text_special") for c in items[0].children)
    assert "Files not loaded" not in render_markdown(make_corpus(failures=False), date="2024-01-02")


def test_hostile_statement_comes_back_as_literal_text():
    text = render_markdown(make_corpus(), date="2024-01-02")
    tokens, _ = parse(text)
    assert not [t for t in tokens if t.type in ("html_block", "code_block", "fence")]
    inline_types = {c.type for t in tokens if t.type == "inline" and not t.content.startswith("_")
                    for c in t.children}
    assert inline_types == {"text", "footnote_ref", "strong_open", "strong_close"}  # strong: our speaker names
    taiwan = bullets(sections(tokens)["Taiwan"])
    texts = [plain(b) for b in taiwan]
    assert f"{HOSTILE} — Dr. <b>Evil</b> [y](z), *host* (single source)" in texts
    assert "# heading - with a list 1. and more (single source)" in texts
    h = [t for t in tokens if t.type == "heading_open"]
    assert len(h) == 1 + 8  # the h1 and the eight sections; nothing from the article text


def test_topic_filter_and_statement_selection():
    corpus = make_corpus()
    text = render_markdown(corpus, topics=["taiwan"], date="2024-01-02")
    tokens, env = parse(text)
    secs = sections(tokens)
    assert list(secs) == ["Taiwan", "Points where sources differ", "Who said what", "Files not loaded", "Sources"]
    assert len(bullets(secs["Taiwan"])) == 3
    assert "3 facts in this selection, 0 corroborated" in text
    assert "Other statements" not in text
    assert {v["label"] for v in env["footnotes"]["list"].values()} == {"s1", "s2", "s4"}

    text = render_markdown(corpus, statement_ids={"001_natl#1", "000_npr#2"}, date="2024-01-02")
    secs = sections(parse(text)[0])
    # The member selects its group; the question selects nothing; empty topics are skipped.
    assert list(secs) == ["Military channels", "Points where sources differ", "Who said what", "Files not loaded",
                          "Sources"]
    assert [plain(b) for b in bullets(secs["Military channels"])] == [
        "The two militaries agreed to restore a hotline. (2 independent sources)"]

    with pytest.raises(ValueError, match="nope"):
        render_markdown(corpus, topics=["nope"])


def test_date_sources_and_determinism(monkeypatch):
    corpus = make_corpus()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14T22:13:20Z
    a = render_markdown(corpus)
    assert "Generated 2023-11-14 ·" in a
    assert render_markdown(corpus) == a
    assert a.endswith("\n") and not a.endswith("\n\n")
    assert render_markdown(corpus, date="2024-05-01") == a.replace("Generated 2023-11-14", "Generated 2024-05-01")
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    b = render_markdown(corpus, date="2024-05-01")
    assert b == render_markdown(corpus, date="2024-05-01")


def test_unknown_dates_and_empty_corpus():
    empty = Corpus(articles=(), topics=(Topic("t", "T"),), name="empty")
    text = render_markdown(empty, date="2024-01-02")
    assert "Coverage dates unknown" in text
    assert "0 articles from 0 independent sources (no outlet known). 0 facts, 0 corroborated" in text
    assert "_No statements._" in text
    assert "## Sources" not in text


# -- escape_md ----------------------------------------------------------------------------------

CASES = [
    "# heading", "[x](javascript:alert(1))", "<script>alert(1)</script>", "[^1]", "**bold**", "1. item",
    "- item", "&amp;", "`code`", "![img](x.png)", "<https://evil>", "http://bare.link", "+ plus", "> quote",
    "```fence", "~~~", "    indented", "***", "---", "___", "a\\", "\\*", "<!-- c -->", "[a]: http://x",
    "x\n===", "x\n---", "1) item", "12345. x", "&#35; &copy", "*a* _b_ __c__", "a  \nb", "[^1]: def", "^[inline]",
    "| a | b |", "<div>", "a <b>c</b>", "e\x1b[31mred\x1b[0m", "bell\x07 nul\x00 c1\x85\x9b31m", "\t tab\r\n",
    "Issue #", "C# and F#", "~~strike~~", "{#id}", "$5 billion, 50% — “quoted” 'single'",
]


@pytest.mark.parametrize("raw", CASES)
def test_escape_md_cases_render_as_one_text(raw):
    expected = clean_text(raw)
    for prefix in ("", "- ", "## "):
        assert_literal(prefix + escape_md(raw), expected, prefix)
    for prefix in ("[^s1]: x ", "[^s1]: "):  # as in a footnote definition (the Sources section)
        assert_literal(f"{prefix}{escape_md(raw)}", expected, prefix, footnote=True)


def assert_literal(source: str, expected: str, prefix: str = "", *, footnote: bool = False) -> None:
    if footnote:
        source = "ref[^s1]\n\n" + source
    tokens = md().parse(source, {})
    inlines = [t for t in tokens if t.type == "inline"][1 if footnote else 0:]
    block_types = {t.type for t in tokens} - {
        "paragraph_open", "paragraph_close", "inline", "bullet_list_open", "bullet_list_close", "list_item_open",
        "list_item_close", "heading_open", "heading_close", "footnote_block_open", "footnote_block_close",
        "footnote_open", "footnote_close", "footnote_anchor"}
    assert not block_types, (source, block_types)
    if not expected:
        return
    first = inlines[0]
    assert {c.type for c in first.children} <= {"text", "text_special"}, (source, first.children)
    got = plain(first)
    if prefix == "[^s1]: x ":
        got = got.removeprefix("x ")
    assert got == expected, source
    assert sum(t.type == "bullet_list_open" for t in tokens) == (1 if prefix == "- " else 0)
    assert sum(t.type == "heading_open" for t in tokens) == (1 if prefix == "## " else 0)


def test_escape_md_cleans_controls_and_whitespace():
    assert escape_md("a\n\n  b\tc\r\nd") == "a b c d"
    assert escape_md("\x1b[1;31mred\x1b[0m \x1b]8;;http://x\x07link\x1b]8;;\x07") == "red link"
    assert escape_md("a\x00b\x7fc\x9fd") == "abcd"
    assert escape_md("  \n ") == ""
    assert escape_md("plain words, 50% and $5") == "plain words, 50% and $5"


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_escape_md_property_plain_text(raw):
    expected = clean_text(raw)
    assert "\n" not in escape_md(raw)
    for prefix in ("", "- "):
        assert_literal(prefix + escape_md(raw), expected, prefix)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("#*_[]()<>!`~&;:^-+=.|\\{}\"' \n\tax1/@")), max_size=30))
def test_escape_md_property_punctuation_heavy(raw):
    expected = clean_text(raw)
    for prefix in ("", "- ", "## "):
        assert_literal(prefix + escape_md(raw), expected, prefix)


def test_points_where_sources_differ_and_who_said_what():
    from pathlib import Path

    from briefing.pipeline import build_corpus

    corpus = build_corpus([Path(__file__).parent / "fixtures" / "discrepancy"])
    text = render_markdown(corpus, date="2024-01-02")
    tokens, _ = parse(text)
    differ = [plain(b) for b in bullets(sections(tokens)["Points where sources differ"])]
    assert differ == ["distance: 200 metres (Coastal Times) · 150 metres (Harbour Wire) — A Chinese warship came "
                      "within 200 metres of a US destroyer in the Taiwan Strait on Saturday, according to the US Navy."]
    bundled = render_markdown(build_corpus(), date="2024-01-02")
    assert "_The sources agree on every figure they both give._" in bundled
    who = sections(parse(bundled)[0])["Who said what"]
    names = [plain(t) for t in who if t.type == "inline" and t.content.startswith("**")]
    assert names[0] == "Antony Blinken (NPR, Atlantic Council, The National)"
    assert any(n.startswith("Qin Gang") for n in names) and any(n.startswith("Wang Yi") for n in names)
