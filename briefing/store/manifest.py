"""What a corpus' files look like on disk, cheaply: sizes and modification times, never contents.

A warm start compares this with what the index recorded when it last opened the same corpus; when
nothing changed (no file or folder added, removed, touched, resized), the index's outline of the
corpus is still true and the app paints it before reading a single file.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path

MAX_ENTRIES = 200_000
"""Beyond this many files and folders the outline is not worth the walk: no manifest."""


def file_states(paths: Sequence[Path], extra: Sequence[Path] = ()) -> str | None:
    """A digest of ``[path, size, mtime_ns]`` of every path given, every folder under the folders given
    and every entry in them; None when it cannot be vouched for (a symbolic link
    to a folder, which a walk does not enter; an unreadable folder; too many entries)."""
    states: list[list] = []
    try:
        for root in [*paths, *extra]:
            root = Path(root)
            st = os.stat(root)
            states.append([str(root), st.st_size, st.st_mtime_ns, root.is_dir()])
            if not root.is_dir():
                continue
            stack = [str(root)]
            while stack:
                folder = stack.pop()
                with os.scandir(folder) as entries:
                    for entry in sorted(entries, key=lambda e: e.name):
                        if entry.is_symlink() and entry.is_dir():
                            return None
                        try:
                            st = entry.stat()
                        except OSError:  # a broken link: its own state will do
                            st = entry.stat(follow_symlinks=False)
                        is_dir = entry.is_dir(follow_symlinks=False)
                        states.append([entry.path, st.st_size, st.st_mtime_ns, is_dir])
                        if is_dir:
                            stack.append(entry.path)
                if len(states) > MAX_ENTRIES:
                    return None
    except OSError:
        return None
    return hashlib.sha256(json.dumps(states, separators=(",", ":")).encode("utf-8", "surrogateescape")).hexdigest()


def request_key(paths: Sequence[Path], topics_file: Path, *, max_bytes: int, threshold: float, engine: str) -> str:
    """The key of one way of opening a corpus: the same paths, topics file and settings."""
    data = [[os.path.abspath(p) for p in paths], os.path.abspath(topics_file), max_bytes, threshold, engine]
    return hashlib.sha256(json.dumps(data).encode("utf-8", "surrogateescape")).hexdigest()
