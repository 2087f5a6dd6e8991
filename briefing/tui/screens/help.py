"""Every key binding, with what it does."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from briefing.tui.screens.dialog import Dialog
from briefing.tui.text import Hanging

# Keys handled by the panes themselves (not app bindings), listed for completeness.
EXTRA = [
    ("enter", "on a topic: toggle it · on an article: read it · on a statement: show its corroboration · "
              "on a corroborating statement: jump to it in its article"),
    ("ctrl+p", "command palette: every action by name"),
    ("escape", "close a dialog"),
]


_KEY_NAMES = {"slash": "/", "question_mark": "?"}


def binding_rows(bindings) -> list[tuple[str, str]]:
    """(keys, description) for each binding, merging the digit topic keys into one row."""
    rows: list[tuple[str, str]] = []
    topic_keys = []
    for b in bindings:
        if not isinstance(b, Binding) or not b.description:
            continue
        if b.action.startswith("toggle_topic("):
            topic_keys.append(b.key)
            continue
        keys = " / ".join(_KEY_NAMES.get(k.strip(), k.strip()) for k in b.key.split(","))
        rows.append((keys, f"{b.description}: {b.tooltip}" if b.tooltip else b.description))
    if topic_keys:
        rows.insert(0, (f"{topic_keys[0]}-{topic_keys[-1]}", "toggle the topic with that key (several at once)"))
    return rows


class HelpScreen(Dialog[None]):
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close")]

    def __init__(self, bindings) -> None:
        super().__init__()
        self.rows = binding_rows(bindings) + EXTRA

    def compose(self) -> ComposeResult:
        width = max(len(k) for k, _ in self.rows) + 2
        with VerticalScroll(classes="dialog wide", id="help"):
            yield Static(Content.styled("Keys (escape, q or ? closes; up/down scroll)", "bold"), classes="dialog-title")
            for keys, description in self.rows:
                yield Static(Hanging(Content.styled(keys, "bold $accent"), Content(description), width + 1),
                             classes="help-row")

    @property
    def text(self) -> str:
        """Every row as plain text, one per line."""
        return "\n".join(row.visual.plain for row in self.query(".help-row").results(Static))

    def on_mount(self) -> None:
        self.query_one("#help").focus()
