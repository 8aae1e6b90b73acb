"""A container spec as the body of ``POST /containers/create``, filled as Docker Compose v2 fills it."""

from __future__ import annotations

from typing import Any

from compose.engine.base import ContainerSpec, HealthSpec, PortSpec

from .host import host_config
from .mounts import mounts
from .network import ALL_AT_CREATE, networking
from .versions import at_least


def _restart_policy(restart: str) -> dict[str, Any]:
    name, _, retries = restart.partition(":")
    if name in ("", "no"):
        return {"Name": "no"}
    policy: dict[str, Any] = {"Name": name}
    if name == "on-failure" and retries:
        policy["MaximumRetryCount"] = int(retries)
    return policy


def _port_bindings(ports: tuple[PortSpec, ...]) -> dict[str, list[dict[str, str]]]:
    bindings: dict[str, list[dict[str, str]]] = {}
    for port in ports:
        bindings.setdefault(f"{port.target}/{port.protocol}", []).append(
            {"HostIp": port.host_ip, "HostPort": port.published}
        )
    return bindings


def _exposed(spec: ContainerSpec) -> dict[str, dict[str, Any]]:
    ports = [f"{p.target}/{p.protocol}" for p in spec.ports]
    return {port: {} for port in [*ports, *spec.expose]}


def _health(check: HealthSpec | None, disable: bool) -> dict[str, Any] | None:
    if disable:
        return {"Test": ["NONE"]}
    if check is None:
        return None
    health = {
        "Test": list(check.test),
        "Interval": check.interval_ns,
        "Timeout": check.timeout_ns,
        "StartPeriod": check.start_period_ns,
        "Retries": check.retries,
    }
    if check.start_interval_ns:
        health["StartInterval"] = check.start_interval_ns
    return health


def _host(spec: ContainerSpec, api_version: str) -> dict[str, Any]:
    mode, _ = networking(spec, api_version)
    host: dict[str, Any] = {
        "PortBindings": _port_bindings(spec.ports),
        "RestartPolicy": _restart_policy(spec.restart),
        **mounts(spec),
        **host_config(spec.host),
    }
    if mode:
        host["NetworkMode"] = mode
    if spec.links:
        host["Links"] = list(spec.links)
    if spec.auto_remove:
        host["AutoRemove"] = True
    return host


def _mac_address(spec: ContainerSpec, api_version: str) -> str | None:
    """Before Engine API 1.44 a container's MAC address is part of its config, not of an endpoint."""
    if spec.network_mode:
        return spec.mac_address or None
    if at_least(api_version, ALL_AT_CREATE) or not spec.networks:
        return None
    return spec.networks[0].mac_address or None


def container_config(spec: ContainerSpec, api_version: str) -> dict[str, Any]:
    """The body of ``POST /containers/create`` for an engine that speaks ``api_version``.

    Networks the engine does not take at creation are connected after (``network.after_create``).
    """
    config: dict[str, Any] = {
        "Image": spec.image,
        "Labels": dict(spec.labels),
        "Env": [f"{k}={v}" for k, v in spec.environment.items()],
        "ExposedPorts": _exposed(spec),
        "Tty": spec.tty,
        "OpenStdin": spec.stdin_open,
        "StdinOnce": spec.stdin_once,
        "HostConfig": _host(spec, api_version),
    }
    optional = {
        "Cmd": list(spec.command) if spec.command is not None else None,
        "Entrypoint": list(spec.entrypoint) if spec.entrypoint is not None else None,
        "Hostname": spec.hostname or None,
        "Domainname": spec.domainname or None,
        "WorkingDir": spec.working_dir or None,
        "User": spec.user or None,
        "Healthcheck": _health(spec.healthcheck, spec.disable_healthcheck),
        "StopSignal": spec.stop_signal or None,
        "StopTimeout": spec.stop_timeout,
        "MacAddress": _mac_address(spec, api_version),
    }
    config.update({k: v for k, v in optional.items() if v is not None})
    _, networking_config = networking(spec, api_version)
    if networking_config is not None:
        config["NetworkingConfig"] = networking_config
    return config
