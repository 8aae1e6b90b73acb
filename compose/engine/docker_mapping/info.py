"""Engine-neutral specs as Docker Engine API payloads, and Engine API answers as our types (pure)."""

from __future__ import annotations

from typing import Any

from compose import labels as lbl
from compose.engine.base import ContainerInfo, ContainerSpec, Health, HealthSpec, MountSpec, PortSpec


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


def _mounts(mounts: tuple[MountSpec, ...]) -> tuple[list[str], list[dict[str, Any]]]:
    """Bind mounts as ``Binds`` (the engine creates a missing host path), the rest as ``Mounts``."""
    binds, others = [], []
    for m in mounts:
        if m.type == "bind":
            binds.append(f"{m.source}:{m.target}:{'ro' if m.read_only else 'rw'}")
            continue
        entry: dict[str, Any] = {"Type": m.type, "Target": m.target, "ReadOnly": m.read_only}
        if m.source:
            entry["Source"] = m.source
        others.append(entry)
    return binds, others


def _health(check: HealthSpec | None, disable: bool) -> dict[str, Any] | None:
    if disable:
        return {"Test": ["NONE"]}
    if check is None:
        return None
    return {
        "Test": list(check.test),
        "Interval": check.interval_ns,
        "Timeout": check.timeout_ns,
        "StartPeriod": check.start_period_ns,
        "StartInterval": check.start_interval_ns,
        "Retries": check.retries,
    }


def container_config(spec: ContainerSpec) -> dict[str, Any]:
    """The body of ``POST /containers/create`` (attached to the first network; others are connected after)."""
    binds, mounts = _mounts(spec.mounts)
    host: dict[str, Any] = {
        "PortBindings": _port_bindings(spec.ports),
        "RestartPolicy": _restart_policy(spec.restart),
        "Binds": binds,
        "Mounts": mounts,
    }
    config: dict[str, Any] = {
        "Image": spec.image,
        "Labels": dict(spec.labels),
        "Env": [f"{k}={v}" for k, v in spec.environment.items()],
        "ExposedPorts": {f"{p.target}/{p.protocol}": {} for p in spec.ports},
        "Tty": spec.tty,
        "OpenStdin": spec.stdin_open,
        "HostConfig": host,
    }
    optional = {
        "Cmd": list(spec.command) if spec.command is not None else None,
        "Entrypoint": list(spec.entrypoint) if spec.entrypoint is not None else None,
        "Hostname": spec.hostname or None,
        "WorkingDir": spec.working_dir or None,
        "User": spec.user or None,
        "Healthcheck": _health(spec.healthcheck, spec.disable_healthcheck),
    }
    config.update({k: v for k, v in optional.items() if v is not None})
    if spec.networks:
        first = spec.networks[0]
        host["NetworkMode"] = first.network
        config["NetworkingConfig"] = {"EndpointsConfig": {first.network: {"Aliases": list(first.aliases)}}}
    return config


def _ports_text(ports: dict[str, Any] | None) -> tuple[str, ...]:
    out = []
    for container_port, bindings in sorted((ports or {}).items()):
        if not bindings:
            out.append(container_port)
            continue
        out.extend(f"{b.get('HostIp', '')}:{b.get('HostPort', '')}->{container_port}" for b in bindings)
    return tuple(out)


def _attached(data: dict[str, Any]) -> tuple[tuple[str, ...], dict[str, str]]:
    """The network names and the volumes (target -> name) of a container (inspected or listed)."""
    networks = tuple(sorted((data.get("NetworkSettings") or {}).get("Networks") or {}))
    volumes = {
        str(m.get("Destination", "")): str(m["Name"])
        for m in data.get("Mounts") or ()
        if m.get("Type") == "volume" and m.get("Name")
    }
    return networks, volumes


def _last_health_output(state: dict[str, Any]) -> str:
    log = (state.get("Health") or {}).get("Log") or []
    return str(log[-1].get("Output", "")).strip() if log else ""


def container_info(data: dict[str, Any]) -> ContainerInfo:
    """Our view of ``GET /containers/{id}/json``."""
    state = data.get("State") or {}
    config = data.get("Config") or {}
    labels = config.get("Labels") or {}
    health: Health = (state.get("Health") or {}).get("Status", "")
    networks, volumes = _attached(data)
    env = dict(str(e).partition("=")[::2] for e in config.get("Env") or ())
    return ContainerInfo(
        id=data["Id"],
        name=str(data.get("Name", "")).lstrip("/"),
        service=labels.get(lbl.SERVICE, ""),
        number=int(labels.get(lbl.NUMBER, "0") or 0),
        state=state.get("Status", ""),
        health=health,
        exit_code=int(state.get("ExitCode", 0) or 0),
        config_hash=labels.get(lbl.CONFIG_HASH, ""),
        image_id=data.get("Image", ""),
        labels=labels,
        ports=_ports_text((data.get("NetworkSettings") or {}).get("Ports")),
        oneoff=labels.get(lbl.ONEOFF, "False") == "True",
        networks=networks,
        volumes=volumes,
        environment=env,
        health_log=_last_health_output(state),
    )


def listed_container(data: dict[str, Any]) -> ContainerInfo:
    """Our view of one entry of ``GET /containers/json`` (no health: inspect for that)."""
    labels = data.get("Labels") or {}
    networks, volumes = _attached(data)
    return ContainerInfo(
        id=data["Id"],
        name=(data.get("Names") or ["/"])[0].lstrip("/"),
        service=labels.get(lbl.SERVICE, ""),
        number=int(labels.get(lbl.NUMBER, "0") or 0),
        state=data.get("State", ""),
        config_hash=labels.get(lbl.CONFIG_HASH, ""),
        image_id=data.get("ImageID", ""),
        labels=labels,
        oneoff=labels.get(lbl.ONEOFF, "False") == "True",
        networks=networks,
        volumes=volumes,
    )
