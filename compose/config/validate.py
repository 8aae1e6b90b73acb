"""Validation against our JSON Schema (``schemas/compose-spec.schema.json``), errors with locations."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path as FsPath
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # jsonschema is imported on first use, to keep it out of the CLI's start-up
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

from compose.config import precheck
from compose.config.paths import Found, Path, SourceMap, dotted
from compose.errors import ConfigError, Problem, did_you_mean

SCHEMA_FILE = FsPath(__file__).resolve().parents[2] / "schemas" / "compose-spec.schema.json"
_JSON_TYPES = {
    dict: "a mapping",
    list: "a list",
    str: "a string",
    bool: "a boolean",
    int: "a number",
    float: "a number",
    type(None): "null",
}
_TYPE_WORDS = {
    "object": "a mapping",
    "array": "a list",
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "a boolean",
    "null": "null",
}


@cache
def _schema() -> dict[str, Any]:
    with open(SCHEMA_FILE, encoding="utf-8") as handle:
        schema: dict[str, Any] = json.load(handle)
    return schema


@cache
def validator() -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(_schema())


@cache
def quick_check() -> precheck.Check | None:
    """The compiled yes-or-no of the schema (None if it uses a keyword the compiler does not know)."""
    try:
        return precheck.compile_schema(_schema())
    except precheck.Unsupported:
        return None


def _surely_valid(data: dict[str, Any]) -> bool:
    quick = quick_check()
    try:
        return quick is not None and quick(data)
    except RecursionError:
        return False


def _kind(value: Any) -> str:
    return _JSON_TYPES.get(type(value), type(value).__name__)


def _expected_types(expected: Any) -> str:
    names = expected if isinstance(expected, list) else [expected]
    return " or ".join(_TYPE_WORDS.get(str(n), str(n)) for n in names)


def _pattern_message(error: ValidationError) -> str:
    """The schema's own description of the expected form, else the pattern itself."""
    description = error.schema.get("description") if isinstance(error.schema, dict) else None
    if description:
        first = str(description).split(". ")[0].rstrip(".")
        return f"{json.dumps(error.instance)} is not valid: expected {first[0].lower()}{first[1:]}"
    return f"{json.dumps(error.instance)} does not have the expected form ({error.validator_value})"


def _describe(error: ValidationError) -> str:
    """Our words for a schema error, from its validator and values (never its message text)."""
    kind, expected, instance = error.validator, error.validator_value, error.instance
    simple: dict[str, Callable[[], str]] = {
        "type": lambda: f"must be {_expected_types(expected)}, not {_kind(instance)}",
        "enum": lambda: f"must be one of {', '.join(map(json.dumps, expected))}, not {json.dumps(instance)}",
        "const": lambda: f"must be {json.dumps(expected)}",
        "required": lambda: (
            "missing required key "
            + ", ".join(repr(k) for k in expected if isinstance(instance, dict) and k not in instance)
        ),
        "pattern": lambda: _pattern_message(error),
        "minimum": lambda: f"must be at least {expected}",
        "maximum": lambda: f"must be at most {expected}",
        "minItems": lambda: f"must have at least {expected} item(s)",
        "maxItems": lambda: f"must have at most {expected} item(s)",
        "uniqueItems": lambda: "items must be unique",
        "minLength": lambda: "must not be empty",
        "minProperties": lambda: "must not be empty",
        "propertyNames": lambda: "has an invalid key",
    }
    describe = simple.get(str(kind))
    if describe is not None:
        return str(describe())
    if kind in ("oneOf", "anyOf"):
        return f"is not valid here ({_kind(instance)} of an unexpected form)"
    if kind == "not":
        return "is not allowed here"
    return f"is invalid ({kind})"


def _allowed_keys(schema: dict[str, Any]) -> list[str]:
    return list(schema.get("properties", {}))


def _unknown_keys(error: ValidationError, source: SourceMap) -> list[Found]:
    instance = error.instance if isinstance(error.instance, dict) else {}
    allowed = _allowed_keys(error.schema)
    patterns = list(error.schema.get("patternProperties", {}))
    found = []
    for key in instance:
        if key in allowed or any(re.search(p, key) for p in patterns):
            continue
        path: Path = (*error.absolute_path, key)
        hint = did_you_mean(key, allowed)
        if not hint and patterns:
            hint = "custom keys must start with x-"
        found.append((path, Problem(f"unknown key {key!r}", source.key(path), dotted(path), hint)))
    return found


def _deepest(error: ValidationError) -> ValidationError:
    """For a oneOf/anyOf, the alternative that got furthest."""
    from jsonschema.exceptions import best_match

    while error.validator in ("oneOf", "anyOf") and error.context:
        deeper = [e for e in error.context if len(e.absolute_path) > len(error.absolute_path)]
        if not deeper:
            break
        error = best_match(deeper)
    return error


def _found(error: ValidationError, source: SourceMap) -> list[Found]:
    error = _deepest(error)
    if error.validator == "additionalProperties":
        return _unknown_keys(error, source)
    path: Path = tuple(error.absolute_path)
    return [(path, Problem(_describe(error), source.value(path), dotted(path) or "(top level)"))]


def problems(data: dict[str, Any], source: SourceMap) -> list[Found]:
    """Every schema violation with the path it is about, sorted by position (none: valid).

    jsonschema (imported then) looks only at a document the quick check does not pass.
    """
    if _surely_valid(data):
        return []
    found: dict[tuple[str, str], Found] = {}
    for error in validator().iter_errors(data):
        for path, problem in _found(error, source):
            found.setdefault((problem.path, problem.message), (path, problem))
    return sorted(found.values(), key=lambda item: item[1].sort_key())


def check(data: dict[str, Any], source: SourceMap) -> None:
    """Raise a ConfigError listing every schema violation, sorted by position."""
    found = problems(data, source)
    if found:
        raise ConfigError([problem for _, problem in found])
