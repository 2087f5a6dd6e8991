"""Dataclasses whose methods are shared, not generated: cheap to define, for records made by the few.

:func:`dataclasses.dataclass` writes each class' ``__init__``, ``__repr__``, ``__eq__``, ``__hash__``,
``__setattr__`` and ``__delattr__`` as source text and compiles it when the class is defined: 0.5 to
1.4 ms a class on the reference machine. The app's first frame defined ten such classes (the corpus'
outline, its articles and topics, the loader's documents, the configuration): about 8 ms of a cold
start that must stay within 1.3 times a bare Textual app's.

:func:`lite_dataclass` makes the same dataclass (:func:`dataclasses.fields`, :func:`~dataclasses.replace`
and :func:`~dataclasses.asdict` work; the field options ``default``, ``default_factory``, ``init``,
``repr``, ``compare`` and ``hash`` keep their meaning) with the methods below, written once, in 0.2 ms.
The price is in construction: a generic ``__init__`` takes about 2 µs more, so records made by the
hundred thousand (statements, corroboration links) stay plain dataclasses.
"""

from __future__ import annotations

from dataclasses import MISSING, FrozenInstanceError, dataclass, field, fields
from typing import Any, dataclass_transform

_set = object.__setattr__


class _Spec:
    """What the shared methods need to know of a class, worked out once, when it is defined."""

    __slots__ = ("compared", "defaults", "hashed", "init", "late", "name", "post_init", "shown")

    def __init__(self, cls: type) -> None:
        all_fields = fields(cls)
        self.name = cls.__qualname__
        self.init = tuple(f.name for f in all_fields if f.init)
        self.defaults = {f.name: (f.default, f.default_factory) for f in all_fields
                         if f.default is not MISSING or f.default_factory is not MISSING}
        self.late = tuple(f.name for f in all_fields if not f.init and f.name in self.defaults)
        """Fields left out of ``__init__`` that have a default: set by it all the same."""
        self.shown = tuple(f.name for f in all_fields if f.repr)
        self.compared = tuple(f.name for f in all_fields if f.compare)
        self.hashed = tuple(f.name for f in all_fields if (f.compare if f.hash is None else f.hash))
        self.post_init = hasattr(cls, "__post_init__")


def _default(spec: _Spec, name: str) -> Any:
    default, factory = spec.defaults.get(name, (MISSING, MISSING))
    if factory is not MISSING:
        return factory()
    if default is MISSING:
        raise TypeError(f"{spec.name}.__init__() missing required argument: {name!r}")
    return default


def _init(self, *args: Any, **kwargs: Any) -> None:
    spec: _Spec = type(self).__lite__
    names = spec.init
    if len(args) > len(names):
        raise TypeError(f"{spec.name}.__init__() takes {len(names)} positional arguments but {len(args)} were given")
    for name, value in zip(names, args):
        _set(self, name, value)
    for name in names[len(args):]:
        _set(self, name, kwargs.pop(name) if name in kwargs else _default(spec, name))
    if kwargs:
        name = next(iter(kwargs))
        why = "multiple values for argument" if name in names else "an unexpected keyword argument"
        raise TypeError(f"{spec.name}.__init__() got {why} {name!r}")
    for name in spec.late:
        _set(self, name, _default(spec, name))
    if spec.post_init:
        self.__post_init__()


def _repr(self) -> str:
    shown = type(self).__lite__.shown
    return f"{type(self).__qualname__}({', '.join(f'{name}={getattr(self, name)!r}' for name in shown)})"


def _eq(self, other: object) -> bool:
    if other.__class__ is not self.__class__:
        return NotImplemented
    names = type(self).__lite__.compared
    return all(getattr(self, n) == getattr(other, n) for n in names)


def _hash(self) -> int:
    return hash(tuple(getattr(self, n) for n in type(self).__lite__.hashed))


def _frozen_setattr(self, name: str, value: Any) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


def _getstate(self) -> list:
    return [getattr(self, f.name) for f in fields(self)]


def _setstate(self, state: list) -> None:
    for f, value in zip(fields(self), state, strict=True):
        _set(self, f.name, value)


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def lite_dataclass(cls: type | None = None, /, *, frozen: bool = True, slots: bool = False):
    """``@dataclass(frozen=True)`` (by default; ``frozen=False`` for a mutable one, ``slots=True`` for
    slots), with the shared methods of this module. Use as ``@lite_dataclass`` or ``@lite_dataclass(...)``."""

    def wrap(cls: type) -> type:
        if not cls.__doc__:  # (else dataclass() reads the signature, which is object's here: 1-6 ms of tokenizing)
            cls.__doc__ = f"{cls.__name__}({', '.join(cls.__dict__.get('__annotations__', ()))})"
        cls = dataclass(init=False, repr=False, eq=False, slots=slots)(cls)
        cls.__lite__ = _Spec(cls)
        cls.__init__ = _init
        cls.__repr__ = _repr
        cls.__eq__ = _eq
        if frozen:
            cls.__hash__ = _hash
            cls.__setattr__ = _frozen_setattr
            cls.__delattr__ = _frozen_delattr
            if slots:  # (pickling and copying restore slots with setattr, which a frozen record refuses)
                cls.__getstate__ = _getstate
                cls.__setstate__ = _setstate
        else:
            cls.__hash__ = None  # as a dataclass' with eq and not frozen: unhashable
        return cls

    return wrap if cls is None else wrap(cls)


__all__ = ["lite_dataclass"]
