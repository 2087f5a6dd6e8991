"""``briefing cache info|clear`` and ``--no-cache``, run as a user runs them (a subprocess)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, cache: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "BRIEFING_CACHE_DIR": str(cache)}
    return subprocess.run([sys.executable, "-m", "briefing", *args], capture_output=True, text=True, cwd=ROOT,
                          env=env, timeout=120)


def test_cache_info_and_clear(tmp_path):
    cache = tmp_path / "cache"
    r = run("cache", "info", cache=cache)
    assert r.returncode == 0 and "not created yet" in r.stdout
    assert run("summary", cache=cache).returncode == 0
    r = run("cache", "info", cache=cache)
    assert r.returncode == 0, r.stderr
    assert str(cache / "index.sqlite3") in r.stdout
    assert "files       5" in r.stdout and "engine" in r.stdout and "statements" in r.stdout
    r = run("cache", "clear", cache=cache)
    assert r.returncode == 0 and "cleared" in r.stdout
    assert "files       0" in run("cache", "info", cache=cache).stdout


def test_no_cache_does_not_create_the_index(tmp_path):
    cache = tmp_path / "cache"
    r = run("export", "--format", "json", "--no-cache", cache=cache)
    assert r.returncode == 0
    assert not cache.exists()


def test_output_is_the_same_with_and_without_the_index(tmp_path):
    cache = tmp_path / "cache"
    args = ("export", "--format", "md", "--date", "2024-01-01")
    plain = run(*args, "--no-cache", cache=cache).stdout
    assert run(*args, cache=cache).stdout == plain  # cold index
    assert run(*args, cache=cache).stdout == plain  # warm index
    assert plain.strip()


def test_a_garbage_index_is_a_note_not_an_error(tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "index.sqlite3").write_bytes(b"\x00garbage" * 1000)
    r = run("summary", cache=cache)
    assert r.returncode == 0
    assert r.stderr.count("\n") == 1 and "set it aside" in r.stderr
    assert run("summary", cache=cache).stderr == ""


def test_cache_usage_errors_are_one_line(tmp_path):
    r = run("cache", "shred", cache=tmp_path / "cache")
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and r.stderr.startswith("briefing: ")
