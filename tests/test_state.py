"""UserState: stars, notes, read articles and theme survive restarts, corrupt files, and crashes."""

import json

import pytest

from briefing.state import STATE_FILE, UserState, data_dir


@pytest.fixture
def data(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def test_data_dir_follows_the_environment(data):
    assert data_dir() == data
    assert UserState().path == data / STATE_FILE


def test_missing_file_gives_a_fresh_state(data):
    state = UserState.load()
    assert state.stars == set() and state.notes == {} and state.read == set() and state.theme is None
    assert state.warning is None
    assert not (data / STATE_FILE).exists()  # loading never writes


def test_every_change_is_saved_at_once_and_reloads(data):
    state = UserState.load()
    assert state.toggle_star("a#1") is True
    state.set_note("a#1", "check with the embassy")
    assert state.toggle_read("a") is True
    state.set_theme("light")
    saved = json.loads((data / STATE_FILE).read_text(encoding="utf-8"))
    assert saved["stars"] == ["a#1"] and saved["notes"] == {"a#1": "check with the embassy"}
    assert saved["read"] == ["a"] and saved["theme"] == "light"
    again = UserState.load()
    assert (again.stars, again.notes, again.read, again.theme) == ({"a#1"}, {"a#1": "check with the embassy"}, {"a"}, "light")


def test_toggles_undo_and_blank_note_removes(data):
    state = UserState.load()
    state.toggle_star("s")
    assert state.toggle_star("s") is False
    state.toggle_read("a")
    assert state.toggle_read("a") is False
    state.set_note("s", "x")
    state.set_note("s", "   ")
    again = UserState.load()
    assert again.stars == set() and again.read == set() and again.notes == {}


def test_writes_are_atomic_no_temporary_files_left(data):
    state = UserState.load()
    for n in range(5):
        state.toggle_star(f"s#{n}")
    assert sorted(p.name for p in data.iterdir()) == [STATE_FILE]


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", '{"stars": "abc"}', '{"notes": {"a": 3}}',
                                     '{"theme": 5}', ""])
def test_corrupt_file_is_set_aside_and_state_starts_afresh(data, content):
    data.mkdir(parents=True)
    (data / STATE_FILE).write_text(content, encoding="utf-8")
    state = UserState.load()
    assert state.stars == set() and state.theme is None
    assert state.warning and "afresh" in state.warning
    aside = [p for p in data.iterdir() if p.name.startswith(f"{STATE_FILE}.corrupt-")]
    assert len(aside) == 1 and aside[0].read_text(encoding="utf-8") == content
    assert not (data / STATE_FILE).exists()
    state.toggle_star("x#1")  # and the fresh state saves normally
    assert UserState.load().stars == {"x#1"}


_VALID = json.dumps({"version": 1, "stars": ["a#1", "b#2"], "notes": {"a#1": "x"}, "read": [], "theme": "light"})


@pytest.mark.parametrize("content", [
    b"\xff\xfe{\x00", "{\"stars\": [\"caf\u00e9\"]}".encode("latin-1"),  # not UTF-8
    b"[" * 100_000,  # nested too deeply for the JSON parser (RecursionError)
    _VALID[: len(_VALID) // 2].encode(),  # what a torn write would look like
    b"\x00" * 64,  # a file of zeros (a crash on a file system without data journaling)
], ids=["utf-16-bytes", "latin-1", "deep-nesting", "truncated", "zeros"])
def test_undecodable_or_damaged_bytes_are_set_aside_too(data, content):
    data.mkdir(parents=True)
    (data / STATE_FILE).write_bytes(content)
    state = UserState.load()  # never raises
    assert (state.stars, state.notes, state.read, state.theme) == (set(), {}, set(), None)
    aside = [p for p in data.iterdir() if p.name.startswith(f"{STATE_FILE}.corrupt-")]
    assert len(aside) == 1 and aside[0].read_bytes() == content  # kept byte for byte
    assert state.warning and aside[0].name in state.warning and "\n" not in state.warning
    state.set_theme("dark")
    assert UserState.load().theme == "dark" and aside[0].read_bytes() == content  # never overwritten


def test_a_byte_order_mark_from_an_editor_is_accepted(data):
    data.mkdir(parents=True)
    (data / STATE_FILE).write_bytes(b"\xef\xbb\xbf" + _VALID.encode())
    state = UserState.load()
    assert state.warning is None and state.stars == {"a#1", "b#2"} and state.theme == "light"


def test_two_corrupt_files_in_the_same_second_are_both_kept(data):
    data.mkdir(parents=True)
    for _ in range(2):
        (data / STATE_FILE).write_text("{", encoding="utf-8")
        UserState.load()
    assert len([p for p in data.iterdir() if ".corrupt-" in p.name]) == 2


def test_unwritable_folder_sets_a_warning_instead_of_raising(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("BRIEFING_DATA_DIR", str(blocker / "sub"))
    state = UserState.load()
    state.toggle_star("a#1")  # must not raise
    assert state.warning and "could not save" in state.warning
    assert "a#1" in state.stars


def test_state_module_does_not_import_textual():
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", "import briefing.state, briefing.query, sys; print('\\n'.join(sys.modules))"],
                         capture_output=True, text=True, check=True).stdout.split()
    assert not any(m == "textual" or m.startswith("textual.") for m in out)
