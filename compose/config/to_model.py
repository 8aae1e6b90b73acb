"""Typed model objects from the canonical document."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from compose.config import to_build, to_service
from compose.config.paths import SourceMap
from compose.config.units import seconds
from compose.errors import ConfigError, Location
from compose.model import (
    Healthcheck,
    Network,
    Port,
    Project,
    Service,
    Volume,
    frozen_map,
)
from compose.sha import sha256_hex

TYPED_SERVICE_KEYS = frozenset(
    {
        "image",
        "build",
        "command",
        "entrypoint",
        "environment",
        "ports",
        "volumes",
        "depends_on",
        "healthcheck",
        "restart",
        "networks",
        "labels",
        "container_name",
        "working_dir",
        "user",
        "hostname",
        "tty",
        "stdin_open",
        "profiles",
        "scale",
        "pull_policy",
        *to_service.TYPED_KEYS,
    }
)
# Not part of the configuration hash: changing them never recreates a container (the Compose rule).
UNHASHED_KEYS = ("build", "pull_policy", "scale", "depends_on", "profiles")


def _hashed(spec: dict[str, Any]) -> dict[str, Any]:
    kept = {k: v for k, v in spec.items() if k not in UNHASHED_KEYS}
    deploy = dict(kept.get("deploy") or {})
    if deploy.pop("replicas", None) is not None:
        kept["deploy"] = deploy
    return kept


def _sha(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)
    return sha256_hex(text.encode())


def config_hash(spec: dict[str, Any]) -> str:
    """sha256 of the canonical service, less the keys that do not change a running container."""
    return _sha(_hashed(spec))


def config_keys(spec: dict[str, Any]) -> dict[str, str]:
    """Short sha256 of each hashed key, and of each entry of a mapping key (``environment.DEBUG``)."""
    out: dict[str, str] = {}
    for key, value in _hashed(spec).items():
        out[key] = _sha(value)[:12]
        if isinstance(value, dict):
            out.update({f"{key}.{sub}": _sha(v)[:12] for sub, v in value.items()})
    return out


def _scale(spec: dict[str, Any]) -> int:
    if spec.get("scale") is not None:
        return int(spec["scale"])
    replicas = (spec.get("deploy") or {}).get("replicas")
    return 1 if replicas is None else int(replicas)


def _bool(value: Any) -> bool:
    return value is True or str(value).lower() == "true"


def _duration(value: Any, where: Location | None, path: str) -> float | None:
    if value is None:
        return None
    try:
        return seconds(value)
    except ValueError as exc:
        raise ConfigError.at(str(exc), where, path) from None


def _healthcheck(spec: dict[str, Any], where: Location | None, name: str) -> Healthcheck:
    def duration(key: str) -> float | None:
        return _duration(spec.get(key), where, f"services.{name}.healthcheck.{key}")

    retries = spec.get("retries")
    return Healthcheck(
        test=tuple(str(t) for t in spec.get("test") or ()),
        interval=duration("interval"),
        timeout=duration("timeout"),
        start_period=duration("start_period"),
        start_interval=duration("start_interval"),
        retries=None if retries is None else int(retries),
        disable=_bool(spec.get("disable", False)),
    )


def _ports(items: list[dict[str, Any]], source: SourceMap, base: tuple[str, ...]) -> tuple[Port, ...]:
    return tuple(
        Port(
            target=int(p["target"]),
            published=str(p.get("published", "")),
            host_ip=str(p.get("host_ip", "")),
            protocol=str(p.get("protocol", "tcp")),
            origin=source.value((*base, "ports")),
        )
        for p in items
    )


def _service(name: str, spec: dict[str, Any], source: SourceMap, defs: to_service.Definitions) -> Service:
    base = ("services", name)
    where = source.key(base)
    build = spec.get("build")
    health = spec.get("healthcheck")
    return Service(
        name=name,
        image=str(spec.get("image", "")),
        build=to_build.build(build, source, (*base, "build")) if build else None,
        command=tuple(spec["command"]) if spec.get("command") is not None else None,
        entrypoint=tuple(spec["entrypoint"]) if spec.get("entrypoint") is not None else None,
        environment=frozen_map(spec.get("environment")),
        ports=_ports(spec.get("ports") or [], source, base),
        volumes=to_service.mounts(spec.get("volumes") or [], source, base),
        depends_on=to_service.dependencies(spec, source, base),
        healthcheck=_healthcheck(health, source.key((*base, "healthcheck")), name) if health else None,
        restart=str(spec.get("restart", "no")),
        networks=to_service.networks(spec, source, base),
        labels=frozen_map(spec.get("labels")),
        container_name=str(spec.get("container_name", "")),
        working_dir=str(spec.get("working_dir", "")),
        user=str(spec.get("user", "")),
        hostname=str(spec.get("hostname", "")),
        tty=_bool(spec.get("tty", False)),
        stdin_open=_bool(spec.get("stdin_open", False)),
        profiles=tuple(spec.get("profiles") or ()),
        pull_policy=str(spec.get("pull_policy", "")),
        **to_service.fields(spec, source, base, defs),
        config_hash=config_hash(spec),
        config_keys=frozen_map(config_keys(spec)),
        scale=_scale(spec),
        extra=frozen_map(to_service.extra(spec, TYPED_SERVICE_KEYS, where, name)),
        origin=where,
        key_origins=frozen_map({k: loc for k in spec if (loc := source.keys.get((*base, k)))}),
    )


def _network(key: str, spec: dict[str, Any], source: SourceMap) -> Network:
    known = {
        "name",
        "driver",
        "external",
        "internal",
        "attachable",
        "labels",
        "driver_opts",
        "enable_ipv6",
        "ipam",
    }
    return Network(
        key=key,
        name=str(spec["name"]),
        driver=str(spec.get("driver", "")),
        external=_bool(spec.get("external", False)),
        internal=_bool(spec.get("internal", False)),
        attachable=_bool(spec.get("attachable", False)),
        enable_ipv6=_bool(spec.get("enable_ipv6", False)),
        labels=frozen_map(spec.get("labels")),
        driver_opts=frozen_map(spec.get("driver_opts")),
        **to_service.ipam(spec.get("ipam") or {}),
        extra=frozen_map({k: v for k, v in spec.items() if k not in known}),
        origin=source.key(("networks", key)),
    )


def _volume(key: str, spec: dict[str, Any], source: SourceMap) -> Volume:
    known = {"name", "driver", "external", "labels", "driver_opts"}
    return Volume(
        key=key,
        name=str(spec["name"]),
        driver=str(spec.get("driver", "")),
        external=_bool(spec.get("external", False)),
        labels=frozen_map(spec.get("labels")),
        driver_opts=frozen_map(spec.get("driver_opts")),
        extra=frozen_map({k: v for k, v in spec.items() if k not in known}),
        origin=source.key(("volumes", key)),
    )


def build(
    data: dict[str, Any],
    source: SourceMap,
    *,
    working_dir: str,
    config_files: tuple[str, ...],
    disabled: tuple[str, ...] = (),
    environment: Mapping[str, str] | None = None,
) -> Project:
    """The model of the canonical document; ``environment`` gives ``environment:`` secrets and configs."""
    defs = to_service.Definitions(data.get("secrets") or {}, data.get("configs") or {}, environment or {})
    services = {name: _service(name, spec, source, defs) for name, spec in data["services"].items()}
    return Project(
        name=data["name"],
        working_dir=working_dir,
        config_files=config_files,
        services=frozen_map(services),
        networks=frozen_map({k: _network(k, v, source) for k, v in (data.get("networks") or {}).items()}),
        volumes=frozen_map({k: _volume(k, v, source) for k, v in (data.get("volumes") or {}).items()}),
        extra=frozen_map(
            {k: v for k, v in data.items() if k not in ("name", "services", "networks", "volumes")}
        ),
        disabled_services=disabled,
    )
