"""sources.toml sidecars: parsing, precedence over file metadata, malformed sidecars."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.ingest import load_paths
from briefing.ingest.sidecar import SidecarError, parse_sidecar, read_sidecar, sidecar_meta

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def test_fixture_sidecar():
    entries = read_sidecar(FIXTURES / "sources.toml")
    assert entries["wire-report.txt"] == {
        "title": "Rail unions call off Friday strike after late pay offer",
        "outlet": "Continental Wire",
        "published": "2023-07-05",
        "authors": ["Hannah Cole", "Raj Patel"],
        "url": "https://continentalwire.example/business/2023/07/05/rail-strike-off",
    }
    assert "desk" not in entries["wire-report.txt"]
    assert entries["rates-bulletin.txt"] == {
        "outlet": "Continental Wire", "published": "2023-06-15T13:45:00+02:00", "authors": ["Markus Feld"],
    }


def test_unknown_keys_and_non_table_values_are_ignored():
    entries = parse_sidecar(b'version = 2\n["a.txt"]\noutlet = "NPR"\nmood = "grim"\nauthors = []\ntitle = ""\n')
    assert entries == {"a.txt": {"outlet": "NPR"}}


def test_empty_sidecar():
    assert parse_sidecar(b"") == {}
    assert parse_sidecar(b"# nothing yet\n") == {}


def test_malformed_sidecar_raises_one_line():
    with pytest.raises(SidecarError) as info:
        parse_sidecar(b'["a.txt"]\noutlet = NPR\n')
    reason = str(info.value)
    assert reason.startswith("malformed sidecar: ")
    assert "\n" not in reason and "line 2" in reason


def test_lookup_by_name_then_stem():
    entries = {"a.txt": {"outlet": "A"}, "b": {"outlet": "B"}}
    assert sidecar_meta(entries, "a.txt") == {"outlet": "A"}
    assert sidecar_meta(entries, "b.md") == {"outlet": "B"}
    assert sidecar_meta(entries, "c.txt") == {}


def test_sidecar_overrides_front_matter(tmp_path):
    (tmp_path / "story.md").write_text("---\ntitle: From front matter\noutlet: FM Outlet\ndate: 2023-06-01\n---\nBody text.\n")
    (tmp_path / "sources.toml").write_text('["story.md"]\ntitle = "From the sidecar"\npublished = 2023-06-19\n')
    (doc,) = load_paths([tmp_path]).documents
    assert doc.meta["title"] == "From the sidecar"
    assert doc.meta["published"] == "2023-06-19"
    assert doc.meta["outlet"] == "FM Outlet"
    assert doc.meta["meta_sources"] == {"title": "sidecar", "outlet": "front matter", "published": "sidecar"}


def test_sidecar_applies_to_explicitly_named_file(tmp_path):
    (tmp_path / "a.txt").write_text("Some news.\n")
    (tmp_path / "sources.toml").write_text('["a.txt"]\noutlet = "NPR"\n')
    (doc,) = load_paths([tmp_path / "a.txt"]).documents
    assert doc.meta == {"outlet": "NPR", "meta_sources": {"outlet": "sidecar"}}


def test_sidecar_only_covers_its_own_folder(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("Some news.\n")
    (tmp_path / "sources.toml").write_text('["a.txt"]\noutlet = "NPR"\n')
    (doc,) = load_paths([tmp_path]).documents
    assert doc.meta == {}


def test_malformed_sidecar_is_a_failure_but_articles_load(tmp_path):
    (tmp_path / "a.txt").write_text("First story.\n")
    (tmp_path / "b.txt").write_text("Second story.\n")
    (tmp_path / "sources.toml").write_text('["a.txt"\noutlet = "NPR"\n')
    result = load_paths([tmp_path])
    assert [d.id for d in result.documents] == ["a", "b"]
    assert all(d.meta == {} for d in result.documents)
    assert len(result.failures) == 1  # reported once, not once per article
    assert result.failures[0].path == str(tmp_path / "sources.toml")
    assert result.failures[0].reason.startswith("malformed sidecar: ")


def test_feed_takes_only_the_outlet_from_its_sidecar_entry(tmp_path):
    (tmp_path / "wire.atom").write_bytes((FIXTURES / "wire-service.atom").read_bytes())
    (tmp_path / "sources.toml").write_text('["wire.atom"]\noutlet = "Continental Wire"\ntitle = "Not per entry"\n')
    docs = load_paths([tmp_path]).documents
    assert {d.meta["outlet"] for d in docs} == {"Continental Wire"}
    assert docs[0].meta["title"].startswith("Blinken meets Xi")
    assert docs[0].meta["meta_sources"]["outlet"] == "sidecar"
    assert docs[0].meta["meta_sources"]["title"] == "feed"


def test_an_index_csv_gives_metadata_to_a_tree_of_articles():
    """Corpus collections (the AllSides corpus) ship one index.csv with a path column for a tree of folders."""
    from briefing.ingest import load_paths

    folder = Path(__file__).parent / "fixtures" / "indexed"
    result = load_paths([folder])
    assert not result.failures and not [s for s in result.skipped if s.path.endswith("index.csv")]
    docs = {d.id: d for d in result.documents}
    a1 = docs["2024-05-02_a1"].meta
    assert a1["outlet"] == "Harbour Wire" and a1["published"] == "2024-05-02"
    assert a1["title"] == "Council approves the flood barrier, 7 to 6" and a1["authors"] == ["Priya Raman", "Tom Ellery"]
    assert a1["url"] == "https://harbourwire.example/a1"
    assert docs["2024-05-03_a2"].meta["outlet"] == "Coastal Times" and "authors" not in docs["2024-05-03_a2"].meta


def test_a_csv_without_a_path_column_is_not_an_index(tmp_path):
    from briefing.ingest import load_paths

    (tmp_path / "index.csv").write_text("name,value\nx,1\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("The harbour council approved the plan on Tuesday after a long debate.\n",
                                    encoding="utf-8")
    result = load_paths([tmp_path])
    assert len(result.documents) == 1 and not result.failures and "outlet" not in result.documents[0].meta
