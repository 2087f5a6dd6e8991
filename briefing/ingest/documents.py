"""Files and folders to :class:`Document` objects: discovery, reading, dispatch, ids, de-duplication.

:func:`load_paths` never raises for a bad file: every file that cannot be loaded becomes one
:class:`~briefing.model.LoadFailure` with a one-line reason, and the other files still load.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from dataclasses import field
from pathlib import Path

from briefing.dataclass_lite import lite_dataclass
from briefing.ingest.decode import DecodeError
from briefing.ingest.sidecar import INDEX_NAME, SIDECAR_NAME, SidecarError, read_index, read_sidecar, sidecar_meta
from briefing.ingest.text import META_FIELDS, LoadError, Parsed
from briefing.model import LoadFailure

SUPPORTED_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xml", ".rss", ".atom")
"""Suffixes loaded from folders (case-insensitive). A file named explicitly loads whatever its suffix."""

_MARKDOWN_SUFFIXES = (".md", ".markdown")
_HTML_SUFFIXES = (".html", ".htm")
_FEED_SUFFIXES = (".xml", ".rss", ".atom")
_IGNORED_NAMES = frozenset({SIDECAR_NAME, INDEX_NAME, "topics.toml"})
_SIDECAR_FIELDS_FOR_FEEDS = ("outlet",)
"""A feed's sidecar entry applies to all its entries, so only the fields they share."""


@lite_dataclass
class Document:
    """One loaded article: its decoded text and what the file (or its sidecar) says about it."""

    id: str
    """The file stem; ``<feed stem>-01``… for feed entries; made unique from the relative path if taken."""
    path: str
    """The path as given or discovered; for feed entries, the feed's path."""
    text: str
    """Decoded text with ``\\n`` newlines (the body for Markdown, extracted main text for HTML and feeds)."""
    format: str
    """``text``, ``markdown``, ``html`` or ``feed``."""
    meta: dict = field(hash=False)
    """Known fields among title, outlet, published (ISO), authors (list), url, and ``meta_sources``
    (field -> ``sidecar``, ``front matter``, ``html`` or ``feed``) when any is known."""
    encoding: str
    sha256: str
    """Hex SHA-256 of the raw file bytes (of the entry's text for feed entries); empty when loaded
    with ``digests=False``."""


@lite_dataclass
class LoadResult:
    """What loading some paths gave: the documents, the files that failed and those skipped."""

    documents: list[Document]
    failures: list[LoadFailure]
    skipped: list[LoadFailure]
    """Not errors: duplicates and files in folders that are not articles."""


def load_paths(paths: Iterable[str | os.PathLike], *, max_bytes: int = 5_000_000, digests: bool = True) -> LoadResult:
    """Load every article under ``paths`` (files, or folders searched recursively).

    ``digests=False`` leaves the documents' ``sha256`` empty (duplicates are still found, by their
    bytes): for the app's first frame, which lists a small corpus' articles and keeps no document,
    and would otherwise load OpenSSL's hashing (1.5 ms) before it."""
    loader = _Loader(max_bytes, digests)
    for p in paths:
        loader.load_top(Path(p))
    return LoadResult(loader.documents, loader.failures, loader.skipped)


def os_reason(exc: OSError) -> str:
    """A one-line, lower-case reason for an OS error ("permission denied", "no such file or directory")."""
    if isinstance(exc, FileNotFoundError):
        return "no such file or directory"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    if exc.errno == errno.ELOOP:
        return "symlink loop (too many levels of symbolic links)"
    text = exc.strerror or str(exc) or type(exc).__name__
    text = " ".join(text.split())
    return text[:1].lower() + text[1:]


def human_size(n: int) -> str:
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f} MB"
    if n >= 1_000:
        return f"{n / 1_000:.1f} kB"
    return f"{n} bytes"


def _is_ignored(name: str) -> bool:
    """Files that live beside articles but are not articles: sidecars, topics files, READMEs."""
    return name in _IGNORED_NAMES or name.split(".", 1)[0].casefold() == "readme"


def _sort_key(entry: os.DirEntry) -> tuple[str, str]:
    return entry.name.casefold(), entry.name


def _sha256(data: bytes) -> str:
    import hashlib  # noqa: PLC0415 - see load_paths

    return hashlib.sha256(data).hexdigest()


class _Loader:
    def __init__(self, max_bytes: int, digests: bool = True) -> None:
        self.max_bytes = max_bytes
        self._digests = digests
        self.documents: list[Document] = []
        self.failures: list[LoadFailure] = []
        self.skipped: list[LoadFailure] = []
        self._ids: dict[str, str] = {}  # id -> the folder of the file that has it
        self._hashes: dict[str | bytes, str] = {}
        """Content (its digest, or its bytes without digests) -> the label of the file that had it first."""
        self._sidecars: dict[str, dict[str, dict]] = {}
        self._real_folders: dict[Path, str] = {}
        self._index: dict[str, dict] = {}
        """Real path -> metadata from ``index.csv`` files of the folders walked."""

    # -- discovery ------------------------------------------------------------------------------

    def load_top(self, path: Path) -> None:
        label = str(path)
        try:
            st = os.stat(path)
        except OSError as exc:
            self.failures.append(LoadFailure(label, os_reason(exc)))
            return
        except ValueError as exc:  # embedded NUL byte in the name
            self.failures.append(LoadFailure(label, f"invalid path: {exc}"))
            return
        if stat.S_ISDIR(st.st_mode):
            found = self._walk(path, root=path, ancestors=(os.path.realpath(path),), visited=set())
            if found == 0:
                self.failures.append(LoadFailure(label, "no articles found in directory"))
        else:
            self.load_file(path, root=None)

    def _walk(self, directory: Path, *, root: Path, ancestors: tuple[str, ...], visited: set[str]) -> int:
        """Load the article files under ``directory``; return how many candidate files it holds."""
        visited.add(ancestors[-1])
        index = directory / INDEX_NAME
        if index.is_file():
            try:
                self._index.update(read_index(index))
            except SidecarError as exc:
                self.failures.append(LoadFailure(str(index), str(exc)))
        try:
            with os.scandir(directory) as it:
                entries = sorted(it, key=_sort_key)
        except OSError as exc:
            self.failures.append(LoadFailure(str(directory), os_reason(exc)))
            return 1  # the folder exists but cannot be read: reported already
        found = 0
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = directory / entry.name
            try:
                is_dir = entry.is_dir()  # follows symlinks; False for broken or looping ones
            except OSError:
                is_dir = False
            if is_dir:
                real = os.path.realpath(path)
                if real in ancestors:
                    self.failures.append(LoadFailure(str(path), "symlink loop: links back to a parent folder"))
                elif real in visited:
                    self.skipped.append(LoadFailure(str(path), "folder already loaded through another link"))
                else:
                    found += self._walk(path, root=root, ancestors=(*ancestors, real), visited=visited)
                continue
            if _is_ignored(entry.name):
                continue
            if entry.is_symlink():
                try:
                    os.stat(path)
                except OSError as exc:  # a loop, or a link to nothing
                    reason = "broken symlink (its target does not exist)" if isinstance(exc, FileNotFoundError) \
                        else os_reason(exc)
                    self.failures.append(LoadFailure(str(path), reason))
                    found += 1  # reported: the folder is not "empty"
                    continue
            if os.path.splitext(entry.name)[1].lower() not in SUPPORTED_SUFFIXES:
                self.skipped.append(LoadFailure(str(path), "not an article file (unsupported file type)"))
                continue
            found += 1
            self.load_file(path, root=root)
        return found

    # -- one file -------------------------------------------------------------------------------

    def load_file(self, path: Path, *, root: Path | None) -> None:
        label = str(path)
        try:
            data = self._read(path)
        except LoadError as exc:
            self.failures.append(LoadFailure(label, str(exc)))
            return
        digest = _sha256(data) if self._digests else ""
        seen = digest or data
        if seen in self._hashes:
            self.skipped.append(LoadFailure(label, f"duplicate of {self._hashes[seen]}"))
            return
        suffix = path.suffix.lower()
        try:
            if suffix in _FEED_SUFFIXES or (_may_be_markup(data) and _looks_like_feed(data)):
                self._load_feed(path, data, root)
            else:
                self._load_single(path, data, digest, root)
        except (LoadError, DecodeError) as exc:
            self.failures.append(LoadFailure(label, str(exc)))
            return
        except Exception as exc:  # noqa: BLE001 - a parser bug must not stop the other files
            detail = " ".join(str(exc).split())[:200]
            self.failures.append(LoadFailure(label, f"could not parse: {type(exc).__name__}: {detail}".rstrip(": ")))
            return
        self._hashes[seen] = label

    def _read(self, path: Path) -> bytes:
        """At most ``max_bytes`` of a regular file; LoadError for anything else."""
        try:
            st = os.stat(path)
            if stat.S_ISDIR(st.st_mode):
                raise LoadError("is a directory")
            if not stat.S_ISREG(st.st_mode):
                raise LoadError("not a regular file")
            if st.st_size > self.max_bytes:
                raise LoadError(self._too_large(st.st_size))
            with open(path, "rb") as fh:
                data = fh.read(self.max_bytes + 1)
        except OSError as exc:
            raise LoadError(os_reason(exc)) from None
        if len(data) > self.max_bytes:  # grew since stat, or a size the file system does not report
            raise LoadError(self._too_large(len(data)))
        return data

    def _too_large(self, size: int) -> str:
        return f"too large: {human_size(size)} > limit {human_size(self.max_bytes)} (raise --max-size)"

    def _load_single(self, path: Path, data: bytes, digest: str, root: Path | None) -> None:
        suffix = path.suffix.lower()
        if suffix in _MARKDOWN_SUFFIXES:
            from briefing.ingest.markdown import parse_markdown  # noqa: PLC0415

            parsed, fmt, source = parse_markdown(data), "markdown", "front matter"
        elif suffix in _HTML_SUFFIXES:
            from briefing.ingest.html import parse_html  # noqa: PLC0415

            parsed, fmt, source = parse_html(data), "html", "html"
        else:
            from briefing.ingest.text import parse_text  # noqa: PLC0415

            parsed, fmt, source = parse_text(data), "text", "text"
        meta = _merge(parsed.meta, source, self._sidecar_for(path))
        stem = path.stem or path.name
        doc_id = self._allocate(_id_candidates(path, root, self._ids.get(stem) == str(path.parent)), path)
        self.documents.append(Document(doc_id, str(path), parsed.text, fmt, meta, parsed.encoding, digest))

    def _load_feed(self, path: Path, data: bytes, root: Path | None) -> None:
        from briefing.ingest.feeds import parse_feed  # noqa: PLC0415

        feed = parse_feed(data)
        side = {k: v for k, v in self._sidecar_for(path).items() if k in _SIDECAR_FIELDS_FOR_FEEDS}
        numbers = [e.number for e in feed.entries]
        stem = path.stem or path.name
        same_dir = any(self._ids.get(f"{stem}-{n:02d}") == str(path.parent) for n in numbers)
        bases = _id_candidates(path, root, same_dir)
        # one base for the whole feed: the first under which every entry id is free
        base = next((b for b in bases if not any(f"{b}-{n:02d}" in self._ids for n in numbers)), bases[-1])
        for entry in feed.entries:
            label = f"{path}#{entry.number}"
            if not entry.text.strip():
                self.failures.append(LoadFailure(label, "feed entry has no text"))
                continue
            parsed = Parsed(entry.text, feed.encoding, entry.meta)
            encoded = parsed.text.encode("utf-8")
            digest = _sha256(encoded) if self._digests else ""
            seen = digest or encoded
            if seen in self._hashes:
                self.skipped.append(LoadFailure(label, f"duplicate of {self._hashes[seen]}"))
                continue
            doc_id = self._allocate([f"{base}-{entry.number:02d}"], path)
            meta = _merge(parsed.meta, "feed", side)
            self.documents.append(Document(doc_id, str(path), parsed.text, "feed", meta, parsed.encoding, digest))
            self._hashes[seen] = label

    # -- helpers --------------------------------------------------------------------------------

    def _sidecar_for(self, path: Path) -> dict:
        directory = path.parent
        key = self._real_folders.get(directory)
        if key is None:  # (once per folder, not per file: resolving a path stats each of its parts)
            key = self._real_folders[directory] = os.path.realpath(directory)
        if key not in self._sidecars:
            entries: dict[str, dict] = {}
            sidecar = directory / SIDECAR_NAME
            if sidecar.is_file():
                try:
                    entries = read_sidecar(sidecar)
                except SidecarError as exc:
                    self.failures.append(LoadFailure(str(sidecar), str(exc)))
            self._sidecars[key] = entries
        listed = self._index.get(os.path.realpath(path), {}) if self._index else {}
        return {**listed, **sidecar_meta(self._sidecars[key], path.name)}

    def _allocate(self, candidates: list[str], path: Path) -> str:
        """The first free id among ``candidates``, else the last one with ``-2``, ``-3``…"""
        chosen = next((c for c in candidates if c not in self._ids), None)
        if chosen is None:
            n = 2
            while f"{candidates[-1]}-{n}" in self._ids:
                n += 1
            chosen = f"{candidates[-1]}-{n}"
        self._ids[chosen] = str(path.parent)
        return chosen


def _id_candidates(path: Path, root: Path | None, clash_in_same_folder: bool = False) -> list[str]:
    """Ids to try for a file, in order: its stem, then ids made from its path below ``root``.

    ``root`` is the folder given to :func:`load_paths` (None for a file named on its own, whose
    folder's name is used instead): ``sub/dir/a.txt`` -> ``a``, ``sub-dir-a``, ``sub-dir-a-txt``.
    A file at the top of ``root`` whose stem is taken by a file beside it (``a.md`` beside
    ``a.txt``) gets ``a-md``; one whose stem is taken elsewhere gets ``<root name>-a``.
    """
    stem = path.stem or path.name
    suffix = path.suffix.lower().lstrip(".")
    if root is None:
        dirs = [path.parent.name] if path.parent.name else []
    else:
        try:
            dirs = list(path.relative_to(root).parts[:-1])
        except ValueError:
            dirs = []
    candidates = [stem]
    if not dirs and root is not None and root.name and not clash_in_same_folder:
        dirs = [root.name]
    if dirs:
        candidates.append("-".join([*dirs, stem]))
    if suffix:
        candidates.append("-".join([*dirs, stem, suffix]))
        if dirs:
            candidates.append(f"{stem}-{suffix}")
    return list(dict.fromkeys(candidates))


def _merge(own: dict, source: str, side: dict) -> dict:
    """The file's own metadata overridden by the sidecar's, with ``meta_sources``."""
    meta: dict = {}
    sources: dict[str, str] = {}
    for key in META_FIELDS:
        value, origin = (side.get(key), "sidecar") if side.get(key) else (own.get(key), source)
        if value:
            meta[key] = list(value) if isinstance(value, list) else value  # no list shared between documents
            sources[key] = origin
    if sources:
        meta["meta_sources"] = sources
    return meta


_MARKUP_START = (b"<", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")
"""How a feed's bytes begin, after blank space: markup, or a byte order mark (UTF-8, 16 or 32)."""


def _may_be_markup(data: bytes) -> bool:
    """Whether ``data`` could be a feed at all (the feeds module, and its check, are for those only)."""
    return data[:4096].lstrip(b" \t\r\n\x0b\x0c").startswith(_MARKUP_START)


def _looks_like_feed(data: bytes) -> bool:
    from briefing.ingest.feeds import looks_like_feed  # noqa: PLC0415 - keeps the package import cheap

    return looks_like_feed(data)
