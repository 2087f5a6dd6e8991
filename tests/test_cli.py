"""The command line, run as a user runs it (a subprocess), and its exit codes."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "briefing", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, env={**os.environ, **(env or {})}, timeout=120)


def test_summary_of_the_bundled_corpus():
    r = run()
    assert r.returncode == 0, r.stderr
    for label in ("Taiwan", "Military channels", "Fentanyl", "Flights"):
        assert label in r.stdout
    assert "5 articles" in r.stdout and "single source" in r.stdout


def test_export_json_to_file_atomic_and_no_overwrite(tmp_path):
    out = tmp_path / "b.json"
    r = run("export", "--format", "json", "-o", str(out))
    assert r.returncode == 0, r.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["schema"] == "briefing/v1"
    assert len(data["articles"]) == 5 and {t["id"] for t in data["topics"]} == {"taiwan", "military-channels", "fentanyl", "flights"}
    before = out.read_bytes()
    r = run("export", "--format", "json", "-o", str(out))
    assert r.returncode == 1 and "exists" in r.stderr and "Traceback" not in r.stderr
    assert out.read_bytes() == before
    assert run("export", "--format", "json", "-o", str(out), "--force").returncode == 0
    assert [p.name for p in tmp_path.iterdir()] == ["b.json"]


def test_export_topic_filter_and_markdown_is_deterministic(tmp_path):
    r = run("export", "--format", "json", "--topic", "flights")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["statements"] and all("flights" in s["topics"] for s in data["statements"])
    a = run("export", "--format", "md", env={"SOURCE_DATE_EPOCH": "1700000000"}).stdout
    b = run("export", "--format", "md", "--date", "2023-11-14").stdout
    assert a == b and "2023-11-14" in a


@pytest.mark.parametrize("args, code, message", [
    (("export", "--format", "pdf"), 2, "invalid choice"),
    (("export", "--topic", "nope"), 2, "unknown topic"),
    (("export", "--date", "yesterday"), 2, "YYYY-MM-DD"),
    (("/no/such/folder",), 1, "no such file or directory"),
    (("check", "--topics", "/no/topics.toml"), 1, "topics file not found"),
    (("export", "-o", "/no/such/dir/out.md"), 1, "/no/such/dir"),
    (("--bogus",), 2, "unrecognized arguments"),
])
def test_user_errors_are_one_line_without_traceback(args, code, message):
    r = run(*args)
    assert r.returncode == code, (r.returncode, r.stderr)
    assert message in r.stderr
    assert "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_debug_shows_the_traceback():
    r = run("check", "--topics", "/no/topics.toml", "--debug")
    assert "Traceback" in r.stderr


def test_check_lists_loaded_and_failed_files(tmp_path):
    (tmp_path / "good.txt").write_text("Officials met in Rome on Tuesday to agree a plan on debt relief for poor countries.\n")
    (tmp_path / "empty.txt").write_text("")
    r = run("check", str(tmp_path))
    assert r.returncode == 1
    assert "loaded" in r.stdout and "failed" in r.stdout and "empty" in r.stdout
    r = run("check")
    assert r.returncode == 0 and r.stdout.count("loaded") >= 5


def test_python_m_and_console_script_agree():
    script = Path(sys.executable).parent / "briefing"
    if not script.exists():
        pytest.skip("console script not installed in this environment")
    r = subprocess.run([str(script), "--version"], capture_output=True, text=True)
    assert r.stdout.strip() == run("--version").stdout.strip()


@pytest.mark.parametrize("content, message", [
    ("[[topic]\nid = ", "topics.toml"),               # not TOML
    ("[[topic]]\nlabel = 'No id'\n", "topics.toml"),  # TOML, but not a topics file
])
def test_a_bad_topics_file_is_one_line_naming_the_file(tmp_path, content, message):
    bad = tmp_path / "topics.toml"
    bad.write_text(content, encoding="utf-8")
    for args in (("check", "--topics", str(bad)), ("export", "--topics", str(bad))):
        r = run(*args)
        assert r.returncode == 1, r.stderr
        assert message in r.stderr and "Traceback" not in r.stderr
        assert len(r.stderr.strip().splitlines()) == 1


def test_an_unwritable_export_path_is_one_line(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    r = run("export", "-o", str(blocker / "out.md"))  # a file where a folder should be
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and str(blocker) in r.stderr
