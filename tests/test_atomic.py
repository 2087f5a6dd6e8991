"""Atomic writes: no overwrite without force, clear one-line errors, no temporary files left behind."""

from __future__ import annotations

import errno
import json
import os
import stat

import pytest

from briefing.export import ExportError, ExportExists, write_atomic
from briefing.export import atomic as atomic_mod
from briefing.export.atomic import write_json_atomic


def listing(directory) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


def test_writes_new_file_text_and_bytes(tmp_path):
    target = tmp_path / "briefing.md"
    assert write_atomic(target, "héllo\n") == target
    assert target.read_bytes() == "héllo\n".encode()
    assert write_atomic(str(tmp_path / "b.bin"), b"\x00\x01") == tmp_path / "b.bin"
    assert (tmp_path / "b.bin").read_bytes() == b"\x00\x01"
    assert listing(tmp_path) == ["b.bin", "briefing.md"]
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask


def test_no_overwrite_without_force(tmp_path):
    target = tmp_path / "out.md"
    target.write_bytes(b"original \xff bytes")
    with pytest.raises(ExportExists) as info:
        write_atomic(target, "new")
    assert str(info.value) == f"{target} exists; use --force to overwrite"
    assert isinstance(info.value, FileExistsError) and isinstance(info.value, ExportError)
    assert target.read_bytes() == b"original \xff bytes"
    assert listing(tmp_path) == ["out.md"]


def test_overwrite_with_force_keeps_mode(tmp_path):
    target = tmp_path / "out.md"
    target.write_text("old")
    target.chmod(0o640)
    write_atomic(target, "new", force=True)
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert listing(tmp_path) == ["out.md"]


def test_race_target_created_after_check(tmp_path, monkeypatch):
    """The name is taken between the existence check and the write: the link fails, nothing is replaced."""
    target = tmp_path / "out.md"
    real_link = os.link

    def link_after_rival(src, dst):
        with open(dst, "wb") as fh:
            fh.write(b"rival")
        return real_link(src, dst)

    monkeypatch.setattr(atomic_mod.os, "link", link_after_rival)
    with pytest.raises(ExportExists):
        write_atomic(target, "mine")
    assert target.read_bytes() == b"rival"
    assert listing(tmp_path) == ["out.md"]


def test_fallback_when_hard_links_unsupported(tmp_path, monkeypatch):
    def no_links(src, dst):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(atomic_mod.os, "link", no_links)
    target = tmp_path / "out.md"
    write_atomic(target, "data")
    assert target.read_text() == "data"
    with pytest.raises(ExportExists):
        write_atomic(target, "other")
    assert target.read_text() == "data"
    assert listing(tmp_path) == ["out.md"]


def test_missing_directory_is_a_one_line_error(tmp_path):
    target = tmp_path / "nope" / "out.md"
    with pytest.raises(ExportError) as info:
        write_atomic(target, "x")
    message = str(info.value)
    assert str(target) in message and "does not exist" in message and "\n" not in message
    assert not isinstance(info.value, ExportExists)
    assert listing(tmp_path) == []


def test_target_is_a_directory(tmp_path):
    (tmp_path / "d").mkdir()
    with pytest.raises(ExportError, match="is a directory"):
        write_atomic(tmp_path / "d", "x", force=True)


def test_unwritable_directory_simulated(tmp_path, monkeypatch):
    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(atomic_mod.tempfile, "mkstemp", denied)
    with pytest.raises(ExportError) as info:
        write_atomic(tmp_path / "out.md", "x")
    assert str(info.value) == f"cannot write {tmp_path / 'out.md'}: permission denied"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root ignores directory permissions")
def test_unwritable_directory_real(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        with pytest.raises(ExportError, match="permission denied"):
            write_atomic(locked / "out.md", "x")
        assert listing(locked) == []
    finally:
        locked.chmod(0o700)


def test_temp_file_removed_when_write_fails(tmp_path, monkeypatch):
    def disk_full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic_mod.os, "fsync", disk_full)
    target = tmp_path / "out.md"
    target.write_text("old")
    with pytest.raises(ExportError, match="no space left on device"):
        write_atomic(target, "new", force=True)
    assert target.read_text() == "old"
    assert listing(tmp_path) == ["out.md"]


def test_write_json_atomic(tmp_path):
    target = tmp_path / "stars.json"
    write_json_atomic(target, {"starred": ["a#1"], "note": "café"})
    write_json_atomic(target, {"starred": ["a#1", "b#2"], "note": "café"})  # force by default
    text = target.read_text(encoding="utf-8")
    assert text.endswith("}\n") and "café" in text
    assert json.loads(text) == {"starred": ["a#1", "b#2"], "note": "café"}
    with pytest.raises(ExportExists):
        write_json_atomic(target, {}, force=False)
    assert listing(tmp_path) == ["stars.json"]
