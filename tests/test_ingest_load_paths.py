"""load_paths: discovery, ids, de-duplication and one-line failures for every kind of bad file."""

from __future__ import annotations

import builtins
import dataclasses
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.ingest import SUPPORTED_SUFFIXES, Document, LoadResult, load_paths
from briefing.model import LoadFailure

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
ARTICLES = REPO / "articles"


def reasons(result: LoadResult) -> dict[str, str]:
    return {f.path: f.reason for f in result.failures}


# -- the public API --------------------------------------------------------------------------------


def test_public_api_shapes():
    assert [f.name for f in dataclasses.fields(Document)] == [
        "id", "path", "text", "format", "meta", "encoding", "sha256",
    ]
    assert [f.name for f in dataclasses.fields(LoadResult)] == ["documents", "failures", "skipped"]
    assert set(SUPPORTED_SUFFIXES) == {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xml", ".rss", ".atom"}
    doc = load_paths([FIXTURES / "rates-bulletin.txt"]).documents[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        doc.id = "other"  # type: ignore[misc]
    hash(doc)  # meta is excluded from the hash


def test_import_is_cheap_and_ui_free():
    code = (
        "import sys, briefing.ingest\n"
        "heavy = {'trafilatura', 'feedparser', 'charset_normalizer', 'frontmatter', 'textual', 'lxml', 'yaml'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert out.stdout.strip() == "[]"


# -- the bundled corpus and the fixture folder -----------------------------------------------------


def test_bundled_articles():
    files = sorted(ARTICLES.glob("*.txt"))
    assert len(files) == 5
    result = load_paths([ARTICLES])
    assert result.failures == []
    assert [d.id for d in result.documents] == [f.stem for f in files]
    for doc, path in zip(result.documents, files, strict=True):
        assert doc.path == str(path)
        assert doc.format == "text"
        assert doc.encoding == "utf-8"
        assert doc.text == path.read_text(encoding="utf-8")
    # topics.toml and sources.toml are not articles, and are not reported either
    assert not any(s.path.endswith(".toml") for s in result.skipped)


def test_fixture_folder():
    result = load_paths([FIXTURES])
    assert result.failures == []
    assert result.skipped == []
    assert [d.id for d in result.documents] == [
        "city-desk-01", "city-desk-02", "city-desk-03", "harbour-barrier", "harbour-council",
        "rates-bulletin", "wire-report", "wire-service-01", "wire-service-02",
    ]
    assert [d.format for d in result.documents] == ["feed"] * 3 + ["html", "markdown", "text", "text"] + ["feed"] * 2
    assert len({d.sha256 for d in result.documents}) == 9


def test_order_is_deterministic_and_recursive(tmp_path):
    for rel in ["b.txt", "A.txt", "sub/c.md", "sub/deeper/d.txt", "a_first/e.txt"]:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"Story {rel}.\n")
    ids = [d.id for d in load_paths([tmp_path]).documents]
    assert ids == ["A", "e", "b", "c", "d"]
    assert ids == [d.id for d in load_paths([tmp_path]).documents]


def test_hidden_readme_and_other_files(tmp_path):
    (tmp_path / "story.txt").write_text("A story.\n")
    (tmp_path / ".draft.txt").write_text("Hidden draft.\n")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "notes.txt").write_text("Hidden folder.\n")
    (tmp_path / "README.md").write_text("# How this folder works\n")
    (tmp_path / "topics.toml").write_text("")
    (tmp_path / "sources.toml").write_text("")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    result = load_paths([tmp_path])
    assert [d.id for d in result.documents] == ["story"]
    assert result.failures == []
    assert result.skipped == [LoadFailure(str(tmp_path / "photo.jpg"), "not an article file (unsupported file type)")]


def test_explicit_hidden_and_readme_files_load(tmp_path):
    (tmp_path / ".draft.txt").write_text("Hidden draft.\n")
    (tmp_path / "README.md").write_text("# Notes\n\nText.\n")
    result = load_paths([tmp_path / ".draft.txt", tmp_path / "README.md"])
    assert [d.id for d in result.documents] == [".draft", "README"]


def test_uppercase_suffixes(tmp_path):
    (tmp_path / "STORY.TXT").write_text("Shouted file name.\n")
    (tmp_path / "Page.HTM").write_text("<html><body><article><p>An article in an upper-case file.</p></article></body></html>")
    result = load_paths([tmp_path])
    assert [(d.id, d.format) for d in result.documents] == [("Page", "html"), ("STORY", "text")]


# -- ids -------------------------------------------------------------------------------------------


def test_same_stem_in_subfolders_gets_a_path_id(tmp_path):
    for rel in ["report.txt", "sub/dir/report.txt", "sub/report.md"]:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"Different text in {rel}.\n")
    docs = load_paths([tmp_path]).documents
    assert sorted(d.id for d in docs) == ["report", "sub-dir-report", "sub-report"]
    assert {d.id: d.path for d in docs}["sub-dir-report"] == str(tmp_path / "sub" / "dir" / "report.txt")


def test_same_stem_different_suffix_in_one_folder(tmp_path):
    (tmp_path / "brief.txt").write_text("Text version.\n")
    (tmp_path / "brief.md").write_text("Markdown version.\n")
    assert [d.id for d in load_paths([tmp_path]).documents] == ["brief", "brief-txt"]


def test_same_stem_across_explicit_paths(tmp_path):
    for name in ("one", "two", "three"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "story.txt").write_text(f"Story from {name}.\n")
    (tmp_path / "two" / "story.md").write_text("Another from two.\n")
    paths = [tmp_path / "one" / "story.txt", tmp_path / "two" / "story.txt", tmp_path / "three", tmp_path / "two" / "story.md"]
    ids = [d.id for d in load_paths(paths).documents]
    assert ids == ["story", "two-story", "three-story", "two-story-md"]
    assert len(set(ids)) == len(ids)


def test_feed_entry_ids_do_not_collide(tmp_path):
    (tmp_path / "sub").mkdir()
    feed = (FIXTURES / "wire-service.atom").read_text()
    (tmp_path / "news.atom").write_text(feed)
    (tmp_path / "sub" / "news.atom").write_text(feed.replace("Monday", "Tuesday"))
    (tmp_path / "news-01.txt").write_text("A file whose stem looks like an entry id.\n")
    ids = [d.id for d in load_paths([tmp_path]).documents]
    # the feed's entries keep one base even though only "news-01" is taken
    assert ids == ["news-01", "news-atom-01", "news-atom-02", "sub-news-01", "sub-news-02"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(["a", "b", "a-b", "b-01", "x"]), min_size=1, max_size=6),
       st.lists(st.sampled_from([".txt", ".md", ".text"]), min_size=6, max_size=6))
def test_ids_are_always_unique(stems, suffixes):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for n, (stem, suffix) in enumerate(zip(stems, suffixes)):
            sub = root / ("" if n % 2 else "a") / ("b" if n % 3 == 0 else "")
            sub.mkdir(parents=True, exist_ok=True)
            (sub / f"{stem}{suffix}").write_text(f"Unique text number {n}.\n")
        docs = load_paths([root, root / "a"]).documents
        assert len({d.id for d in docs}) == len(docs)


# -- duplicates ------------------------------------------------------------------------------------


def test_duplicate_content_is_skipped(tmp_path):
    (tmp_path / "a.txt").write_text("The same story twice.\n")
    (tmp_path / "b.txt").write_text("The same story twice.\n")
    (tmp_path / "c.md").write_text("The same story twice.\n")
    result = load_paths([tmp_path])
    assert [d.id for d in result.documents] == ["a"]
    assert result.failures == []
    assert result.skipped == [
        LoadFailure(str(tmp_path / "b.txt"), f"duplicate of {tmp_path / 'a.txt'}"),
        LoadFailure(str(tmp_path / "c.md"), f"duplicate of {tmp_path / 'a.txt'}"),
    ]


def test_same_file_given_twice(tmp_path):
    (tmp_path / "a.txt").write_text("Story.\n")
    result = load_paths([tmp_path / "a.txt", tmp_path, tmp_path / "a.txt"])
    assert [d.id for d in result.documents] == ["a"]
    assert [s.reason for s in result.skipped] == [f"duplicate of {tmp_path / 'a.txt'}"] * 2


def test_different_encodings_are_not_duplicates(tmp_path):
    (tmp_path / "a.txt").write_text("Same words.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Same words.\n", encoding="utf-16")
    assert len(load_paths([tmp_path]).documents) == 2


# -- failures --------------------------------------------------------------------------------------


def test_missing_path(tmp_path):
    missing = tmp_path / "nope.txt"
    result = load_paths([missing])
    assert result == LoadResult([], [LoadFailure(str(missing), "no such file or directory")], [])


def test_empty_directory_and_directory_without_articles(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "other" / "README").write_text("Nothing to see.\n")
    (tmp_path / "other" / "sources.toml").write_text("")
    result = load_paths([tmp_path / "empty", tmp_path / "other"])
    assert reasons(result) == {
        str(tmp_path / "empty"): "no articles found in directory",
        str(tmp_path / "other"): "no articles found in directory",
    }


def test_empty_subfolder_is_not_reported(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "a.txt").write_text("Story.\n")
    result = load_paths([tmp_path])
    assert result.failures == [] and result.skipped == []


@pytest.mark.parametrize("content", [b"", b"  \n\r\n\t "])
def test_empty_file(tmp_path, content):
    path = tmp_path / "blank.txt"
    path.write_bytes(content)
    assert reasons(load_paths([path])) == {str(path): "empty file"}


def test_binary_file(tmp_path):
    path = tmp_path / "noise.txt"
    path.write_bytes(random.Random(7).randbytes(2048))
    assert reasons(load_paths([path])) == {str(path): "binary file, not text"}


@pytest.mark.parametrize("suffix", [".md", ".html", ".rss"])
def test_binary_file_in_other_formats(tmp_path, suffix):
    path = tmp_path / f"noise{suffix}"
    path.write_bytes(b"\x00\x01\x02\x03" + random.Random(3).randbytes(1024))
    (failure,) = load_paths([path]).failures
    assert "\n" not in failure.reason


def test_too_large(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("x" * 1000)
    assert reasons(load_paths([path], max_bytes=100)) == {
        str(path): "too large: 1.0 kB > limit 100 bytes (raise --max-size)"
    }
    assert len(load_paths([path], max_bytes=1000).documents) == 1


def test_too_large_message_in_megabytes_without_reading(tmp_path, monkeypatch):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as fh:
        fh.truncate(52_400_000)  # sparse: costs nothing on disk
    real_open = builtins.open

    def guarded_open(file, *args, **kwargs):
        assert Path(file) != path, "a file over the limit must not be opened"
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded_open)
    assert reasons(load_paths([path])) == {str(path): "too large: 52.4 MB > limit 5.0 MB (raise --max-size)"}


def test_permission_denied(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text("Embargoed until Monday.\n")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running with privileges that read mode-000 files")
        result = load_paths([path, FIXTURES / "rates-bulletin.txt"])
        assert reasons(result) == {str(path): "permission denied"}
        assert len(result.documents) == 1
    finally:
        path.chmod(0o644)


def test_permission_error_is_reported(tmp_path, monkeypatch):
    """The same as above, simulated, so it also runs as root."""
    path = tmp_path / "secret.txt"
    path.write_text("Embargoed until Monday.\n")
    real_open = builtins.open

    def denying_open(file, *args, **kwargs):
        if Path(file) == path:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", denying_open)
    result = load_paths([tmp_path])
    assert reasons(result) == {str(path): "permission denied"}


def test_unreadable_directory(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "a.txt").write_text("Story.\n")
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("running with privileges that read mode-000 folders")
        assert reasons(load_paths([tmp_path])) == {str(locked): "permission denied"}
    finally:
        locked.chmod(0o755)


def test_directory_named_like_an_article(tmp_path):
    (tmp_path / "x.txt").mkdir()
    (tmp_path / "x.txt" / "inner.txt").write_text("Inside a folder with a file-like name.\n")
    (tmp_path / "empty.md").mkdir()
    result = load_paths([tmp_path])
    assert [d.id for d in result.documents] == ["inner"]
    assert result.failures == []
    # named explicitly it is still a folder
    assert reasons(load_paths([tmp_path / "empty.md"])) == {str(tmp_path / "empty.md"): "no articles found in directory"}


def test_symlink_loop_in_folder(tmp_path):
    (tmp_path / "a.txt").write_text("Story.\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("Another story.\n")
    (tmp_path / "sub" / "up").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "sub" / "self").symlink_to(tmp_path / "sub", target_is_directory=True)
    result = load_paths([tmp_path])
    assert [d.id for d in result.documents] == ["a", "b"]
    assert reasons(result) == {
        str(tmp_path / "sub" / "self"): "symlink loop: links back to a parent folder",
        str(tmp_path / "sub" / "up"): "symlink loop: links back to a parent folder",
    }


def test_symlinked_folder_loaded_once(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.txt").write_text("Story.\n")
    (tmp_path / "alias").symlink_to(tmp_path / "real", target_is_directory=True)
    result = load_paths([tmp_path])
    assert [d.path for d in result.documents] == [str(tmp_path / "alias" / "a.txt")]
    assert result.skipped == [LoadFailure(str(tmp_path / "real"), "folder already loaded through another link")]


def test_self_referencing_file_symlink(tmp_path):
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    (tmp_path / "ok.txt").write_text("Fine.\n")
    result = load_paths([tmp_path])
    assert [d.id for d in result.documents] == ["ok"]
    (failure,) = result.failures
    assert failure.path == str(tmp_path / "loop.txt")
    assert "symlink loop" in failure.reason
    assert reasons(load_paths([tmp_path / "loop.txt"]))[str(tmp_path / "loop.txt")].startswith("symlink loop")


def test_broken_symlink(tmp_path):
    (tmp_path / "gone.txt").symlink_to(tmp_path / "deleted.txt")
    assert reasons(load_paths([tmp_path])) == {str(tmp_path / "gone.txt"): "broken symlink (its target does not exist)"}


def test_special_file_is_not_read(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert reasons(load_paths([tmp_path])) == {str(fifo): "not a regular file"}


def test_malformed_front_matter_among_good_files(tmp_path):
    (tmp_path / "bad.md").write_text("---\ntitle: [unclosed\n---\nBody.\n")
    (tmp_path / "good.md").write_text("---\ntitle: Fine\n---\nBody.\n")
    result = load_paths([tmp_path])
    assert [d.id for d in result.documents] == ["good"]
    assert result.failures[0].path == str(tmp_path / "bad.md")
    assert result.failures[0].reason.startswith("malformed front matter: ")


def test_parser_crash_becomes_a_failure(tmp_path, monkeypatch):
    import briefing.ingest.html as html_module

    def explode(data):
        raise RuntimeError("parser fell over\nwith a second line")

    monkeypatch.setattr(html_module, "parse_html", explode)
    (tmp_path / "page.html").write_text("<p>Hello</p>")
    (tmp_path / "ok.txt").write_text("Fine.\n")
    result = load_paths([tmp_path])
    assert [d.id for d in result.documents] == ["ok"]
    assert reasons(result) == {str(tmp_path / "page.html"): "could not parse: RuntimeError: parser fell over with a second line"}


def test_failed_file_does_not_block_its_duplicate_reason(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.txt").write_bytes(b"")
    assert reasons(load_paths([tmp_path])) == {str(tmp_path / "a.txt"): "empty file", str(tmp_path / "b.txt"): "empty file"}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400), st.sampled_from(SUPPORTED_SUFFIXES + (".bin",)))
def test_load_paths_never_raises(data, suffix):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"fuzz{suffix}"
        path.write_bytes(data)
        result = load_paths([path])
        assert len(result.documents) + len(result.failures) + len(result.skipped) >= 1
        for failure in result.failures:
            assert failure.reason and "\n" not in failure.reason
        for doc in result.documents:
            assert "\r" not in doc.text and doc.text.strip()


def test_without_digests_duplicates_are_still_found(tmp_path):
    """The app's first frame loads a small corpus without SHA-256 digests: the same documents, the
    same duplicates skipped, only the digests left empty."""
    (tmp_path / "a.txt").write_text("Same text.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Same text.\n", encoding="utf-8")
    (tmp_path / "c.txt").write_text("Other text.\n", encoding="utf-8")
    full, quick = load_paths([tmp_path]), load_paths([tmp_path], digests=False)
    assert [d.id for d in quick.documents] == [d.id for d in full.documents] == ["a", "c"]
    assert quick.skipped == full.skipped and "duplicate of" in quick.skipped[0].reason
    assert all(len(d.sha256) == 64 for d in full.documents) and all(d.sha256 == "" for d in quick.documents)
    assert [dataclasses.replace(d, sha256="") for d in full.documents] == quick.documents
