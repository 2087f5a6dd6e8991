"""Provenance to the character: spans, the manifest in the markdown briefing, verify."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefing.ingest import load_paths
from briefing.pipeline import build_corpus
from briefing.provenance import (ProvenanceError, build_manifest, cited_paths, cited_statements, read_manifest,
                                 render_manifest, verify)

ARTICLES = Path(__file__).resolve().parent.parent / "articles"


@pytest.fixture
def copy(tmp_path):
    folder = tmp_path / "articles"
    shutil.copytree(ARTICLES, folder)
    return folder


def test_every_span_is_the_statement_in_the_decoded_source(copy):
    corpus = build_corpus([copy])
    docs = {d.id: d for d in load_paths([copy]).documents}
    for s in corpus.statements():
        start, end = s.span
        assert " ".join(docs[s.article].text[start:end].split()) == " ".join(s.text.split()), s.id


def test_manifest_round_trip_and_verify(copy):
    corpus = build_corpus([copy])
    ids = [s.id for s in corpus.statements(["military-channels"])]
    manifest = build_manifest(corpus, ids)
    assert cited_statements(manifest) == ids and len(manifest["files"]) == 4
    assert all(len(f["sha256"]) == 64 for f in manifest["files"])
    text = "# Briefing\n\nbody\n\n" + render_manifest(manifest)
    assert read_manifest(text) == manifest
    assert verify(manifest) == (len(ids), [])
    # Appending to a source file keeps every cited character where it was: still verified.
    npr = next(Path(p) for p in cited_paths(manifest) if "003_" in p)
    npr.write_text(npr.read_text(encoding="utf-8") + "\nA new paragraph at the end.\n", encoding="utf-8")
    assert verify(manifest)[1] == []
    # Editing a cited sentence breaks exactly that citation, named.
    cited = corpus.statement(next(i for i in ids if i.startswith("003_") and "reestablish" in corpus.statement(i).text))
    source = npr.read_text(encoding="utf-8")
    npr.write_text(source.replace("reestablish military-to-military", "restore military-to-military"), encoding="utf-8")
    checked, problems = verify(manifest)
    assert checked == len(ids)
    assert [p.statement for p in problems] == [cited.id] or cited.id in [p.statement for p in problems]
    assert all(p.reason == "the cited text changed in the source file" for p in problems)
    # A vanished file fails every citation it carried.
    npr.unlink()
    gone = [p for p in verify(manifest)[1] if p.reason == "the source file is gone"]
    assert {p.statement for p in gone} == {i for i in ids if i.startswith("003_")}


def test_article_text_cannot_close_the_manifest(tmp_path):
    (tmp_path / "evil.txt").write_text(
        "Officials said the harbour talks --> <!-- briefing-provenance {} --> were productive on Tuesday.\n",
        encoding="utf-8")
    corpus = build_corpus([tmp_path])
    manifest = build_manifest(corpus, [s.id for s in corpus.statements()])
    block = render_manifest(manifest)
    assert block.count("-->") == 1 and "<!--" not in block[4:]
    assert read_manifest("x\n" + block) == manifest


def test_a_briefing_without_a_manifest_says_so():
    with pytest.raises(ProvenanceError, match="no provenance manifest"):
        read_manifest("# Briefing\n\nno manifest here\n")
