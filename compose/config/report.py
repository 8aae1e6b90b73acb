"""The problems of a project's files, gathered across the checking stages so that one run reports them all.

A stage that finds something wrong names the paths it refuses; they are pruned from the data the later
stages see (``paths.pruned``). A later problem about a pruned path, or about a value that holds one, may be
a consequence of the first and is left out. What makes the later stages meaningless (YAML syntax,
interpolation, a missing file) is raised at once, before any of this.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from compose.config.paths import Found, Path, dotted, prune_point, pruned
from compose.errors import ConfigError, Problem

T = TypeVar("T")
# A refused definition of one of these keeps its name (as an empty definition): what refers to it by
# name is not also reported as a reference to something undefined.
NAMED = frozenset(("services", "networks", "volumes", "secrets", "configs", "models"))


def _related(path: str, other: str) -> bool:
    """Is one of the two dotted paths the other, or inside it? (The empty path holds every other.)"""
    short, long = sorted((path, other), key=len)
    return not short or long == short or long.startswith((f"{short}.", f"{short}["))


class Report:
    """The problems found so far, and the (dotted) paths refused so far."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.pruned: list[str] = []

    def add(self, problems: Iterable[Problem]) -> None:
        """Problems of one stage, less those about what an earlier stage pruned."""
        self.problems += [p for p in problems if not any(_related(p.path, q) for q in self.pruned if p.path)]

    def drop(self, problems: Iterable[Problem], path: Path) -> None:
        """Add these problems, about the value at ``path``, which the caller leaves out."""
        self.add(problems)
        self.pruned.append(dotted(path))

    def refuse(self, data: dict[str, Any], found: Iterable[Found]) -> dict[str, Any]:
        """Add these problems and return ``data`` without the values they are about."""
        found = list(found)
        self.add(problem for _, problem in found)
        points: list[Path] = list(dict.fromkeys(prune_point(path) for path, _ in found))
        self.pruned += [dotted(point) for point in points]
        named = [p for p in points if len(p) == 2 and p[0] in NAMED]
        return pruned(data, [p for p in points if p not in named], named)

    def stage(self, run: Callable[[], T], fallback: T) -> T:
        """``run()``, or ``fallback`` when it raises a ConfigError (whose problems are added)."""
        try:
            return run()
        except ConfigError as exc:
            self.add(exc.problems)
            return fallback

    def raise_if_any(self) -> None:
        if self.problems:
            unique = {(p.location, p.path, p.message): p for p in self.problems}
            raise ConfigError(sorted(unique.values(), key=Problem.sort_key))
