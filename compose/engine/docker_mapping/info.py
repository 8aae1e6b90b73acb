"""Engine API answers about containers as our types (pure)."""

from __future__ import annotations

import re
from datetime import datetime
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


def epoch(text: str | None) -> float:
    """An engine timestamp (RFC 3339 with nanoseconds) in seconds since the epoch; 0 for the zero time."""
    if not text or text.startswith("0001-01-01"):
        return 0.0
    trimmed = re.sub(r"(\.\d{6})\d+", r"\1", text).replace("Z", "+00:00")
    try:
        return datetime.fromisoformat(trimmed).timestamp()
    except ValueError:
        return 0.0


def tag_time(image: dict[str, Any]) -> float | None:
    """When the engine last tagged an inspected image (``Metadata.LastTagTime``: a pull, a build or a tag);
    None for the zero time some engines report."""
    return epoch((image.get("Metadata") or {}).get("LastTagTime")) or None


def _command(path: str | None, args: list[str] | None) -> str:
    return " ".join([path or "", *(args or ())]).strip()


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
        image=str(config.get("Image", "")),
        command=_command(data.get("Path"), data.get("Args")),
        created=epoch(data.get("Created")),
        started_at=epoch(state.get("StartedAt")),
        finished_at=epoch(state.get("FinishedAt")),
        restart_count=int(data.get("RestartCount", 0) or 0),
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
        image=str(data.get("Image", "")),
        command=str(data.get("Command", "")),
        created=float(data.get("Created", 0) or 0),
    )
