"""Names a package exports, imported from its modules on first use (PEP 562), so that importing the
package (the app's first frame, the quick path of a warm start) imports none of them."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping


def lazy_exports(package: str, where: Mapping[str, str], namespace: dict) -> Callable[[str], object]:
    """A module ``__getattr__`` for ``package``: ``where`` maps each exported name to the module (full
    dotted name) that defines it; a name once imported is kept in ``namespace``."""

    def __getattr__(name: str) -> object:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value
        return value

    return __getattr__
