"""The app's main screen: Textual's default screen, less the layouts of a resize that changes nothing.

Textual lays the whole screen out again for every Resize event the screen receives, even one that
reports the size it already has. A starting app receives three such events (the terminal's size, the
same size again once idle, and one its first layout sends); Textual merges them only when nothing else
waits between them in the screen's queue. In this app the widgets' first updates always wait there,
so the three were three full layouts (6 ms in all, at 120x34), run before the app heard that its first
frame was on the screen, and none of them moved or redrew anything (checked: the regions and the
first frame's cells are the same). A resize to a new size is laid out as before.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.screen import Screen


class MainScreen(Screen):
    def _screen_resized(self, size: Size) -> None:
        # (Textual's hook for the Resize event: `Screen._on_resize` calls it, then sets the breakpoints.)
        if size != self._size:
            super()._screen_resized(size)
