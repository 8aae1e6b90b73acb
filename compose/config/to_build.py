"""A service's canonical ``build:`` as the typed ``Build``: every key either typed or kept in ``extra``."""

from __future__ import annotations

from typing import Any

from compose.config.paths import Path, SourceMap
from compose.config.units import size_bytes
from compose.errors import ConfigError
from compose.model import Build, frozen_map

TYPED_BUILD_KEYS = frozenset(
    {
        "context",
        "dockerfile",
        "dockerfile_inline",
        "args",
        "target",
        "labels",
        "network",
        "extra_hosts",
        "shm_size",
        "cache_from",
        "tags",
        "no_cache",
        "pull",
        "isolation",
        "platforms",
    }
)


def _mapping(value: Any) -> dict[str, Any]:
    """``["A=1", "B"]`` or ``{"A": 1}`` -> ``{"A": "1", "B": None}``."""
    if isinstance(value, list):
        items = [str(item).partition("=") for item in value]
        return {key: rest if sep else None for key, sep, rest in items}
    return {str(k): None if v is None else str(v) for k, v in (value or {}).items()}


def extra_hosts(value: Any) -> tuple[str, ...]:
    """``["db=10.0.0.2", "web:10.0.0.3"]`` or ``{"db": "10.0.0.2"}`` -> ``("db:10.0.0.2", ...)``."""
    if isinstance(value, dict):
        pairs = [(str(h), ip) for h, ips in value.items() for ip in (ips if isinstance(ips, list) else [ips])]
        return tuple(f"{host}:{ip}" for host, ip in pairs)
    out = []
    for item in value or ():
        host, sep, ip = str(item).partition("=")
        if not sep:
            host, _, ip = str(item).partition(":")
        out.append(f"{host}:{ip}")
    return tuple(out)


def _texts(value: Any) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(str(v) for v in value or ())


def _flag(value: Any) -> bool:
    return value is True or str(value).lower() == "true"


def _shm_size(value: Any, source: SourceMap, path: Path) -> int | None:
    if value is None:
        return None
    try:
        return size_bytes(value)
    except ValueError as exc:
        raise ConfigError.at(str(exc), source.value(path), ".".join(map(str, path))) from None


def build(spec: dict[str, Any], source: SourceMap, base: Path) -> Build:
    """``base`` is the path of the ``build`` key (``("services", name, "build")``)."""
    return Build(
        context=str(spec["context"]),
        dockerfile=str(spec.get("dockerfile", "Dockerfile")),
        dockerfile_inline=str(spec.get("dockerfile_inline", "")),
        args=frozen_map(_mapping(spec.get("args"))),
        target=str(spec.get("target", "")),
        labels=frozen_map({k: v or "" for k, v in _mapping(spec.get("labels")).items()}),
        network=str(spec.get("network", "")),
        extra_hosts=extra_hosts(spec.get("extra_hosts")),
        shm_size=_shm_size(spec.get("shm_size"), source, (*base, "shm_size")),
        cache_from=_texts(spec.get("cache_from")),
        tags=_texts(spec.get("tags")),
        no_cache=_flag(spec.get("no_cache", False)),
        pull=_flag(spec.get("pull", False)),
        isolation=str(spec.get("isolation", "")),
        platforms=_texts(spec.get("platforms")),
        extra=frozen_map({k: v for k, v in spec.items() if k not in TYPED_BUILD_KEYS}),
        origin=source.key(base),
        key_origins=frozen_map({k: loc for k in spec if (loc := source.keys.get((*base, k)))}),
    )
