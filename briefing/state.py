"""What the reader remembers between sessions: starred statements, notes, read articles, the theme.

The state is a small JSON file in the user's data folder (``BRIEFING_DATA_DIR`` overrides it). Every
change is written at once, atomically (temporary file, fsync, rename), so a crash never loses or
corrupts it; a temporary file that a killed save left behind is removed by the next load or save. A
file that cannot be parsed (not UTF-8, not JSON, not the expected shape) is renamed aside
(``state.json.corrupt-<timestamp>``) and a fresh state is started; :attr:`UserState.warning` says so,
for the interface to show.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from briefing.export.atomic import ExportError, remove_stale_temps, write_json_atomic

__all__ = ["STATE_FILE", "UserState", "data_dir"]

STATE_FILE = "state.json"
_VERSION = 1


def data_dir() -> Path:
    """The folder holding the state: ``$BRIEFING_DATA_DIR``, else the platform's user data folder."""
    override = os.environ.get("BRIEFING_DATA_DIR")
    if override:
        return Path(override)
    import platformdirs  # noqa: PLC0415 - only needed when the state is used

    return Path(platformdirs.user_data_dir("briefing", appauthor=False))


class UserState:
    """Stars, notes, read articles and theme; every change is saved immediately."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else data_dir() / STATE_FILE
        self.stars: set[str] = set()
        self.notes: dict[str, str] = {}
        self.read: set[str] = set()
        self.theme: str | None = None
        self.warning: str | None = None
        """A one-line message about a problem met while loading or saving (None when all is well)."""

    # -- loading and saving ---------------------------------------------------------------
    @classmethod
    def load(cls, path: str | os.PathLike[str] | None = None) -> UserState:
        """The saved state, or a fresh one when there is none (a corrupt file is set aside)."""
        state = cls(path)
        # A save interrupted by a crash leaves its temporary file; the saved state itself is intact.
        remove_stale_temps(state.path)
        try:
            raw = state.path.read_bytes()
        except FileNotFoundError:
            return state
        except OSError as exc:
            state.warning = f"could not read {state.path}: {exc.strerror or exc}"
            return state
        import json  # noqa: PLC0415 - not imported by a first start, which has no state yet

        try:
            # Bytes that are not UTF-8 and JSON nested too deeply to parse are damage too, not crashes;
            # a byte-order mark (an editor's) is not.
            state._apply(json.loads(raw.decode("utf-8-sig")))
        except (ValueError, TypeError, AttributeError, RecursionError) as exc:
            state._set_aside(exc)
        return state

    def _apply(self, data: Any) -> None:
        if not isinstance(data, dict):
            raise TypeError("the state is not a JSON object")
        stars = data.get("stars", [])
        notes = data.get("notes", {})
        read = data.get("read", [])
        theme = data.get("theme")
        if not (isinstance(stars, list) and all(isinstance(s, str) for s in stars)):
            raise TypeError("'stars' is not a list of statement ids")
        if not (isinstance(notes, dict) and all(isinstance(v, str) for v in notes.values())):
            raise TypeError("'notes' is not a mapping of statement ids to text")
        if not (isinstance(read, list) and all(isinstance(s, str) for s in read)):
            raise TypeError("'read' is not a list of article ids")
        if theme is not None and not isinstance(theme, str):
            raise TypeError("'theme' is not a string")
        self.stars, self.notes, self.read, self.theme = set(stars), dict(notes), set(read), theme

    def _set_aside(self, exc: Exception) -> None:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        n = 1
        while aside.exists():
            n += 1
            aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{n}")
        try:
            os.replace(self.path, aside)
        except OSError:
            self.warning = f"{self.path} is unreadable ({exc}); starting afresh (it could not be moved aside)"
        else:
            self.warning = f"{self.path} was unreadable ({exc}); kept as {aside.name}, starting afresh"

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": _VERSION,
            "stars": sorted(self.stars),
            "notes": dict(sorted(self.notes.items())),
            "read": sorted(self.read),
            "theme": self.theme,
        }

    def save(self) -> bool:
        """Write the state atomically; on failure set :attr:`warning` and return False."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_json_atomic(self.path, self.to_dict(), force=True)
        except (OSError, ExportError) as exc:
            self.warning = f"could not save {self.path}: {exc}"
            return False
        return True

    # -- changes (each saved at once) --------------------------------------------------------
    def toggle_star(self, statement_id: str) -> bool:
        """Star or unstar a statement; returns whether it is now starred."""
        if statement_id in self.stars:
            self.stars.discard(statement_id)
        else:
            self.stars.add(statement_id)
        self.save()
        return statement_id in self.stars

    def set_note(self, statement_id: str, text: str) -> None:
        """Set a statement's note; blank text removes it."""
        if text.strip():
            self.notes[statement_id] = text
        else:
            self.notes.pop(statement_id, None)
        self.save()

    def toggle_read(self, article_id: str) -> bool:
        """Mark an article read or unread; returns whether it is now read."""
        if article_id in self.read:
            self.read.discard(article_id)
        else:
            self.read.add(article_id)
        self.save()
        return article_id in self.read

    def star_many(self, statement_ids) -> None:
        """Star several statements at once (one save)."""
        self.stars.update(statement_ids)
        self.save()

    def mark_read_many(self, article_ids) -> None:
        """Mark several articles read at once (one save)."""
        self.read.update(article_ids)
        self.save()

    def set_theme(self, name: str | None) -> None:
        self.theme = name
        self.save()
