"""Where things are, and what can go wrong.

The error tree::

    PycomposeError                 anything pycompose reports to a user (exit code 1 unless said)
    ├── ConfigError                the project's files: YAML syntax, duplicate key, interpolation,
    │                              schema, unknown reference, dependency cycle, missing file
    ├── UnsupportedFeatureError    valid Compose that this engine cannot honour
    └── EngineError                the container engine
        ├── EngineUnavailableError no engine answers at the address tried
        ├── NotFoundError          an object the operation needs does not exist
        ├── ConflictError          a name or port is already taken
        └── OperationFailedError   the engine refused or failed an operation

``str(error)`` reads ``file:line:col: path: message`` with a hint on the next line.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Self

from compose.record import record


# A plain dataclass, not a record: one is made per value of every file loaded (170,000 for a 5 MB file), and
# its generated __init__ is 2.5 times as fast as a record's shared one.
@dataclass(frozen=True, slots=True)
class Location:
    """A position in a source file; line and column count from 1."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@record(kw_only=False)
class Problem:
    """One thing wrong, with where it is."""

    message: str
    location: Location | None = None
    path: str = ""
    hint: str = ""

    def __str__(self) -> str:
        head = ": ".join(part for part in (str(self.location or ""), self.path, self.message) if part)
        return f"{head}\n  hint: {self.hint}" if self.hint else head

    def sort_key(self) -> tuple[str, int, int, str]:
        loc = self.location
        return (loc.file, loc.line, loc.column, self.path) if loc else ("~", 0, 0, self.path)


@dataclass(eq=False)
class PycomposeError(Exception):
    """Base of every error pycompose reports; carries one or more problems."""

    problems: list[Problem] = field(default_factory=list)
    exit_code: int = 1

    @classmethod
    def at(cls, message: str, location: Location | None = None, path: str = "", hint: str = "") -> Self:
        return cls([Problem(message, location, path, hint)])

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class ConfigError(PycomposeError):
    """The project's files are wrong."""


class UnsupportedFeatureError(PycomposeError):
    """Valid Compose that the chosen engine cannot honour."""


class EngineError(PycomposeError):
    """The container engine failed or refused."""


class EngineUnavailableError(EngineError):
    """No engine answers."""


class NotFoundError(EngineError):
    """An engine object does not exist."""


class ConflictError(EngineError):
    """A name or a port is already taken."""


class OperationFailedError(EngineError):
    """The engine could not carry out an operation."""


class ForbiddenError(OperationFailedError):
    """The engine refused an operation in the object's present state (403), such as removing a network that
    still has endpoints."""


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    """A hint naming the choice closest to a misspelt ``name`` (``did you mean 'web'?``), or ``""``."""
    import difflib  # only for an error

    close = difflib.get_close_matches(name, list(choices), n=1)
    return f"did you mean {close[0]!r}?" if close else ""
