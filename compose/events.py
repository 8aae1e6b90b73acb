"""What the core tells the outside while it works: events, and the sinks that receive them.

The core only ever calls ``sink.emit(event)``; renderers (plain lines, the live view, JSON) consume them.
Events may be emitted from several threads at once.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Literal, Protocol

from compose.record import record

ResourceKind = Literal["network", "volume", "image", "container"]


@record(kw_only=False)
class Resource:
    """Something the project owns on the engine: a container, network, volume or image."""

    kind: ResourceKind
    name: str

    def __str__(self) -> str:
        return f"{self.kind.capitalize()} {self.name}"


@record(kw_only=False)
class PlanReady:
    """The work is known: these resources will be touched, in this order."""

    resources: tuple[Resource, ...]
    summary: tuple[str, ...] = ()


@record(kw_only=False)
class ResourceWorking:
    """Something is happening to a resource (``Creating``, ``Starting``, ``Waiting``...)."""

    resource: Resource
    status: str


@record(kw_only=False)
class ResourceDone:
    """A resource reached its state (``Created``, ``Started``, ``Healthy``, ``Running``, ``Removed``)."""

    resource: Resource
    status: str
    health: str = ""
    """A container's health when it is known then: ``starting`` (just started, with a healthcheck),
    ``healthy`` or ``unhealthy``; empty for everything else."""

    @property
    def text(self) -> str:
        """The status with the health when it adds something: ``Started (health: starting)``."""
        if not self.health or self.health == self.status.lower():
            return self.status
        return f"{self.status} (health: {self.health})"


@record(kw_only=False)
class ResourceFailed:
    """A resource's operation failed; ``error`` says why."""

    resource: Resource
    error: str


@record(kw_only=False)
class LogLine:
    """One line a container wrote."""

    service: str
    container: str
    text: str


@record(kw_only=False)
class Notice:
    """A message for the user that is not about one resource."""

    text: str
    level: Literal["info", "warning"] = "info"


@record(kw_only=False)
class Finished:
    """The command is over; ``ok`` says whether everything succeeded."""

    ok: bool


Event = PlanReady | ResourceWorking | ResourceDone | ResourceFailed | LogLine | Notice | Finished


class EventSink(Protocol):
    def emit(self, event: Event) -> None: ...


class NullSink:
    """Drops every event."""

    def emit(self, event: Event) -> None:
        return None


@dataclass
class ListSink:
    """Keeps every event, in order (for tests)."""

    events: list[Event] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def emit(self, event: Event) -> None:
        with self._lock:
            self.events.append(event)

    def of(self, kind: type[Event]) -> list[Event]:
        with self._lock:
            return [e for e in self.events if isinstance(e, kind)]
