"""Analyses, topic tags and corroboration results to compact bytes (zlib-compressed JSON), and back.

Only plain JSON is stored — never pickles — so a cache file written by anyone else can at worst fail
to decode (:class:`CodecError`), never run code.
"""

from __future__ import annotations

import json
import struct
import sys
import zlib
from array import array
from sys import intern
from collections.abc import Mapping, Sequence

from briefing.features import StatementFeatures
from briefing.links import LinkTable
from briefing.records import Corroboration, Dropped, Group, RawStatement
from briefing.pipeline import TextAnalysis


class CodecError(ValueError):
    """Stored bytes that do not decode to what they should."""


def _pack(obj: object) -> bytes:
    return zlib.compress(json.dumps(obj, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8"), 3)


def _unpack(data: bytes) -> object:
    try:
        return json.loads(zlib.decompress(data).decode("utf-8"))
    except (zlib.error, UnicodeDecodeError, ValueError, TypeError) as exc:
        raise CodecError(f"undecodable cache entry: {exc}") from None


def _span(value) -> tuple[int, int] | None:
    return (int(value[0]), int(value[1])) if value else None


def encode_analysis(a: TextAnalysis) -> bytes:
    """The analysis without its features (stored apart: see :func:`encode_features`)."""
    return _pack({
        "s": [[r.text, r.start, r.end, r.paragraph, r.kind, r.speaker, r.speaker_role, r.continues] for r in a.statements],
        "d": [[d.text, d.reason, list(d.span) if d.span else None] for d in a.dropped],
        "m": a.meta,
    })


def decode_analysis(data: bytes, features: bytes | None = None) -> TextAnalysis:
    obj = _unpack(data)
    try:
        statements = tuple(
            RawStatement(text=t, start=s, end=e, paragraph=p, kind=intern(k), speaker=sp,
                         speaker_role=intern(role) if role else role, continues=bool(c))
            for t, s, e, p, k, sp, role, c in obj["s"]
        )
        dropped = tuple(Dropped(text=t, reason=r, span=_span(sp)) for t, r, sp in obj["d"])
        meta = dict(obj["m"])
    except (KeyError, TypeError, ValueError) as exc:
        raise CodecError(f"malformed analysis: {exc}") from None
    found = decode_features(features) if features is not None else ()
    if found and len(found) != len(statements):
        raise CodecError("features do not match the statements")
    return TextAnalysis(statements, dropped, meta, found)


def encode_features(a: TextAnalysis) -> bytes:
    """What corroboration reads of each statement: read only when links must be computed."""
    return _pack([[[list(u) for u in f.units], list(f.names)] for f in a.features])


def decode_features(data: bytes) -> tuple[StatementFeatures, ...]:
    obj = _unpack(data)
    try:
        return tuple(StatementFeatures(tuple(tuple(intern(t) for t in u) for u in units), tuple(intern(t) for t in names))
                     for units, names in obj)
    except (TypeError, ValueError) as exc:
        raise CodecError(f"malformed features: {exc}") from None


def encode_tags(tags: Sequence[Sequence[str]]) -> bytes:
    return _pack([list(t) for t in tags])


def decode_tags(data: bytes) -> list[tuple[str, ...]]:
    obj = _unpack(data)
    if not isinstance(obj, list):
        raise CodecError("malformed tags")
    shared: dict[tuple, tuple[str, ...]] = {}  # one tuple per distinct tag set, of interned ids
    return [shared.setdefault(tuple(t), tuple(intern(str(x)) for x in t)) for t in obj]


_LINKS_MAGIC = b"BRL2"


def encode_links(corroborations: Mapping[str, Sequence[Corroboration]], groups: Sequence[Group]) -> bytes:
    """Groups as JSON; links as integer arrays (:class:`~briefing.links.LinkTable`), a tenth of the
    JSON's size and decoded without building a link object."""
    table = corroborations if isinstance(corroborations, LinkTable) else LinkTable.from_mapping(corroborations)
    ids, articles, article_of, sources, ptr, targets, milli = table.arrays()
    arrays = [article_of, sources, ptr, targets, milli]
    header = json.dumps({
        "ids": ids, "articles": articles, "arrays": [[a.typecode, len(a)] for a in arrays],
        "g": [[g.id, g.representative, list(g.members), list(g.articles), g.outlets, list(g.topics)] for g in groups],
    }, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if sys.byteorder != "little":  # pragma: no cover - stored little-endian
        arrays = [array(a.typecode, a) for a in arrays]
        for a in arrays:
            a.byteswap()
    body = struct.pack("<I", len(header)) + header + b"".join(a.tobytes() for a in arrays)
    return _LINKS_MAGIC + zlib.compress(body, 3)


def decode_links(data: bytes, ids: Mapping[str, str] | None = None) -> tuple[LinkTable, tuple[Group, ...]]:
    """``ids``: the corpus' statement and article ids, so that links and groups share those strings
    instead of holding a copy each."""
    same = ids.get if ids is not None else (lambda x, default=None: default)
    try:
        if not data.startswith(_LINKS_MAGIC):
            raise ValueError("not a link table")
        body = zlib.decompress(data[len(_LINKS_MAGIC):])
        (size,) = struct.unpack_from("<I", body)
        obj = json.loads(body[4:4 + size].decode("utf-8"))
        offset = 4 + size
        arrays = []
        for typecode, n in obj["arrays"]:
            if typecode not in ("i", "H"):
                raise ValueError(f"array type {typecode!r}")
            a = array(typecode)
            end = offset + n * a.itemsize
            if end > len(body):
                raise ValueError("truncated link table")
            a.frombytes(body[offset:end])
            if sys.byteorder != "little":  # pragma: no cover - stored little-endian
                a.byteswap()
            arrays.append(a)
            offset = end
        if offset != len(body) or len(arrays) != 5:
            raise ValueError("malformed link table")
        table = LinkTable([same(x, x) for x in obj["ids"]], [same(x, x) for x in obj["articles"]], *arrays)
        groups = tuple(Group(id=int(i), representative=same(r, r), members=tuple(same(x, x) for x in m),
                             articles=tuple(same(x, x) for x in a), outlets=int(n), topics=tuple(intern(x) for x in t))
                       for i, r, m, a, n, t in obj["g"])
    except (zlib.error, struct.error, UnicodeDecodeError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise CodecError(f"malformed corroboration: {exc}") from None
    return table, groups


def encode_discrepancies(discrepancies) -> bytes:
    return _pack([[d.group, d.kind, [[sid, q.kind, q.low, q.high, q.text, q.start, q.end] for sid, q in d.values]]
                  for d in discrepancies])


def decode_discrepancies(data: bytes):
    from briefing.discrepancy import Discrepancy, Quantity  # noqa: PLC0415

    obj = _unpack(data)
    try:
        return tuple(Discrepancy(int(g), str(kind), tuple((str(sid), Quantity(str(k), float(lo), float(hi), str(t), int(a),
                                                                              int(b)))
                                                          for sid, k, lo, hi, t, a, b in values))
                     for g, kind, values in obj)
    except (TypeError, ValueError) as exc:
        raise CodecError(f"malformed discrepancies: {exc}") from None
