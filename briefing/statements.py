"""Statements: cleaned blocks split into sentences, with their speakers where the text makes it evident.

Sentences are :mod:`briefing.sentences`' (syntok's, with a quotation over several sentences kept
whole); a bullet or paragraph never shares a statement with its neighbour. Speakers come from transcript turns, from attributions around a
quotation ("…,” said Bonnie Glaser", "“…,” Mr Blinken told reporters"), from reported speech
("Mr Xi said progress had been made"), from a lead-in that ends with a colon ("Here's what Vivian
Balakrishnan said:"), and carry over to a following quotation-only paragraph or a "He said" sentence.
"""

from __future__ import annotations

import re

from briefing.clean import Block, boilerplate_reason
from briefing.records import Dropped, RawStatement
from briefing.sentences import segment

_OPEN_QUOTES = "\"“‘"
_HONORIFIC = (
    r"(?:Mr|Mrs|Ms|Miss|Dr|Prof|Professor|Sen|Senator|Rep|Representative|Gov|Governor|President|"
    r"Premier|Prime Minister|Chancellor|Secretary(?: of State)?|Foreign Minister|Minister|Ambassador|"
    r"General|Gen|Admiral|Adm|Judge|Justice|Sir|Dame|Lord|Lady|Chairman|Spokesman|Spokeswoman)\.?"
)
_NAME = r"[A-Z][a-zA-Z'’\-]+(?: (?:[A-Z]\.|[A-Z][a-zA-Z'’\-]+)){0,3}"
_SAY = (
    r"(?:said|says|say|told|tells|added|adds|stressed|stresses|noted|notes|argued|argues|warned|warns|"
    r"explained|explains|emphasi[sz]ed|emphasi[sz]es|insisted|insists|reiterated|reiterates|declared|"
    r"declares|wrote|writes|asked|asks|replied|announced|announces|acknowledged|acknowledges|"
    r"confirmed|confirms|called|calls|described|describes|urged|urges|cautioned|predicted|admitted)"
)
_NOT_PEOPLE = frozenset(
    "The This That These Those It He She They We I You China Beijing Washington United States US U.S. "
    "America American Chinese Taiwan State Department White House Pentagon Kremlin Moscow Russia "
    "Japan India Europe NATO Congress Senate House Republicans Democrats Officials Experts Analysts "
    "Both Some Many Most Others Reporters Critics".split()
)
# Honorifics stack at most three deep ("Secretary of State Mr Blinken"): an unbounded ``*`` made the
# searches below quadratic on hostile text ("Mr. Mr. Mr. …" over a long line took minutes).
_TITLES_PREFIX = re.compile(
    rf"^(?:(?:former|then|[A-Z][\w.'’]*)\s+){{0,3}}?(?:{_HONORIFIC}\s+)+"
)
# "…,” said Bonnie Glaser, director…"  /  "…,” Mr Blinken told reporters."
_QUOTE_THEN_SAY = re.compile(rf"[,?!]?[”\"’]\s*,?\s*{_SAY}\s+((?:{_HONORIFIC}\s+){{0,3}}{_NAME})")
_QUOTE_THEN_NAME = re.compile(rf"[,?!]?[”\"’]\s*,?\s*((?:{_HONORIFIC}\s+){{0,3}}{_NAME})(?:,[^,]{{2,80}},)?\s+{_SAY}\b")
# "Mr Xi said progress…", "Professor Zhu Feng, a prominent scholar, told NPR…", "Mike Gallagher, for example, called…"
_NAME_SAYS = re.compile(
    rf"(?:^|[,;:]\s+|\bthe\s[\w -]{{3,60}},\s+)((?:{_HONORIFIC}\s+){{0,3}}{_NAME})(?:,[^,]{{2,90}},)?\s+(?:also\s+|then\s+|later\s+)?{_SAY}\b"
)
_PRONOUN_SAYS = re.compile(rf"^(?:And |But |So )?(?:He|She)(?:\s+also)?\s+{_SAY}\b")
_LEAD_IN = re.compile(
    rf"((?:{_HONORIFIC}\s+){{0,3}}{_NAME})(?:,[^,]{{2,80}},)?\s+(?:said|says|had this to say|wrote|told [\w ]+?)\b[^:]*:$"
    rf"|what\s+((?:[\w'’-]+\s+){{0,4}}?{_NAME})\s+(?:said|says|had to say)\b[^:]*:$"
)


def _clean_name(raw: str) -> str | None:
    name = _TITLES_PREFIX.sub("", raw.strip()).strip(" ,")
    words = name.split()
    if not words or words[0] in _NOT_PEOPLE or name in _NOT_PEOPLE:
        return None
    if all(w in _NOT_PEOPLE for w in words):
        return None
    return name


def _kind(text: str) -> str:
    bare = text.rstrip("\"”’')] ")
    if bare.endswith("?"):
        return "question"
    if text[:1] in _OPEN_QUOTES:
        return "quote"
    return "statement"


def find_speaker(sentence: str) -> str | None:
    """The person a sentence attributes its words to, when it names one."""
    for pattern in (_QUOTE_THEN_SAY, _QUOTE_THEN_NAME):
        m = pattern.search(sentence)
        if m and (name := _clean_name(m.group(1))):
            return name
    m = _NAME_SAYS.search(sentence)
    if m and (name := _clean_name(m.group(1))):
        return name
    return None


_LEAD_IN_REACH = 400


def _lead_in_speaker(sentence: str) -> str | None:
    # A lead-in ends the sentence with a colon, its speaker close before it: only the tail is searched
    # (``[^:]*:$`` from every "said" of a long line would be quadratic).
    sentence = sentence.strip()
    if not sentence.endswith(":"):
        return None
    m = _LEAD_IN.search(sentence[-_LEAD_IN_REACH:])
    if not m:
        return None
    raw = m.group(1) or m.group(2)
    if raw is None:
        return None
    # "Singapore Foreign Minister Vivian Balakrishnan": keep the trailing personal name.
    name = _clean_name(raw)
    if name and m.group(2):
        name = _clean_name(_TITLES_PREFIX.sub("", raw)) or name
    return name


def split_blocks(blocks: list[Block]) -> tuple[list[RawStatement], list[Dropped]]:
    """Split cleaned blocks into statements; drop sentence-level boilerplate with its reason."""
    out: list[RawStatement] = []
    dropped: list[Dropped] = []
    previous_block_speaker: str | None = None
    previous_block_quote_only = False
    lead_in: str | None = None
    for block in blocks:
        if block.kind == "heading":
            lead_in = None
            continue
        spans = segment(block.text)
        sentences: list[RawStatement] = []
        for s, e in spans:
            text = " ".join(block.text[s:e].split())
            reason = boilerplate_reason(text)
            if reason:
                dropped.append(Dropped(text, reason, (block.start + s, block.start + e)))
                continue
            sentences.append(RawStatement(
                text=text, start=block.start + s, end=block.start + e, paragraph=block.paragraph,
                kind=_kind(text), speaker=block.speaker, speaker_role=block.speaker_role, continues=False,
            ))
        if not sentences:
            continue
        quote_only = all(st.kind == "quote" and find_speaker(st.text) is None for st in sentences)
        if block.speaker is None:
            last: str | None = None
            for st in sentences:
                named = find_speaker(st.text)
                if named:
                    st.speaker = named
                elif last and _PRONOUN_SAYS.match(st.text):
                    st.speaker = last
                last = st.speaker or last
            if quote_only:
                inherited = lead_in or (previous_block_speaker if previous_block_quote_only or
                                        _ends_attributed_quote(out) else None)
                for st in sentences:
                    st.speaker = inherited
        else:
            # In a transcript, "Blinken said…" inside a correspondent's turn reports Blinken.
            for st in sentences:
                named = find_speaker(st.text)
                if named and st.speaker_role != "archived recording":
                    st.speaker = named
                    st.speaker_role = None
        lead_in = _lead_in_speaker(sentences[-1].text) if block.speaker is None else None
        previous_block_speaker = sentences[-1].speaker
        previous_block_quote_only = quote_only
        for i, st in enumerate(sentences):
            st.continues = (i > 0 or bool(out)) and _refers_back(st.text)
        out.extend(sentences)
    return out, dropped


def _ends_attributed_quote(statements: list[RawStatement]) -> bool:
    return bool(statements) and statements[-1].kind == "quote" and statements[-1].speaker is not None


_ANAPHOR_START = re.compile(
    r"^(?:(?:And|But|So|Yet)\s+)?(?:(?:[Tt]hat|[Tt]his|[Tt]hese|[Tt]hose|[Ss]uch)\s+(?!is\b|was\b)\w+|It|[Tt]hat|[Tt]his)\b"
)
_ANAPHOR_END = re.compile(r"\b(?:with|on|about|to|of|for|do|did)\s+(?:that|this|it|them)[.!]?$")
# "Shell nouns" that point back to what was just said: "he had made this ask", "raising the issue".
_SHELL_NOUN = re.compile(
    r"\b(?:this|that|these|those|the same)\s+(?:ask|request|issue|matter|demand|point|proposal|problem|"
    r"question|concern|imperative|effort|step|decision|subject|topic)s?\b|\braising the issue\b",
    re.I,
)


def _refers_back(text: str) -> bool:
    """Whether a sentence leans on what came before it ("That imperative…", "…move forward with that.",
    "…he had made this ask repeatedly")."""
    return bool(_ANAPHOR_START.match(text) or _ANAPHOR_END.search(text) or _SHELL_NOUN.search(text))


def normalise_speakers(statements: list[RawStatement], full_text: str) -> None:
    """Give each speaker the fullest form of their name that the article uses ("Glaser" → "Bonnie Glaser")."""
    names = set(re.findall(r"\b[A-Z][a-zA-Z'’\-]+(?: [A-Z][a-zA-Z'’\-]+){1,3}\b", full_text))
    cache: dict[str, str] = {}
    for st in statements:
        if not st.speaker:
            continue
        if st.speaker not in cache:
            cache[st.speaker] = _fullest(st.speaker, names)
        st.speaker = cache[st.speaker]


_NOT_NAME_WORDS = frozenset("Here There When What Where Why How So And But Mr Ms Mrs Dr Of The".split())


def _fullest(name: str, names: set[str]) -> str:
    words = name.split()
    if len(words) > 1:
        return name
    token = words[0]
    candidates = []
    for n in names:
        parts = n.split()
        if token not in parts or len(parts) > 3 or n.startswith(token + "'") or n.startswith(token + "’"):
            continue
        if set(parts) & (_NOT_PEOPLE | _NOT_NAME_WORDS) or any(p.endswith(("'s", "’s")) for p in parts):
            continue
        candidates.append(n)
    if not candidates:
        return name
    # Surname last ("Antony Blinken") before family name first ("Xi Jinping"), then the shortest.
    return min(candidates, key=lambda n: (n.split()[-1] != token, len(n.split()), n))
