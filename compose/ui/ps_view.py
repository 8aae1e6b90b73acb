"""What ``ps`` prints of a container: Docker's words for status and age, JSON lines, Go-style templates."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from compose.record import record
from compose.ui.template import TemplateError
from compose.ui.template import render as template_text

__all__ = ["TemplateError", "human_duration", "json_lines", "render", "status"]

_MINUTE, _HOUR = 60, 3600
COMMAND_WIDTH = 20
TABLE = "table {{.Name}}\t{{.Image}}\t{{.Command}}\t{{.Service}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}"
HEADERS = {"ID": "CONTAINER ID", "RunningFor": "CREATED", "CreatedAt": "CREATED AT"}


class Container(Protocol):
    """What ``ps`` reads of a container (``compose.engine.base.ContainerInfo`` has it)."""

    id: str
    name: str
    service: str
    state: str
    health: str
    exit_code: int
    labels: Mapping[str, str]
    ports: tuple[str, ...]
    networks: tuple[str, ...]
    volumes: Mapping[str, str]
    image: str
    command: str
    created: float
    started_at: float
    finished_at: float
    restart_count: int


def _long(hours: int) -> str:
    """Two days and more: days, weeks, months, years."""
    if hours < 24 * 7 * 2:
        return f"{hours // 24} days"
    if hours < 24 * 30 * 2:
        return f"{hours // 24 // 7} weeks"
    if hours < 24 * 365 * 2:
        return f"{hours // 24 // 30} months"
    return f"{hours // 24 // 365} years"


def human_duration(seconds: float) -> str:
    """``Less than a second``, ``5 seconds``, ``About a minute``, ``3 hours``... as docker says it."""
    s = int(seconds)
    if s < _MINUTE:
        return (
            {0: "Less than a second", 1: "1 second"}.get(s, f"{s} seconds")
            if s >= 0
            else "Less than a second"
        )
    minutes = round(s / _MINUTE)
    if minutes < 60:
        return "About a minute" if minutes == 1 else f"{minutes} minutes"
    hours = round(s / _HOUR)
    if hours < 48:
        return "About an hour" if hours == 1 else f"{hours} hours"
    return _long(hours)


def _ago(at: float, now: float) -> str:
    return f"{human_duration(now - at)} ago" if at else ""


def status(c: Container, now: float) -> str:
    """Docker's STATUS: ``Up 2 seconds (healthy)``, ``Exited (0) 3 seconds ago``, ``Created``..."""
    health = {"starting": " (health: starting)", "healthy": " (healthy)", "unhealthy": " (unhealthy)"}
    if c.state in ("running", "paused"):
        paused = " (Paused)" if c.state == "paused" else ""
        up = f"Up {human_duration(now - c.started_at)}" if c.started_at else "Up"
        return up + health.get(c.health, "") + paused
    if c.state == "restarting":
        return f"Restarting ({c.exit_code}) {_ago(c.finished_at, now)}".rstrip()
    if c.state == "exited":
        return f"Exited ({c.exit_code}) {_ago(c.finished_at, now)}".rstrip()
    return {"created": "Created", "removing": "Removal In Progress", "dead": "Dead"}.get(c.state, c.state)


def _publishers(c: Container) -> list[dict[str, Any]]:
    """``0.0.0.0:8080->80/tcp`` texts as Compose's Publishers objects."""
    out = []
    for text in c.ports:
        published, _, target = text.rpartition("->")
        port, _, protocol = (target or published).partition("/")
        host, _, host_port = published.rpartition(":") if target else ("", "", "")
        out.append(
            {
                "URL": host,
                "TargetPort": int(port) if port.isdigit() else 0,
                "PublishedPort": int(host_port) if host_port.isdigit() else 0,
                "Protocol": protocol or "tcp",
            }
        )
    return out


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


@record(kw_only=False)
class Fields:
    """The fields of one container that ``--format`` templates and JSON lines name."""

    c: Container
    now: float
    truncate: bool = True

    def as_dict(self) -> dict[str, Any]:
        c = self.c
        return {
            "ID": c.id,
            "Name": c.name,
            "Names": c.name,
            "Image": c.image,
            "Command": json.dumps(
                _short(c.command, COMMAND_WIDTH) if self.truncate else c.command, ensure_ascii=False
            ),
            "Project": c.labels.get("com.docker.compose.project", ""),
            "Service": c.service,
            "Created": int(c.created),
            "CreatedAt": _ago(c.created, self.now),
            "RunningFor": _ago(c.created, self.now),
            "State": c.state,
            "Status": status(c, self.now),
            "Health": c.health,
            "ExitCode": c.exit_code,
            "Publishers": _publishers(c),
            "Ports": ", ".join(c.ports),
            "Labels": ",".join(f"{k}={v}" for k, v in sorted(c.labels.items())),
            "LocalVolumes": str(len(c.volumes)),
            "Mounts": ",".join(sorted(c.volumes.values())),
            "Networks": ",".join(c.networks),
            "Size": "0B",
        }


def json_lines(items: Iterable[Container], now: float) -> str:
    """One JSON object per container and line (what ``ps --format json`` prints)."""
    return "".join(json.dumps(_as_json(Fields(c, now, truncate=False)), sort_keys=True) + "\n" for c in items)


def _as_json(fields: Fields) -> dict[str, Any]:
    data = fields.as_dict()
    data["Command"] = fields.c.command
    return data


def render(template: str, items: Iterable[Container], now: float, *, truncate: bool = True) -> str:
    """``table``, ``table TEMPLATE`` or ``TEMPLATE`` (``{{.Field}}`` and ``{{json .Field}}``), as text."""
    rows = (Fields(c, now, truncate).as_dict() for c in items)
    return template_text(template, rows, table=TABLE, headers=HEADERS)
