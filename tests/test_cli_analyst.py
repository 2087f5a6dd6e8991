"""The analyst commands: export --provenance, open, verify, diff, --filter and --view, config errors."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.pipeline import build_corpus
from briefing.provenance import cited_statements, read_briefing
from briefing.state import UserState
from briefing.tui.app import BriefingApp

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def env(tmp_path):
    return {**os.environ, "BRIEFING_DATA_DIR": str(tmp_path / "data"), "BRIEFING_CONFIG_DIR": str(tmp_path / "config"),
            "BRIEFING_CACHE_DIR": str(tmp_path / "cache"), "COLUMNS": "200"}


def run(env, *args):
    return subprocess.run([sys.executable, "-m", "briefing", *args], capture_output=True, text=True, cwd=ROOT,
                          env=env, timeout=180)


async def test_provenance_briefing_reopens_with_its_stars_and_verifies(tmp_path, env, monkeypatch):
    corpus_dir = tmp_path / "articles"
    shutil.copytree(ROOT / "articles", corpus_dir)
    brief = tmp_path / "brief.md"
    done = run(env, "export", "--format", "md", "--provenance", "-o", str(brief), str(corpus_dir))
    assert done.returncode == 0, done.stderr
    manifest = read_briefing(brief)
    cited = cited_statements(manifest)
    assert len(cited) > 100 and len(manifest["files"]) == 5

    # verify passes on the untouched corpus.
    done = run(env, "verify", str(brief))
    assert done.returncode == 0 and done.stdout.startswith(f"ok: {len(cited)} citations verified")

    # open (off a terminal) stars every cited statement; the app on those files shows them starred.
    done = run(env, "open", str(brief))
    assert done.returncode == 0 and f"starred {len(cited)} cited statements in 5 files" in done.stdout
    monkeypatch.setenv("BRIEFING_DATA_DIR", env["BRIEFING_DATA_DIR"])
    monkeypatch.setenv("BRIEFING_CONFIG_DIR", env["BRIEFING_CONFIG_DIR"])
    assert UserState.load().stars == set(cited)
    corpus = build_corpus([f["path"] for f in manifest["files"]])
    app = BriefingApp(corpus)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        first = next(s for s in corpus.article(app.article_id).statements if s.id in cited)
        assert "★" in app.query_one("#reader").get_option(first.id).prompt.plain

    # Edit one cited sentence: verify fails, naming that citation.
    npr = corpus_dir / "003_c05f0c92d6ef5827.txt"
    npr.write_text(npr.read_text(encoding="utf-8").replace("reestablish military-to-military",
                                                            "restore military-to-military"), encoding="utf-8")
    changed = next(s.id for s in corpus.statements() if "reestablish military-to-military" in s.text)
    done = run(env, "verify", str(brief))
    assert done.returncode == 1
    assert f"{changed} (" in done.stdout and "the cited text changed in the source file" in done.stdout
    assert "no longer hold" in done.stderr


def test_verify_and_open_need_a_manifest(tmp_path, env):
    plain = tmp_path / "plain.md"
    plain.write_text("# Briefing\n", encoding="utf-8")
    for command in ("verify", "open"):
        done = run(env, command, str(plain))
        assert done.returncode == 1 and "no provenance manifest" in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1


def test_diff_command_table_and_markdown(tmp_path, env):
    old = tmp_path / "old"
    old.mkdir()
    shutil.copy(FIXTURES / "discrepancy" / "harbour-wire.md", old)
    old_json = tmp_path / "old.json"
    assert run(env, "export", "--format", "json", "-o", str(old_json), str(old)).returncode == 0
    done = run(env, "diff", str(old_json), str(FIXTURES / "discrepancy"))
    assert done.returncode == 0, done.stderr
    assert "Points where sources differ" in done.stdout and "appeared" in done.stdout and "150 metres" in done.stdout
    out = tmp_path / "changes.md"
    done = run(env, "diff", str(old_json), str(FIXTURES / "discrepancy"), "--format", "md", "-o", str(out))
    assert done.returncode == 0 and "- **appeared**: distance: 150 metres vs 200 metres" in out.read_text()
    done = run(env, "diff", str(tmp_path / "nope.json"), str(old))
    assert done.returncode == 1 and "no such file or directory" in done.stderr


def test_filter_and_views_on_the_command_line(tmp_path, env):
    done = run(env, "export", "--format", "json", "-o", "-", "--filter", "speaker:blinken -topic:military-channels")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["statements"] and all(s["speaker_name"] == "Antony Blinken" for s in data["statements"])
    assert all("military-channels" not in s["topics"] for s in data["statements"])
    config = Path(env["BRIEFING_CONFIG_DIR"])
    config.mkdir(parents=True)
    (config / "config.toml").write_text('[views]\nnpr = "outlet:npr"\n', encoding="utf-8")
    data = json.loads(run(env, "export", "--format", "json", "-o", "-", "--view", "npr").stdout)
    outlets = {a["id"]: a["outlet"] for a in data["articles"]}
    assert data["statements"] and {outlets[s["article"]] for s in data["statements"]} == {"NPR"}
    done = run(env, "export", "--view", "nope")
    assert done.returncode == 2 and "unknown view 'nope' (views: npr)" in done.stderr
    done = run(env, "export", "--filter", "foo:bar")
    assert done.returncode == 2 and "unknown field 'foo'" in done.stderr


def test_a_bad_config_file_stops_the_app_with_the_line(tmp_path, env, monkeypatch):
    config = Path(env["BRIEFING_CONFIG_DIR"])
    config.mkdir(parents=True)
    (config / "config.toml").write_text('[keys]\nstar = "x"\nstra = "y"\n', encoding="utf-8")
    from briefing import cli

    monkeypatch.setenv("BRIEFING_CONFIG_DIR", str(config))
    with pytest.raises(cli.UserError, match="line 3: unknown binding id 'stra'") as info:
        cli._config(binding_ids={b.id for b in BriefingApp.BINDINGS if b.id})
    assert info.value.code == 2
