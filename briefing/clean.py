"""Cleaning: turn pasted web text into the article's own blocks, and say why the rest was dropped.

Pasted articles carry the page around them: ad slots, player chrome, page navigation, captions
repeated for every image size, donation appeals, copyright lines, author bios, fact boxes of
unrelated stories. The rules here are *patterns* of such boilerplate, not lists of known strings.

The cleaner never rewrites text: every kept block is a slice of the source, given by its span, with
only a prefix (a bullet, a transcript speaker label, a dateline) moved out of it. Metadata the text
states (title, byline, dates, copyright holder, dateline) is collected on the way.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from briefing.dates import find_date
from briefing.records import Dropped

# -- line shapes -----------------------------------------------------------------------------------
_TERMINAL = re.compile(r"[.!?…][\"”’')\]]*$")
_BULLET = re.compile(r"^\s*(?:[•●▪◦‣∙·*]|-(?=\s)|–(?=\s)|\d{1,2}[.)](?=\s))\s+")
_NAME_WORD = r"[A-Z][a-zA-Z.'’\-]*"
_NAME_ONLY = re.compile(rf"^{_NAME_WORD}(?: (?:{_NAME_WORD}|de|van|von|bin|al|da)){{1,3}}$")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*")

# -- boilerplate patterns (whole line, case-insensitive unless noted) -------------------------------
_AGENCIES = (
    r"AFP|AP|Reuters|Getty Images?|EPA(?:-EFE)?|Bloomberg|Xinhua|Shutterstock|Alamy|"
    r"Associated Press|PA(?: Media)?|WireImage|Sipa|Anadolu|Kyodo|Yonhap"
)
_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("ad slot", re.compile(r"^\d{2,4}\s*[x×]\s*\d{2,4}(?:\s+ads?)?$|^(?:ad|ads|advertisement|advertising|"
                           r"sponsored(?: content)?|promoted|paid (?:content|post)|"
                           r"(?:story|article) continues (?:below|after)(?: (?:the|this) )?(?: ?advertisement)?)$", re.I)),
    ("player chrome", re.compile(
        r"^(?:play|pause|listen|watch|mute|unmute)(?: live)?(?: radio| video| audio| now| episode)?$|"
        r"^(?:next up|up next|now playing|on air now|playing now|live radio)\s*:?.{0,40}$|"
        r"^available on(?: air)? stations$|^\d{1,2}:\d{2}(?::\d{2})?(?:\s*/\s*\d{1,2}:\d{2})?$|"
        r"^(?:listen|watch)\s*[·•:–-]\s*\d+(?::\d{2})?(?:\s*min(?:utes)?)?$|"
        r"^(?:download|embed|transcript|audio|video)$|"
        r".*\b(?:tap|tapping|click|clicking|press|pressing|hit)(?: on)? the (?:play|listen|audio|video) button\b.*|"
        r"^(?:loading|buffering)(?:\.\.\.|…)?$", re.I)),
    ("page chrome", re.compile(
        r"^(?:(?:top|bottom) of (?:the )?page|back to top|skip to (?:main )?content|skip navigation|"
        r"menu|search|home|share|print|email|comments?|close|sign in|log in|log out|subscribe|"
        r"newsletter|sign up|facebook|twitter|linkedin|whatsapp|copy link|share this (?:article|story)|"
        r"share on \w+|follow us.*|cookie (?:settings|policy)|accept cookies|privacy policy|terms of use)$",
        re.I)),
    ("navigation", re.compile(
        r"^(?:learn more|read more|more from [\w .'’&-]{1,40}|related(?: articles| stories| content| coverage| "
        r"topics| links)?|further reading|top stories|most (?:read|popular|viewed|shared)|"
        r"you (?:may|might) also like|see also|recommended(?: for you)?|editors'? picks|trending(?: now)?|"
        r"latest(?: news| stories)?|more stories|more on this story|explore more|keep reading|"
        r"click to jump to.*|jump to.*|in this (?:article|story)|contents|table of contents)\s*:?$|"
        r"^related [\w ]{1,30}:.*$|^(?:tags?|topics?|filed under|categories)\s*:.*$", re.I)),
    ("donation appeal", re.compile(
        r"^.{0,200}\b(?:support (?:quality|independent|our|local|public|nonprofit|trusted)[\w ]{0,20} journalism|"
        r"make (?:a|your) (?:gift|donation)|with (?:a|your) (?:gift|donation)|donate (?:now|today)|"
        r"become a (?:member|subscriber|supporter|sustainer)|subscribe (?:now|today) (?:to|for))\b.{0,200}$",
        re.I)),
    ("copyright", re.compile(
        r"^(?:copyright|©|\(c\))\s.{0,120}$|^.{0,120}\ball rights reserved\b.{0,60}$|"
        r"^transcript provided by .{0,80}$|^this transcript (?:was|is|has been) .{0,160}$", re.I)),
    ("caption", re.compile(
        rf"^(?:image|photo|picture|caption|photograph|illustration|credit|file photo)(?: credit)?\s*:.*$|"
        rf"^.{{10,300}}[.!?]\s+(?:(?:photo|image|picture)\s*:?\s*)?(?:{_AGENCIES})(?:\s*/\s*[\w .]+)?\.?$|"
        rf"^.{{0,300}}\((?:photo|image)[^)]*\)$", re.I)),
]
# Sentences that are boilerplate wherever they appear (also inside a kept paragraph).
_SENTENCE_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("copyright", re.compile(r"^(?:transcript provided by|copyright|©)\b.{0,120}$|.*\ball rights reserved\b.*", re.I)),
    ("donation appeal", _RULES[4][1]),
    ("player chrome", re.compile(r".*\b(?:tap|tapping|click|clicking|press|pressing)(?: on)? the "
                                 r"(?:play|listen|audio|video) button\b.*", re.I)),
    ("conversational filler", re.compile(
        r"^(?:(?:hi|hey|hello|thanks|thank you|thanks so much|thank you so much|yeah|yes|no|right|okay|ok|"
        r"sure|good morning|good evening|you're welcome|my pleasure|great)(?:,?\s+(?:[A-Z]\w+|so much|"
        r"very much|for having me))?[.!?]?)$", re.I)),
    ("broadcast framing", re.compile(
        r"^(?:joining (?:us|me)(?: now)? (?:is|are)\b.*|we(?:'re| are) joined by\b.*|with (?:us|me) (?:now )?is\b.*|"
        r"(?:and )?here'?s (?:what )?[\w'’]+(?: [\w'’]+)? (?:said|says|again|had to say)[.:]?|"
        r"(?:you're|you are) listening to\b.*|"
        r"(?:[A-Z]{2,}\s+)?(?:[a-z]+\s+){0,3}(?:correspondent|reporter|host|editor|contributor|producer|anchor)"
        r"\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}\.)$", re.I)),
]
_LANGUAGES = {
    "english", "arabic", "français", "francais", "french", "español", "espanol", "spanish", "deutsch",
    "german", "中文", "chinese", "русский", "russian", "português", "portuguese", "italiano", "日本語",
    "한국어", "türkçe", "farsi", "فارسی", "العربية", "urdu", "hindi", "हिन्दी", "bahasa", "indonesian",
}
_STAGE = re.compile(r"^[(\[]([A-Z][A-Z0-9 ,.'’:&/-]{2,80})[)\]]$")
_SPEAKER_LABEL = re.compile(
    r"^((?:[A-Z][A-Z.'’\-]+)(?: [A-Z][A-Z.'’\-]+){0,3})(?:,\s*([A-Z][A-Z ,.'’/&-]{1,40}))?:\s+(\S.*)$"
)
_BYLINE = re.compile(r"^by\s+(.{2,120})$", re.I)
_FACT_LINE = re.compile(r"^[A-Z][\w'’&/ -]{0,30}:\s+\S")
_FACT_LABEL_ALLCAPS = re.compile(r"^[A-Z .'’-]+:")
_BIO = re.compile(
    rf"^({_NAME_WORD}(?: (?:{_NAME_WORD}|de|van|von|bin|al|da)){{1,4}}),? (?:is|was|serves as|has been)\b"
    r".{0,300}\b(?:fellow|director|correspondent|host|editor|reporter|writer|professor|president|analyst|"
    r"chair(?:man|woman)?|officer|lead|author|journalist|columnist|contributor|producer|anchor|researcher|"
    r"scholar|economist|head|founder|member|strategist|expert|assistant|associate|manager|coordinator|"
    r"intern|adviser|advisor|deputy)s?\b"
)
_DATELINE = re.compile(
    r"^((?:[A-Z][A-Za-z.'’]+(?: [A-Z][A-Za-z.'’]+){0,3})(?:, [A-Z][A-Za-z.'’ ]{1,30})?"
    r"(?: \((?:[A-Z][\w ]{1,20})\))?)\s+[-–—]{1,2}\s+(?=[A-Z\"“])"
)
_COPYRIGHT_HOLDER = re.compile(
    r"(?:^|[.!?]\s+)(?i:copyright|©)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?(?i:by\s+)?"
    r"([A-Z][\w&'’-]*(?: [A-Z][\w&'’-]*){0,4})(?=[.,;]|\s*$)", re.M)
_PROVIDED_BY = re.compile(r"(?i:transcript provided by) ([A-Z][\w&'’-]*(?: [A-Z][\w&'’-]*){0,4})(?=[.,;]|\s*$)", re.M)
_LABEL_ONLY = re.compile(r"^((?:[A-Z][A-Z.'’\-]+)(?: [A-Z][A-Z.'’\-]+){0,3})(?:,\s*([A-Z][A-Z ,.'’/&-]{1,40}))?:$")
_STOP = frozenset(
    "the a an and or but of to in on at for with by from as is are was were be been has have had it its "
    "this that these those he she they we you i his her their our not no will would can could should "
    "may might also more most than then there here which who whom what when where why how all any "
    "some such into over after before about up out so if".split()
)


@dataclass
class Block:
    """A kept paragraph of the article: a slice of the source text plus its attribution."""

    text: str
    start: int
    end: int
    kind: str = "prose"
    """``prose``, ``bullet`` or ``heading``."""
    speaker: str | None = None
    speaker_role: str | None = None
    paragraph: int = 0


@dataclass
class CleanResult:
    blocks: list[Block]
    dropped: list[Dropped]
    meta: dict[str, object] = field(default_factory=dict)
    """Metadata stated by the text: title, authors, published, outlet, dateline."""


@dataclass
class _Line:
    text: str
    start: int
    end: int
    kind: str = "prose"
    drop: str | None = None
    speaker: str | None = None
    speaker_role: str | None = None
    bullet: bool = False


def boilerplate_reason(sentence: str) -> str | None:
    """Why a single sentence is boilerplate, or None when it is the article's own text."""
    s = sentence.strip()
    for reason, pattern in _SENTENCE_RULES:
        if pattern.match(s):
            return reason
    return None


def _line_reason(text: str) -> str | None:
    for reason, pattern in _RULES:
        if pattern.match(text):
            return reason
    return None


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


_LETTER_RUN = re.compile(r"[^\W\d_]+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def _units(text: str) -> int:
    """Words in any script: letter runs, with each CJK character counted as one (no spaces there)."""
    cjk = len(_CJK.findall(text))
    return len(_LETTER_RUN.findall(_CJK.sub(" ", text))) + cjk


def _heading_like(text: str) -> bool:
    """A short line without closing punctuation (or a short question standing alone)."""
    n = len(_words(text))
    if n == 0 or n > 25:
        return False
    if text.endswith("?") and n <= 10:
        return True
    return not _TERMINAL.search(text) and not text.endswith((":", ",", ";"))


def _split_lines(source: str) -> list[_Line]:
    lines: list[_Line] = []
    pos = 0
    for raw in source.split("\n"):
        start, end = pos, pos + len(raw)
        pos = end + 1
        stripped = raw.strip()
        if not stripped:
            continue
        lead = len(raw) - len(raw.lstrip())
        start += lead
        end = start + len(stripped)
        lines.append(_Line(stripped, start, end))
    return _join_wrapped(source, lines)


def _join_wrapped(source: str, lines: list[_Line]) -> list[_Line]:
    """Join hard-wrapped prose: a line that stops mid-sentence and is followed by a lowercase one."""
    out: list[_Line] = []
    for line in lines:
        prev = out[-1] if out else None
        if (
            prev is not None
            and not _TERMINAL.search(prev.text)
            and not prev.text.endswith(":")
            and line.text[:1].islower()
            and source.count("\n", prev.end, line.start) == 1
            and len(_words(prev.text)) >= 6
        ):
            prev.end = line.end
            prev.text = source[prev.start:prev.end]
            continue
        out.append(line)
    return out


def _title_case_name(label: str) -> str:
    return " ".join(w.capitalize() if w.isupper() else w for w in label.split())


def _split_names(text: str) -> list[str]:
    parts = re.split(r"\s*(?:,|\band\b|&)\s*", text.strip().rstrip("."))
    return [p for p in parts if p and _NAME_ONLY.match(p)]


def _norm(text: str) -> str:
    return " ".join(text.split())


def _content_words(text: str) -> set[str]:
    return {w.lower() for w in _words(text) if len(w) > 3 and w.lower() not in _STOP}


def clean(source: str) -> CleanResult:
    """Separate the article's own text from the page around it."""
    lines = _split_lines(source)
    meta: dict[str, object] = {}
    authors: list[str] = []

    # 1. Line-level boilerplate patterns, repeated captions, language switchers, stage directions.
    repeats = Counter(line.text for line in lines if len(_words(line.text)) >= 5)
    speaker_labels = sum(1 for line in lines if _SPEAKER_LABEL.match(line.text) or _LABEL_ONLY.match(line.text))
    transcript = speaker_labels >= 2
    for line in lines:
        m = _BULLET.match(line.text)
        if m:
            line.bullet = True
            line.start += m.end()
            line.text = line.text[m.end():]
            if not line.text:
                line.drop = "empty bullet"
                continue
        reason = _line_reason(line.text)
        if reason is None and repeats[line.text] >= 2:
            reason = "repeated caption"
        if reason is None and line.bullet and line.text.casefold() in _LANGUAGES:
            reason = "language switcher"
        if reason is None and _STAGE.match(line.text) and (transcript or "SOUNDBITE" in line.text):
            reason = "stage direction"
        if reason is None and re.match(r"^(?:updated|published|posted|last updated|first published)\b\s*:?", line.text, re.I) \
                and find_date(line.text) and len(_words(line.text)) <= 12:
            meta.setdefault("published", find_date(line.text))
            reason = "date line"
        if reason is None and line.text.endswith(":") and len(_words(line.text)) <= 6 and not transcript \
                and not re.search(r"\b(?:said|says|say|told|added|this)\b", line.text, re.I):
            reason = "navigation"
        line.drop = reason
    holder = _PROVIDED_BY.search(source) or _COPYRIGHT_HOLDER.search(source)
    if holder:
        meta["outlet"] = holder.group(1).strip()

    # 2. Transcript turns: "NAME, ROLE: text" becomes attribution; stage directions mark recordings.
    if transcript:
        _attribute_turns(lines)

    kept = [line for line in lines if not line.drop]

    # 3. Find where the article body starts: the first real paragraph (or transcript turn).
    def is_prose(line: _Line) -> bool:
        n = _units(line.text)
        return line.speaker is not None or n >= 25 or (n >= 8 and bool(re.search(r"[.!。！？؟][\"”’')\]」』]*$", line.text)))

    first_prose = next((i for i, line in enumerate(kept) if is_prose(line)), len(kept))
    header = kept[:first_prose]
    title_index = None
    for i, line in enumerate(header):
        if _BYLINE.match(line.text) or (_NAME_ONLY.match(line.text) and len(line.text.split()) <= 4) \
                or (find_date(line.text) and len(_words(line.text)) <= 8):
            continue
        if len(_words(line.text)) >= 4:
            title_index = i
    for i, line in enumerate(header):
        byline = _BYLINE.match(line.text)
        if i == title_index:
            meta["title"] = line.text
            line.drop = "title"
        elif byline:
            authors.extend(_split_names(byline.group(1)))
            line.drop = "byline"
        elif title_index is not None and i > title_index and _NAME_ONLY.match(line.text):
            authors.append(line.text)
            line.drop = "byline"
        elif find_date(line.text) and len(_words(line.text)) <= 8:
            meta.setdefault("published", find_date(line.text))
            line.drop = "date line"
        else:
            line.drop = "page header"
    body = [line for line in kept[first_prose:]]

    # 4. Body structure: headings, tables of contents, bios, fact boxes.
    later_texts = {_norm(line.text) for line in body}
    for i, line in enumerate(body):
        if line.drop or line.speaker:
            continue
        # A table-of-contents entry: "Name: Heading" whose heading is a later line.
        toc = re.match(r"^[^:]{2,60}:\s+(.+)$", line.text)
        if toc and _norm(toc.group(1)) in later_texts and _norm(toc.group(1)) != _norm(line.text):
            line.drop = "table of contents"
            continue
        bio = _BIO.match(line.text)
        if bio and len(_words(line.text)) <= 60:
            nxt = next((b for b in body[i + 1:] if not b.drop), None)
            prev = body[i - 1] if i > 0 else None
            at_section_end = nxt is None or _heading_like(nxt.text) or _BIO.match(nxt.text) \
                or bool(_NAME_ONLY.match(nxt.text))
            named_before = prev is not None and prev.text == bio.group(1)
            if at_section_end or named_before:
                line.drop = "author bio"
                authors.append(bio.group(1))
                if named_before and prev is not None:
                    prev.drop = "author bio"
                continue
        if _heading_like(line.text):
            line.kind = "heading"
            if _NAME_ONLY.match(line.text) and any(
                b.text.startswith(line.text + " ") and _BIO.match(b.text) for b in body[i + 1:i + 2]
            ):
                line.drop = "author bio"
    _drop_fact_boxes(body)
    _drop_unrelated_sections(body)

    # A heading with nothing kept after it before the next heading is page furniture.
    live = [line for line in body if not line.drop]
    for i, line in enumerate(live):
        if line.kind == "heading" and (i + 1 == len(live) or live[i + 1].kind == "heading"):
            line.drop = "empty section heading"

    # 5. Dateline: "Beijing, China - U.S. Secretary…" at the start of the first paragraph.
    live = [line for line in body if not line.drop and line.kind != "heading"]
    if live and not live[0].speaker:
        m = _DATELINE.match(live[0].text)
        if m and len(_words(m.group(1))) <= 5:
            meta["dateline"] = m.group(1)
            live[0].start += m.end()
            live[0].text = live[0].text[m.end():]

    blocks: list[Block] = []
    dropped: list[Dropped] = []
    paragraph = 0
    for line in lines:
        if line.drop:
            dropped.append(Dropped(text=source[line.start:line.end], reason=line.drop, span=(line.start, line.end)))
            continue
        paragraph += 1
        kind = "heading" if line.kind == "heading" else ("bullet" if line.bullet else "prose")
        blocks.append(Block(line.text, line.start, line.end, kind, line.speaker, line.speaker_role, paragraph))
    if authors:
        meta["authors"] = list(dict.fromkeys(authors))
    return CleanResult(blocks=blocks, dropped=dropped, meta=meta)


def _attribute_turns(lines: list[_Line]) -> None:
    """Move transcript speaker labels out of the text and into attribution."""
    full_names: dict[str, str] = {}
    roles: dict[str, str] = {}
    for line in lines:
        m = _SPEAKER_LABEL.match(line.text) or _LABEL_ONLY.match(line.text)
        if m and not line.drop:
            name = _title_case_name(m.group(1))
            if len(name.split()) > 1:
                full_names.setdefault(name.split()[-1], name)
    recording = False
    pending: tuple[str, str | None] | None = None
    for line in lines:
        if line.drop == "stage direction":
            recording = "RECORDING" in line.text or "SOUNDBITE" in line.text or "CLIP" in line.text
            continue
        if line.drop:
            continue
        m = _LABEL_ONLY.match(line.text)
        if m:
            line.drop = "speaker label"
            pending = (m.group(1), m.group(2))
            continue
        m = _SPEAKER_LABEL.match(line.text)
        if m:
            label, role = m.group(1), m.group(2)
            line.start += m.start(3)
            line.text = line.text[m.start(3):]
        elif pending:
            label, role = pending
        else:
            continue
        pending = None
        name = _title_case_name(label)
        name = full_names.get(name.split()[-1], name)
        role_text = (role or "").strip().lower()
        if role_text:
            roles[name] = {"host": "host", "byline": "correspondent"}.get(role_text, role_text)
        line.speaker = name
        line.speaker_role = "archived recording" if recording else roles.get(name)
        recording = False


def _drop_fact_boxes(body: list[_Line]) -> None:
    """Runs of three or more "Label: value" lines (and the heading above them) are a fact box."""
    i = 0
    while i < len(body):
        j = i
        while j < len(body) and not body[j].drop and not body[j].speaker and _FACT_LINE.match(body[j].text) \
                and not _FACT_LABEL_ALLCAPS.match(body[j].text):
            j += 1
        if j - i >= 3:
            for line in body[i:j]:
                line.drop = "fact box"
            k = i - 1
            while k >= 0 and body[k].drop:
                k -= 1
            if k >= 0 and body[k].kind == "heading":
                body[k].drop = "fact box"
            i = j
        else:
            i += 1


def _drop_unrelated_sections(body: list[_Line]) -> None:
    """A short section whose words the rest of the article never uses belongs to another story."""
    sections: list[list[_Line]] = [[]]
    for line in body:
        if line.drop:
            continue
        if line.kind == "heading" and sections[-1]:
            sections.append([])
        sections[-1].append(line)
    if len(sections) < 2:
        return
    sizes = [sum(len(_words(line.text)) for line in section) for section in sections]
    main = max(range(len(sections)), key=lambda n: sizes[n])
    for n, section in enumerate(sections):
        if n == main or sizes[n] > 400:
            continue
        words = set().union(*(_content_words(line.text) for line in section))
        rest = set().union(*(_content_words(line.text) for m, s in enumerate(sections) if m != n for line in s))
        if len(words) < 3 or len(rest) < 30:
            continue
        shared = len(words & rest) / len(words)
        if shared < 0.12:
            for line in section:
                line.drop = "unrelated block"
