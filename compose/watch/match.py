"""Which watch rules a changed host path concerns, and where it lands in the container."""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterator

from compose.model import Project
from compose.record import record
from compose.watch.ignore import ALWAYS_IGNORED, PatternMatcher, dockerignore
from compose.watch.spec import WatchRule


@record(kw_only=False)
class PathMapping:
    """A changed host path and its place in the container (empty for rules that do not sync)."""

    host: str
    container: str = ""
    target: str = ""
    """The rule's ``target``, for messages."""


def is_within(parent: str, path: str) -> bool:
    return path == parent or path.startswith(parent.rstrip(os.sep) + os.sep)


class Matcher:
    """A rule with its ignore patterns compiled: the build context's ``.dockerignore``, editors' temporary
    files, ``.git``, and the rule's own ``ignore`` (relative to its path); and its ``include``."""

    def __init__(self, rule: WatchRule, context_ignore: PatternMatcher | None = None) -> None:
        self.rule = rule
        self._ignores = [
            m
            for m in (
                context_ignore,
                PatternMatcher("/", ALWAYS_IGNORED),
                PatternMatcher(rule.path, rule.ignore),
            )
            if m
        ]
        self._include = PatternMatcher(rule.path, rule.include) if rule.include else None

    def ignored(self, path: str) -> bool:
        return any(m.matches(path) for m in self._ignores)

    def mapping(self, path: str) -> PathMapping | None:
        """Where ``path`` goes, or ``None`` when the rule does not concern it."""
        rule = self.rule
        if not is_within(rule.path, path) or self.ignored(path):
            return None
        if self._include is not None and not self._include.matches(path):
            return None
        if not rule.target:
            return PathMapping(path)
        relative = os.path.relpath(path, rule.path).replace(os.sep, "/")
        return PathMapping(path, posixpath.normpath(posixpath.join(rule.target, relative)), rule.target)

    def mappings(self, path: str) -> Iterator[PathMapping]:
        """The mapping of ``path``; for a directory, of each file under it that the rule concerns."""
        if not os.path.isdir(path) or os.path.islink(path):
            found = self.mapping(path)
            if found is not None:
                yield found
            return
        for folder, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not self.ignored(os.path.join(folder, d)))
            for name in sorted(files):
                found = self.mapping(os.path.join(folder, name))
                if found is not None:
                    yield found


def matchers(project: Project, rules: tuple[WatchRule, ...]) -> list[Matcher]:
    """One matcher per rule; the ``.dockerignore`` of a service's build context applies to its rules."""
    out = []
    for rule in rules:
        build = project.services[rule.service].build
        context = dockerignore(build.context, build.dockerfile) if build is not None else None
        out.append(Matcher(rule, context))
    return out
