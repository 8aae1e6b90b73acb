"""Engine API answers about containers as our types (pure)."""

from __future__ import annotations

from typing import Any

from compose import labels as lbl
from compose.engine.base import ContainerInfo, Health


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
