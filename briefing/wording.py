"""Counted nouns in what users read: "1 statement", "2 statements"."""

from __future__ import annotations


def noun(n: int, one: str, many: str | None = None) -> str:
    """The form of a word that agrees with ``n``: ``one`` for 1, else ``many`` (``one`` + "s" unless given)."""
    return one if n == 1 else (many or one + "s")


def plural(n: int, one: str, many: str | None = None) -> str:
    """``n`` and the noun that agrees with it: ``plural(1, "fact")`` is "1 fact", ``plural(3, "fact")``
    "3 facts", ``plural(2, "person", "people")`` "2 people"."""
    return f"{n} {noun(n, one, many)}"
