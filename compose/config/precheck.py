"""A quick yes-or-no of our JSON Schema, compiled once into plain Python checks.

``jsonschema`` stays the judge: it runs, and words the errors, whenever this check does not say "valid"
(or cannot compile the schema). The check therefore only has to be *sound*: it may answer "not sure"
(False) for a valid document, never True for an invalid one. Where JSON Schema's rules are subtle
(a float that is a whole number, ``1 == 1.0`` in ``enum``, uniqueness across types) it answers False.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

Check = Callable[[Any], bool]
ANNOTATIONS = frozenset(
    ("description", "title", "$comment", "$schema", "$id", "$defs", "default", "examples")
)
_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "null": (type(None),),
}


class Unsupported(Exception):
    """The schema uses a keyword this compiler does not know: use jsonschema alone."""


def _always(value: Any) -> bool:
    return True


def _all(checks: list[Check]) -> Check:
    if not checks:
        return _always
    if len(checks) == 1:
        return checks[0]
    return lambda value: all(check(value) for check in checks)


def _type(names: Any) -> Check:
    allowed = frozenset(t for name in (names if isinstance(names, list) else [names]) for t in _TYPES[name])
    return lambda value: type(value) in allowed


def _enum(choices: list[Any]) -> Check:
    strings = frozenset(c for c in choices if isinstance(c, str))
    others = [c for c in choices if not isinstance(c, str)]
    return lambda value: (
        value in strings if type(value) is str else any(type(value) is type(c) and value == c for c in others)
    )


def _pattern(pattern: str) -> Check:
    search = re.compile(pattern).search
    return lambda value: type(value) is not str or search(value) is not None


def _bound(limit: float, *, lower: bool) -> Check:
    def check(value: Any) -> bool:
        if type(value) not in (int, float):
            return True
        return bool(value >= limit) if lower else bool(value <= limit)

    return check


def _required(keys: list[str]) -> Check:
    return lambda value: type(value) is not dict or all(key in value for key in keys)


_KINDS = {str: "s", int: "n", float: "n", bool: "b", type(None): "z"}


def _unique(flag: bool) -> Check:
    """Distinct scalars are unique (``1`` and ``1.0`` count as the same, ``1`` and ``true`` do not);
    a list of mappings or lists is left to jsonschema."""

    def check(value: Any) -> bool:
        if type(value) is not list or not flag:
            return True
        try:
            keys = {(_KINDS[type(item)], item) for item in value}
        except KeyError:
            return False
        return len(keys) == len(value)

    return check


def _items(check: Check) -> Check:
    return lambda value: type(value) is not list or all(check(item) for item in value)


def _object(
    properties: dict[str, Check], patterns: list[tuple[str, Check]], additional: Check | None
) -> Check:
    """``properties``, ``patternProperties`` and ``additionalProperties`` together (None: anything else)."""
    searches = [(re.compile(p).search, check) for p, check in patterns]

    def key_ok(key: Any, item: Any) -> bool:
        if type(key) is not str:
            return False
        own = properties.get(key)
        matched = own is not None
        if matched and not own(item):  # type: ignore[misc]
            return False
        for search, check in searches:
            if search(key) is not None:
                matched = True
                if check is not _always and not check(item):
                    return False
        return matched or additional is None or additional(item)

    return lambda value: type(value) is not dict or all(key_ok(k, v) for k, v in value.items())


_KEYWORDS: dict[str, Callable[[Any], Check]] = {
    "type": _type,
    "enum": _enum,
    "pattern": _pattern,
    "required": _required,
    "uniqueItems": _unique,
    "minimum": lambda limit: _bound(limit, lower=True),
    "maximum": lambda limit: _bound(limit, lower=False),
}
_OBJECT_KEYWORDS = frozenset(("properties", "patternProperties", "additionalProperties"))
_REF_PREFIX = "#/$defs/"


class _Compiler:
    def __init__(self, root: dict[str, Any]) -> None:
        self.definitions: dict[str, Any] = root.get("$defs", {})
        self.compiled: dict[str, Check] = {}

    def schema(self, schema: Any) -> Check:
        if schema is True:
            return _always
        if schema is False:
            return lambda value: False
        if not isinstance(schema, dict):
            raise Unsupported(repr(schema))
        keys = [key for key in schema if key not in ANNOTATIONS]
        checks = [self.keyword(key, schema[key]) for key in sorted(keys, key=lambda k: k != "type")]
        if _OBJECT_KEYWORDS.intersection(keys):
            checks.append(self.object(schema))
        return _all([check for check in checks if check is not _always])

    def keyword(self, key: str, value: Any) -> Check:
        if key in _OBJECT_KEYWORDS:
            return _always  # compiled together, in object()
        if key == "$ref":
            return self.reference(value)
        if key == "items":
            if not isinstance(value, dict | bool):
                raise Unsupported("items as a list")
            return _items(self.schema(value))
        builder = _KEYWORDS.get(key)
        if builder is None:
            raise Unsupported(key)
        return builder(value)

    def object(self, schema: dict[str, Any]) -> Check:
        properties = {key: self.schema(sub) for key, sub in schema.get("properties", {}).items()}
        patterns = [(p, self.schema(sub)) for p, sub in schema.get("patternProperties", {}).items()]
        additional = self.schema(schema.get("additionalProperties", True))
        return _object(properties, patterns, None if additional is _always else additional)

    def reference(self, ref: Any) -> Check:
        name = ref.removeprefix(_REF_PREFIX) if isinstance(ref, str) else ""
        if not isinstance(ref, str) or not ref.startswith(_REF_PREFIX) or name not in self.definitions:
            raise Unsupported(f"$ref {ref!r}")
        if name not in self.compiled:
            compiled = self.compiled
            compiled[name] = lambda value: compiled[name](value)  # until compiled: recursion goes through
            compiled[name] = self.schema(self.definitions[name])
        return self.compiled[name]


def compile_schema(schema: dict[str, Any]) -> Check:
    """One function that says True only for documents valid under ``schema`` (raises Unsupported)."""
    return _Compiler(schema).schema(schema)
