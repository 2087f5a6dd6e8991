"""Smoke test in a real terminal: `briefing` runs inside tmux, keys go in with send-keys and the
screen is read back with capture-pane, as a person would see it.

Skips only where tmux is missing; `.ci/run` installs it.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TMUX = shutil.which("tmux")

pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed (.ci/run installs it with apt-get)")


class Terminal:
    """One tmux server of our own (its own socket), one window of a fixed size."""

    def __init__(self, socket: Path, width: int = 160, height: int = 48) -> None:
        self.socket = str(socket)
        self.width, self.height = width, height

    def tmux(self, *args: str, check: bool = True) -> str:
        done = subprocess.run([TMUX, "-S", self.socket, *args], capture_output=True, text=True, timeout=20)
        if check and done.returncode != 0:
            raise AssertionError(f"tmux {' '.join(args)} failed: {done.stderr.strip()}")
        return done.stdout

    def start(self, command: str, cwd: Path, env: dict[str, str]) -> None:
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        # After the app exits, the shell prints its exit status and keeps the window open, so the
        # test can read what the terminal looks like once the app is gone.
        script = f"cd {shlex.quote(str(cwd))} && env -u COLUMNS -u LINES {exports} {command}; echo BRIEFING-EXIT=$?; sleep 60"
        # Without a client attached, some tmux versions keep 80x24 whatever -x/-y said: open the
        # window on a placeholder, fix its size, then start the app in it.
        self.tmux("-f", "/dev/null", "new-session", "-d", "-s", "smoke", "-x", str(self.width),
                  "-y", str(self.height), "sleep 600")
        self.tmux("set-option", "-t", "smoke", "window-size", "manual", check=False)
        self.tmux("resize-window", "-t", "smoke", "-x", str(self.width), "-y", str(self.height), check=False)
        self.tmux("respawn-pane", "-k", "-t", "smoke", "sh", "-c", script)

    def keys(self, *keys: str, pause: float = 0.4) -> None:
        for key in keys:
            self.tmux("send-keys", "-t", "smoke", key)
            time.sleep(pause)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "smoke")

    def wait_for(self, text: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} did not appear within {timeout:.0f} s; the screen was:\n{screen}")

    def wait_until(self, predicate, what: str, timeout: float = 30.0) -> str:
        """Poll the screen until ``predicate(screen)`` holds (the app may be slow under load)."""
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if predicate(screen):
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{what} did not happen within {timeout:.0f} s; the screen was:\n{screen}")

    def kill(self) -> None:
        self.tmux("kill-server", check=False)


def reader_title(screen: str) -> str:
    """The first line of the reader pane (the article title), from the 160-column layout."""
    return screen.splitlines()[2].split("│")[1].strip()


@pytest.fixture
def terminal(tmp_path):
    term = Terminal(tmp_path / "tmux.sock")
    yield term
    term.kill()


def test_filter_move_corroboration_and_export_in_a_real_terminal(terminal, tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    env = {"TERM": "xterm-256color", "BRIEFING_DATA_DIR": str(tmp_path / "data"),
           "BRIEFING_CONFIG_DIR": str(tmp_path / "config"), "PYTHONPATH": str(ROOT)}
    command = f"{shlex.quote(sys.executable)} -m briefing {shlex.quote(str(ROOT / 'articles'))}"
    terminal.start(command, work, env)

    # The app paints: header counts, topics with their keys, the first article in the reader.
    screen = terminal.wait_for("Military channels")
    assert "5 articles" in screen and "4 independent sources" in screen
    screen = terminal.wait_for(" statements ")  # the reader's statements (the outline comes first)
    assert "[2] Military channels" in screen and "○ [2]" in screen
    assert "Reader" in screen and "Corroboration" in screen

    # 2 activates military-channels: its bullet fills, the article list narrows to 4 of 5.
    terminal.keys("2")
    screen = terminal.wait_for("● [2] Military channels")
    assert "4 of 5" in screen and "1 active" in screen

    # f keeps only military-channels statements; j moves to the second one: the refusal, which
    # the corroboration pane backs with other outlets.
    terminal.keys("f", "J", "J")
    screen = terminal.wait_for("focus mode")
    terminal.keys("j")
    screen = terminal.wait_for("Backed by")
    assert "other independent outlet" in screen

    # tab into the corroboration pane, enter jumps to the backing statement in its own article.
    before = reader_title(terminal.wait_until(
        lambda sc: reader_title(sc).startswith("US Secretary of State wraps up"), "moving to The National"))
    terminal.keys("Tab", "Enter", pause=0.6)
    screen = terminal.wait_until(lambda sc: reader_title(sc) != before, "the jump")
    assert "○ [1] Taiwan" in screen and "● [2] Military channels" in screen  # topics untouched
    # backspace comes back.
    terminal.keys("BSpace", pause=0.6)
    terminal.wait_until(lambda sc: reader_title(sc) == before, "going back")

    # e opens the export dialog; the scope defaults to the active topics; enter writes the file.
    terminal.keys("e")
    screen = terminal.wait_for("Export a briefing")
    assert "Active topics (military-channels)" in screen
    terminal.keys("Enter", pause=1.0)
    screen = terminal.wait_for("Wrote")
    written = work / "briefing.md"
    assert written.exists(), screen
    text = written.read_text(encoding="utf-8")
    assert "\n## Military channels\n" in text and "\n## Taiwan\n" not in text
    assert "did not agree to reestablish military-to-military" in text

    # q quits with status 0 and leaves the terminal clean (no app left on screen).
    terminal.keys("q")
    screen = terminal.wait_for("BRIEFING-EXIT=")
    assert "BRIEFING-EXIT=0" in screen
    assert "Corroboration" not in screen and "\x1b" not in screen

