"""The state of the in-memory engine, and the helpers its parts share."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from compose.engine.base import ContainerInfo, ContainerSpec, Health, NetworkInfo, VolumeInfo
from compose.errors import EngineError, NotFoundError


@dataclass
class FakeState:
    """The memory of the fake engine, shared by its parts.

    ``fail["start:web-1"] = error`` makes that call raise; ``health["web-1"]`` is what a started container
    reports (``healthy`` by default when it has a healthcheck); ``exits["job-1"] = 0`` makes a started
    container exit at once with that code. ``set_health`` changes a health later and wakes waiters.
    """

    networks: dict[str, NetworkInfo] = field(default_factory=dict)
    volumes: dict[str, VolumeInfo] = field(default_factory=dict)
    images: dict[str, str] = field(default_factory=dict)
    containers: dict[str, ContainerInfo] = field(default_factory=dict)
    specs: dict[str, ContainerSpec] = field(default_factory=dict)
    logs_of: dict[str, list[str]] = field(default_factory=dict)
    health: dict[str, Health] = field(default_factory=dict)
    exits: dict[str, int] = field(default_factory=dict)
    fail: dict[str, EngineError] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)
    _ids: Iterator[int] = field(default_factory=itertools.count)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _changed: threading.Condition = field(default_factory=threading.Condition)

    def _set(self, info: ContainerInfo) -> None:
        with self._changed:
            self.containers[info.name] = info
            self._changed.notify_all()

    def set_health(self, name: str, health: Health, output: str = "") -> None:
        self._set(replace(self.containers[name], health=health, health_log=output))

    def _record(self, call: str) -> None:
        with self._lock:
            self.calls.append(call)
        if call in self.fail:
            raise self.fail[call]

    def _new_id(self) -> str:
        return f"{next(self._ids):064x}"

    def _find(self, ref: str) -> ContainerInfo:
        for info in self.containers.values():
            if ref in (info.id, info.name):
                return info
        raise NotFoundError.at(f"no such container: {ref}")
