"""decode_bytes: byte-order marks, UTF-8, charset guessing, binary and empty input."""

from __future__ import annotations

import codecs
import random
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from briefing.ingest.decode import DecodeError, bom_encoding, decode_bytes, normalise_newlines

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def test_plain_utf8():
    assert decode_bytes("Blinken met Xi — “candid”.\n".encode()) == ("Blinken met Xi — “candid”.\n", "utf-8")


def test_ascii_is_reported_as_utf8():
    assert decode_bytes(b"Plain ASCII news.") == ("Plain ASCII news.", "utf-8")


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (codecs.BOM_UTF8 + "Café €5".encode(), "utf-8-sig"),
        ("Café €5".encode("utf-16"), "utf-16"),
        (codecs.BOM_UTF16_BE + "Café €5".encode("utf-16-be"), "utf-16"),
        (codecs.BOM_UTF16_LE + "Café €5".encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF32_LE + "Café €5".encode("utf-32-le"), "utf-32"),
        (codecs.BOM_UTF32_BE + "Café €5".encode("utf-32-be"), "utf-32"),
    ],
)
def test_boms(data, encoding):
    text, name = decode_bytes(data)
    assert (text, name) == ("Café €5", encoding)
    assert not text.startswith("\ufeff")


def test_bom_encoding_prefers_utf32_over_utf16():
    assert bom_encoding(codecs.BOM_UTF32_LE + b"a\0\0\0") == "utf-32"
    assert bom_encoding(codecs.BOM_UTF16_LE + b"a\0") == "utf-16"
    assert bom_encoding(b"plain") is None


def test_cp1252_fixture_is_guessed():
    data = (FIXTURES / "wire-report.txt").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    text, encoding = decode_bytes(data)
    assert encoding == "cp1252"
    assert "Rail workers’ unions" in text
    assert "€1,200" in text
    assert "“This is not everything" in text


def test_utf16_fixture():
    text, encoding = decode_bytes((FIXTURES / "rates-bulletin.txt").read_bytes())
    assert encoding == "utf-16"
    assert text.startswith("Central bank holds rates at 4.5%")
    assert "Elena Müller" in text


def test_bomless_utf16_is_recognised():
    text = "Markets rallied on Friday after the central bank held rates.\n" * 3
    assert decode_bytes(text.encode("utf-16-le")) == (text, "utf-16-le")
    assert decode_bytes(text.encode("utf-16-be")) == (text, "utf-16-be")


def test_declared_encoding_is_used_when_it_decodes():
    data = "Prix : 5 € « net »".encode("cp1252")
    assert decode_bytes(data, declared="windows-1252") == ("Prix : 5 € « net »", "cp1252")
    # latin-1 declarations are read as windows-1252, as browsers do
    assert decode_bytes(data, declared="ISO-8859-1")[1] == "cp1252"
    # valid UTF-8 wins over a declaration; a declaration that names no codec is ignored
    assert decode_bytes("naïve €".encode(), declared="ascii") == ("naïve €", "utf-8")
    assert decode_bytes("naïve".encode(), declared="no-such-codec") == ("naïve", "utf-8")


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  ", codecs.BOM_UTF8, codecs.BOM_UTF8 + b"  \n", "  \n".encode("utf-16")])
def test_empty(data):
    with pytest.raises(DecodeError, match="^empty file$"):
        decode_bytes(data)


def test_random_bytes_are_binary():
    data = random.Random(20230619).randbytes(4096)
    with pytest.raises(DecodeError, match="^binary file, not text$"):
        decode_bytes(data)


def test_nul_bytes_are_binary():
    with pytest.raises(DecodeError, match="binary"):
        decode_bytes(b"PK\x03\x04\x14\x00\x00\x00\x08\x00 some zip-like header with text after it")


def test_control_characters_are_binary():
    with pytest.raises(DecodeError, match="binary"):
        decode_bytes(b"\x01\x02\x03\x04\x05\x06 text \x07\x08\x0b\x0e\x0f\x10\x11")


def test_a_few_control_characters_are_tolerated():
    data = b"Form feed\x0c and tab\t are fine, one stray \x1b escape too, in a long enough line of text."
    text, encoding = decode_bytes(data)
    assert encoding == "utf-8" and "\x1b" in text


def test_decode_error_is_a_value_error_with_one_line():
    with pytest.raises(ValueError) as info:
        decode_bytes(b"\x00\x01\x02\x03")
    assert "\n" not in str(info.value)


def test_normalise_newlines():
    assert normalise_newlines("a\r\nb\rc\n\rd") == "a\nb\nc\n\nd"
    assert normalise_newlines("no change\n") == "no change\n"


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), min_size=1))
def test_utf8_round_trip(text):
    assume(not text.startswith("\ufeff"))  # that is a UTF-8 byte-order mark once encoded
    if not text.strip():
        with pytest.raises(DecodeError):
            decode_bytes(text.encode())
        return
    assert decode_bytes(text.encode()) == (text, "utf-8")


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=600))
def test_any_bytes_decode_or_raise_decode_error(data):
    try:
        text, encoding = decode_bytes(data)
    except DecodeError as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        assert isinstance(text, str) and text.strip() and encoding
