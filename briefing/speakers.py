"""Who said what: every attributed statement grouped by speaker, names normalised across sources.

"Mr Blinken", "Blinken", "Antony Blinken" and "Secretary of State Antony Blinken" are one person:
titles go, and a lone name joins the one full name that contains it ("Mr Xi" → "Xi Jinping", the
family name first or last). A lone name that fits two full names stays apart rather than guess.

A statement's speaker is the one the segmenter attached (a quotation, a transcript turn, "X said"),
or, failing that, the subject of reported speech at the start of the statement ("Qin identified the
Taiwan issue as…", "Wang urged the U.S. side to…").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from briefing.corpus import Corpus

_TITLE_WORDS = (
    r"Mr|Mrs|Ms|Miss|Dr|Prof|Professor|Sir|Dame|Secretary(?:\s+of\s+State)?|Secretary-General|Foreign\s+Minister|"
    r"Defen[cs]e\s+Minister|Minister|Deputy|Vice|President|Premier|Prime\s+Minister|Chairman|Chairwoman|Chair|"
    r"Ambassador|Senator|Sen|Rep|Representative|Congressman|Congresswoman|Governor|Gov|General|Gen|Admiral|Adm|"
    r"Spokesman|Spokeswoman|Spokesperson|Leader|Chinese|American|US|U\.S|China's|America's|State|Top\s+Diplomat|"
    r"Director|Chief|Head|Correspondent|Host|Reporter|Analyst|Expert|Former|Then"
)
_TITLES = re.compile(rf"^(?:(?:{_TITLE_WORDS})\.?\s+)+", re.IGNORECASE)
_NAME = r"(?:[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?)"
_SPEECH_VERBS = (
    r"said|says|told|tells|urged|urges|demanded|demands|identified|stressed|stresses|warned|warns|called|calls|"
    r"described|describes|added|adds|noted|notes|emphasi[sz]ed|insisted|insists|argued|argues|asked|asks|accused|"
    r"pledged|promised|vowed|claimed|claims|explained|explains|acknowledged|admitted|announced|declared|"
    r"suggested|suggests|wrote|writes|stated|states|reiterated|raised|pressed|complained|criticised|criticized"
)
_REPORTED = re.compile(
    rf"^(?:[^,“\"]{{0,60}},\s+){{0,2}}(?:[^“\"]{{0,80}}\bthat\s+)?(?:(?:{_TITLE_WORDS})\.?\s+)*(?P<name>{_NAME}(?:\s+{_NAME}){{0,2}})\s+"
    rf"(?:also\s+|then\s+|later\s+|repeatedly\s+|publicly\s+)?(?:{_SPEECH_VERBS})\b"
)
_NOT_PEOPLE = {"China", "Beijing", "Washington", "The", "This", "That", "It", "He", "She", "They", "We", "Officials",
               "Analysts", "Experts", "Observers", "America", "United", "States", "Taiwan", "Russia", "State",
               "Department", "Ministry", "White", "House", "Pentagon", "Congress", "Meanwhile", "But", "And", "So",
               "Both", "Some", "Many", "Chinese", "American", "US", "Still", "However", "Later", "Earlier"}


def strip_titles(name: str) -> str:
    """The name without honorifics and offices: "Secretary of State Antony Blinken" → "Antony Blinken"."""
    bare = _TITLES.sub("", " ".join(name.split())).strip(" ,.")
    return bare or " ".join(name.split())


def reported_speaker(text: str) -> str | None:
    """The subject of reported speech that opens a statement ("Qin identified…"), if it is a name."""
    m = _REPORTED.match(text)
    if not m:
        return None
    name = m.group("name")
    if name.split()[0] in _NOT_PEOPLE or name.split()[-1] in _NOT_PEOPLE:
        return None
    return name


def full_names_in(texts: Iterable[str]) -> set[str]:
    """Two-word names the texts mention ("Wang Yi", "Qin Gang"), to complete lone names with."""
    found: dict[str, int] = {}
    for text in texts:
        for m in re.finditer(rf"(?<![\w.])({_NAME})\s+({_NAME})\b", text):
            first, last = m.group(1), m.group(2)
            if first in _NOT_PEOPLE or last in _NOT_PEOPLE or _TITLES.match(first + " "):
                continue
            found[f"{first} {last}"] = found.get(f"{first} {last}", 0) + 1
    return {name for name, n in found.items() if n >= 2}


def normalise(names: Iterable[str], mentioned: Iterable[str] = ()) -> dict[str, str]:
    """Each raw name → the person's canonical name (the fullest form seen, without titles).

    ``mentioned`` adds full names seen in the texts (not as speakers), so that a lone "Wang" can
    become "Wang Yi" when the sources name only one Wang.
    """
    raw = sorted(set(names))
    bare = {n: strip_titles(n) for n in raw}
    full = sorted({b for b in bare.values() if len(b.split()) >= 2} | set(mentioned),
                  key=lambda b: (-len(b.split()), b))
    canonical: dict[str, str] = {}
    by_ends: dict[tuple[str, str], str] = {}
    with_token: dict[str, list[str]] = {}
    for b in full:
        # "Antony J. Blinken" joins "Antony Blinken": same first and last token.
        words = b.split()
        canonical[b] = by_ends.setdefault((words[0], words[-1]), b)
        for w in set(words):
            with_token.setdefault(w, []).append(b)
    for n, b in bare.items():
        if b in canonical:
            continue
        tokens = b.split()
        if len(tokens) == 1:
            people = {canonical[f] for f in with_token.get(tokens[0], ())}
            canonical[b] = people.pop() if len(people) == 1 else b
        else:
            canonical[b] = b
    return {n: canonical[bare[n]] for n in raw}


@dataclass(frozen=True)
class SpeakerEntry:
    name: str
    aliases: tuple[str, ...]
    """Every form of the name the sources use."""
    statements: tuple[str, ...]
    """Statement ids, in corpus order."""
    outlets: tuple[str, ...]
    """The outlets that quote or report the speaker (an article of unknown outlet by its id)."""


def speaker_of(statement) -> str | None:
    """The statement's speaker: attached by the segmenter, else the subject of reported speech."""
    return statement.speaker or reported_speaker(statement.text)


def who_said_what(corpus: Corpus) -> list[SpeakerEntry]:
    """Every speaker with their statements, most widely reported first."""
    said = [(s, speaker_of(s)) for s in corpus.statements()]
    said = [(s, who) for s, who in said if who]
    lone = {strip_titles(who) for _, who in said if len(strip_titles(who).split()) == 1}
    mentioned = {n for n in full_names_in(s.text for s in corpus.statements()) if set(n.split()) & lone}
    names = normalise((who for _, who in said), mentioned)
    by_person: dict[str, list] = {}
    aliases: dict[str, set[str]] = {}
    for s, who in said:
        person = names[who]
        by_person.setdefault(person, []).append(s)
        aliases.setdefault(person, set()).add(who)
    entries = []
    for person, statements in by_person.items():
        outlets = []
        for s in statements:
            a = corpus.article_of(s.id)
            label = a.outlet or f"unknown outlet ({a.id})"
            if label not in outlets:
                outlets.append(label)
        entries.append(SpeakerEntry(person, tuple(sorted(aliases[person])), tuple(s.id for s in statements),
                                    tuple(outlets)))
    entries.sort(key=lambda e: (-len(e.outlets), -len(e.statements), e.name))
    return entries
