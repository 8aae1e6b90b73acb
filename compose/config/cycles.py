"""Dependency cycles found in the normalized document, so they are reported with the file's other problems."""

from __future__ import annotations

from typing import Any

from compose.config.paths import SourceMap
from compose.errors import ConfigError
from compose.graph import find_cycle


def _needs(spec: dict[str, Any]) -> dict[str, str]:
    """What one service needs, by name -> the key that says so (depends_on, links, network_mode...)."""
    out = {str(dep): "depends_on" for dep in spec.get("depends_on") or {}}
    for link in spec.get("links") or ():
        out.setdefault(str(link).split(":")[0], "links")
    mode = str(spec.get("network_mode") or "")
    if mode.startswith("service:"):
        out.setdefault(mode.removeprefix("service:"), "network_mode")
    for source in spec.get("volumes_from") or ():
        text = str(source)
        if not text.startswith("container:"):
            out.setdefault(text.removeprefix("service:").split(":")[0], "volumes_from")
    return out


def check(canonical: dict[str, Any], source: SourceMap) -> None:
    """Raise a ConfigError naming the first dependency cycle (``a -> b -> a``), at the edge that starts it."""
    services = canonical.get("services") or {}
    needs = {name: _needs(spec or {}) for name, spec in services.items()}
    names = find_cycle(needs)
    if names is None:
        return
    key = needs[names[0]][names[1]]
    path = ("services", names[0], key, names[1]) if key == "depends_on" else ("services", names[0], key)
    raise ConfigError.at(
        "dependency cycle: " + " -> ".join(names),
        source.key(path) or source.key(("services", names[0])),
        ".".join(path),
        "remove one of these dependencies",
    )
