"""Typed values after interpolation: a ``"true"`` or ``"3"`` that came from a variable becomes a bool or int.

The table is keyed by path pattern (``*`` is a mapping key, ``#`` a list item), as Compose casts them.
"""

from __future__ import annotations

import fnmatch
import functools
from collections.abc import Callable
from typing import Any

from compose.config.paths import Path, SourceMap, dotted
from compose.errors import ConfigError

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


@functools.cache
def _cast_for(text: str) -> Callable[[str], Any] | None:
    return next((c for pattern, c in CASTS.items() if fnmatch.fnmatchcase(text, pattern)), None)


def _pattern_path(path: Path) -> str:
    return ".".join("#" if isinstance(part, int) else part for part in path)


def apply(data: Any, source: SourceMap, path: Path = ()) -> Any:
    """A copy of ``data`` with the strings at typed paths cast; a string that does not cast is an error."""
    if isinstance(data, dict):
        return {key: apply(value, source, (*path, key)) for key, value in data.items()}
    if isinstance(data, list):
        return [apply(value, source, (*path, i)) for i, value in enumerate(data)]
    if not isinstance(data, str) or not path:
        return data
    cast = _cast_for(_pattern_path(path))
    if cast is None:
        return data
    try:
        return cast(data)
    except ValueError:
        raise ConfigError.at(
            f"cannot use {data!r} here: expected {cast.__name__.removeprefix('to_')}",
            source.value(path),
            dotted(path),
        ) from None
