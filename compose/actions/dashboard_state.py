"""What ``dashboard`` knows of a running project, and the pure functions that fold the engine's news into it.

The feed (``dashboard_feed``) reads the engine's snapshot, event stream, stats samples and log lines in
threads and calls these functions under its lock; nothing here touches the engine or the terminal.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from compose import labels
from compose.actions.streams_stats import cpu_percent as reading_cpu
from compose.engine.base import ContainerInfo
from compose.engine.streams import EngineEvent, StatsSample
from compose.record import record

Mode = Literal["overview", "logs"]
Followup = Literal["", "inspect", "follow", "forget"]
"""What the feed does after an event: nothing, inspect the container, also follow its streams, drop them."""

LOG_KEEP = 500
"""Log lines kept per service."""
HEALTH_PREFIX = "health_status"
# events that leave the container in a known state without asking the engine again
STATE_AFTER = {"create": "created", "die": "exited", "pause": "paused", "unpause": "running"}


@dataclass
class Container:
    """One container of the project as the dashboard shows it."""

    id: str
    name: str
    service: str
    number: int
    state: str
    health: str = ""
    exit_code: int = 0
    ports: tuple[str, ...] = ()
    restarts: int = 0
    """The engine's restart count when the dashboard first saw it, plus the starts it saw after the first."""
    cpu: float | None = None
    """CPU use in percent of one CPU (100 = one whole CPU), or None before two readings."""
    memory: int | None = None
    started: bool = False
    """Whether it has run since the dashboard knows it (so the next start is a restart)."""

    @property
    def running(self) -> bool:
        return self.state in ("running", "restarting")


@record(kw_only=False)
class LogEntry:
    container: str
    text: str


@dataclass
class DashboardState:
    project: str
    services: list[str] = field(default_factory=list)
    """In the order shown: the compose file's services (even those without containers), then those only the
    engine has, by name; services first seen later come last."""
    containers: dict[str, Container] = field(default_factory=dict)
    """By container id."""
    logs: dict[str, deque[LogEntry]] = field(default_factory=dict)
    """By service, the newest last."""
    selected: int = 0
    mode: Mode = "overview"
    message: str = ""
    busy: set[str] = field(default_factory=set)
    """Services being restarted."""
    closed: bool = False

    @property
    def selected_service(self) -> str:
        return self.services[self.selected] if self.services else ""

    def of_service(self, service: str) -> list[Container]:
        return sorted((c for c in self.containers.values() if c.service == service), key=lambda c: c.number)

    @property
    def running(self) -> int:
        return sum(1 for c in self.containers.values() if c.running)

    @property
    def total(self) -> int:
        return len(self.containers)


def _add_service(state: DashboardState, service: str) -> None:
    if service and service not in state.services:
        state.services.append(service)


def _from_info(info: ContainerInfo, before: Container | None) -> Container:
    container = Container(
        id=info.id,
        name=info.name,
        service=info.service,
        number=info.number,
        state=info.state,
        health=info.health,
        exit_code=info.exit_code,
        ports=info.ports,
        restarts=info.restart_count,
    )
    if before is not None:
        container.restarts, container.cpu, container.memory = before.restarts, before.cpu, before.memory
        container.started = before.started
    container.started = container.started or info.state not in ("created", "")
    return container


def seed(state: DashboardState, infos: Iterable[ContainerInfo], services: Iterable[str] = ()) -> None:
    """Start from the engine's snapshot; ``services`` are those of the compose file, if there is one."""
    for service in services:
        _add_service(state, service)
    found = [i for i in infos if not i.oneoff]
    for service in sorted({i.service for i in found}):
        _add_service(state, service)
    for info in found:
        state.containers[info.id] = _from_info(info, None)


def apply_inspect(state: DashboardState, info: ContainerInfo) -> None:
    """What an inspect of one container said (after an event); keeps what the dashboard counted itself."""
    if info.oneoff:
        return
    _add_service(state, info.service)
    state.containers[info.id] = _from_info(info, state.containers.get(info.id))


def _created(event: EngineEvent) -> Container | None:
    attrs = event.attributes
    if attrs.get(labels.ONEOFF, "False") == "True" or not attrs.get(labels.SERVICE):
        return None
    number = attrs.get(labels.NUMBER, "0")
    return Container(
        id=event.id,
        name=attrs.get("name", event.id[:12]),
        service=attrs[labels.SERVICE],
        number=int(number) if number.isdigit() else 0,
        state="created",
    )


def _started(container: Container) -> None:
    if container.started:
        container.restarts += 1
    container.started = True
    container.state = "running"
    container.health = "starting" if container.health else ""


def apply_event(state: DashboardState, event: EngineEvent) -> Followup:
    """Fold one event into the state at once; returns what the feed should do next for that container."""
    action, _, detail = event.action.partition(":")
    container = state.containers.get(event.id)
    if container is None:
        if action in ("destroy", "die") or (container := _created(event)) is None:
            return ""
        _add_service(state, container.service)
        state.containers[event.id] = container
    if action == "destroy":
        del state.containers[event.id]
        return "forget"
    if action == "start":
        _started(container)
        return "follow"
    if action == HEALTH_PREFIX:
        container.health = detail.strip()
        return ""
    if action in STATE_AFTER:
        container.state = STATE_AFTER[action]
    if action == "die":
        code = event.attributes.get("exitCode", "0")
        container.exit_code = int(code) if code.lstrip("-").isdigit() else 0
        container.health, container.cpu, container.memory = "", None, None
    return "inspect" if action in ("create", "restart", "rename") else ""


def cpu_percent(sample: StatsSample) -> float | None:
    """CPU use between two readings as the docker CLI computes it; None without an earlier reading."""
    if not sample.cpu_total_before and not sample.system_total_before:
        return None
    return reading_cpu(sample)


def apply_stats(state: DashboardState, container_id: str, sample: StatsSample) -> None:
    container = state.containers.get(container_id)
    if container is None or not container.running:
        return
    cpu = cpu_percent(sample)
    if cpu is not None:
        container.cpu = cpu
    container.memory = sample.memory


def add_log(state: DashboardState, container_id: str, text: str) -> None:
    container = state.containers.get(container_id)
    if container is None:
        return
    lines = state.logs.setdefault(container.service, deque(maxlen=LOG_KEEP))
    lines.append(LogEntry(container.name, text))
