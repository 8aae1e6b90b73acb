"""``.dockerignore`` patterns: which changed paths a watch rule leaves alone.

The syntax is the builder's: patterns are relative to a root, ``*`` and ``?`` stay within one path segment,
``**`` spans any number of them, ``[...]`` is a class, ``\\`` escapes; a pattern also matches everything
under a directory it matches; ``!pattern`` takes back what earlier patterns matched, the last match wins.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Iterable

from compose.record import record

# temporary and backup files of common editors (JetBrains, Emacs, Vim, Kate), never worth a sync
EPHEMERAL = (
    "**/*___jb_old___",
    "**/*___jb_tmp___",
    "**/.idea/**",
    "**/.#*",
    "**/#*#",
    "**/4913",
    "**/*~",
    "**/.*.swp",
    "**/.*.swx",
    "**/.*.swo",
    "**/.*.swn",
    "**/.*.kate-swp",
)
ALWAYS_IGNORED = (*EPHEMERAL, "**/.git")


def _translate(pattern: str) -> str:
    """The regular expression of one cleaned, absolute pattern."""
    out = ["^"]
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if pattern.startswith("**", i):
            i += 2
            if pattern.startswith("/", i):
                i += 1
            out.append(".*" if i >= len(pattern) else "(.*/)?")
            continue
        if ch == "*":
            out.append("[^/]*")
        elif ch == "?":
            out.append("[^/]")
        elif ch == "\\" and i + 1 < len(pattern):
            i += 1
            out.append(re.escape(pattern[i]))
        elif ch in "[]":
            out.append(ch)
        else:
            out.append(re.escape(ch))
        i += 1
    out.append("$")
    return "".join(out)


@record(kw_only=False)
class _Pattern:
    regex: re.Pattern[str]
    exclusion: bool


def _compile(root: str, raw: str) -> _Pattern | None:
    text = raw.strip()
    exclusion = text.startswith("!")
    text = text[1:].strip() if exclusion else text
    if not text:
        return None
    absolute = posixpath.normpath(posixpath.join(root, text.lstrip("/")))
    try:
        return _Pattern(re.compile(_translate(absolute)), exclusion)
    except re.error:
        return _Pattern(re.compile(re.escape(absolute) + "$"), exclusion)  # a stray bracket: match literally


class PatternMatcher:
    """Patterns relative to ``root``; ``matches`` takes an absolute path."""

    def __init__(self, root: str, patterns: Iterable[str]) -> None:
        self.root = os.path.abspath(root)
        self._patterns = [p for p in (_compile(self.root, raw) for raw in patterns) if p is not None]

    def __bool__(self) -> bool:
        return bool(self._patterns)

    def matches(self, path: str) -> bool:
        """Whether ``path`` or one of its parent directories is matched (and not taken back)."""
        path = posixpath.normpath(path)
        parents = _parents(path)
        matched = False
        for pattern in self._patterns:
            if pattern.exclusion != matched:
                continue  # an inclusion that already holds, or an exclusion with nothing to take back
            if pattern.regex.match(path) or any(pattern.regex.match(p) for p in parents):
                matched = not pattern.exclusion
        return matched


def _parents(path: str) -> list[str]:
    """``/a/b/c`` -> ``["/a", "/a/b"]`` (the root itself is never a match of a relative pattern)."""
    parts = path.split("/")
    return ["/".join(parts[:i]) for i in range(2, len(parts))]


def read_patterns(text: str) -> list[str]:
    """The patterns of a ``.dockerignore`` file: comments and blank lines dropped."""
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def dockerignore(context: str, dockerfile: str = "Dockerfile") -> PatternMatcher:
    """The build context's ignore file (``<Dockerfile>.dockerignore`` first, else ``.dockerignore``)."""
    dockerfile_path = os.path.join(context, dockerfile)
    for candidate in (dockerfile_path + ".dockerignore", os.path.join(context, ".dockerignore")):
        try:
            with open(candidate, encoding="utf-8") as handle:
                return PatternMatcher(context, read_patterns(handle.read()))
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
            continue
    return PatternMatcher(context, ())
