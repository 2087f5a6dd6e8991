"""Briefing diff: statements, groups and discrepancies that appear, change or go away."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from briefing.diff import APPEARED, CHANGED, GONE, DiffError, diff_briefings, load_briefing, render_markdown
from briefing.export import render_json
from briefing.pipeline import build_corpus

FIXTURES = Path(__file__).parent / "fixtures" / "discrepancy"


@pytest.fixture
def before_and_after(tmp_path):
    old = tmp_path / "monday"
    old.mkdir()
    shutil.copy(FIXTURES / "harbour-wire.md", old)
    new = tmp_path / "tuesday"
    shutil.copytree(FIXTURES, new)
    return old, new


def test_a_new_article_adds_statements_facts_and_a_discrepancy(before_and_after):
    old, new = (load_briefing(p) for p in before_and_after)
    d = diff_briefings(old, new)
    appeared = [c for c in d.statements if c.status == APPEARED]
    assert len(appeared) == 4 and all(c.detail == "Coastal Times" for c in appeared)
    changed = [c for c in d.statements if c.status == CHANGED]
    assert changed and all("1 → 2 independent outlets" in c.detail for c in changed)
    assert {c.status for c in d.groups} == {APPEARED} and len(d.groups) == 3
    assert [(c.status, c.text) for c in d.discrepancies] == [(APPEARED, "distance: 150 metres vs 200 metres")]
    # And the other way round, everything goes away.
    back = diff_briefings(new, old)
    assert {c.status for c in back.groups} == {GONE} and back.discrepancies[0].status == GONE
    assert len([c for c in back.statements if c.status == GONE]) == 4


def test_the_same_briefing_twice_is_no_change(before_and_after, tmp_path):
    _, new = before_and_after
    out = tmp_path / "b.json"
    out.write_text(render_json(build_corpus([new])), encoding="utf-8")
    d = diff_briefings(load_briefing(out), load_briefing(new))
    assert d.empty
    assert "_Nothing appeared, changed or went away._" in render_markdown(d, "b.json", "tuesday")


def test_an_edited_statement_is_changed_not_new(before_and_after):
    old_dir, new_dir = before_and_after
    edited = new_dir / "harbour-wire.md"
    edited.write_text(edited.read_text(encoding="utf-8").replace("forced it to slow down", "forced it to stop"),
                      encoding="utf-8")
    shutil.copy(FIXTURES / "coastal-times.txt", old_dir)
    shutil.copy(FIXTURES / "sources.toml", old_dir)
    d = diff_briefings(load_briefing(old_dir), load_briefing(new_dir))
    [c] = [c for c in d.statements if c.status == CHANGED and "was:" in c.detail]
    assert "forced it to stop" in c.text and "forced it to slow down" in c.detail


def test_markdown_diff_is_escaped(before_and_after):
    old, new = (load_briefing(p) for p in before_and_after)
    md = render_markdown(diff_briefings(old, new), "mon[day](x)", "tuesday")
    assert md.startswith("# Briefing diff: mon\\[day\\]\\(x\\) → tuesday")
    assert "## Points where sources differ" in md and "- **appeared**: distance: 150 metres vs 200 metres" in md


def test_unreadable_sides_are_one_line_errors(tmp_path):
    with pytest.raises(DiffError, match="no such file"):
        load_briefing(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"schema": "other"}), encoding="utf-8")
    with pytest.raises(DiffError, match="not a briefing/v1 JSON export"):
        load_briefing(bad)


def test_on_the_bundled_corpus_when_the_fifth_article_arrives(tmp_path):
    """Four bundled articles on Monday, all five on Tuesday: the fifth's statements appear, facts it
    backs gain an outlet, and nothing goes away."""
    root = Path(__file__).resolve().parent.parent / "articles"
    monday = tmp_path / "monday"
    shutil.copytree(root, monday)
    (monday / "004_e8bb19c46cbb1550.txt").unlink()
    d = diff_briefings(load_briefing(monday), load_briefing(root))
    appeared = [c for c in d.statements if c.status == APPEARED]
    assert len(appeared) == len(build_corpus([root]).article("004_e8bb19c46cbb1550").statements)
    assert not [c for c in d.statements if c.status == GONE]
    assert any("independent outlets" in c.detail for c in d.groups if c.status in (CHANGED, APPEARED))
    assert not [c for c in d.groups if c.status == GONE]
