"""Dates as articles state them ("June 19, 2023", "19 June 2023", "2023-06-19"), to ISO 8601."""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = {
    name: n
    for n, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
         ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
         ("oct", "october"), ("nov", "november"), ("dec", "december")],
        start=1,
    )
    for name in names
}
_MONTH = r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_MDY = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I)
_DMY = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(\d{{4}})\b", re.I)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def _make(year: str, month: int, day: str) -> str | None:
    try:
        return dt.date(int(year), month, int(day)).isoformat()
    except ValueError:
        return None


def find_date(text: str) -> str | None:
    """The first full calendar date stated in ``text``, as ``YYYY-MM-DD``; None when there is none."""
    candidates: list[tuple[int, str | None]] = []
    if m := _MDY.search(text):
        candidates.append((m.start(), _make(m.group(3), _MONTHS[m.group(1).lower()[:3]], m.group(2))))
    if m := _DMY.search(text):
        candidates.append((m.start(), _make(m.group(3), _MONTHS[m.group(2).lower()[:3]], m.group(1))))
    if m := _ISO.search(text):
        month = int(m.group(2))
        candidates.append((m.start(), _make(m.group(1), month, m.group(3)) if 1 <= month <= 12 else None))
    found = [iso for _, iso in sorted(candidates) if iso]
    return found[0] if found else None


def to_iso(value: object) -> str | None:
    """Normalise a date from metadata (a date, a datetime, or a string) to ISO 8601; None if unknown."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() and value.tzinfo is None else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).isoformat()
    except ValueError:
        return find_date(text)
