"""Bytes to text: byte-order marks, strict UTF-8, then a charset-normalizer guess.

Binary files are refused before any guessing, so that a stray image or archive in an articles
folder becomes a one-line failure instead of a page of mojibake.
"""

from __future__ import annotations

import codecs
import re

SNIFF_BYTES = 8192
"""How much of the start of a file the binary checks look at."""

MAX_CONTROL_RATIO = 0.10
"""Above this share of control characters (other than tab, newline, return, form feed) a file is binary."""

# Longest marks first: the UTF-32 LE mark starts with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_CONTROL_BYTES = frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D} | {0x7F}
_CONTROL_BYTE_STRING = bytes(sorted(_CONTROL_BYTES))  # for bytes.translate: counting them in C
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")

# Declared charsets that browsers read as windows-1252 (the WHATWG encoding standard does the same).
_WINDOWS_1252_ALIASES = frozenset({"ascii", "us-ascii", "iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1"})


class DecodeError(ValueError):
    """The bytes are not usable text; ``str(error)`` is a one-line reason."""


def normalise_newlines(text: str) -> str:
    """``\\r\\n`` and lone ``\\r`` to ``\\n``."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def bom_encoding(data: bytes) -> str | None:
    """The encoding named by a byte-order mark at the start of ``data``, if there is one."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def codec_name(name: str) -> str:
    """Python's canonical name for an encoding (``utf_8`` -> ``utf-8``, ``windows-1252`` -> ``cp1252``)."""
    try:
        return codecs.lookup(name).name
    except LookupError:
        return name.lower()


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode a file's bytes; return ``(text, encoding name)``.

    Order: a byte-order mark (UTF-8, UTF-16, UTF-32), then strict UTF-8 (valid UTF-8 with
    non-ASCII bytes is almost never anything else), then the ``declared`` encoding if one is given
    (an HTML ``<meta charset>``) and it decodes cleanly, then charset-normalizer's best guess. Raises :class:`DecodeError` for empty (or whitespace-only)
    input, binary data and undecodable bytes. Newlines are left as they are.
    """
    if not data:
        raise DecodeError("empty file")
    bom = bom_encoding(data)
    if bom is not None:
        try:
            text = data.decode(bom)
        except UnicodeDecodeError as exc:
            raise DecodeError(f"invalid {bom} text at byte {exc.start}") from None
        if _control_ratio_text(text[:SNIFF_BYTES]) > MAX_CONTROL_RATIO:
            raise DecodeError("binary file, not text")
        return _non_empty(text), bom

    head = data[:SNIFF_BYTES]
    if b"\x00" in head:
        guessed = _bomless_utf16(data)
        if guessed is None:
            raise DecodeError("binary file, not text")
        return _non_empty(guessed[0]), guessed[1]
    if len(head) - len(head.translate(None, _CONTROL_BYTE_STRING)) > MAX_CONTROL_RATIO * len(head):
        raise DecodeError("binary file, not text")

    try:
        return _non_empty(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    if declared:
        name = codec_name(declared)
        if name in _WINDOWS_1252_ALIASES or declared.lower() in _WINDOWS_1252_ALIASES:
            name = "cp1252"
        try:
            return _non_empty(data.decode(name)), name
        except (UnicodeDecodeError, LookupError):
            pass
    return _guess(data)


def _non_empty(text: str) -> str:
    if not text.strip():
        raise DecodeError("empty file")
    return text


def _control_ratio_text(sample: str) -> float:
    return len(_CONTROL_CHARS.findall(sample)) / len(sample) if sample else 0.0


def _bomless_utf16(data: bytes) -> tuple[str, str] | None:
    """UTF-16 without a byte-order mark: mostly-ASCII text has NULs in every other byte."""
    head = data[: SNIFF_BYTES - SNIFF_BYTES % 2]
    if len(data) % 2 or len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    for name, zeros, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if zeros.count(0) >= 0.6 * len(zeros) and other.count(0) == 0:
            try:
                text = data.decode(name)
            except UnicodeDecodeError:
                return None
            if _control_ratio_text(text[:SNIFF_BYTES]) > MAX_CONTROL_RATIO:
                return None
            return text, name
    return None


def _guess(data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes  # noqa: PLC0415 - heavy, only for non-UTF-8 files

    results = from_bytes(data)
    best = results.best()
    if best is None:
        raise DecodeError("unknown text encoding (not UTF-8, no confident guess)")
    candidates = [codec_name(c) for c in best.could_be_from_charset]
    # Short texts often leave code pages tied (cp1250 reads "ñ" as "ń" as plausibly as cp1252 reads
    # it right); on a tie, Windows-1252, by far the most common single-byte encoding, wins.
    for match in results:
        if match.chaos <= best.chaos + 0.01 and match.coherence >= best.coherence - 0.01:
            candidates += [codec_name(c) for c in match.could_be_from_charset]
    # Several single-byte code pages often decode a file identically; name the common one.
    name = "cp1252" if "cp1252" in candidates else codec_name(best.encoding)
    try:
        text = data.decode(name)
    except (UnicodeDecodeError, LookupError):
        name, text = codec_name(best.encoding), str(best)
    return _non_empty(text), name
