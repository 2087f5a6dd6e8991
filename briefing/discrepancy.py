"""Discrepancies: where statements of one corroboration group give different figures.

Each statement's quantities are read as intervals in a common unit (durations in minutes,
lengths in metres, money per currency, percentages, elapsed years, counts of a noun), with the
hedges that widen them: "more than half an hour" is (30, ∞) minutes, "about 150 metres" is
127.5-172.5 m, "35-minute" is 35 minutes. Two sources disagree on a kind of quantity when each
gives exactly one value of that kind and the intervals do not meet: "35-minute discussion" and
"more than half an hour" agree; "150 metres" and "200 metres" do not. "Since 2018", in an article
published in 2023, is an elapsed time of five years, so it agrees with "the first visit in five
years".
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

ROUNDING = 0.05
"""Relative slack on exact figures (a reporter's rounding): 100 and 104 agree, 150 and 200 do not."""

_UNITS: dict[str, tuple[str, float]] = {
    # durations, in minutes
    "second": ("duration", 1 / 60), "minute": ("duration", 1.0), "min": ("duration", 1.0),
    "hour": ("duration", 60.0), "hr": ("duration", 60.0), "day": ("duration", 1440.0),
    "week": ("duration", 10080.0), "month": ("duration", 43800.0),
    # lengths, in metres
    "metre": ("length", 1.0), "meter": ("length", 1.0), "m": ("length", 1.0), "kilometre": ("length", 1000.0),
    "kilometer": ("length", 1000.0), "km": ("length", 1000.0), "mile": ("length", 1609.344),
    "foot": ("length", 0.3048), "feet": ("length", 0.3048), "ft": ("length", 0.3048), "yard": ("length", 0.9144),
    "nautical mile": ("length", 1852.0),
    # shares
    "percent": ("percent", 1.0), "per cent": ("percent", 1.0), "%": ("percent", 1.0),
}
# Years are kept apart from other durations: "five years" is most often an elapsed time.
_YEAR_UNITS = {"year": 1.0, "yr": 1.0, "decade": 10.0}

_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "a": 1, "an": 1, "a dozen": 12, "dozens of": 24,
    "a couple of": 2, "a few": 3, "several": 3, "half a": 0.5, "half an": 0.5,
}
_SCALE = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "trillion": 1e12,
          "bn": 1_000_000_000, "m": 1_000_000, "k": 1_000}
_CURRENCY = {"$": "USD", "us$": "USD", "£": "GBP", "€": "EUR", "¥": "CNY", "dollar": "USD", "pound": "GBP",
             "euro": "EUR", "yuan": "CNY"}

# Hedges: how each widens an exact figure n, as (low factor, high factor).
_HEDGES: list[tuple[str, tuple[float, float]]] = [
    ("more than", (1.0001, math.inf)), ("over", (1.0001, math.inf)), ("at least", (1.0, math.inf)),
    ("upwards of", (1.0, math.inf)), ("in excess of", (1.0001, math.inf)), ("just over", (1.0001, 1.25)),
    ("just under", (0.8, 0.9999)), ("less than", (0.0, 0.9999)), ("under", (0.0, 0.9999)),
    ("fewer than", (0.0, 0.9999)), ("up to", (0.0, 1.0)), ("no more than", (0.0, 1.0)), ("at most", (0.0, 1.0)),
    ("nearly", (0.8, 1.0)), ("almost", (0.8, 1.0)), ("close to", (0.8, 1.05)), ("about", (0.8, 1.2)),
    ("around", (0.8, 1.2)), ("roughly", (0.8, 1.2)), ("approximately", (0.85, 1.15)), ("some", (0.8, 1.2)),
    ("an estimated", (0.8, 1.2)),
]
# "within 150 metres" is how close something came: the figure itself, not a bound.

_WORD_NUM = "|".join(sorted((re.escape(w) for w in _SMALL), key=len, reverse=True))
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_NUMBER = (rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|(?:{_TENS})[- ](?:one|two|three|four|five|six|seven|eight|nine)\b"
           rf"|(?:{_WORD_NUM}))")
_SCALE_RE = r"(?:\s*(?:hundred|thousand|million|billion|trillion|bn|m|k)\b)?"
_HEDGE_RE = "|".join(sorted((re.escape(h) for h, _ in _HEDGES), key=len, reverse=True))
_UNIT_RE = "|".join(sorted((re.escape(u) for u in [*_UNITS, *_YEAR_UNITS]), key=len, reverse=True))

_QUANTITY = re.compile(
    rf"(?<![\w$£€¥])(?:(?P<hedge>{_HEDGE_RE})\s+)?"
    rf"(?P<cur>us\$|\$|£|€|¥)?(?P<num>{_NUMBER}){_SCALE_RE.replace('(?:', '(?P<scale>', 1)}"
    rf"(?:(?P<and_half>\s+and\s+a\s+half)?[\s-]*(?P<unit>{_UNIT_RE})(?:e?s)?\b(?P<and_half2>\s+and\s+a\s+half)?"
    rf"|\s*(?P<curword>dollars?|pounds?|euros?|yuan)\b)?",
    re.IGNORECASE,
)
_FIGURE_WORDS = "|".join(sorted((re.escape(w) for w in [*_SMALL, *_SCALE] if w not in ("a", "an", "m", "k")),
                                key=len, reverse=True))
_MAY_HOLD_A_FIGURE = re.compile(rf"\d|\b(?:{_FIGURE_WORDS})\b|\ban?[\s-]+(?:{_UNIT_RE})(?:e?s)?\b", re.IGNORECASE)
"""Every figure :func:`quantities` reads has a digit, a number word, or "a"/"an" right before a unit: in
a text with none of them only days and dates are looked for (most statements)."""
_SPECIAL = [
    (re.compile(r"\b(?:(?P<hedge>" + _HEDGE_RE + r")\s+)?half an hour\b", re.I), ("duration", 30.0)),
    (re.compile(r"\b(?:(?P<hedge>" + _HEDGE_RE + r")\s+)?(?:an|one) hour and a half\b", re.I), ("duration", 90.0)),
    (re.compile(r"\b(?:(?P<hedge>" + _HEDGE_RE + r")\s+)?a quarter of an hour\b", re.I), ("duration", 15.0)),
]
_COUNT = re.compile(
    rf"(?<![\w$£€¥.,])(?:(?P<hedge>{_HEDGE_RE})\s+)?(?P<num>\d{{1,3}}(?:,\d{{3}})+|\d+|(?:{_TENS})[- ](?:one|two|three|four|five|"
    rf"six|seven|eight|nine)\b|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    rf"forty|fifty|hundred|dozens of|a dozen)\s+(?P<noun>[a-z]{{3,}}s|people|children|men|women|troops)\b",
    re.IGNORECASE,
)
_NOT_COUNTED = {"years", "decades", "days", "hours", "minutes", "seconds", "weeks", "months", "metres", "meters",
                "miles", "feet", "yards", "kilometres", "kilometers", "times", "percent", "dollars", "pounds",
                "euros", "others", "things", "ways", "sides", "parts"}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_MONTH_RE = "|".join(m.capitalize() for m in _MONTHS) + r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec"
_WEEKDAY = re.compile(r"\b(?:on\s+|last\s+|this\s+)?(?P<day>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_DATE = re.compile(rf"\b(?:(?P<m1>{_MONTH_RE})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+"
                   rf"(?P<m2>{_MONTH_RE}))\b")
EXACT_KINDS = frozenset({"weekday", "date", "party"})
"""Kinds compared without rounding slack (Monday is not Tuesday)."""
_SINCE_YEAR = re.compile(r"\bsince\s+(?:(?:early|late|mid)[- ])?(?P<year>(?:19|20)\d\d)\b", re.I)
_ELAPSED_CUE = re.compile(r"\b(?:in|for|over|after|than)\s+(?:the\s+(?:past|last)\s+)?$|\bago\b|^\s+ago\b", re.I)


@dataclass(frozen=True)
class Quantity:
    """One figure a statement gives, as an interval in its kind's unit."""

    kind: str
    """``duration`` (minutes), ``length`` (metres), ``elapsed`` (years), ``percent``, ``money:USD``…"""
    low: float
    high: float
    text: str
    """The words as the statement gives them ("more than half an hour")."""
    start: int
    end: int

    def agrees_with(self, other: Quantity) -> bool:
        slack = 0.0 if self.kind in EXACT_KINDS else ROUNDING
        low_a, high_a = self.low * (1 - slack), self.high * (1 + slack)
        low_b, high_b = other.low * (1 - slack), other.high * (1 + slack)
        return low_a <= high_b and low_b <= high_a


# What a figure measures: the word it qualifies ("35-minute *discussion*", "*spoke* for half an hour",
# "150 metres of the *destroyer*", "four months *after*"). Talking and meeting are one event here.
_EVENT = {"talk", "talks", "discussion", "discussions", "conversation", "spoke", "speak", "spoken", "talked",
          "meeting", "meetings", "met", "meet", "session", "call", "audience", "negotiations", "dialogue"}
_RELATIONS = {"after", "before", "ago", "later", "earlier", "since", "late", "early"}
_LEADS = {"for", "lasting", "lasted", "in", "of", "about", "over", "within", "by", "some"}
_SKIP = {"a", "an", "the", "his", "her", "their", "its", "our", "mr", "mrs", "ms", "long", "only", "just", "nearly",
         "almost", "more", "than", "less", "over", "about", "around", "roughly", "at", "least", "some"}
_WORDS = re.compile(r"[A-Za-z][A-Za-z'’]*")


def _fold(word: str) -> str:
    from briefing.features import _stem  # noqa: PLC0415

    w = word.lower().strip("'’")
    return "«event»" if w in _EVENT else _stem(w)


_PREPOSITIONS = {"with", "in", "on", "at", "to", "from", "by", "for", "of", "and", "or", "that", "which", "who",
                 "between", "aimed", "near", "off", "into", "as"}


def _phrase_head(words: list[str]) -> str | None:
    """The head of a noun phrase: its last noun before a preposition ("an American destroyer and…")."""
    picked: list[str] = []
    for w in words:
        lw = w.lower()
        if lw in _SKIP and not picked:
            continue
        if lw in _PREPOSITIONS or (picked and lw.endswith(("ed", "ing"))) or len(picked) == 3:
            break
        picked.append(w)
    return picked[-1] if picked else None


def head(text: str, q: Quantity) -> str | None:
    """The word a figure qualifies, folded: what it is a figure of."""
    right = [w for w in _WORDS.findall(text[q.end:q.end + 80])]
    left = [w for w in _WORDS.findall(text[max(0, q.start - 80):q.start])]
    if right and right[0].lower() in _RELATIONS:
        return right[0].lower()
    adjectival = "-" in q.text
    if right and (adjectival or right[0].lower() == "of"):
        phrase = text[q.end:q.end + 80]
        if right[0].lower() == "of":
            phrase = re.sub(r"^\W*of\b", "", phrase, count=1, flags=re.IGNORECASE)
        phrase = re.split(r"[,.;:!?()\"“”]", phrase)[0]
        noun = _phrase_head(_WORDS.findall(phrase))
        if noun:
            return _fold(noun)
    lead = [w for w in reversed(left) if w.lower() not in _SKIP]
    if left and left[-1].lower() in _LEADS:
        lead = [w for w in reversed(left[:-1]) if w.lower() not in _SKIP and w.lower() not in {"he", "she", "they"}]
    return _fold(lead[0]) if lead else None


def about_the_same(text_a: str, a: Quantity, text_b: str, b: Quantity) -> bool:
    """Whether two figures measure the same thing. Elapsed times and counts carry what they measure
    in their kind; other figures must qualify the same word."""
    if a.kind == "elapsed" or a.kind.startswith("count:"):
        return True
    ha, hb = head(text_a, a), head(text_b, b)
    return ha is not None and ha == hb


@dataclass(frozen=True)
class Discrepancy:
    """A group whose statements give figures of one kind that cannot all be true."""

    group: int
    kind: str
    values: tuple[tuple[str, Quantity], ...]
    """(statement id, the figure it gives), one per statement that gives one, in group order."""


def _number(text: str) -> float | None:
    t = text.lower().replace(",", "").strip()
    try:
        return float(t)
    except ValueError:
        pass
    parts = re.split(r"[- ]", t)
    if t in _SMALL:
        return float(_SMALL[t])
    if len(parts) == 2 and parts[0] in _TENS.split("|") and parts[1] in _SMALL:
        return float(_SMALL[parts[0]] + _SMALL[parts[1]])
    return None


def _interval(n: float, hedge: str | None) -> tuple[float, float]:
    if not hedge:
        return n, n
    lo, hi = dict(_HEDGES)[hedge.lower()]
    return n * lo, n * hi


def quantities(text: str, published_year: int | None = None) -> list[Quantity]:
    """Every figure with a unit in ``text`` (a bare number is not a quantity)."""
    found: list[Quantity] = []
    figures = _MAY_HOLD_A_FIGURE.search(text) is not None
    taken: list[tuple[int, int]] = []

    def add(kind: str, n: float, hedge: str | None, start: int, end: int) -> None:
        if any(s < end and start < e for s, e in taken):
            return
        lo, hi = _interval(n, hedge)
        found.append(Quantity(kind, lo, hi, text[start:end], start, end))
        taken.append((start, end))

    for pattern, (kind, value) in _SPECIAL if figures else ():
        for m in pattern.finditer(text):
            add(kind, value, m.group("hedge"), m.start(), m.end())
    for m in _SINCE_YEAR.finditer(text) if figures else ():
        if published_year:
            years = published_year - int(m.group("year"))
            if years >= 0:
                found.append(Quantity("elapsed", max(0.0, years - 1.0), float(years), m.group(0), m.start(), m.end()))
                taken.append((m.start(), m.end()))
    for m in _QUANTITY.finditer(text) if figures else ():
        unit, cur, curword = m.group("unit"), m.group("cur"), m.group("curword")
        if not (unit or cur or curword):
            continue
        n = _number(m.group("num"))
        if n is None:
            continue
        scale = (m.group("scale") or "").strip().lower()
        if scale:
            if unit and unit.lower() == "m" and scale == "m":
                continue
            n *= _SCALE.get(scale, 1)
        if m.group("and_half") or m.group("and_half2"):
            n += 0.5
        if cur or curword:
            code = _CURRENCY[(cur or curword).lower().rstrip("s")]
            add(f"money:{code}", n, m.group("hedge"), m.start(), m.end())
            continue
        u = unit.lower()
        if u in _YEAR_UNITS:
            before = text[max(0, m.start() - 30):m.start()]
            after = text[m.end():m.end() + 6]
            kind = "elapsed" if _ELAPSED_CUE.search(before) or _ELAPSED_CUE.search(after) else "duration-years"
            add(kind, n * _YEAR_UNITS[u], m.group("hedge"), m.start(), m.end())
            continue
        if u == "m" and not re.match(r"\d", m.group("num")):
            continue  # "a m…" is not a length
        kind, factor = _UNITS.get(u, _UNITS.get(u.rstrip("s"), ("", 0.0)))
        if kind:
            add(kind, n * factor, m.group("hedge"), m.start(), m.end())
    for m in _WEEKDAY.finditer(text):
        add("weekday", float(_WEEKDAYS.index(m.group("day").lower())), None, m.start(), m.end())
    for m in _DATE.finditer(text):
        month_name = (m.group("m1") or m.group("m2")).lower().rstrip(".")
        month = next(i for i, name in enumerate(_MONTHS, 1) if name.startswith(month_name[:3]))
        day = int(m.group("d1") or m.group("d2"))
        if 1 <= day <= 31:
            add("date", float(month * 100 + day), None, m.start(), m.end())
    for m in _COUNT.finditer(text) if figures else ():
        noun = m.group("noun").lower()
        if noun in _NOT_COUNTED or re.match(r"(?:19|20)\d\d$", m.group("num")):
            continue
        n = _number(m.group("num")) or (12.0 if "dozen" in m.group("num").lower() else None)
        if n is not None and n >= 2:
            add(f"count:{noun}", n, m.group("hedge"), m.start(), m.end())
    found.sort(key=lambda q: q.start)
    return found


_PARTY_VERB = re.compile(
    r"\b(?:met|meets|meeting|talks|talked|spoke|speaks|discussions?|conversation|sat down|phone call|call)"
    r"\s+(?:with|to)\s+", re.IGNORECASE)
_CAPITALISED = re.compile(r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}")
SAME_WORDING = 0.6
"""Named parties are compared only between statements this alike once the names are set aside
(Jaccard of their content words): the same sentence with another person in it. "Blinken met Xi"
and "Blinken met Qin" in looser words are two meetings, not a disagreement."""


SIMILAR_WORDING = 0.3
"""Figures are compared between statements sharing at least this much of their content words (besides
qualifying the same word): "five months pregnant" and "six months pregnant" about two women are not
one fact, however strongly the matcher linked them."""


def parties(text: str) -> list[Quantity]:
    """The people a statement says someone met or talked with ("met with Foreign Minister Qin Gang")."""
    from briefing.speakers import _NOT_PEOPLE, strip_titles  # noqa: PLC0415

    found: list[Quantity] = []
    for m in _PARTY_VERB.finditer(text):
        window = text[m.end():m.end() + 80]
        for n in _CAPITALISED.finditer(window):
            name = strip_titles(n.group(0)).strip(" .")
            first = name.split()[0] if name else ""
            if not name or first in _NOT_PEOPLE or first.endswith(("'s", "’s")):
                continue
            start = m.end() + n.start() + n.group(0).find(name)
            found.append(Quantity("party", 0.0, 0.0, name, start, start + len(name)))
            break
    return found


def same_party(a: Quantity, b: Quantity) -> bool:
    """One person: "Xi" and "Xi Jinping" share a name."""
    return bool(set(a.text.casefold().split()) & set(b.text.casefold().split()))


@lru_cache(maxsize=65_536)
def _features(text: str) -> frozenset[str]:
    """:func:`briefing.features.features`, remembered: wire copy repeats the same sentences."""
    from briefing.features import features  # noqa: PLC0415

    return frozenset(features(text))


@lru_cache(maxsize=65_536)
def _figures(text: str, year: int | None) -> tuple[Quantity, ...]:
    """:func:`quantities` and :func:`parties` of a statement, remembered (same reason)."""
    return (*quantities(text, year), *parties(text))


def same_wording(text_a: str, a: Quantity, text_b: str, b: Quantity, threshold: float = SAME_WORDING) -> bool:
    """Whether two statements say the same thing but for the figures or names compared."""
    fa = _features(text_a[:a.start] + " " + text_a[a.end:]) - _features(a.text)
    fb = _features(text_b[:b.start] + " " + text_b[b.end:]) - _features(b.text)
    return bool(fa | fb) and len(fa & fb) / len(fa | fb) >= threshold


SAME_NEWS_DAYS = 3
"""Figures from articles published further apart than this are not compared: a price, a toll or a
poll reported on two different weeks is two facts."""


def _close_in_time(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return True
    import datetime as dt  # noqa: PLC0415

    try:
        da, db = dt.date.fromisoformat(a[:10]), dt.date.fromisoformat(b[:10])
    except ValueError:
        return True
    return abs((da - db).days) <= SAME_NEWS_DAYS


def find_discrepancies(groups: Iterable, texts: Mapping[str, str], years: Mapping[str, int | None],
                       outlets: Mapping[str, str], linked=None,
                       published: Mapping[str, str | None] | None = None) -> tuple[Discrepancy, ...]:
    """The groups (with two or more independent sources) whose figures of one kind disagree.

    ``texts``, ``years`` and ``outlets`` map statement ids to the statement's text, its article's
    publication year and its independent-source key. A statement counts for a kind only when it
    gives exactly one figure of that kind (with two, which one is the fact is not clear). Only
    statements that ``linked(a, b)`` says corroborate each other directly are compared (in a large
    group, two members may state different facts); figures must qualify the same word, and days,
    dates and named parties (who met or talked with whom) need statements worded alike but for
    them (:data:`SAME_WORDING`), since a date rarely names what it dates.
    """
    out: list[Discrepancy] = []
    for group in groups:
        members: Sequence[str] = group.members
        if len(members) < 2 or len({outlets[m] for m in members}) < 2:
            continue
        if linked is not None and not any(
                outlets[a] != outlets[b] and linked(a, b) and _close_in_time((published or {}).get(a),
                                                                             (published or {}).get(b))
                for i, a in enumerate(members) for b in members[i + 1:]):
            continue  # no two sources here state it in like words: nothing to compare (the common case)
        by_kind: dict[str, list[tuple[str, Quantity]]] = {}
        for sid in members:
            per_kind: dict[str, list[Quantity]] = {}
            for q in _figures(texts[sid], years.get(sid)):
                per_kind.setdefault(q.kind, []).append(q)
            for kind, qs in per_kind.items():
                if len(qs) == 1:
                    by_kind.setdefault(kind, []).append((sid, qs[0]))
        for kind, values in by_kind.items():
            if len({outlets[sid] for sid, _ in values}) < 2:
                continue
            clash = any(not (same_party(a, b) if kind == "party" else a.agrees_with(b))
                        for i, (sa, a) in enumerate(values) for sb, b in values[i + 1:]
                        if outlets[sa] != outlets[sb]
                        and _close_in_time((published or {}).get(sa), (published or {}).get(sb))
                        and _comparable(kind, texts[sa], a, texts[sb], b,
                                                                       None if linked is None else linked(sa, sb)))
            if clash:
                out.append(Discrepancy(group.id, kind, tuple(values)))
    return tuple(out)


def _comparable(kind: str, text_a: str, a: Quantity, text_b: str, b: Quantity, linked: bool | None) -> bool:
    """Whether two figures should agree: the statements corroborate each other directly (when links
    are known), and the figures measure the same thing (days, dates and names: the statements are
    worded alike but for them)."""
    if linked is False:
        return False
    if kind in EXACT_KINDS:
        return same_wording(text_a, a, text_b, b)
    return about_the_same(text_a, a, text_b, b) and same_wording(text_a, a, text_b, b, SIMILAR_WORDING)


KIND_LABELS = {"party": "who was met", "weekday": "day", "date": "date", "duration": "duration", "length": "distance", "elapsed": "time elapsed", "percent": "percentage",
               "duration-years": "duration"}


def kind_label(kind: str) -> str:
    if kind.startswith("money:"):
        return f"amount ({kind.split(':', 1)[1]})"
    if kind.startswith("count:"):
        return f"number of {kind.split(':', 1)[1]}"
    return KIND_LABELS.get(kind, kind)
