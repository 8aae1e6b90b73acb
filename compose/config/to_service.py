"""The typed parts of a service beyond its image and process: mounts, network attachments, shared
namespaces and links, secrets and configs, lifecycle hooks, and the dependencies those imply.

Each reads the canonical document (``normalize``); ``to_model`` assembles the ``Service``.
"""

from __future__ import annotations

import shlex
from collections.abc import Mapping
from dataclasses import field
from typing import Any

from compose.config.merge import as_mapping
from compose.config.paths import SourceMap
from compose.config.units import seconds, size_bytes
from compose.errors import ConfigError, Location
from compose.model import Dependency, FileGrant, Hook, IpamPool, Mount, ServiceNetwork, frozen_map
from compose.record import record

TYPED_KEYS = frozenset(
    {
        "network_mode",
        "ipc",
        "pid",
        "links",
        "external_links",
        "volumes_from",
        "stop_grace_period",
        "stop_signal",
        "attach",
        "secrets",
        "configs",
        "post_start",
        "pre_stop",
    }
)
MOUNT_TYPES = ("volume", "bind", "tmpfs")
KNOWN_MOUNT_OPTIONS = {
    "bind": {"propagation", "create_host_path", "selinux", "recursive"},
    "volume": {"nocopy", "subpath", "labels"},
    "tmpfs": {"size", "mode"},
}
# The keys of a top-level secret or config that say where its text is; ``name`` only names it
FILE_SOURCES = {"file", "environment", "content", "external", "name"}
Base = tuple[str, ...]


def _bool(value: Any) -> bool:
    return value is True or str(value).lower() == "true"


def _octal(value: Any) -> int | None:
    """A file mode: a number as it is, a string in octal (``"0440"``), as Compose reads them."""
    if value is None:
        return None
    return int(value, 8) if isinstance(value, str) else int(value)


@record(kw_only=False)
class Definitions:
    """The project's top-level secrets and configs, and the variables ``environment:`` ones read."""

    secrets: Mapping[str, Any] = field(default_factory=frozen_map)
    configs: Mapping[str, Any] = field(default_factory=frozen_map)
    environment: Mapping[str, str] = field(default_factory=frozen_map)


def _unknown_options(m: dict[str, Any]) -> dict[str, Any]:
    kind = str(m["type"])
    if kind not in MOUNT_TYPES:
        return {"type": kind}
    unknown = {f"{k}.{sub}": v for k in ("bind", "volume", "tmpfs") for sub, v in (m.get(k) or {}).items()}
    allowed = {f"{kind}.{sub}" for sub in KNOWN_MOUNT_OPTIONS[kind]}
    return {k: v for k, v in unknown.items() if k not in allowed and not k.split(".")[1].startswith("x-")}


def _tmpfs_size(value: Any, where: Location | None, path: str) -> int | None:
    try:
        return None if value is None else size_bytes(value)
    except ValueError as exc:
        raise ConfigError.at(str(exc), where, path) from None


def _labels(value: Any) -> Mapping[str, str]:
    """A ``KEY: VALUE`` mapping or ``KEY=VALUE`` list (a key alone has the empty value)."""
    return frozen_map({str(k): "" if v is None else str(v) for k, v in (as_mapping(value) or {}).items()})


def _mount(m: dict[str, Any], where: Location | None, path: str) -> Mount:
    bind, volume, tmpfs = m.get("bind") or {}, m.get("volume") or {}, m.get("tmpfs") or {}
    kind = m["type"]
    return Mount(
        type=kind if kind in MOUNT_TYPES else "volume",
        target=str(m["target"]),
        source=str(m.get("source", "")),
        read_only=_bool(m.get("read_only", False)),
        propagation=str(bind.get("propagation", "")),
        # the short form, or a long one without bind options, creates a missing host path (as in Compose)
        create_host_path=_bool(bind.get("create_host_path", "bind" not in m)),
        selinux=str(bind.get("selinux", "")),
        recursive=str(bind.get("recursive", "")),
        nocopy=_bool(volume.get("nocopy", False)),
        subpath=str(volume.get("subpath", "")),
        volume_labels=_labels(volume.get("labels")),
        tmpfs_size=_tmpfs_size(tmpfs.get("size"), where, f"{path}.tmpfs.size"),
        tmpfs_mode=_octal(tmpfs.get("mode")),
        consistency=str(m.get("consistency", "")),
        extra=frozen_map(_unknown_options(m)),
        origin=where,
    )


def mounts(items: list[dict[str, Any]], source: SourceMap, base: Base) -> tuple[Mount, ...]:
    out = []
    for i, m in enumerate(items):
        where, path = source.value((*base, "volumes", i)), f"services.{base[-1]}.volumes[{i}]"
        try:
            out.append(_mount(m, where, path))
        except ValueError as exc:
            raise ConfigError.at(str(exc), where, path) from None
    return tuple(out)


def _attachment(name: str, conf: dict[str, Any]) -> ServiceNetwork:
    return ServiceNetwork(
        name=name,
        aliases=tuple(str(a) for a in conf.get("aliases") or ()),
        ipv4_address=str(conf.get("ipv4_address", "")),
        ipv6_address=str(conf.get("ipv6_address", "")),
        link_local_ips=tuple(str(ip) for ip in conf.get("link_local_ips") or ()),
        mac_address=str(conf.get("mac_address", "")),
        driver_opts=frozen_map({str(k): str(v) for k, v in (conf.get("driver_opts") or {}).items()}),
        priority=int(conf.get("priority", 0) or 0),
        gw_priority=int(conf.get("gw_priority", 0) or 0),
        interface_name=str(conf.get("interface_name", "")),
    )


def networks(spec: dict[str, Any], source: SourceMap, base: Base) -> tuple[ServiceNetwork, ...]:
    """The service's networks by name (the model's order; the engine's order is by priority)."""
    try:
        return tuple(
            _attachment(net, conf or {}) for net, conf in sorted((spec.get("networks") or {}).items())
        )
    except ValueError as exc:
        raise ConfigError.at(
            str(exc), source.key((*base, "networks")), ".".join((*base, "networks"))
        ) from None


def _explicit(spec: dict[str, Any], source: SourceMap, base: Base) -> dict[str, Dependency]:
    return {
        dep: Dependency(
            service=dep,
            condition=d.get("condition", "service_started"),
            restart=_bool(d.get("restart", False)),
            required=_bool(d.get("required", True)),
            origin=source.key((*base, "depends_on", dep)),
        )
        for dep, d in (spec.get("depends_on") or {}).items()
    }


def _implied(spec: dict[str, Any]) -> list[tuple[str, bool, str]]:
    """(service, restart, key) of what links, shared namespaces and ``volumes_from`` refer to."""
    implied = [(str(link).split(":")[0], True, "links") for link in spec.get("links") or ()]
    for key in ("network_mode", "ipc", "pid"):
        mode = str(spec.get(key, ""))
        if mode.startswith("service:"):
            implied.append((mode.removeprefix("service:"), True, key))
    implied += [
        (str(v).split(":")[0], False, "volumes_from")
        for v in spec.get("volumes_from") or ()
        if not str(v).startswith("container:")
    ]
    return implied


def dependencies(spec: dict[str, Any], source: SourceMap, base: Base) -> tuple[Dependency, ...]:
    """``depends_on`` plus what links, shared namespaces and ``volumes_from`` imply, as Compose adds them:
    started first, and a restart of the other restarts this one (not for ``volumes_from``). By name."""
    found = _explicit(spec, source, base)
    for name, restart, key in _implied(spec):
        if name not in found:
            found[name] = Dependency(
                service=name, restart=restart, required=True, origin=source.keys.get((*base, key))
            )
    return tuple(found[name] for name in sorted(found))


def _hook(spec: dict[str, Any]) -> Hook:
    command = spec["command"]
    environment = as_mapping(spec.get("environment")) or {}
    return Hook(
        command=tuple(shlex.split(command) if isinstance(command, str) else (str(c) for c in command)),
        user=str(spec.get("user", "")),
        privileged=_bool(spec.get("privileged", False)),
        working_dir=str(spec.get("working_dir", "")),
        environment=frozen_map({str(k): "" if v is None else str(v) for k, v in environment.items()}),
    )


def _target(kind: str, source: str, target: str) -> str:
    """Where the file is in the container: secrets under ``/run/secrets``, configs under ``/``."""
    directory = "/run/secrets/" if kind == "secrets" else "/"
    if not target:
        return directory + source
    return target if target.startswith("/") else directory + target


def _grant(kind: str, item: Any, defs: Definitions, where: Location | None) -> FileGrant:
    grant = {"source": item} if isinstance(item, str) else dict(item)
    name = str(grant["source"])
    definition = dict((defs.secrets if kind == "secrets" else defs.configs).get(name) or {})
    content = definition.get("content")
    if "environment" in definition:
        content = defs.environment.get(str(definition["environment"]), "")
    return FileGrant(
        source=name,
        target=_target(kind, name, str(grant.get("target", ""))),
        file=str(definition.get("file", "")),
        content=None if content is None else str(content),
        external=_bool(definition.get("external", False)),
        uid=str(grant.get("uid", "")),
        gid=str(grant.get("gid", "")),
        mode=_octal(grant.get("mode")),
        extra=frozen_map(
            {k: v for k, v in definition.items() if k not in FILE_SOURCES and not k.startswith("x-")}
        ),
        origin=where,
    )


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in value or ())


def fields(spec: dict[str, Any], source: SourceMap, base: Base, defs: Definitions) -> dict[str, Any]:
    """The ``Service`` fields this module types, from the canonical service ``spec``."""
    try:
        return _fields(spec, source, base, defs)
    except ValueError as exc:
        raise ConfigError.at(str(exc), source.key(base), ".".join(base)) from None
    except KeyError as exc:
        raise ConfigError.at(f"{exc.args[0]!r} is missing", source.key(base), ".".join(base)) from None


def _fields(spec: dict[str, Any], source: SourceMap, base: Base, defs: Definitions) -> dict[str, Any]:
    grace = spec.get("stop_grace_period")
    return {
        "network_mode": str(spec.get("network_mode", "")),
        "ipc": str(spec.get("ipc", "")),
        "pid": str(spec.get("pid", "")),
        "links": _strings(spec.get("links")),
        "external_links": _strings(spec.get("external_links")),
        "volumes_from": _strings(spec.get("volumes_from")),
        "stop_grace_period": None if grace is None else seconds(grace),
        "stop_signal": str(spec.get("stop_signal", "")),
        "attach": _bool(spec.get("attach", True)),
        **{
            kind: tuple(
                _grant(kind, item, defs, source.value((*base, kind, i)))
                for i, item in enumerate(spec.get(kind) or ())
            )
            for kind in ("secrets", "configs")
        },
        **{which: tuple(_hook(h) for h in spec.get(which) or ()) for which in ("post_start", "pre_stop")},
    }


def ipam(spec: dict[str, Any]) -> dict[str, Any]:
    """The ``Network`` fields of a network's ``ipam:``."""
    pools = tuple(
        IpamPool(
            subnet=str(pool.get("subnet", "")),
            ip_range=str(pool.get("ip_range", "")),
            gateway=str(pool.get("gateway", "")),
            aux_addresses=frozen_map({str(k): str(v) for k, v in (pool.get("aux_addresses") or {}).items()}),
        )
        for pool in spec.get("config") or ()
    )
    options = {str(k): str(v) for k, v in (spec.get("options") or {}).items()}
    return {
        "ipam_driver": str(spec.get("driver", "")),
        "ipam_pools": pools,
        "ipam_options": frozen_map(options),
    }


def _bytes(value: Any) -> Any:
    return value if value is None else size_bytes(value)


def _microseconds(value: Any) -> Any:
    return value if value is None or isinstance(value, int) else round(seconds(value) * 1e6)


def _expose(value: Any) -> list[str]:
    """``"4000-4002/udp"`` -> one ``PORT/PROTOCOL`` entry per port."""
    out = []
    for item in value or ():
        ports, _, protocol = str(item).partition("/")
        low, _, high = ports.partition("-")
        out += [f"{port}/{protocol or 'tcp'}" for port in range(int(low), int(high or low) + 1)]
    return out


def _parsed(key: str, value: Any) -> Any:
    """The value of an untyped key with its sizes in bytes, its durations in microseconds and its port
    ranges expanded."""
    if key == "expose":
        return _expose(value)
    if key in ("cpu_rt_period", "cpu_rt_runtime"):
        return _microseconds(value)
    if key == "deploy" and isinstance(value, dict) and isinstance(value.get("resources"), dict):
        resources = {
            kind: {**spec, "memory": _bytes(spec.get("memory"))}
            if isinstance(spec, dict) and "memory" in spec
            else spec
            for kind, spec in value["resources"].items()
        }
        return {**value, "resources": resources}
    if key == "blkio_config" and isinstance(value, dict):
        rates = ("device_read_bps", "device_write_bps")
        return {
            k: [{**i, "rate": _bytes(i.get("rate"))} for i in v or ()] if k in rates else v
            for k, v in value.items()
        }
    return value


def extra(spec: dict[str, Any], typed: frozenset[str], where: Location | None, name: str) -> dict[str, Any]:
    """The service's keys the model does not type, for the engine mapping to read."""
    try:
        return {k: _parsed(k, v) for k, v in spec.items() if k not in typed}
    except ValueError as exc:
        raise ConfigError.at(str(exc), where, f"services.{name}") from None
