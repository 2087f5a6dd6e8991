"""The base of the app's modal dialogs: their shared stylesheet, ``dialog.tcss``.

Textual reads a screen's ``CSS_PATH`` into the app's stylesheet when such a screen is first shown
(and styles the app again then, once), so the app's first frame parses none of the dialogs' rules.
The file's rules are global, as they were in ``app.tcss``: ``.dialog``, ``.buttons`` and the like.
"""

from __future__ import annotations

import os

from textual.screen import ModalScreen, ScreenResultType


class Dialog(ModalScreen[ScreenResultType]):
    CSS_PATH = os.path.join(os.path.dirname(__file__), "dialog.tcss")  # absolute: the screens live beside it
