"""``@record``: an immutable dataclass whose methods are shared functions, not code generated per class.

``@dataclass(frozen=True, slots=True)`` compiles six methods for every class it makes (``__init__``,
``__repr__``, ``__eq__``, ``__hash__``, ``__setattr__``, ``__delattr__``): about 0.8 ms a class, paid by
every command at import. A ``record`` is a dataclass all the same (``dataclasses.fields``, ``replace`` and
``asdict`` work, type checkers read it through ``dataclass_transform``), frozen and with slots, but its
methods are the ones below, which read the class's field layout at call time. Fields are keyword-only
unless the class says ``@record(kw_only=False)``. Field options ``default``, ``default_factory``,
``repr`` and ``compare`` are honoured; ``init=False`` fields, ``__post_init__`` and ``InitVar`` are not
(a class that needs them stays a plain dataclass).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform, overload

T = TypeVar("T")
_MISSING: Any = dataclasses.MISSING


class _Layout:
    """What the shared methods need to know of one record class, worked out once when it is made."""

    __slots__ = ("defaults", "factories", "fields", "key", "name", "positional", "shown")

    def __init__(self, cls: type, kw_only: bool) -> None:
        fields = dataclasses.fields(cls)
        for f in fields:
            if not f.init:
                raise TypeError(f"{cls.__qualname__}.{f.name}: a record has no init=False fields")
        if hasattr(cls, "__post_init__"):
            raise TypeError(f"{cls.__qualname__}: a record has no __post_init__")
        self.name = cls.__qualname__
        self.fields = tuple(f.name for f in fields)
        self.positional = () if kw_only else self.fields
        self.defaults = {f.name: f.default for f in fields if f.default is not _MISSING}
        self.factories: dict[str, Callable[[], Any]] = {
            f.name: f.default_factory  # type: ignore[misc]
            for f in fields
            if f.default_factory is not _MISSING
        }
        self.shown = tuple(f.name for f in fields if f.repr)
        compared = [f.name for f in fields if f.compare]
        # a tuple of the compared values (attrgetter of one name gives the bare value: wrap it)
        if len(compared) > 1:
            self.key: Callable[[Any], Any] = attrgetter(*compared)
        elif compared:
            one = attrgetter(compared[0])
            self.key = lambda obj: (one(obj),)
        else:
            self.key = lambda obj: ()


def _layout(obj: object) -> _Layout:
    layout: _Layout = type(obj).__record__  # type: ignore[attr-defined]
    return layout


def _init(self: object, *args: Any, **kwargs: Any) -> None:
    layout = _layout(self)
    given = len(args)
    if given > len(layout.positional):
        raise TypeError(
            f"{layout.name}() takes {len(layout.positional)} positional arguments but {given} were given"
        )
    setter = object.__setattr__
    fields = layout.fields
    for name, value in zip(fields, args, strict=False):  # positional fields come first
        setter(self, name, value)
    used = 0
    for name in fields[given:] if given else fields:
        if name in kwargs:
            setter(self, name, kwargs[name])
            used += 1
        elif name in layout.defaults:
            setter(self, name, layout.defaults[name])
        elif name in layout.factories:
            setter(self, name, layout.factories[name]())
        else:
            raise TypeError(f"{layout.name}() missing required argument: {name!r}")
    if used != len(kwargs):
        extra = next(name for name in kwargs if name not in fields[given:])
        if extra in fields:
            raise TypeError(f"{layout.name}() got multiple values for argument {extra!r}")
        raise TypeError(f"{layout.name}() got an unexpected keyword argument {extra!r}")


def _repr(self: object) -> str:
    layout = _layout(self)
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in layout.shown)
    return f"{layout.name}({shown})"


def _eq(self: object, other: object) -> bool:
    if other.__class__ is not self.__class__:
        return NotImplemented  # type: ignore[no-any-return]
    key = _layout(self).key
    return bool(key(self) == key(other))


def _hash(self: object) -> int:
    return hash(_layout(self).key(self))


def _setattr(self: object, name: str, value: object) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def _delattr(self: object, name: str) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


def _getstate(self: object) -> tuple[Any, ...]:
    return tuple(getattr(self, name) for name in _layout(self).fields)


def _setstate(self: object, state: tuple[Any, ...]) -> None:
    for name, value in zip(_layout(self).fields, state, strict=True):
        object.__setattr__(self, name, value)


_METHODS: dict[str, Callable[..., Any]] = {
    "__init__": _init,
    "__repr__": _repr,
    "__eq__": _eq,
    "__hash__": _hash,
    "__setattr__": _setattr,
    "__delattr__": _delattr,
    "__getstate__": _getstate,
    "__setstate__": _setstate,
}


def _own(cls: type, name: str) -> bool:
    """Whether the class body defines ``name`` (a ``__hash__`` that Python set to None because the body
    defines ``__eq__`` does not count, as for a dataclass)."""
    if name == "__hash__" and cls.__dict__.get(name, 0) is None:
        return False
    return name in cls.__dict__


def _make(cls: type[T], kw_only: bool) -> type[T]:
    own = {name for name in _METHODS if _own(cls, name)}
    made: type[T] = dataclasses.dataclass(cls, init=False, repr=False, eq=False, slots=True, kw_only=kw_only)
    for name, method in _METHODS.items():
        if name not in own:
            setattr(made, name, method)
    made.__record__ = _Layout(made, kw_only)  # type: ignore[attr-defined]
    return made


@overload
def record(cls: type[T], /) -> type[T]: ...
@overload
def record(*, kw_only: bool = ...) -> Callable[[type[T]], type[T]]: ...
@dataclass_transform(frozen_default=True, kw_only_default=True)
def record(cls: type[T] | None = None, /, *, kw_only: bool = True) -> type[T] | Callable[[type[T]], type[T]]:
    """Make ``cls`` a frozen, slotted dataclass with shared methods (keyword-only fields by default)."""
    if cls is None:
        return lambda c: _make(c, kw_only)
    return _make(cls, kw_only)
