"""Checks the schema cannot express: references between services, networks and volumes; profiles."""

from __future__ import annotations

import re
from typing import Any

from compose.config import shortsyntax, units
from compose.config.paths import Found, Path, SourceMap, dotted
from compose.errors import ConfigError, Location, Problem, did_you_mean


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
            hint = did_you_mean(ref, list(services))
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
            hint = did_you_mean(net, networks) or "declare it under the top-level networks:"
            problems.append(Problem(f"undefined network {net!r}", source.key(path), dotted(path), hint))
    for i, mount in enumerate(spec.get("volumes") or []):
        src = mount.get("source")
        if mount.get("type") == "volume" and src and src not in volumes:
            path = ("services", name, "volumes", i)
            hint = did_you_mean(src, volumes) or "declare it under the top-level volumes:"
            problems.append(Problem(f"undefined volume {src!r}", source.value(path), dotted(path), hint))
    if not any(key in spec for key in ("image", "build", "provider")):
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
    """Drop services whose profiles are all inactive; returns the dropped ones and their profiles.

    ``data["services"]`` is replaced, not changed in place (a YAML alias may share it).
    """
    services = data.get("services", {})
    disabled = {}
    for name, spec in services.items():
        profiles = spec.get("profiles") or []
        if profiles and "*" not in active and not active.intersection(profiles):
            disabled[name] = list(profiles)
    if disabled:
        data["services"] = {name: spec for name, spec in services.items() if name not in disabled}
    return disabled


def _at(path: Path, message: str, where: Location | None, text: str, hint: str = "") -> Found:
    """A problem (``text``: its dotted path) about the value at ``path``."""
    return (path, Problem(message, where, text, hint))


def _external_problems(data: dict[str, Any], source: SourceMap) -> list[Found]:
    problems: list[Found] = []
    for kind in ("networks", "volumes", "secrets", "configs"):
        for key, spec in (data.get(kind) or {}).items():
            if not isinstance(spec, dict) or not spec.get("external"):
                continue
            path: tuple[str | int, ...] = (kind, key)
            external = spec["external"]
            if isinstance(external, dict) and "name" in external and "name" in spec:
                problems.append(
                    _at(
                        (*path, "external"),
                        "name and external.name conflict; only use name",
                        source.key((*path, "external")),
                        dotted(path),
                    )
                )
            for other in ("driver", "driver_opts", "labels"):
                if other in spec and kind in ("networks", "volumes"):
                    problems.append(
                        _at(
                            (*path, other),
                            f'conflicting parameters "external" and "{other}" specified',
                            source.key((*path, other)),
                            dotted((*path, other)),
                            "an external resource is created elsewhere; remove one of them",
                        )
                    )
    return problems


def _device_problems(name: str, spec: dict[str, Any], source: SourceMap) -> list[Found]:
    problems: list[Found] = []
    reservations = ((spec.get("deploy") or {}).get("resources") or {}).get("reservations") or {}
    for i, device in enumerate(reservations.get("devices") or []):
        path = ("services", name, "deploy", "resources", "reservations", "devices", i)
        count = device.get("count")
        if count is not None and str(count) != "all" and not str(count).lstrip("-").isdigit():
            problems.append(
                _at(
                    path,
                    f"invalid value {count!r}, the only value allowed is 'all' or a number",
                    source.value((*path, "count")),
                    dotted((*path, "count")),
                )
            )
        if count is not None and device.get("device_ids"):
            message = '"count" and "device_ids" attributes are exclusive'
            problems.append(_at(path, message, source.value(path), dotted(path)))
    return problems


def _service_shape_problems(name: str, spec: dict[str, Any], source: SourceMap) -> list[Found]:
    problems = _device_problems(name, spec, source)
    if "network_mode" in spec and "networks" in spec:
        path: Path = ("services", name, "networks")
        problems.append(
            _at(
                path,
                f"service {name} declares both network_mode and networks",
                source.key(path),
                dotted(path),
                "use one of them",
            )
        )
    for key in ("volumes", "ports"):
        for i, item in enumerate(spec.get(key) or []):
            if isinstance(item, dict) and item.get("target") in (None, ""):
                path = ("services", name, key, i)
                message = f"a long-form {key[:-1]} needs a target"
                problems.append(_at(path, message, source.value(path), dotted(path)))
    for i, mount in enumerate(spec.get("volumes") or []):
        if isinstance(mount, dict) and mount.get("type") == "bind" and not mount.get("source"):
            path = ("services", name, "volumes", i)
            problems.append(
                _at(
                    path,
                    'invalid mount config for type "bind": field Source must not be empty',
                    source.value(path),
                    dotted(path),
                )
            )
    return problems


RESTART = re.compile(r"^(?:no|always|unless-stopped|on-failure(?::[0-9]+)?|)$")


def _restart_problems(name: str, spec: dict[str, Any], source: SourceMap) -> list[Found]:
    restart = spec.get("restart")
    if not isinstance(restart, str) or RESTART.match(restart):
        return []
    path: Path = ("services", name, "restart")
    hint = "use no, always, on-failure[:N] or unless-stopped"
    return [_at(path, f"invalid restart policy {restart!r}", source.value(path), dotted(path), hint)]


def semantic_problems(data: dict[str, Any], source: SourceMap) -> list[Found]:
    """Consistency rules on the validated document (before normalization), each problem with the path of
    the value that breaks the rule."""
    problems = _external_problems(data, source)
    for name, spec in (data.get("services") or {}).items():
        if isinstance(spec, dict):
            problems += _service_shape_problems(name, spec, source) + _restart_problems(name, spec, source)
            problems += _unit_problems(name, spec, source) + _scale_problems(name, spec, source)
    return sorted(problems, key=lambda found: found[1].sort_key())


def semantics(data: dict[str, Any], source: SourceMap) -> None:
    """Raise the consistency problems of the validated document, if any."""
    problems = semantic_problems(data, source)
    if problems:
        raise ConfigError([problem for _, problem in problems])


DURATION_KEYS = (
    "stop_grace_period",
    "healthcheck.interval",
    "healthcheck.timeout",
    "healthcheck.start_period",
    "healthcheck.start_interval",
)
SIZE_KEYS = ("mem_limit", "mem_reservation", "memswap_limit", "shm_size", "build.shm_size")


def _nested(spec: dict[str, Any], dotted_key: str) -> tuple[bool, Any]:
    value: Any = spec
    for part in dotted_key.split("."):
        if not isinstance(value, dict) or part not in value:
            return False, None
        value = value[part]
    return True, value


def _unit_problems(name: str, spec: dict[str, Any], source: SourceMap) -> list[Found]:
    problems: list[Found] = []
    for keys, parse in ((DURATION_KEYS, units.seconds), (SIZE_KEYS, units.size_bytes)):
        for key in keys:
            present, value = _nested(spec, key)
            if not present or value is None:
                continue
            try:
                parse(value)
            except ValueError as exc:
                path: Path = ("services", name, *key.split("."))
                problems.append(_at(path, str(exc), source.value(path), dotted(path)))
    return problems


def _replicas(spec: dict[str, Any]) -> tuple[Any, Any]:
    deploy = spec.get("deploy")
    return spec.get("scale"), deploy.get("replicas") if isinstance(deploy, dict) else None


def _scale_problems(name: str, spec: dict[str, Any], source: SourceMap) -> list[Found]:
    problems: list[Found] = []
    scale, replicas = _replicas(spec)
    base: Path = ("services", name)
    if scale is not None and replicas is not None and str(scale) != str(replicas):
        problems.append(
            _at(
                (*base, "scale"),
                f"scale ({scale}) and deploy.replicas ({replicas}) differ",
                source.key((*base, "scale")),
                dotted((*base, "scale")),
                "keep one of them",
            )
        )
    count = scale if scale is not None else replicas
    if "container_name" in spec and count is not None and str(count).isdigit() and int(count) > 1:
        problems.append(
            _at(
                (*base, "container_name"),
                f"container_name cannot be used with {count} replicas: names must be unique",
                source.key((*base, "container_name")),
                dotted((*base, "container_name")),
                "remove container_name, or run one replica",
            )
        )
    return problems


def _port_entries(port: Any) -> list[dict[str, Any]]:
    if isinstance(port, dict):
        return [port]
    try:
        return shortsyntax.ports(port)
    except ValueError:
        return []  # normalization reports it, with the reason


def published_ports(data: dict[str, Any], source: SourceMap) -> list[str]:
    """Ports must be in range (errors); a host port published twice is a warning (Compose accepts the file,
    but the second container cannot start)."""
    problems, doubles = _port_problems(data, source)
    if problems:
        raise ConfigError(sorted(problems, key=Problem.sort_key))
    return [str(p) for p in sorted(doubles, key=Problem.sort_key)]


def _port_problems(data: dict[str, Any], source: SourceMap) -> tuple[list[Problem], list[Problem]]:
    problems: list[Problem] = []
    doubles: list[Problem] = []
    seen: dict[tuple[str, str, str], str] = {}
    for name, spec in (data.get("services") or {}).items():
        for i, port in enumerate((spec or {}).get("ports") or []):
            path: Path = ("services", name, "ports", i)
            for entry in _port_entries(port):
                for key in ("target", "published"):
                    value = str(entry.get(key, ""))
                    if value.isdigit() and not 0 < int(value) <= 65535:
                        message = f"{key} port {value} is out of range (1-65535)"
                        problems.append(Problem(message, source.value(path), dotted(path)))
                published = str(entry.get("published", ""))
                if not published.isdigit():
                    continue
                bound = (str(entry.get("host_ip", "")), published, str(entry.get("protocol", "tcp")))
                if seen.setdefault(bound, name) != name:
                    message = f"host port {published} is already published by service {seen[bound]!r}"
                    doubles.append(
                        Problem(message, source.value(path), dotted(path), "publish another host port")
                    )
    return problems, doubles
