"""Paths into a document, and where each node came from."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from compose.errors import Location

Path = tuple[str | int, ...]


def dotted(path: Iterable[str | int]) -> str:
    """``("services", "web", "ports", 0)`` -> ``services.web.ports[0]``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


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
        for mine, theirs in ((self.keys, other.keys), (self.values, other.values)):
            for path, loc in theirs.items():
                mine[under + path] = loc

    def drop(self, prefix: Path) -> None:
        """Forget every location at or below ``prefix``."""
        n = len(prefix)
        for table in (self.keys, self.values):
            for path in [p for p in table if p[:n] == prefix]:
                del table[path]
