"""``$VAR``, ``${VAR}``, ``${VAR:-default}`` and friends, applied to every string value of a document."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from compose.config.paths import Path, SourceMap, dotted
from compose.errors import ConfigError, Location

Lookup = Callable[[str], str | None]
_NAME_START = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_"
_NAME_REST = _NAME_START + "0123456789"
_OPERATORS = (":-", ":?", ":+", "-", "?", "+")


class TemplateError(Exception):
    """A malformed or failed template; the caller adds where."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass
class Parser:
    """Interpolates one string: ``${VAR}``, its defaults and errors, and ``$$``."""

    text: str
    lookup: Lookup
    unset: list[str] = field(default_factory=list)
    pos: int = 0

    def run(self, *, until_brace: bool = False) -> str:
        out: list[str] = []
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if until_brace and char == "}":
                return "".join(out)
            if char != "$":
                out.append(char)
                self.pos += 1
                continue
            out.append(self.dollar())
        if until_brace:
            raise TemplateError("unclosed ${", "close it with }, or write $$ for a literal $")
        return "".join(out)

    def dollar(self) -> str:
        nxt = self.text[self.pos + 1 : self.pos + 2]
        if nxt == "$":
            self.pos += 2
            return "$"
        if nxt == "{":
            self.pos += 2
            return self.braced()
        if nxt and nxt in _NAME_START:
            self.pos += 1
            return self.resolve(self.name(), "", "")
        # Like Compose: a $ that starts no variable (``$(cmd)``, ``$1``, a trailing ``$``) stays as it is.
        self.pos += 1
        return "$"

    def name(self) -> str:
        start = self.pos
        while self.pos < len(self.text) and self.text[self.pos] in _NAME_REST:
            self.pos += 1
        return self.text[start : self.pos]

    def braced(self) -> str:
        if self.pos >= len(self.text) or self.text[self.pos] not in _NAME_START:
            raise TemplateError(f"invalid interpolation format in {self.text!r}", "use ${NAME}")
        name = self.name()
        operator = next((op for op in _OPERATORS if self.text.startswith(op, self.pos)), "")
        if not operator and self.text[self.pos : self.pos + 1] != "}":
            raise TemplateError(f"invalid interpolation format in {self.text!r}", "use ${NAME:-default}")
        self.pos += len(operator)
        # The word is read (and its own variables resolved) only as far as the matching brace.
        word = self.run(until_brace=True) if operator else ""
        self.pos += 1
        return self.resolve(name, operator, word)

    def resolve(self, name: str, operator: str, word: str) -> str:
        value = self.lookup(name)
        empty = not value
        if operator in (":-", "-"):
            use_default = value is None or (operator == ":-" and empty)
            return word if use_default else str(value)
        if operator in (":?", "?"):
            if value is None or (operator == ":?" and empty):
                raise TemplateError(f"required variable {name} is missing a value: {word}".rstrip(": "))
            return value
        if operator in (":+", "+"):
            set_enough = value is not None and (operator == "+" or not empty)
            return word if set_enough else ""
        if value is None:
            self.unset.append(name)
            return ""
        return value


def substitute(text: str, lookup: Lookup) -> tuple[str, list[str]]:
    """Substitute one string; returns the result and the names used while unset."""
    if "$" not in text:
        return text, []
    parser = Parser(text, lookup)
    return parser.run(), parser.unset


@dataclass
class Interpolation:
    """Applies substitution to a whole document, collecting unset-variable warnings."""

    environment: Mapping[str, str]
    source: SourceMap
    warnings: dict[str, Location | None] = field(default_factory=dict)
    # A mapping or list met again (a YAML alias) gives the same result: it is substituted once.
    _done: dict[int, Any] = field(default_factory=dict)

    def apply(self, data: Any, path: Path = ()) -> Any:
        if isinstance(data, str):
            return self.string(data, path) if "$" in data else data
        if not isinstance(data, dict | list):
            return data
        done = self._done.get(id(data))
        if done is None:
            if isinstance(data, dict):
                done = {key: self.apply(value, (*path, key)) for key, value in data.items()}
            else:
                done = [self.apply(value, (*path, i)) for i, value in enumerate(data)]
            self._done[id(data)] = done
        return done

    def string(self, text: str, path: Path) -> str:
        try:
            result, unset = substitute(text, self.environment.get)
        except TemplateError as exc:
            raise ConfigError.at(exc.message, self.source.value(path), dotted(path), exc.hint) from None
        for name in unset:
            self.warnings.setdefault(name, self.source.value(path))
        return result
