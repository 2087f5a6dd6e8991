"""Compact corroboration links (briefing/links.py) and their encoding in the index."""

from __future__ import annotations

import zlib

import pytest

from briefing.links import LinkTable, pairs_at_least
from briefing.pipeline import build_corpus
from briefing.store import codec


@pytest.fixture(scope="module")
def corpus():
    return build_corpus()


def test_a_link_table_is_the_same_mapping_as_the_engine_dict(corpus):
    table = LinkTable.from_mapping(corpus.corroborations)
    assert table == corpus.corroborations and len(table) == len(corpus.corroborations)
    assert list(table) == list(corpus.corroborations)
    sid = next(iter(corpus.corroborations))
    assert table[sid] == corpus.corroborations[sid] and table[sid] is table[sid]  # built once
    assert table.get("nope#1", ()) == () and "nope#1" not in table
    for score in (0.0, 0.21, 0.3, 0.5, 1.0):
        assert pairs_at_least(table, score) == pairs_at_least(corpus.corroborations, score)


def test_links_survive_the_index_codec_and_share_the_corpus_strings(corpus):
    data = codec.encode_links(corpus.corroborations, corpus.groups)
    ids = {s.id: s.id for a in corpus.articles for s in a.statements} | {a.id: a.id for a in corpus.articles}
    table, groups = codec.decode_links(data, ids)
    assert table == corpus.corroborations and groups == corpus.groups
    sid = next(iter(table))
    link = table[sid][0]
    assert link.other is ids[link.other] and link.other_article is ids[link.other_article]


@pytest.mark.parametrize("damage", ["magic", "truncate", "garbage", "bad-index"])
def test_damaged_link_blobs_raise_codec_errors(corpus, damage):
    data = codec.encode_links(corpus.corroborations, corpus.groups)
    if damage == "magic":
        data = b"XXXX" + data[4:]
    elif damage == "truncate":
        data = data[:-20]
    elif damage == "garbage":
        data = data[:4] + zlib.compress(b"\x00\x00\x00\x00")
    else:
        body = bytearray(zlib.decompress(data[4:]))
        body[-1] = 0xFF  # a score out of range, or an index past the ids
        body[-2] = 0xFF
        data = data[:4] + zlib.compress(bytes(body))
    with pytest.raises(codec.CodecError):
        codec.decode_links(data)
