"""Giving memory the process freed back to the system.

Loading a large corpus builds transient structures (decoded analyses, raw statements, link lists)
that are freed once the corpus is assembled; the C allocator keeps most of those pages for reuse,
and the process' resident size stays at its peak. ``malloc_trim`` hands the free pages back: at
10,000 articles the loaded app shrinks by about 80 MiB. Only glibc has it; elsewhere this does
nothing.
"""

from __future__ import annotations

import sys
from functools import lru_cache


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
