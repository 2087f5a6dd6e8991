"""The Textual app. Importing this package is light: textual is imported by its modules only.

Importing it also makes the garbage collector's young generation collect less often until the app's
first frame is on the screen (:func:`end_startup`, called by the app when Textual reports it ready):
importing Textual and building the first frame create tens of thousands of objects that all live
on, and at the default thresholds the collector walks them again and again, a full collection among
them, before the first frame (40 ms of a 300 ms start, measured). Reference counting frees what dies
meanwhile, and the collector still runs, only less often.
"""

import gc

_STARTUP_YOUNG = 100_000
"""Allocations between two young collections during start-up (Python's default: 700)."""

_thresholds: tuple[int, int, int] | None = gc.get_threshold()
gc.set_threshold(max(_STARTUP_YOUNG, _thresholds[0]), *_thresholds[1:])


def end_startup() -> None:
    """Give the collector back its thresholds of before start-up (once; later calls do nothing)."""
    global _thresholds  # noqa: PLW0603 - one process-wide setting, restored once
    if _thresholds is not None:
        if gc.get_threshold()[0] == max(_STARTUP_YOUNG, _thresholds[0]):  # unless someone changed it since
            gc.set_threshold(*_thresholds)
        _thresholds = None
