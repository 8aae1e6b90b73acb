"""The variables a project's files use, for ``config --variables``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from compose.config.interpolate import Parser, TemplateError
from compose.record import record


@record(kw_only=False)
class Variable:
    name: str
    required: bool = False
    default: str | None = None
    alternate: str | None = None


@dataclass
class _Recorder(Parser):
    found: dict[str, Variable] = field(default_factory=dict)

    def resolve(self, name: str, operator: str, word: str) -> str:
        seen = self.found.get(name, Variable(name))
        if operator in (":-", "-"):
            seen = Variable(name, seen.required, word, seen.alternate)
        elif operator in (":?", "?"):
            seen = Variable(name, True, seen.default, seen.alternate)
        elif operator in (":+", "+"):
            seen = Variable(name, seen.required, seen.default, word)
        self.found[name] = seen
        return word


def _strings(data: Any) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for value in data.values() for s in _strings(value)]
    if isinstance(data, list):
        return [s for value in data for s in _strings(value)]
    return []


def collect(data: Any) -> list[Variable]:
    """Every ``$VAR`` / ``${VAR...}`` in the (uninterpolated) document, sorted by name."""
    found: dict[str, Variable] = {}
    for text in _strings(data):
        if "$" not in text:
            continue
        recorder = _Recorder(text, lambda _name: None, found=found)
        try:
            recorder.run()
        except TemplateError:
            continue
    return sorted(found.values(), key=lambda v: v.name)
