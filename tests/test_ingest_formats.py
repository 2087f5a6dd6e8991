"""The per-format loaders (text, Markdown, HTML, feeds) and the shared metadata helpers."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest

from briefing.ingest import load_paths
from briefing.ingest.feeds import looks_like_feed, parse_feed
from briefing.ingest.html import declared_charset, parse_html
from briefing.ingest.markdown import parse_markdown
from briefing.ingest.text import LoadError, html_fragment_to_text, iso_date, normalise_meta, parse_text, split_authors

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def load_one(path: Path, **kwargs):
    result = load_paths([path], **kwargs)
    assert not result.failures, result.failures
    assert len(result.documents) == 1, result.documents
    return result.documents[0]


# -- plain text ------------------------------------------------------------------------------------


def test_text_newlines_are_normalised():
    parsed = parse_text(b"Line one\r\nLine two\rLine three\n")
    assert parsed.text == "Line one\nLine two\nLine three\n"
    assert parsed.encoding == "utf-8" and parsed.meta == {}


def test_cp1252_text_file_with_sidecar():
    doc = load_one(FIXTURES / "wire-report.txt")
    raw = (FIXTURES / "wire-report.txt").read_bytes()
    assert doc.format == "text"
    assert doc.encoding == "cp1252"
    assert doc.id == "wire-report"
    assert doc.path == str(FIXTURES / "wire-report.txt")
    assert "\r" not in doc.text
    assert doc.text == raw.decode("cp1252").replace("\r\n", "\n")
    assert "Rail workers’ unions" in doc.text and "€85 million" in doc.text
    assert doc.meta == {
        "title": "Rail unions call off Friday strike after late pay offer",
        "outlet": "Continental Wire",
        "published": "2023-07-05",
        "authors": ["Hannah Cole", "Raj Patel"],
        "url": "https://continentalwire.example/business/2023/07/05/rail-strike-off",
        "meta_sources": dict.fromkeys(("title", "outlet", "published", "authors", "url"), "sidecar"),
    }
    import hashlib

    assert doc.sha256 == hashlib.sha256(raw).hexdigest()


def test_utf16_text_file():
    doc = load_one(FIXTURES / "rates-bulletin.txt")
    assert doc.encoding == "utf-16"
    assert doc.text.startswith("Central bank holds rates at 4.5% as inflation eases\n\nFRANKFURT —")
    assert doc.meta["published"] == "2023-06-15T13:45:00+02:00"
    assert doc.meta["authors"] == ["Markus Feld"]
    assert "title" not in doc.meta


def test_unknown_suffix_named_explicitly_is_text(tmp_path):
    path = tmp_path / "wire.story"
    path.write_text("A story saved with an odd suffix.\n")
    doc = load_one(path)
    assert (doc.format, doc.id, doc.text) == ("text", "wire", "A story saved with an odd suffix.\n")


# -- markdown --------------------------------------------------------------------------------------


def test_markdown_front_matter_fixture():
    doc = load_one(FIXTURES / "harbour-council.md")
    assert doc.format == "markdown"
    # Markdown syntax goes (the heading's "#"); each block is a paragraph of plain text.
    assert doc.text.startswith("Harbour barrier: what the council vote means for Quay Street\n\nPortwell council")
    assert "---" not in doc.text and "tags:" not in doc.text
    assert doc.meta["title"] == "Harbour barrier: what the council vote means for Quay Street"
    assert doc.meta["published"] == "2023-06-20"
    assert doc.meta["authors"] == ["Priya Raman", "Tom Ellery"]
    assert doc.meta["url"] == "https://www.harbourgazette.example/explainers/tidal-barrier-quay-street"
    # front matter says "Harbour Gazette"; the sidecar beside it wins
    assert doc.meta["outlet"] == "The Harbour Gazette"
    assert doc.meta["meta_sources"] == {
        "title": "front matter", "outlet": "sidecar", "published": "front matter",
        "authors": "front matter", "url": "front matter",
    }


def test_markdown_key_aliases_and_datetimes():
    parsed = parse_markdown(
        b"---\nheadline: Rates on hold\npublication: Continental Wire\n"
        b"published: 2023-06-15T13:45:00+02:00\nauthor: Markus Feld and Ana Ruiz\nlink: https://x.example/a\n---\n"
        b"The central bank held rates.\n"
    )
    assert parsed.text == "The central bank held rates."
    assert parsed.meta == {
        "title": "Rates on hold",
        "outlet": "Continental Wire",
        "published": "2023-06-15T13:45:00+02:00",
        "authors": ["Markus Feld", "Ana Ruiz"],
        "url": "https://x.example/a",
    }


def test_markdown_without_front_matter():
    parsed = parse_markdown("# Title\r\n\r\nBody text with “quotes”.\r\n".encode())
    assert parsed.text == "Title\n\nBody text with “quotes”."
    assert parsed.meta == {}


def test_markdown_string_date_and_site_key():
    parsed = parse_markdown(b'---\ndate: "June 19, 2023"\nsite: NPR\n---\nBody.\n')
    assert parsed.meta == {"published": "2023-06-19", "outlet": "NPR"}


def test_malformed_front_matter():
    with pytest.raises(LoadError) as info:
        parse_markdown(b"---\ntitle: Blinken in Beijing\nauthor: [Jane Doe\n---\nBody text.\n")
    reason = str(info.value)
    assert reason.startswith("malformed front matter: ")
    assert "\n" not in reason


def test_malformed_front_matter_mapping_error_names_the_line():
    with pytest.raises(LoadError, match=r"^malformed front matter: mapping values are not allowed .*\(line 3\)$"):
        parse_markdown(b"---\ntitle: ok\noutlet: NPR: Morning Edition\n---\nBody.\n")


def test_front_matter_only_is_a_failure():
    with pytest.raises(LoadError, match="no article text"):
        parse_markdown(b"---\ntitle: Nothing here\n---\n\n")


# -- html ------------------------------------------------------------------------------------------


def test_html_fixture_main_text_and_metadata():
    doc = load_one(FIXTURES / "harbour-barrier.html")
    assert doc.format == "html"
    assert doc.encoding == "utf-8"
    assert doc.id == "harbour-barrier"
    paragraphs = doc.text.split("\n\n")
    assert "Councillors in Portwell have approved plans for a £40m tidal barrier" in doc.text
    assert any(p.startswith("“This is the most important decision") for p in paragraphs)
    assert paragraphs[-1].startswith("Construction is expected to begin in spring 2024")
    assert all(p.strip() == p and p for p in paragraphs)
    assert "\n\n\n" not in doc.text
    for junk in ("cookies", "Subscribe", "Advertisement", "gtag", "paywall", "All rights reserved",
                 "Share on Twitter", "Bus fares"):
        assert junk not in doc.text
    assert doc.meta["title"] == "Council approves £40m tidal barrier after decade of floods"
    assert doc.meta["outlet"] == "The Harbour Gazette"
    assert doc.meta["published"] == "2023-06-19"
    assert doc.meta["authors"] == ["Priya Raman", "Tom Ellery"]
    assert doc.meta["url"] == "https://www.harbourgazette.example/news/2023/06/19/tidal-barrier-approved"
    assert set(doc.meta["meta_sources"].values()) == {"html"}


def test_html_declared_charset_and_xml_declaration():
    body = "<p>Le ministre a annoncé une hausse de 5 € du prix du ticket, « à partir de lundi ».</p>" * 3
    page = (
        '<?xml version="1.0" encoding="windows-1252"?>\n<!DOCTYPE html>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Tarifs</title></head>'
        f"<body><article>{body}</article></body></html>"
    ).encode("cp1252")
    assert declared_charset(page) == "windows-1252"
    parsed = parse_html(page)
    assert parsed.encoding == "cp1252"
    assert "hausse de 5 € du prix" in parsed.text
    assert declared_charset(b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">') == "iso-8859-1"
    assert declared_charset(b"<html><head><meta charset='utf-8'>") == "utf-8"


def test_html_without_article_text(tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("<html><head><title>Only a title</title><script>var x = 1;</script></head><body></body></html>")
    result = load_paths([path])
    assert result.documents == []
    assert [(f.path, f.reason) for f in result.failures] == [(str(path), "no article text found in HTML")]


# -- feeds -----------------------------------------------------------------------------------------


def test_rss_fixture():
    result = load_paths([FIXTURES / "city-desk.rss"])
    assert not result.failures
    docs = result.documents
    assert [d.id for d in docs] == ["city-desk-01", "city-desk-02", "city-desk-03"]
    assert {d.format for d in docs} == {"feed"}
    assert {d.path for d in docs} == {str(FIXTURES / "city-desk.rss")}
    first, second, third = docs
    assert first.text.split("\n\n") == [
        "Portwell councillors voted 31 to 9 on Monday night to build a £40m tidal barrier across the River Wend.",
        "The council leader, Margaret Osei, called it “the most important decision this council will take for a generation”.",
        "Opponents questioned the rising cost.",
        "Work is due to start in spring 2024.",
        "About 4,000 homes are in the flood zone.",
    ]
    assert "tracking" not in first.text
    assert first.meta["title"] == "Tidal barrier wins council backing"
    assert first.meta["outlet"] == "Portwell Post – City Desk"
    assert first.meta["published"] == "2023-06-19T21:05:00+01:00"
    assert first.meta["authors"] == ["Sam Whitlock"]
    assert first.meta["url"] == "https://portwellpost.example/city/2023/06/19/tidal-barrier-vote"
    assert set(first.meta["meta_sources"].values()) == {"feed"}
    # description with HTML, author as "e-mail (Name)"
    assert second.text == (
        "Shop owners on Quay Street say repeated flood closures have cost them weeks of trade each winter."
        "\n\nSeveral said they would wait to see the barrier built before investing again."
    )
    assert second.meta["authors"] == ["Lena Fairbanks"]
    # plain description, entity in the title, no author
    assert third.text == "The central library will close at 5pm on weekdays from July, the council confirmed on Thursday."
    assert third.meta["title"] == "Library opening hours cut & mobile service paused"
    assert third.meta["published"] == "2023-06-08T12:00:00+00:00"
    assert "authors" not in third.meta
    import hashlib

    assert first.sha256 == hashlib.sha256(first.text.encode()).hexdigest()


def test_atom_fixture():
    docs = load_paths([FIXTURES / "wire-service.atom"]).documents
    assert [d.id for d in docs] == ["wire-service-01", "wire-service-02"]
    blinken, grain = docs
    assert blinken.meta["title"] == "Blinken meets Xi in Beijing as both sides seek to steady ties"
    assert blinken.meta["outlet"] == "Continental Wire: World"
    assert blinken.meta["authors"] == ["Mei Lin Tan", "Jonas Keller"]
    assert blinken.meta["published"] == "2023-06-19T16:20:00+08:00"
    assert blinken.text.split("\n\n")[2] == "Blinken told reporters the talks had been “candid, substantive and constructive”."
    assert len(blinken.text.split("\n\n")) == 3
    # xhtml content; only <updated>
    assert grain.meta["published"] == "2023-06-19T11:05:00+02:00"
    assert grain.text.startswith("European Union foreign ministers agreed on Monday")
    assert grain.text.count("\n\n") == 1


def test_feed_sniffed_regardless_of_suffix(tmp_path):
    path = tmp_path / "saved-feed.txt"
    path.write_bytes((FIXTURES / "wire-service.atom").read_bytes())
    docs = load_paths([path]).documents
    assert [d.id for d in docs] == ["saved-feed-01", "saved-feed-02"]
    assert {d.format for d in docs} == {"feed"}


@pytest.mark.parametrize(
    "head",
    [
        b'<?xml version="1.0"?>\n<rss version="2.0">',
        b"\n\n  <feed xmlns='http://www.w3.org/2005/Atom'>",
        b'<?xml version="1.0"?><!-- generated --><?xml-stylesheet href="x.xsl"?><rdf:RDF xmlns:rdf="x">',
        b"\xef\xbb\xbf<?xml version='1.0'?><rss>",
        '<?xml version="1.0" encoding="utf-16"?><rss version="2.0">'.encode("utf-16"),
    ],
)
def test_looks_like_feed(head):
    from briefing.ingest.documents import _may_be_markup

    assert looks_like_feed(head)
    assert _may_be_markup(head)  # the cheap check before the feeds module is imported lets it through
    padded = b" \t\x0c\r\n" + head
    assert _may_be_markup(padded) or not looks_like_feed(padded)  # never turns a feed away


def test_plain_text_is_read_without_the_feeds_module():
    from briefing.ingest.documents import _may_be_markup

    for text in [b"Plain text that mentions <rss> later", b"", b"   ", "Titre : « citation »".encode()]:
        assert not _may_be_markup(text) and not looks_like_feed(text)


@pytest.mark.parametrize(
    "head",
    [b"<!DOCTYPE html><html><body>", b"Plain text that mentions <rss> later", b"", b"<?xml version='1.0'?><svg>"],
)
def test_does_not_look_like_feed(head):
    assert not looks_like_feed(head)


def test_feed_without_entries(tmp_path):
    path = tmp_path / "quiet.rss"
    path.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title></channel></rss>')
    result = load_paths([path])
    assert result.documents == []
    assert [(f.path, f.reason) for f in result.failures] == [(str(path), "no entries in feed")]


def test_broken_xml_without_entries_gives_feedparser_reason(tmp_path):
    path = tmp_path / "broken.xml"
    path.write_text("<?xml version='1.0'?><rss version='2.0'><channel><title>Broken</titl")
    (failure,) = load_paths([path]).failures
    assert failure.reason.startswith("no entries in feed")
    assert "\n" not in failure.reason


def test_xml_that_is_not_a_feed(tmp_path):
    path = tmp_path / "config.xml"
    path.write_text("<?xml version='1.0'?><config><item>not news</item></config>")
    result = load_paths([path])
    assert result.documents == []
    assert [(f.path, f.reason) for f in result.failures] == [
        (str(path), "no entries in feed: not an RSS, Atom or RDF feed")
    ]


def test_malformed_feed_with_entries_still_loads():
    parsed = parse_feed(
        b"<?xml version='1.0'?><rss version='2.0'><channel><title>Wire</title>"
        b"<item><title>First</title><description>Talks &amp; more <b>talks</description></item>"
        b"<item><title>Second"
    )
    assert parsed.entries[0].text == "Talks & more talks"
    assert parsed.entries[0].meta["title"] == "First"


def test_feed_entry_without_text_is_a_failure_others_load(tmp_path):
    path = tmp_path / "briefs.rss"
    path.write_text(
        "<?xml version='1.0'?><rss version='2.0'><channel><title>Briefs</title>"
        "<item><title>Headline only</title></item>"
        "<item><title>With text</title><description>Ministers met on Monday.</description></item>"
        "</channel></rss>"
    )
    result = load_paths([path])
    assert [d.id for d in result.documents] == ["briefs-02"]
    assert [(f.path, f.reason) for f in result.failures] == [(f"{path}#1", "feed entry has no text")]


def test_feed_plain_text_summary_keeps_paragraphs():
    parsed = parse_feed(
        b"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><title>W</title>"
        b"<entry><title>T</title><id>1</id><summary type='text'>First  para &lt;3.\n\nSecond para.</summary></entry></feed>"
    )
    assert parsed.entries[0].text == "First para <3.\n\nSecond para."


def test_feed_ids_are_zero_padded_to_two_digits_minimum(tmp_path):
    items = "".join(f"<item><title>N{n}</title><description>Story number {n}.</description></item>" for n in range(1, 12))
    path = tmp_path / "many.rss"
    path.write_text(f"<?xml version='1.0'?><rss version='2.0'><channel><title>M</title>{items}</channel></rss>")
    ids = [d.id for d in load_paths([path]).documents]
    assert ids[0] == "many-01" and ids[9] == "many-10" and ids[10] == "many-11"


# -- helpers ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.date(2023, 6, 19), "2023-06-19"),
        (dt.datetime(2023, 6, 19), "2023-06-19"),
        (dt.datetime(2023, 6, 19, 9, 30), "2023-06-19T09:30:00"),
        (dt.datetime(2023, 6, 19, 9, 30, tzinfo=dt.timezone.utc), "2023-06-19T09:30:00+00:00"),
        ("2023-06-19", "2023-06-19"),
        ("2023-06-19T09:30:00Z", "2023-06-19T09:30:00+00:00"),
        ("Mon, 19 Jun 2023 09:30:00 -0400", "2023-06-19T09:30:00-04:00"),
        ("June 19, 2023", "2023-06-19"),
        ("19th June 2023", "2023-06-19"),
        (time.struct_time((2023, 6, 19, 8, 20, 0, 0, 170, 0)), "2023-06-19T08:20:00+00:00"),
        ("last Tuesday", None),
        ("", None),
        (None, None),
        (2023, None),
    ],
)
def test_iso_date(value, expected):
    assert iso_date(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Priya Raman; Tom Ellery", ["Priya Raman", "Tom Ellery"]),
        ("By Priya Raman and Tom Ellery", ["Priya Raman", "Tom Ellery"]),
        ("Priya Raman, Tom Ellery", ["Priya Raman", "Tom Ellery"]),
        ("Raman, Priya", ["Raman, Priya"]),
        (["Jane Doe", "John Roe & Ann Lee", {"name": "Kim Park"}], ["Jane Doe", "John Roe", "Ann Lee", "Kim Park"]),
        ("Ben Anderson", ["Ben Anderson"]),
        ("Jane Doe; Jane Doe", ["Jane Doe"]),
        ("", []),
    ],
)
def test_split_authors(value, expected):
    assert split_authors(value) == expected


def test_normalise_meta_drops_empty_and_unknown():
    assert normalise_meta({"title": "  Two\n lines ", "outlet": "", "published": "nonsense", "authors": [], "x": 1}) == {
        "title": "Two lines"
    }


def test_html_fragment_to_text():
    html = "<div><h2>Head</h2><p>One <b>bold</b> line<br>next line</p><!-- c --><ul><li>a</li><li>b</li></ul><style>p{}</style>tail</div>"
    assert html_fragment_to_text(html) == "Head\n\nOne bold line\n\nnext line\n\na\n\nb\n\ntail"
    assert html_fragment_to_text("no markup here") == "no markup here"
    assert html_fragment_to_text("   ") == ""


def test_markdown_syntax_becomes_plain_text_and_nothing_else():
    parsed = parse_markdown(
        b"# A heading\n\nSee [the report](https://x.example) and ![a chart](c.png) with `code`[^1].\n\n"
        b"- first item\n- second *item*\n\n> quoted words\n\n```\ncode block\n```\n\n<div class=\"ad\">advert</div>\n\n"
        b"| a | b |\n|---|---|\n| 1 | 2 |\n\n[^1]: The footnote text.\n\nA [x](javascript:alert(1)) and <script>x</script> stay literal.\n")
    assert parsed.text.split("\n\n") == [
        "A heading", "See the report and a chart with code.", "first item", "second item", "quoted words",
        "a · b", "1 · 2", "A [x](javascript:alert(1)) and <script>x</script> stay literal.", "The footnote text."]
