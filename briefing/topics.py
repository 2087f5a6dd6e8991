"""Topics defined as data in a TOML file (:func:`load_topics`), and the word tokens they are matched on.

See ``articles/topics.toml`` for the file format. Terms are matched on normalised word tokens
(:func:`tokens`: lower case, hyphens split, plurals folded), so "flights" signals *flights* while
"flew" does not. The tagger that reads statements with them is :mod:`briefing.tagger` (the app reads
a topics file before its first frame, and tags nothing then).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from briefing.model import Topic

_TOKEN = re.compile(r"[a-z0-9]+")
# Terminal escape sequences (CSI, OSC, DCS/SOS/PM/APC strings, two-character escapes, the C1 CSI) are
# not words: "\x1b[1mTaiwan\x1b[0m" says "Taiwan", not "1mtaiwan". The same pattern as the markdown
# exporter's (briefing.export.markdown), which the engine does not import.
_ESCAPE_SEQ = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[PX^_][^\x1b]*(?:\x1b\\)?|[!-/]*[0-~])?"
    r"|\x9b[0-?]*[ -/]*[@-~]"
)


class TopicsError(ValueError):
    """A topics file that cannot be used; the message is one line naming the file and the problem."""


def tokens(text: str) -> list[str]:
    """Normalised word tokens: lower case, split on hyphens and punctuation, plurals folded."""
    if "\x1b" in text or "\x9b" in text:
        text = _ESCAPE_SEQ.sub("", text)
    known = _LEMMAS
    if len(known) > _LEMMAS_KEPT:
        known.clear()
    return [known.get(t) or known.setdefault(t, lemma(t))
            for t in _TOKEN.findall(text.casefold().replace("’", "'").replace("'s ", " "))]


_LEMMAS: dict[str, str] = {}
"""Word → its :func:`lemma` (a corpus repeats its words: looked up, not folded again)."""
_LEMMAS_KEPT = 500_000


def lemma(word: str) -> str:
    """A light plural fold: militaries → military, flights → flight, channels → channel."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "ous")):
        return word[:-1]
    return word


def load_topics(path: str | Path) -> tuple[Topic, ...]:
    """Read a topics TOML file; raise TopicsError with a one-line reason when it is unusable."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise TopicsError(f"{path}: topics file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise TopicsError(f"{path}: cannot read topics file ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise TopicsError(f"{path}: not valid TOML ({exc})") from None
    entries = data.get("topic")
    if not isinstance(entries, list) or not entries:
        raise TopicsError(f"{path}: no [[topic]] entries")
    topics: list[Topic] = []
    seen: set[str] = set()
    for n, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            raise TopicsError(f"{path}: topic #{n} is not a table")
        topic_id = entry.get("id")
        if not isinstance(topic_id, str) or not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", topic_id):
            raise TopicsError(f"{path}: topic #{n} needs an id of lowercase letters, digits, '-' or '_'")
        if topic_id in seen:
            raise TopicsError(f"{path}: topic id {topic_id!r} is defined twice")
        seen.add(topic_id)
        lists = {}
        for field_name in ("terms", "context", "exclude"):
            value = entry.get(field_name, [])
            if not isinstance(value, list) or not all(isinstance(v, str) and tokens(v) for v in value):
                raise TopicsError(f"{path}: topic {topic_id!r}: '{field_name}' must be a list of non-empty strings")
            lists[field_name] = tuple(value)
        if not lists["terms"] and not lists["context"]:
            raise TopicsError(f"{path}: topic {topic_id!r} has no terms")
        key = entry.get("key")
        topics.append(Topic(
            id=topic_id,
            label=str(entry.get("label") or topic_id),
            key=str(key) if key is not None else None,
            description=str(entry.get("description", "")),
            **lists,
        ))
    return tuple(topics)
