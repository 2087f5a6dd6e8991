"""Sidecars: metadata beside the articles.

``sources.toml``: metadata for the articles of one folder, keyed by file name.

.. code-block:: toml

    ["000_bf0c01e16f7acadf.txt"]
    outlet = "NPR"
    title = "..."
    published = 2023-06-19        # a TOML date or a string
    authors = ["..."]             # a list or one string
    url = "https://..."

Unknown keys are ignored. Values here take precedence over what a file says about itself.

``index.csv``: one row per article for a whole tree of folders, as corpus collections ship them
(the AllSides corpus does), with a ``path`` column relative to the CSV's folder and any of
``title``, ``source``/``outlet``, ``date``/``published``, ``authors``, ``url``. A CSV without a
``path`` column is not an index and is ignored.
"""

from __future__ import annotations

import io
import os
import tomllib
from pathlib import Path

from briefing.ingest.decode import DecodeError, decode_bytes
from briefing.ingest.markdown import pick_fields
from briefing.ingest.text import normalise_meta

SIDECAR_NAME = "sources.toml"
INDEX_NAME = "index.csv"
MAX_INDEX_BYTES = 50_000_000
MAX_SIDECAR_BYTES = 5_000_000


class SidecarError(ValueError):
    """A sidecar that cannot be used; ``str(error)`` is the one-line reason."""


def parse_sidecar(data: bytes) -> dict[str, dict]:
    """File name -> normalised metadata (only known, non-empty fields) from a sidecar's bytes."""
    try:
        text, _ = decode_bytes(data)
    except DecodeError as exc:
        if str(exc) == "empty file":
            return {}
        raise SidecarError(f"malformed sidecar: {exc}") from None
    try:
        table = tomllib.loads(text.lstrip("\ufeff"))
    except tomllib.TOMLDecodeError as exc:
        raise SidecarError(f"malformed sidecar: {str(exc).splitlines()[0]}") from None
    entries: dict[str, dict] = {}
    for name, values in table.items():
        if isinstance(values, dict):  # top-level scalars are not file entries: ignored like unknown keys
            entries[name] = normalise_meta(pick_fields(values))
    return entries


def _read_limited(path: str | Path, limit: int, what: str) -> bytes:
    """A metadata file's bytes, at most ``limit``; SidecarError (one line) if unreadable or larger."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise SidecarError(f"unreadable {what}: {(exc.strerror or str(exc)).lower()}") from None
    if len(data) > limit:
        raise SidecarError(f"malformed {what}: too large")
    return data


def read_sidecar(path: str | Path) -> dict[str, dict]:
    """Read and parse a sidecar file; raise :class:`SidecarError` for unreadable or malformed ones."""
    return parse_sidecar(_read_limited(path, MAX_SIDECAR_BYTES, "sidecar"))


def sidecar_meta(entries: dict[str, dict], file_name: str) -> dict:
    """The sidecar metadata for a file: its entry by file name, else by stem (``"000_x"`` for ``000_x.txt``)."""
    if file_name in entries:
        return entries[file_name]
    stem = Path(file_name).stem
    return entries.get(stem, {}) if stem != file_name else {}


def read_index(path: str | Path) -> dict[str, dict]:
    """Real path of each listed file -> normalised metadata, from an ``index.csv``; {} if it is not an
    index (no ``path`` column). Raises :class:`SidecarError` for an unreadable or malformed file."""
    folder = Path(path).parent
    data = _read_limited(path, MAX_INDEX_BYTES, "index")
    try:
        text, _ = decode_bytes(data)
    except DecodeError as exc:
        if str(exc) == "empty file":
            return {}
        raise SidecarError(f"malformed index: {exc}") from None
    import csv  # noqa: PLC0415 - only for an index file

    try:
        rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    except csv.Error as exc:
        raise SidecarError(f"malformed index: {exc}") from None
    entries: dict[str, dict] = {}
    for row in rows:
        row = {str(k).strip().casefold(): v for k, v in row.items() if k}
        rel = (row.get("path") or "").strip()
        if not rel:
            continue
        entries[os.path.realpath(folder / rel)] = normalise_meta(pick_fields(row))
    return entries
