"""Checks the schema cannot express: references between services, networks and volumes; profiles."""

from __future__ import annotations

import difflib
from typing import Any

from compose.config.paths import SourceMap, dotted
from compose.errors import ConfigError, Problem


def _did_you_mean(name: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(name, choices, n=1)
    return f"did you mean {close[0]!r}?" if close else ""


def _service_refs(name: str, spec: dict[str, Any]) -> list[tuple[tuple[str, ...], str]]:
    refs: list[tuple[tuple[str, ...], str]] = [
        (("services", name, "depends_on", dep), dep) for dep in spec.get("depends_on") or {}
    ]
    for i, link in enumerate(spec.get("links") or []):
        refs.append((("services", name, "links", str(i)), str(link).split(":")[0]))
    mode = str(spec.get("network_mode", ""))
    if mode.startswith("service:"):
        refs.append((("services", name, "network_mode"), mode.removeprefix("service:")))
    return refs


def _service_problems(
    name: str,
    spec: dict[str, Any],
    services: dict[str, Any],
    source: SourceMap,
    disabled: dict[str, list[str]],
) -> list[Problem]:
    problems = []
    for path, ref in _service_refs(name, spec):
        required = (spec.get("depends_on") or {}).get(ref, {}).get("required", True)
        if ref in services or not required:
            continue
        where = source.key(tuple(int(p) if p.isdigit() else p for p in path))
        if ref in disabled:
            hint = f"enable it with --profile {disabled[ref][0]}" if disabled[ref] else ""
            message = f"service {ref!r} is disabled (profiles: {', '.join(disabled[ref])})"
            problems.append(Problem(message, where, dotted(path), hint))
        else:
            hint = _did_you_mean(ref, list(services))
            problems.append(Problem(f"undefined service {ref!r}", where, dotted(path), hint))
    return problems


def _resource_problems(
    name: str, spec: dict[str, Any], data: dict[str, Any], source: SourceMap
) -> list[Problem]:
    networks = list(data.get("networks", {}))
    volumes = list(data.get("volumes", {}))
    problems = []
    for net in spec.get("networks") or {}:
        if net not in networks:
            path: tuple[str | int, ...] = ("services", name, "networks", net)
            hint = _did_you_mean(net, networks) or "declare it under the top-level networks:"
            problems.append(Problem(f"undefined network {net!r}", source.key(path), dotted(path), hint))
    for i, mount in enumerate(spec.get("volumes") or []):
        src = mount.get("source")
        if mount.get("type") == "volume" and src and src not in volumes:
            path = ("services", name, "volumes", i)
            hint = _did_you_mean(src, volumes) or "declare it under the top-level volumes:"
            problems.append(Problem(f"undefined volume {src!r}", source.value(path), dotted(path), hint))
    if not spec.get("image") and not spec.get("build"):
        path = ("services", name)
        problems.append(Problem("a service needs an image or a build", source.key(path), dotted(path)))
    return problems


def references(data: dict[str, Any], source: SourceMap, disabled: dict[str, list[str]]) -> None:
    """Every service, network and volume a service names must exist (and be enabled)."""
    services = data.get("services", {})
    problems: list[Problem] = []
    for name, spec in services.items():
        problems += _service_problems(name, spec, services, source, disabled)
        problems += _resource_problems(name, spec, data, source)
    if problems:
        raise ConfigError(sorted(problems, key=Problem.sort_key))


def split_profiles(data: dict[str, Any], active: set[str]) -> dict[str, list[str]]:
    """Drop services whose profiles are all inactive; returns the dropped ones and their profiles."""
    services = data.get("services", {})
    disabled = {}
    for name, spec in list(services.items()):
        profiles = spec.get("profiles") or []
        if profiles and "*" not in active and not active.intersection(profiles):
            disabled[name] = list(profiles)
            del services[name]
    return disabled
