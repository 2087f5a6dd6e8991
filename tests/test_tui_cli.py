"""`briefing` opens the app on a terminal and prints the summary otherwise; --theme is checked."""

from __future__ import annotations

import os
import select
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "briefing", *args], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, **(env or {})}, timeout=120)


def test_unknown_theme_is_a_one_line_usage_error():
    r = run("--theme", "neon")
    assert r.returncode == 2
    assert "unknown theme 'neon'" in r.stderr and "dark" in r.stderr and "high-contrast" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr


def test_user_theme_files_are_known_to_the_cli(tmp_path):
    themes = tmp_path / "themes"
    themes.mkdir()
    (themes / "sepia.toml").write_text((ROOT / "themes" / "light.toml").read_text(encoding="utf-8"), encoding="utf-8")
    r = run("summary", "--theme", "sepia", env={"BRIEFING_CONFIG_DIR": str(tmp_path)})
    assert r.returncode == 0, r.stderr


def test_summary_command_and_no_tty_still_print_the_summary():
    for args in (("summary",), ("summary", "articles"), ("articles", "--theme", "light")):
        r = run(*args)
        assert r.returncode == 0, r.stderr
        assert "Military channels" in r.stdout and "5 articles" in r.stdout


def test_user_themes_load_as_textual_themes(tmp_path, monkeypatch):
    from briefing.tui.themes import load_themes, theme_names

    monkeypatch.setenv("BRIEFING_CONFIG_DIR", str(tmp_path))
    (tmp_path / "themes").mkdir()
    (tmp_path / "themes" / "mine.toml").write_text('primary = "#123456"\ndark = false\n', encoding="utf-8")
    (tmp_path / "themes" / "broken.toml").write_text('primary = "not a colour"\n', encoding="utf-8")
    assert theme_names()[:3] == ["dark", "light", "high-contrast"]
    themes, warnings = load_themes()
    names = [t.name for t in themes]
    assert names[:3] == ["dark", "light", "high-contrast"] and "mine" in names and "broken" not in names
    assert len(warnings) == 1 and "broken.toml" in warnings[0]


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_on_a_terminal_briefing_opens_the_app_and_q_quits(tmp_path):
    import fcntl
    import pty
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "BRIEFING_DATA_DIR": str(tmp_path / "data"),
           "BRIEFING_CONFIG_DIR": str(tmp_path / "config")}
    env.pop("TEXTUAL", None)
    proc = subprocess.Popen([sys.executable, "-m", "briefing", "articles", "--theme", "light"], cwd=ROOT,
                            stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True)
    os.close(slave)
    seen = b""
    try:
        deadline = time.monotonic() + 30
        while b"Military" not in seen and time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.5)
            if ready:
                try:
                    seen += os.read(master, 65536)
                except OSError:
                    break
        assert b"Military" in seen, seen[-2000:]
        time.sleep(0.3)
        os.write(master, b"q")
        deadline = time.monotonic() + 15
        while proc.poll() is None and time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    os.read(master, 65536)
                except OSError:
                    break
        assert proc.wait(timeout=5) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)


def test_readme_documents_every_binding():
    """The README's key table and the app agree: every binding the app has is in the table."""
    from briefing.tui.app import BriefingApp
    from briefing.tui.screens.help import EXTRA, binding_rows

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("| key | what it does |", 1)[1].split("\n\n", 1)[0]
    documented = {k for row in table.splitlines()[2:] for k in row.split("|")[1].replace("`", "").replace(" ", "").split("/")}
    documented = {k for part in documented for k in part.split("-")} | documented
    names = {"down": "↓", "up": "↑"}
    for keys, _ in binding_rows(BriefingApp.BINDINGS) + EXTRA:
        for key in keys.replace(" ", "").split("/"):
            for k in key.split("-") if key == "1-9" else [key]:
                assert names.get(k, k) in documented, f"README key table lacks {k!r}"
