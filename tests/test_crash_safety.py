"""Crash safety: a process killed with SIGKILL in the middle of a save never loses what was saved.

A child Python process saves the user state (or writes an export) in a tight loop, alternating
between two large, different versions, and is killed at a random moment, many times over. After
every kill the file on disk must be exactly the old or the new version (never torn, truncated or
empty), and the temporary file a killed write leaves behind must not accumulate: the next load or
write removes it. Writes must also reach the disk (fsync) before they take the target's name.
"""

from __future__ import annotations

import json
import os
import random
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefing.export import atomic as atomic_mod
from briefing.export.atomic import STALE_AFTER, remove_stale_temps, write_atomic
from briefing.state import STATE_FILE, UserState

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")

KILLS = 30

# Two states, each a few hundred kB and of different lengths, so that any torn or truncated write
# is visible. The same source builds them in the child and in the test.
STATES_SOURCE = """
def make_states(UserState):
    a = UserState()
    a.stars = {f"article-{n:04d}#{n % 97}" for n in range(3000)}
    a.notes = {f"article-{n:04d}#1": f"note {n}: " + "check with the embassy, café, 台湾. " * 8 for n in range(600)}
    a.read = {f"article-{n:04d}" for n in range(0, 3000, 3)}
    a.theme = "dark"
    b = UserState()
    b.stars = {f"other-{n:04d}#{n % 13}" for n in range(1500)}
    b.notes = {f"other-{n:04d}#2": f"B{n} " + "«quoted» text with a newline\\n and a tab\\t. " * 12 for n in range(900)}
    b.read = {f"other-{n:04d}" for n in range(0, 1500, 2)}
    b.theme = "high-contrast"
    return a, b
"""

STATE_CHILD = STATES_SOURCE + """
import sys
from briefing.state import UserState
a, b = make_states(UserState)
a.save()
print("ready", flush=True)
n = 0
while True:
    n += 1
    (b if n % 2 else a).save()
"""

# Two briefings of different lengths; the child overwrites the target in a loop (force), and now and
# then writes a new file without force (the hard-link path).
EXPORTS_SOURCE = """
def make_exports():
    a = "# Briefing: A\\n\\n" + "".join(f"- Statement {n} of the first briefing, with «text» and 台湾 (single source)[^s1]\\n" for n in range(4000))
    b = "# Briefing: B\\n\\n" + "".join(f"- Fact {n} of the second one (2 independent sources)[^s2]\\n" for n in range(2500))
    return a, b
"""

EXPORT_CHILD = EXPORTS_SOURCE + """
import os, sys
from pathlib import Path
from briefing.export.atomic import write_atomic
folder = Path(sys.argv[1])
a, b = make_exports()
write_atomic(folder / "briefing.md", a, force=True)
print("ready", flush=True)
n = 0
while True:
    n += 1
    write_atomic(folder / "briefing.md", b if n % 2 else a, force=True)
    if n % 2 == 0:
        write_atomic(folder / f"new-{os.getpid()}-{n}.md", a)
"""


def _state_bytes(state: UserState) -> bytes:
    return (json.dumps(state.to_dict(), indent=2, ensure_ascii=False, allow_nan=False) + "\n").encode("utf-8")


def _temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".") and p.name.endswith(".tmp"))


def _run_and_kill(code: str, args: list[str], env: dict[str, str], rng: random.Random) -> None:
    """Start a child, wait until it is saving in its loop, let it run a random while, SIGKILL it."""
    proc = subprocess.Popen([sys.executable, "-c", code, *args], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        if line.strip() != "ready":
            proc.kill()
            _out, err = proc.communicate()
            pytest.fail(f"the child did not start: {err.strip()[-2000:]}")
        time.sleep(rng.uniform(0, 0.03))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)  # reaped: its pid no longer runs
        assert proc.returncode == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
        proc.stderr.close()


def _child_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.update(extra)
    return env


def test_state_survives_sigkill_mid_save(tmp_path):
    data = tmp_path / "data"
    env = _child_env(BRIEFING_DATA_DIR=str(data))
    namespace: dict = {}
    exec(STATES_SOURCE, namespace)  # noqa: S102 - our own source, shared with the child
    a, b = namespace["make_states"](UserState)
    versions = {_state_bytes(a): "a", _state_bytes(b): "b"}
    assert len(versions) == 2 and all(len(v) > 100_000 for v in versions)

    rng = random.Random(20240601)
    seen: dict[str, int] = {"a": 0, "b": 0}
    interrupted = 0
    for kill in range(KILLS):
        _run_and_kill(STATE_CHILD, [], env, rng)
        saved = (data / STATE_FILE).read_bytes()
        assert saved in versions, f"kill {kill}: state.json is torn ({len(saved)} bytes)"
        seen[versions[saved]] += 1
        leftovers = _temps(data)
        assert len(leftovers) <= 1, leftovers  # at most the killed save's: the child cleaned older ones
        interrupted += len(leftovers)

        state = UserState.load(data / STATE_FILE)  # what the app does on its next start
        assert state.warning is None
        assert (state.stars, state.notes, state.read, state.theme) in [
            (a.stars, a.notes, a.read, a.theme), (b.stars, b.notes, b.read, b.theme)]
        assert sorted(p.name for p in data.iterdir()) == [STATE_FILE]  # no temporary file, nothing set aside
    print(f"{KILLS} kills: state a {seen['a']}×, b {seen['b']}×, {interrupted} mid-write")


def test_export_survives_sigkill_mid_write(tmp_path):
    out = tmp_path / "exports"
    out.mkdir()
    env = _child_env()
    namespace: dict = {}
    exec(EXPORTS_SOURCE, namespace)  # noqa: S102
    a, b = (x.encode("utf-8") for x in namespace["make_exports"]())
    target = out / "briefing.md"

    rng = random.Random(20240602)
    interrupted = 0
    new_files = 0
    for kill in range(KILLS):
        _run_and_kill(EXPORT_CHILD, [str(out)], env, rng)
        written = target.read_bytes()
        assert written in (a, b), f"kill {kill}: the export is torn ({len(written)} bytes)"
        for new in out.glob("new-*.md"):  # written without force: complete, or not there at all
            assert new.read_bytes() == a, f"kill {kill}: {new.name} is incomplete"
            new.unlink()
            new_files += 1
        leftovers = _temps(out)
        assert len(leftovers) <= 1, leftovers
        interrupted += len(leftovers)
        for name in leftovers:  # the writer is dead: its temporary file is recognised as stale
            owner = out / name[1:].rsplit(".", 3)[0]
            assert remove_stale_temps(owner) == [out / name]
        assert _temps(out) == []
    assert new_files > 0
    print(f"{KILLS} kills, {new_files} new files complete, {interrupted} mid-write")


# -- what makes it safe ---------------------------------------------------------------------------


@pytest.mark.parametrize("force", [True, False])
def test_data_is_fsynced_before_it_takes_the_target_name(tmp_path, monkeypatch, force):
    """The temporary file is flushed to disk before the rename (or link), and the folder after it."""
    events: list[tuple[str, int, bool]] = []
    real_fsync, real_replace, real_link = os.fsync, os.replace, os.link

    def fsync(fd):
        st = os.fstat(fd)
        events.append(("fsync", st.st_ino, stat.S_ISDIR(st.st_mode)))
        return real_fsync(fd)

    def replace(src, dst, **kw):
        events.append(("rename", os.stat(src).st_ino, False))
        return real_replace(src, dst, **kw)

    def link(src, dst, **kw):
        events.append(("rename", os.stat(src).st_ino, False))
        return real_link(src, dst, **kw)

    monkeypatch.setattr(atomic_mod.os, "fsync", fsync)
    monkeypatch.setattr(atomic_mod.os, "replace", replace)
    monkeypatch.setattr(atomic_mod.os, "link", link)
    target = tmp_path / "out.md"
    if force:
        target.write_text("old")
    write_atomic(target, "new", force=force)
    monkeypatch.undo()

    assert target.read_text() == "new"
    renames = [i for i, e in enumerate(events) if e[0] == "rename"]
    assert len(renames) == 1
    inode = events[renames[0]][1]
    assert inode == target.stat().st_ino
    assert any(e == ("fsync", inode, False) for e in events[: renames[0]]), events  # data on disk first
    assert any(e[0] == "fsync" and e[2] for e in events[renames[0]:]), events  # then the new name


def _dead_pid() -> int:
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True)
    return int(proc.stdout)


def test_stale_temporary_files_are_removed_and_live_ones_kept(tmp_path):
    target = tmp_path / STATE_FILE
    dead = tmp_path / f".{STATE_FILE}.{_dead_pid()}.abcd1234.tmp"
    live = tmp_path / f".{STATE_FILE}.{os.getppid()}.efgh5678.tmp"  # a write in progress elsewhere
    old_live = tmp_path / f".{STATE_FILE}.{os.getppid()}.ijkl9012.tmp"
    legacy_old = tmp_path / f".{STATE_FILE}.mnop3456.tmp"  # the name format before the pid was added
    legacy_new = tmp_path / f".{STATE_FILE}.qrst7890.tmp"
    others = [tmp_path / f".{STATE_FILE}.backup.tmp", tmp_path / f".{STATE_FILE}.1.2.abcdefgh.tmp",
              tmp_path / ".other.json.1.abcdefgh.tmp", tmp_path / f"{STATE_FILE}.corrupt-20240101-000000"]
    for p in (dead, live, old_live, legacy_old, legacy_new, *others):
        p.write_text("partial")
    an_hour_ago = time.time() - STALE_AFTER - 60
    for p in (old_live, legacy_old):
        os.utime(p, (an_hour_ago, an_hour_ago))

    removed = remove_stale_temps(target)
    assert sorted(removed) == sorted([dead, old_live, legacy_old])
    assert all(p.exists() for p in (live, legacy_new, *others))
    assert remove_stale_temps(tmp_path / "missing-folder" / "x.md") == []


def test_load_and_save_remove_what_a_killed_save_left(tmp_path, monkeypatch):
    data = tmp_path / "data"
    data.mkdir()
    monkeypatch.setenv("BRIEFING_DATA_DIR", str(data))
    UserState.load().toggle_star("a#1")
    leftover = data / f".{STATE_FILE}.{_dead_pid()}.abcd1234.tmp"
    leftover.write_text('{"stars": ["a#')
    state = UserState.load()
    assert state.warning is None and state.stars == {"a#1"}
    assert not leftover.exists()
    leftover.write_text('{"stars": ["a#')
    state.toggle_star("b#2")
    assert sorted(p.name for p in data.iterdir()) == [STATE_FILE]


def test_temporary_file_names_carry_the_writer_pid(tmp_path, monkeypatch):
    names: list[str] = []
    real_replace = os.replace

    def replace(src, dst, **kw):
        names.append(Path(src).name)
        return real_replace(src, dst, **kw)

    monkeypatch.setattr(atomic_mod.os, "replace", replace)
    write_atomic(tmp_path / "x.json", "{}", force=True)
    monkeypatch.undo()
    assert len(names) == 1 and names[0].startswith(f".x.json.{os.getpid()}.") and names[0].endswith(".tmp")
