"""Updates that need no layout of the screen: Textual lays out the whole screen (and, under a dialog,
the screen below it) when a widget's size may have changed; these helpers tell it when it cannot."""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.reactive import Reactive
from textual.css.scalar import Unit
from textual.widget import Widget
from textual.widgets import Static


class SteadySize:
    """A mixin for a scrolling widget (a list, an input) sized by its container: when what it holds
    changes length, it is repainted and its scroll bars updated, and the screen is laid out only if
    the widget's own size follows its content (an ``auto`` width or height), or a scroll bar comes
    or goes (Textual does that itself)."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    def watch_virtual_size(self) -> None:
        if self.styles.auto_dimensions:
            self.refresh(layout=True)


def update_static(widget: Static, content: Content) -> None:
    """``widget.update(content)``, unless it shows exactly that already; laying out the screen only if
    the widget's height may change."""
    old = widget.content
    if isinstance(old, Content) and old.plain == content.plain and old.spans == content.spans:
        return
    widget.update(content, layout=not _same_height(widget, old, content))


def _same_height(widget: Static, old: object, new: Content) -> bool:
    """Whether the widget fills its container's width (no width set) with an ``auto`` height, and the
    new content makes it as high as the old did at that width (a ``min-height`` in cells counted, on a
    widget with no vertical padding or border): then its size stays."""
    styles = widget.styles
    width = widget.content_size.width
    if styles.width is not None or styles.height is None or not styles.height.is_auto or width <= 0 or \
            not isinstance(old, Content):
        return False
    floor = 0
    minimum = styles.min_height
    if minimum is not None:
        if minimum.unit != Unit.CELLS or styles.padding.top or styles.padding.bottom or styles.border.top[0] \
                or styles.border.bottom[0]:
            return old.get_height(styles, width) == new.get_height(styles, width)
        floor = int(minimum.value)
    return max(floor, old.get_height(styles, width)) == max(floor, new.get_height(styles, width))


def set_border_subtitle(widget: Widget, text: str) -> None:
    """``widget.border_subtitle = text``, unless it shows that already: Textual repaints the whole
    widget on every assignment (for a pane, every line of it and of what it holds), even of the same
    text, as a topic toggle or a move would do for each pane's unchanged count."""
    if widget.border_subtitle != text:
        widget.border_subtitle = text
