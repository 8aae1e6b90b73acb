"""Paths into a document, and where each node came from."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from compose.errors import Location, Problem

Path = tuple[str | int, ...]
Found = tuple[Path, Problem]  # a problem and the path of the value it is about
T = TypeVar("T")
_RULE = object()  # the key of a rule's value in a node of the tree (never a key of a document)


def dotted(path: Iterable[str | int]) -> str:
    """``("services", "web", "ports", 0)`` -> ``services.web.ports[0]``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def prune_point(path: Path) -> Path:
    """What to drop for a problem at ``path``: the path itself, or the list it is in (dropping one item
    would renumber the others, and their problems would name the wrong item)."""
    cut = next((i for i, part in enumerate(path) if isinstance(part, int)), len(path))
    return path[:cut]


def pruned(data: dict[str, Any], paths: Iterable[Path], emptied: Iterable[Path] = ()) -> dict[str, Any]:
    """A copy of ``data`` without the values at ``paths``, and with an empty mapping at ``emptied``
    (copied only along them)."""
    for path in paths:
        data = _without(data, path, None) if path else {}
    for path in emptied:
        data = _without(data, path, {}) if path else {}
    return data


def _without(value: Any, path: Path, empty: dict[str, Any] | None) -> Any:
    if not isinstance(value, dict) or path[0] not in value:
        return value
    copy = dict(value)
    if len(path) > 1:
        copy[path[0]] = _without(value[path[0]], path[1:], empty)
    elif empty is None:
        del copy[path[0]]
    else:
        copy[path[0]] = dict(empty)
    return copy


@dataclass
class SourceMap:
    """Locations of the keys and values of one (possibly merged) document, keyed by path."""

    keys: dict[Path, Location] = field(default_factory=dict)
    values: dict[Path, Location] = field(default_factory=dict)

    def key(self, path: Path) -> Location | None:
        """Where the key of this path stands (the value's place for list items), else its nearest parent."""
        return self._nearest(path, prefer_keys=True)

    def value(self, path: Path) -> Location | None:
        """Where the value at this path stands, else its nearest parent."""
        return self._nearest(path, prefer_keys=False)

    def _nearest(self, path: Path, *, prefer_keys: bool) -> Location | None:
        first, second = (self.keys, self.values) if prefer_keys else (self.values, self.keys)
        for end in range(len(path), -1, -1):
            sub = path[:end]
            found = first.get(sub) or second.get(sub)
            if found:
                return found
        return None

    def update(self, other: SourceMap, under: Path = ()) -> None:
        """Take every location of ``other``, re-rooted below ``under``."""
        if not under:
            self.keys.update(other.keys)
            self.values.update(other.values)
            return
        for mine, theirs in ((self.keys, other.keys), (self.values, other.values)):
            for path, loc in theirs.items():
                mine[under + path] = loc

    def drop(self, prefix: Path) -> None:
        """Forget every location at or below ``prefix``."""
        n = len(prefix)
        for table in (self.keys, self.values):
            for path in [p for p in table if p[:n] == prefix]:
                del table[path]


class Rules(Generic[T]):
    """Values keyed by path patterns: ``services.*.ports.#.target`` (``*`` is one mapping key, ``#`` one
    list item), held as a tree so that a walk over a document only descends where some rule can apply.

    At each step an exact key is tried before ``*``; the first pattern of the table wins a path.
    """

    def __init__(self, table: Mapping[str, T]) -> None:
        self.root: dict[Any, Any] = {}
        for pattern, value in table.items():
            node = self.root
            for part in pattern.split("."):
                node = node.setdefault(part, {})
            node.setdefault(_RULE, value)

    @staticmethod
    def step(node: dict[Any, Any], part: str | int) -> dict[Any, Any] | None:
        """The node below ``node`` for one more path part, or None when no rule lies that way."""
        if isinstance(part, int):
            return node.get("#")
        found: dict[Any, Any] | None = node.get(part) if part != "#" else None
        return found if found is not None else node.get("*")

    @staticmethod
    def value(node: dict[Any, Any]) -> T | None:
        """The rule that ends at this node, if one does."""
        found: T | None = node.get(_RULE)
        return found

    def node(self, path: Iterable[str | int]) -> dict[Any, Any] | None:
        """The node a path leads to, or None when no rule lies at or below it."""
        node = self.root
        for part in path:
            below = self.step(node, part)
            if below is None:
                return None
            node = below
        return node

    def get(self, path: Iterable[str | int]) -> T | None:
        node = self.node(path)
        return None if node is None else self.value(node)
