"""Atomic file writes for exports and state files.

The data goes to a temporary file in the target's directory, is flushed to disk (``fsync``), and only
then takes the target's name, so a reader (or a crash) never sees a half-written file. Without
``force`` an existing file is never replaced, even if it appears between the check and the write: the
temporary file is hard-linked to the target name, which fails when the name is taken.

A process killed mid-write leaves its temporary file (``.<name>.<pid>.<random>.tmp``) behind. The
next write of the same target, and :func:`remove_stale_temps`, delete such leftovers: those of a
process that no longer runs, and any older than :data:`STALE_AFTER` seconds.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import tempfile
import time
from pathlib import Path
from typing import Any

__all__ = ["STALE_AFTER", "ExportError", "ExportExists", "remove_stale_temps", "write_atomic", "write_json_atomic"]

STALE_AFTER = 600.0
"""Seconds after which a temporary file is stale even if its writer's process id is in use again."""

# errno values meaning "hard links are not possible here", after which we fall back to check+replace.
_NO_LINKS = {
    getattr(errno, name)
    for name in ("EPERM", "EOPNOTSUPP", "ENOTSUP", "EXDEV", "EMLINK", "ENOSYS", "EACCES")
    if hasattr(errno, name)
}


class ExportError(OSError):
    """A file could not be written; ``str(exc)`` is a one-line message naming the path."""

    def __init__(self, message: str, path: str | os.PathLike[str] | None = None) -> None:
        super().__init__(message)
        self.path = None if path is None else Path(path)


class ExportExists(ExportError, FileExistsError):
    """The target exists and ``force`` was not given; the existing file is left untouched."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        super().__init__(f"{os.fspath(path)} exists; use --force to overwrite", path)


def _default_mode() -> int:
    """0o666 minus the process umask: the mode ``open()`` would give a new file."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return 0o666 & ~int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def _reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    if exc.strerror:
        return exc.strerror[:1].lower() + exc.strerror[1:]
    return str(exc) or type(exc).__name__


def _fsync_dir(directory: Path) -> None:
    """Make the rename durable (best effort: not every platform can open a directory)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomic(path: str | os.PathLike[str], data: str | bytes, *, force: bool = False) -> Path:
    """Write ``data`` (text is encoded as UTF-8) to ``path`` atomically and return the path.

    Raises :class:`ExportExists` when ``path`` exists and ``force`` is false (the file is untouched),
    and :class:`ExportError` when the file cannot be written (missing or unwritable directory…).
    No temporary file is left behind on failure.
    """
    target = Path(path)
    shown = os.fspath(path)
    payload = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    directory = target.parent
    if not directory.is_dir():
        what = "is not a directory" if directory.exists() else "does not exist"
        raise ExportError(f"cannot write {shown}: directory {os.fspath(directory)} {what}", target)
    if target.is_dir():
        raise ExportError(f"cannot write {shown}: it is a directory", target)
    if not force and os.path.lexists(target):
        raise ExportExists(shown)

    existing_mode: int | None = None
    if force:
        with contextlib.suppress(OSError):
            existing_mode = target.stat().st_mode & 0o7777

    try:
        fd, tmp_name = tempfile.mkstemp(dir=directory, prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp")
    except OSError as exc:
        raise ExportError(f"cannot write {shown}: {_reason(exc)}", target) from exc
    tmp = Path(tmp_name)
    try:
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(payload)
                fh.flush()
                os.fsync(fh.fileno())
            with contextlib.suppress(OSError):
                os.chmod(tmp, existing_mode if existing_mode is not None else _default_mode())
            if force:
                os.replace(tmp, target)
            else:
                _link_or_replace(tmp, target, shown)
        except ExportError:
            raise
        except OSError as exc:
            raise ExportError(f"cannot write {shown}: {_reason(exc)}", target) from exc
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    _fsync_dir(directory)
    remove_stale_temps(target)
    return target


# What write_atomic puts between ".<name>." and ".tmp": the writer's pid (absent in files of older
# versions) and mkstemp's eight random characters.
_TEMP_MIDDLE = re.compile(r"(?:(\d+)\.)?[a-z0-9_]{8}")


def _process_gone(pid: int) -> bool:
    """Whether no process ``pid`` runs (only answerable on POSIX; elsewhere, never claimed)."""
    if os.name != "posix" or pid <= 0 or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # EPERM: it exists, under another user
        return False
    return False


def remove_stale_temps(path: str | os.PathLike[str], *, max_age: float = STALE_AFTER) -> list[Path]:
    """Delete temporary files that interrupted writes of ``path`` left behind; return those deleted.

    A temporary file is stale when the process that wrote it (its name carries the pid) no longer
    runs, or when it is older than ``max_age`` seconds. Files of writes in progress are left alone.
    Errors are ignored: this is housekeeping, never a reason for a write to fail.
    """
    target = Path(path)
    prefix = f".{target.name}."
    removed: list[Path] = []
    now = time.time()
    try:
        with os.scandir(target.parent) as it:
            candidates = [e for e in it if e.name.startswith(prefix) and e.name.endswith(".tmp")]
    except OSError:
        return removed
    for entry in candidates:
        m = _TEMP_MIDDLE.fullmatch(entry.name[len(prefix):-len(".tmp")])
        if m is None:  # not one of ours (or the temporary file of a longer name: ".x.md.1.2.abcdefgh.tmp")
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            gone = m.group(1) is not None and _process_gone(int(m.group(1)))
            if gone or now - entry.stat(follow_symlinks=False).st_mtime > max_age:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


def _link_or_replace(tmp: Path, target: Path, shown: str) -> None:
    """Give ``tmp`` the name ``target`` unless that name is taken (race-free where links work)."""
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise ExportExists(shown) from None
    except (AttributeError, NotImplementedError):
        pass
    except OSError as exc:
        if exc.errno not in _NO_LINKS:
            raise
    else:
        return  # the caller removes tmp, leaving the target as the only name
    # No hard links on this filesystem: check, then replace (a small race remains).
    if os.path.lexists(target):
        raise ExportExists(shown)
    os.replace(tmp, target)


def write_json_atomic(path: str | os.PathLike[str], obj: Any, force: bool = True) -> Path:
    """Write ``obj`` as indented UTF-8 JSON with a trailing newline (for state files)."""
    import json  # noqa: PLC0415 - loaded when first written, not at start-up

    text = json.dumps(obj, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    return write_atomic(path, text, force=force)
