"""Memory while a large corpus is built or read back: not walking it, and giving back what was freed.

Building or reading back 10,000 articles creates millions of objects (statements, links, groups).
Python's cyclic garbage collector walks every live object each time enough new ones pile up: 22
full walks, 7.6 s of a 57 s cold build of 10,000 articles, to find next to nothing (the corpus is a
tree of data, not of cycles). :func:`collector_paused` turns it off for the build; ordinary
reference counting frees everything as before.

The transient structures (decoded analyses, raw statements, link lists) are freed once the corpus
is assembled; the C allocator keeps most of those pages for reuse, and the process' resident size
stays at its peak. ``malloc_trim`` hands the free pages back: at 10,000 articles the loaded app
shrinks by about 80 MiB. Only glibc has it; elsewhere :func:`release_free_memory` does nothing.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off for the block (process-wide; on again after it, unless it
    was off before: nested or concurrent blocks leave it as the outermost found it, at worst on).

    When the block made many objects, one full collection ends it: left among the young, they would
    all be walked by the first young collection after the block anyway (0.6 s after a build of
    10,000 articles, on whichever thread happens to allocate next: the app's screen, say); one full
    walk now (about 0.3 s) leaves the collector counting from a heap its size, as it would after
    the walks the build no longer does."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if gc.get_count()[0] > _MANY_OBJECTS:
                gc.collect()
            gc.enable()


_MANY_OBJECTS = 200_000
"""Objects made (less those freed) beyond which a paused block ends with a full collection."""


@lru_cache(maxsize=1)
def _trim():
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes  # noqa: PLC0415 - only here

        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # another C library (musl), or none to load
        return None


def release_free_memory() -> bool:
    """Return the allocator's free pages to the system (from any thread: the call does not hold the
    interpreter lock). False when the platform has no way to."""
    trim = _trim()
    if trim is None:
        return False
    trim(0)
    return True
