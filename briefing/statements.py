"""Statements: cleaned blocks split into sentences, with their speakers where the text makes it evident.

Segmentation is syntok's (it keeps "U.S.", "Mr.", "D.C." whole); on top of it a quotation that
runs over several sentences is kept as one statement, and a bullet or paragraph never shares a
statement with its neighbour. Speakers come from transcript turns, from attributions around a
quotation ("…,” said Bonnie Glaser", "“…,” Mr Blinken told reporters"), from reported speech
("Mr Xi said progress had been made"), from a lead-in that ends with a colon ("Here's what Vivian
Balakrishnan said:"), and carry over to a following quotation-only paragraph or a "He said" sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from briefing.clean import Block, boilerplate_reason
from briefing.model import Dropped, RawStatement

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


def segment(text: str) -> list[tuple[int, int]]:
    """Sentence spans of ``text`` (syntok), with quotations spanning several sentences kept whole."""
    return _merge_open_quotes(text, _split_after_abbreviations(text, _sentences(text)))


def _syntok_spans(text: str, base: int = 0) -> list[tuple[int, int]]:
    from syntok import segmenter  # noqa: PLC0415 - lazy: keeps start-up light

    spans: list[tuple[int, int]] = []
    for paragraph in segmenter.analyze(text):
        for sentence in paragraph:
            tokens = [t for t in sentence if t.value]
            if tokens:
                spans.append((base + tokens[0].offset, base + tokens[-1].offset + len(tokens[-1].value)))
    return spans


# syntok's speed is what an index build of a large corpus waits on (about 1.3 MB/s). Most of a news
# paragraph needs none of its judgement: a full stop after an ordinary word or a year, outside
# brackets, then a capitalised word, ends a sentence; a stretch with no terminal inside is one
# sentence. Those stretches are taken as they are, using syntok's own lists of abbreviations, months
# and roman numerals; a stretch that holds a terminal that could be an abbreviation or an initial
# ("U.S. Towards", "Mr. Li"), a bracket, unpaired brackets or an unusual character goes to syntok.
# The spans are syntok's own: the test compares them on hard cases, the bundled articles and the
# fixtures, and on 74,404 paragraphs of the AllSides and BBC corpora they were identical, found
# about three times as fast.
_CLEAR_END = re.compile(r"(?<!\S)([A-Za-z][a-z]+|[12]\d{3})(?<=[a-z]{2}|\d{2})[.!?][\"”’]?(?=\s+[\"“‘]?([A-Z][a-z]+|[AI](?=\s)))")
_INNER_TERMINAL = re.compile(r"[.!?…;()\[\]]")
# Terminals syntok never splits at: inside a word or number ("U.S", "3.5", "p.m"), or before a
# lower-case word or a comma.
_NO_END = re.compile(r"(?<=[A-Za-z0-9])\.(?=[a-z0-9]|[A-Z]\.)|[.!?;](?=[\"”’)]*\s+[a-z])|[.!?](?=[,;:])")
_FOR_SYNTOK = re.compile(r"[⁈﹗⁉‼⁇。﹒．？｡！‽{}<>\n\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")
_BRACKET = re.compile(r"[()\[\]]")
_CLOSERS = "\"”’"


@lru_cache(maxsize=1)
def _not_an_end() -> frozenset[str]:
    """Words after which a full stop may not end a sentence: syntok's abbreviations, months and roman
    numerals, and a few of its English ones."""
    from syntok._segmentation_states import State  # noqa: PLC0415

    return State.abbreviations | State.months | State.roman_numerals | frozenset("no nos esp al".split())


def _outside_brackets(text: str) -> list[tuple[int, int]] | None:
    """The stretches of ``text`` between its bracketed parts, or None where brackets do not pair up
    (syntok skips bracketed text whole, and an unpaired bracket changes what it skips)."""
    stack: list[str] = []
    inside: list[tuple[int, int]] = []
    start = 0
    for m in _BRACKET.finditer(text):
        c = m.group()
        if c in "([":
            if not stack:
                start = m.start()
            stack.append(c)
        elif not stack or stack.pop() != ("(" if c == ")" else "["):
            return None
        elif not stack:
            inside.append((start, m.end()))
    return None if stack else inside


def _sentences(text: str) -> list[tuple[int, int]]:
    if _FOR_SYNTOK.search(text):
        return _syntok_spans(text)
    bracketed = _outside_brackets(text) if "(" in text or "[" in text or ")" in text or "]" in text else []
    if bracketed is None:
        return _syntok_spans(text)
    keep = _not_an_end()
    starts = [a for a, _ in bracketed]
    cuts = [0]
    for m in _CLEAR_END.finditer(text):
        word = m.group(1)
        if word in keep or (word.isdigit() and m.group(2) in keep):
            continue
        k = bisect_right(starts, m.start()) - 1
        if k >= 0 and m.start() < bracketed[k][1]:  # inside a bracket
            continue
        cuts.append(m.end())
    cuts.append(len(text))
    spans: list[tuple[int, int]] = []
    for a, b in zip(cuts, cuts[1:]):
        chunk = text[a:b]
        body = chunk.strip()
        if not body:
            continue
        inner = body.rstrip(_CLOSERS)
        inner = inner[:-1] if inner[-1:] in ".!?" else inner
        if _INNER_TERMINAL.search(inner) and _INNER_TERMINAL.search(_NO_END.sub("", inner)):
            spans.extend(_syntok_spans(chunk, a))
        else:
            start = a + len(chunk) - len(chunk.lstrip())
            spans.append((start, start + len(body)))
    return spans


# Capitalised words that begin a sentence far more often than they continue a name ("U.S. Towards…").
_SENTENCE_STARTERS = frozenset(
    "A An The This That These Those It Its He She They We I You His Her Their Our In On At As After Before "
    "Towards Toward Since While When Where If But And So Yet Or Nor However Meanwhile Still Also Then There "
    "Here Now Today Yesterday Last Earlier Later Despite Although Though Because For From With Without "
    "During Over Under About Among Between Many Most Some Several Both Each Every No None".split()
)
_TITLE_WORDS = frozenset(
    "Secretary President Department Army Navy Air Embassy Senate House Congress Treasury State Government "
    "Officials Forces Military Trade Commerce Representative Ambassador National Capitol Court Supreme "
    "Attorney General Justice Federal Marines Coast Guard Border Customs Postal Census Capitol".split()
)
_ABBREV_THEN_WORD = re.compile(r"\b(?:[A-Z]\.){2,}\s+([A-Z][a-z'’]+)\s+[a-z]")


def _split_after_abbreviations(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Split "…including the U.S. Blinken also wants…", which segmenters keep as one sentence."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        cut = start
        for m in _ABBREV_THEN_WORD.finditer(text, start, end):
            word = m.group(1)
            if word in _TITLE_WORDS:
                continue
            if word in _SENTENCE_STARTERS or len(re.findall(rf"\b{re.escape(word)}\b", text)) > 1:
                out.append((cut, _rstrip_end(text, cut, m.start(1))))
                cut = m.start(1)
        out.append((cut, end))
    return out


def _rstrip_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _quote_balance(text: str) -> int:
    straight = text.count('"') % 2
    curly = text.count("“") - text.count("”")
    return straight + max(curly, 0)


def _merge_open_quotes(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    open_count = 0
    for start, end in spans:
        if merged and open_count > 0:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
        open_count = _quote_balance(text[merged[-1][0]:merged[-1][1]])
    return merged


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
