"""Analyses, topic tags and corroboration results to compact bytes (zlib-compressed JSON), and back.

Only plain JSON is stored — never pickles — so a cache file written by anyone else can at worst fail
to decode (:class:`CodecError`), never run code.
"""

from __future__ import annotations

import json
import zlib
from sys import intern
from collections.abc import Sequence

from briefing.features import StatementFeatures
from briefing.model import Corroboration, Dropped, Group, RawStatement
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
    return _pack({
        "s": [[r.text, r.start, r.end, r.paragraph, r.kind, r.speaker, r.speaker_role, r.continues] for r in a.statements],
        "d": [[d.text, d.reason, list(d.span) if d.span else None] for d in a.dropped],
        "m": a.meta,
        "f": [[[list(u) for u in f.units], list(f.names)] for f in a.features],
    })


def decode_analysis(data: bytes) -> TextAnalysis:
    obj = _unpack(data)
    try:
        statements = tuple(
            RawStatement(text=t, start=s, end=e, paragraph=p, kind=k, speaker=sp, speaker_role=role, continues=bool(c))
            for t, s, e, p, k, sp, role, c in obj["s"]
        )
        dropped = tuple(Dropped(text=t, reason=r, span=_span(sp)) for t, r, sp in obj["d"])
        meta = dict(obj["m"])
        features = tuple(StatementFeatures(tuple(tuple(intern(t) for t in u) for u in units), tuple(intern(t) for t in names))
                         for units, names in obj.get("f", ()))
    except (KeyError, TypeError, ValueError) as exc:
        raise CodecError(f"malformed analysis: {exc}") from None
    return TextAnalysis(statements, dropped, meta, features)


def encode_tags(tags: Sequence[Sequence[str]]) -> bytes:
    return _pack([list(t) for t in tags])


def decode_tags(data: bytes) -> list[tuple[str, ...]]:
    obj = _unpack(data)
    if not isinstance(obj, list):
        raise CodecError("malformed tags")
    return [tuple(str(x) for x in t) for t in obj]


def encode_links(corroborations: dict[str, tuple[Corroboration, ...]], groups: Sequence[Group]) -> bytes:
    return _pack({
        "c": {sid: [[c.other, c.other_article, c.score] for c in cs] for sid, cs in corroborations.items()},
        "g": [[g.id, g.representative, list(g.members), list(g.articles), g.outlets, list(g.topics)] for g in groups],
    })


def decode_links(data: bytes) -> tuple[dict[str, tuple[Corroboration, ...]], tuple[Group, ...]]:
    obj = _unpack(data)
    try:
        links = {sid: tuple(Corroboration(sid, o, oa, float(sc)) for o, oa, sc in cs) for sid, cs in obj["c"].items()}
        groups = tuple(Group(id=int(i), representative=r, members=tuple(m), articles=tuple(a), outlets=int(n),
                             topics=tuple(t)) for i, r, m, a, n, t in obj["g"])
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise CodecError(f"malformed corroboration: {exc}") from None
    return links, groups
