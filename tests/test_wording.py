"""Counted nouns agree with their numbers wherever users read them."""

from briefing.wording import plural


def test_plural_agrees_with_its_number():
    assert plural(0, "statement") == "0 statements"
    assert plural(1, "statement") == "1 statement"
    assert plural(2, "statement") == "2 statements"
    assert plural(1, "cited statement") == "1 cited statement"
    assert plural(2, "person", "people") == "2 people"
    assert plural(1, "person", "people") == "1 person"
