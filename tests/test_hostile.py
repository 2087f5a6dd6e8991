"""The hostile corpus (tests/hostile.py): `briefing check` reports each file, the app opens on it,
shows every loaded article literally, lists what failed, survives tiny terminals, and exits clean."""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.pipeline import build_corpus
from briefing.tui.app import BriefingApp
from briefing.tui.screens import LoadReportScreen
from hostile import EXPECTED, build, cleanup

ROOT = Path(__file__).resolve().parent.parent
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def expected(name: str) -> tuple[str, str]:
    status, words = EXPECTED[name]
    if name == "unreadable.txt" and AS_ROOT:  # root reads mode-000 files
        return "loaded", "Nobody may read"
    return status, words


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = build(tmp_path_factory.mktemp("hostile") / "corpus")
    yield folder
    cleanup(folder)


@pytest.fixture(scope="module")
def corpus(hostile):
    return build_corpus([hostile])


@pytest.fixture
def data(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("BRIEFING_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.chdir(tmp_path)


def run_cli(*args: str, env: dict | None = None, timeout: float = 180) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "briefing", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=timeout, env={**os.environ, "COLUMNS": "250", **(env or {})})


# -- briefing check --------------------------------------------------------------------------------
def test_check_reports_every_hostile_file_with_a_one_line_reason(hostile):
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    done = run_cli("check", str(hostile))  # the timeout is a hang detector, not a performance figure
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert done.returncode == 1, done.stderr  # some files failed
    assert "Traceback" not in done.stderr and done.stderr.strip() == ""
    rows = {}
    for line in done.stdout.splitlines():
        cells = [c.strip() for c in line.split("│")]
        if len(cells) >= 6 and cells[1] in ("loaded", "failed", "skipped"):
            rows[Path(cells[2]).name] = (cells[1], cells[4])
    for name in EXPECTED:
        status, words = expected(name)
        want = "loaded" if status == "loaded" else "skipped" if status in ("skipped", "duplicate") else "failed"
        assert name in rows, f"{name} is not reported:\n{done.stdout}"
        got_status, reason = rows[name]
        assert got_status == want, (name, rows[name])
        if want != "loaded":
            assert words in reason, (name, reason)
    # Bounded memory: the 50 MB file is refused after reading at most the limit, never whole.
    assert max(peak_kib, before) < 600 * 1024, f"peak RSS {peak_kib} KiB"


def test_size_limit_is_configurable_with_a_clear_message(hostile):
    done = run_cli("check", "--max-size", "0.5", str(hostile / "one-long-line.txt"))
    assert done.returncode == 1
    assert "too large: 1.0 MB > limit 500.0 kB (raise --max-size)" in done.stdout
    done = run_cli("check", "--max-size", "0", str(hostile))
    assert done.returncode == 2 and done.stderr.strip() == "briefing: --max-size must be positive"


def test_a_directory_named_like_a_file_is_a_folder_not_an_error(hostile):
    done = run_cli("check", str(hostile / "x.txt"))
    assert done.returncode == 1 and "no articles found in directory" in done.stdout


# -- what the engine made of it ----------------------------------------------------------------------
def test_every_loadable_file_loads_and_keeps_its_text(corpus, hostile):
    texts = {Path(a.path).name.split("#")[0]: " ".join(s.text for s in a.statements) for a in corpus.articles}
    for name in EXPECTED:
        status, words = expected(name)
        if status == "loaded":
            assert name in texts, f"{name} did not load"
            assert words in texts[name], (name, texts[name][:200])
    # Duplicates are loaded once and reported once.
    assert [s.reason for s in corpus.skipped if s.path.endswith("copy-b.txt")] == [f"duplicate of {hostile / 'copy-a.txt'}"]
    assert sum(Path(a.path).name in ("copy-a.txt", "copy-b.txt") for a in corpus.articles) == 1
    # Non-English text is kept whole, right-to-left marks and all.
    assert len([a for a in corpus.articles if Path(a.path).name in ("chinese.txt", "arabic.txt")]) == 2


# -- the app on the hostile corpus -------------------------------------------------------------------
def rendered(widget) -> str:
    return "\n".join(widget.render_line(y).text for y in range(widget.size.height))


async def test_app_opens_shows_every_article_literally_and_lists_failures(corpus, data):
    app = BriefingApp(corpus)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        assert f"{len(corpus.failures)} not loaded (L)" in app.sub_title
        notes = [n for n in app._notifications if "not loaded" in (n.title or "")]
        assert len(notes) == 1 and "(L lists every file and why)" in notes[0].message
        # Every loaded article can be opened; its statements are on screen with no control characters.
        for n, article in enumerate(corpus.articles):
            if n:
                await pilot.press("J")
                await pilot.pause()
            assert app.article_id == article.id
            reader = rendered(app.query_one("#reader"))
            assert not CONTROL.search(reader), (article.path, reader[:300])
            first = article.statements[0].text if article.statements else ""
            shown = CONTROL.sub("", " ".join(first.split()))[:30]
            assert shown.split()[0] in reader, (article.path, shown, reader[:300])
        markup = next(a for a in corpus.articles if a.path.endswith("markup.txt"))
        await pilot.press(*["K"] * (len(corpus.articles) - 1 - corpus.articles.index(markup)))
        await pilot.pause()
        assert "[bold red]tariffs[/]" in rendered(app.query_one("#reader"))
        # L lists every failure and every skipped file with its reason.
        await pilot.press("L")
        await pilot.pause()
        assert isinstance(app.screen, LoadReportScreen)
        report = app.screen.text
        for f in (*corpus.failures, *corpus.skipped):
            assert f.path in report and f.reason in report
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, LoadReportScreen)


async def test_app_survives_resize_to_20x5_and_back(corpus, data):
    app = BriefingApp(corpus)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        for size in [(20, 5), (1, 1), (20, 5), (80, 24), (160, 48)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
            await pilot.press("j", "J", "2", "f")
            await pilot.pause()
        assert app.is_running and app.screen.size == (160, 48)
        assert app.query_one("#reader").region.width > 40
        await pilot.press("question_mark")
        await pilot.resize_terminal(20, 5)
        await pilot.pause()
        await pilot.press("escape", "q")
        await pilot.pause()
        assert app._exit


def test_terminal_is_left_clean_after_quit_and_after_an_error(tmp_path):
    """In a real pseudo-terminal: after q, and after the app dies of an error, the alternate
    screen is left, the cursor shown and mouse reporting turned off."""
    pty = pytest.importorskip("pty")
    import select
    import time

    def session(args: list[str], keys: bytes, env_extra: dict) -> bytes:
        """Run ``python ARGS`` on a pseudo-terminal, send ``keys`` once it has painted, return its output."""
        master, slave = pty.openpty()
        env = {**os.environ, "TERM": "xterm-256color", "BRIEFING_DATA_DIR": str(tmp_path / "data"),
               "BRIEFING_CONFIG_DIR": str(tmp_path / "config"), **env_extra}
        for k in ("COLUMNS", "LINES", "TEXTUAL"):
            env.pop(k, None)
        proc = subprocess.Popen([sys.executable, *args], cwd=ROOT, stdin=slave, stdout=slave,
                                stderr=slave, env=env, close_fds=True)
        os.close(slave)
        out = b""
        sent = False
        deadline = time.monotonic() + 60
        try:
            while time.monotonic() < deadline:
                ready, _, _ = select.select([master], [], [], 0.2)
                if ready:
                    try:
                        chunk = os.read(master, 65536)
                    except OSError:
                        break
                    if not chunk:
                        break
                    out += chunk
                if not sent and b"Military" in out:
                    time.sleep(0.3)
                    os.write(master, keys)
                    sent = True
                if proc.poll() is not None and not ready:
                    break
            proc.wait(timeout=10)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            os.close(master)
        return out

    def assert_restored(out: bytes) -> None:
        enter = out.rfind(b"\x1b[?1049h")
        leave = out.rfind(b"\x1b[?1049l")
        assert enter != -1 and leave > enter, "the alternate screen was not left"
        tail = out[leave - 200:]
        assert b"\x1b[?25h" in out[enter:], "the cursor was not shown again"
        assert b"\x1b[?1000l" in out[enter:] or b"\x1b[?1003l" in out[enter:], "mouse reporting left on"
        assert tail  # something was written on the way out

    assert_restored(session(["-m", "briefing", "articles"], b"q", {}))
    # An error inside the app (starring made to raise) must still restore the terminal, and the
    # error is one line unless --debug.
    crash = session(["-c", "import briefing.tui.app as m, sys\n"
                           "m.BriefingApp.action_star = lambda self: 1 / 0\n"
                           "from briefing.cli import main\n"
                           "sys.exit(main(['articles']))"], b"s", {})
    assert b"ZeroDivisionError" in crash, "the app did not crash as arranged"
    assert_restored(crash)


def test_the_app_quits_when_its_terminal_goes_away(tmp_path):
    """Closing the terminal (a closed window, a killed tmux) while a parent such as make holds the
    session used to leave the app spinning at full CPU on end-of-file; it must quit."""
    import select
    import signal
    import time

    pty = pytest.importorskip("pty")
    master, slave = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color"}
    for k in ("COLUMNS", "LINES", "TEXTUAL"):
        env.pop(k, None)

    def controlling_terminal():  # a new session whose controlling terminal is the pty, SIGHUP ignored
        os.setsid()
        import fcntl
        import termios

        fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
        signal.signal(signal.SIGHUP, signal.SIG_IGN)

    proc = subprocess.Popen([sys.executable, "-m", "briefing", "articles"], cwd=ROOT, stdin=slave, stdout=slave,
                            stderr=slave, env=env, preexec_fn=controlling_terminal, close_fds=True)
    os.close(slave)
    try:
        seen, deadline = b"", time.monotonic() + 60
        while b"Military" not in seen and time.monotonic() < deadline:
            if select.select([master], [], [], 0.2)[0]:
                try:
                    seen += os.read(master, 65536)
                except OSError:
                    break
        assert b"Military" in seen
        os.close(master)  # the terminal goes away
        proc.wait(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
            pytest.fail("the app kept running after its terminal went away")
