"""The base of the app's modal dialogs, and their shared styles.

The styles are the default CSS of :class:`Dialog`, so Textual reads them when the first dialog is
shown (with the default CSS of the widgets it brings), not before the app's first frame. Unscoped:
``.dialog``, ``.buttons`` and the rest apply to every dialog, as they did in ``app.tcss``; being
default CSS, they give way to a user's stylesheet.
"""

from __future__ import annotations

from typing import ClassVar

from textual.screen import ModalScreen, ScreenResultType


class Dialog(ModalScreen[ScreenResultType]):
    SCOPED_CSS: ClassVar[bool] = False
    DEFAULT_CSS = """
    ModalScreen {
        align: center middle;
    }
    .dialog {
        width: 72;
        max-width: 95%;
        height: auto;
        max-height: 90%;
        border: thick $primary;
        background: $surface;
        padding: 1 2;
    }
    .dialog.wide {
        width: 110;
    }
    #export-choices {
        height: auto;
    }
    #export-choices > Vertical {
        width: 1fr;
        height: auto;
    }
    ModalScreen.-narrow .dialog {
        padding: 0 1;
    }
    ModalScreen.-narrow .dialog-title {
        margin-bottom: 0;
    }
    #search {
        height: 90%;
    }
    SearchScreen {
        /* Opaque: a see-through backdrop has the whole screen under it drawn again, dimmed, whenever the
           results change (at 10,000 articles, 40-110 ms on the first letter typed). */
        background: $background;
    }
    #search-results {
        height: 1fr;
    }
    .dialog-title {
        margin-bottom: 1;
    }
    .dialog RadioSet {
        width: 100%;
    }
    .buttons {
        height: auto;
        margin-top: 1;
        align-horizontal: right;
    }
    .buttons Button {
        margin-left: 2;
    }
    """
