"""Typed values after interpolation: a ``"true"`` or ``"3"`` that came from a variable becomes a bool or int.

The table is keyed by path pattern (``*`` is a mapping key, ``#`` a list item), as Compose casts them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from compose.config.paths import Found, Path, Rules, SourceMap, dotted
from compose.errors import ConfigError, Problem

_TRUE = {"true", "yes", "y", "on"}
_FALSE = {"false", "no", "n", "off"}


def to_bool(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in _TRUE | _FALSE:
        return lowered in _TRUE
    raise ValueError(f"{value!r} is not a boolean (true or false)")


def to_int(value: str) -> int:
    return int(value.strip())


def to_float(value: str) -> float:
    return float(value.strip())


BOOLEAN_KEYS = ("tty", "stdin_open", "privileged", "read_only", "init", "oom_kill_disable")
CASTS: dict[str, Callable[[str], Any]] = {
    **{f"services.*.{key}": to_bool for key in BOOLEAN_KEYS},
    "services.*.scale": to_int,
    "services.*.cpus": to_float,
    "services.*.pids_limit": to_int,
    "services.*.oom_score_adj": to_int,
    "services.*.deploy.replicas": to_int,
    "services.*.healthcheck.retries": to_int,
    "services.*.healthcheck.disable": to_bool,
    "services.*.depends_on.*.required": to_bool,
    "services.*.depends_on.*.restart": to_bool,
    "services.*.ports.#.target": to_int,
    "services.*.volumes.#.read_only": to_bool,
    "networks.*.external": to_bool,
    "networks.*.internal": to_bool,
    "networks.*.attachable": to_bool,
    "networks.*.enable_ipv6": to_bool,
    "volumes.*.external": to_bool,
    "secrets.*.external": to_bool,
    "configs.*.external": to_bool,
}


RULES: Rules[Callable[[str], Any]] = Rules(CASTS)


class _Caster:
    def __init__(self, source: SourceMap) -> None:
        self.source = source
        self.found: list[Found] = []

    def value(self, value: Any, path: Path, node: dict[Any, Any]) -> Any:
        """``value`` with its typed strings cast: the same object when nothing changed below it."""
        if isinstance(value, str):
            return self.scalar(value, path, node)
        if isinstance(value, dict):
            items: Any = value.items()
        elif isinstance(value, list):
            items = enumerate(value)
        else:
            return value
        copy: Any = None
        for key, item in items:
            below = Rules.step(node, key)
            if below is None:
                continue
            new = self.value(item, (*path, key), below)
            if new is not item:
                copy = copy if copy is not None else (dict(value) if isinstance(value, dict) else list(value))
                copy[key] = new
        return value if copy is None else copy

    def scalar(self, text: str, path: Path, node: dict[Any, Any]) -> Any:
        cast = Rules.value(node)
        if cast is None or not path:
            return text
        try:
            return cast(text)
        except ValueError:
            message = f"cannot use {text!r} here: expected {cast.__name__.removeprefix('to_')}"
            self.found.append((path, Problem(message, self.source.value(path), dotted(path))))
            return text


def typed(data: Any, source: SourceMap) -> tuple[Any, list[Found]]:
    """``data`` with the strings at typed paths cast (copied where they change), and every string that
    does not cast (left as it is) with its path."""
    caster = _Caster(source)
    return caster.value(data, (), RULES.root), caster.found


def apply(data: Any, source: SourceMap) -> Any:
    """``data`` with the strings at typed paths cast; a string that does not cast is an error (every such
    string is listed)."""
    result, found = typed(data, source)
    if found:
        raise ConfigError(sorted((problem for _, problem in found), key=Problem.sort_key))
    return result
