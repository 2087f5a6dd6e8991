"""The export dialog: format, scope and file; asks before overwriting an existing file."""

from __future__ import annotations

import os
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from briefing.tui.screens.confirm import ConfirmScreen
from briefing.tui.screens.dialog import Dialog

FORMATS = ("md", "json")
SCOPES = ("starred", "topics", "all")
DEFAULT_NAMES = {"md": "briefing.md", "json": "briefing.json"}


@dataclass(frozen=True)
class ExportRequest:
    format: str
    scope: str
    path: str
    force: bool = False


class ExportScreen(Dialog[ExportRequest | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, *, stars: int, active: list[str], scope: str | None = None, fmt: str = "md") -> None:
        super().__init__()
        self.stars = stars
        self.active = active
        self.initial_scope = scope or ("starred" if stars else "topics" if active else "all")
        self.initial_format = fmt

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog wide", id="export"):
            yield Static(Content.styled("Export a briefing", "bold"), classes="dialog-title")
            topics = ", ".join(self.active) if self.active else "none active"
            with Horizontal(id="export-choices"):
                with Vertical():
                    yield Label("Format")
                    with RadioSet(id="export-format"):
                        yield RadioButton("Markdown (md)", value=self.initial_format == "md", id="fmt-md")
                        yield RadioButton("JSON (briefing/v1)", value=self.initial_format == "json", id="fmt-json")
                with Vertical():
                    yield Label("Scope")
                    with RadioSet(id="export-scope"):
                        yield RadioButton(f"Starred statements ({self.stars})", value=self.initial_scope == "starred",
                                          id="scope-starred")
                        yield RadioButton(Content(f"Active topics ({topics})"), value=self.initial_scope == "topics",
                                          id="scope-topics")
                        yield RadioButton("Everything", value=self.initial_scope == "all", id="scope-all")
            yield Label("File")
            yield Input(value=DEFAULT_NAMES[self.initial_format], id="export-path")
            with Horizontal(classes="buttons"):
                yield Button("Export", variant="primary", id="export-ok")
                yield Button("Cancel", id="export-cancel")

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    # -- reading the form ---------------------------------------------------------------------
    @property
    def format(self) -> str:
        pressed = self.query_one("#export-format", RadioSet).pressed_button
        return pressed.id.removeprefix("fmt-") if pressed and pressed.id else "md"

    @property
    def scope(self) -> str:
        pressed = self.query_one("#export-scope", RadioSet).pressed_button
        return pressed.id.removeprefix("scope-") if pressed and pressed.id else "all"

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        if event.radio_set.id != "export-format":
            return
        path = self.query_one("#export-path", Input)
        stem, ext = os.path.splitext(path.value)
        if path.value in DEFAULT_NAMES.values() or ext.lstrip(".") in FORMATS:
            path.value = (stem or "briefing") + "." + self.format

    # -- submitting ----------------------------------------------------------------------------
    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "export-ok":
            self.submit()
        else:
            self.dismiss(None)

    def submit(self) -> None:
        path = os.path.expanduser(self.query_one("#export-path", Input).value.strip())
        if not path:
            self.notify("Give a file name", severity="error")
            return
        request = ExportRequest(self.format, self.scope, path)
        if os.path.lexists(path):
            def answer(yes: bool | None) -> None:
                if yes:
                    self.dismiss(ExportRequest(request.format, request.scope, request.path, force=True))

            self.app.push_screen(ConfirmScreen(f"{path} exists. Overwrite it?"), answer)
            return
        self.dismiss(request)

    def action_cancel(self) -> None:
        self.dismiss(None)
