"""``stats``: each container's resource use, computed from the engine's readings as the docker CLI does."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor

from compose.actions.streams_events import project_events
from compose.engine.base import ContainerInfo
from compose.engine.full import FullEngine
from compose.engine.streams import StatsSample
from compose.errors import NotFoundError, PycomposeError
from compose.record import record

MAX_THREADS = 16


@record
class ContainerStats:
    id: str
    name: str
    cpu_percent: float = 0.0
    memory: int = 0
    memory_limit: int = 0
    memory_percent: float = 0.0
    net_rx: int = 0
    net_tx: int = 0
    block_read: int = 0
    block_write: int = 0
    pids: int = 0


def cpu_percent(sample: StatsSample) -> float:
    """The container's share of the host's CPU time between two readings, times the CPUs it may use."""
    cpu = sample.cpu_total - sample.cpu_total_before
    system = sample.system_total - sample.system_total_before
    if cpu <= 0 or system <= 0:
        return 0.0
    return cpu / system * (sample.online_cpus or 1) * 100.0


def compute(info: ContainerInfo, sample: StatsSample) -> ContainerStats:
    limit = sample.memory_limit
    return ContainerStats(
        id=info.id,
        name=info.name,
        cpu_percent=cpu_percent(sample),
        memory=sample.memory,
        memory_limit=limit,
        memory_percent=sample.memory / limit * 100.0 if limit else 0.0,
        net_rx=sample.net_rx,
        net_tx=sample.net_tx,
        block_read=sample.block_read,
        block_write=sample.block_write,
        pids=sample.pids,
    )


def _reading(engine: FullEngine, info: ContainerInfo) -> ContainerStats:
    if not info.running:
        return ContainerStats(id=info.id, name=info.name)
    sample = next(iter(engine.stats(info.id, stream=False)), StatsSample())
    return compute(info, sample)


def read_once(engine: FullEngine, containers: Iterable[ContainerInfo]) -> list[ContainerStats]:
    """One reading of each container, all at once (a stopped container reads all zeros)."""
    found = list(containers)
    if not found:
        return []
    with ThreadPoolExecutor(max_workers=min(MAX_THREADS, len(found))) as pool:
        return list(pool.map(lambda info: _reading(engine, info), found))


class StatsFeed:
    """The latest reading of each container, kept up to date by one thread per running container.

    A container whose readings end (it stopped) leaves the list unless ``keep_stopped``. ``watch()`` follows
    the engine's events as ``docker stats`` does: containers that start join (with ``keep_stopped`` also
    those created), those that die leave (unless ``keep_stopped``), and removed ones always leave.
    """

    def __init__(
        self, engine: FullEngine, containers: Iterable[ContainerInfo], *, keep_stopped: bool
    ) -> None:
        self._engine = engine
        self._shown: dict[str, ContainerInfo] = {}
        self._latest: dict[str, ContainerStats] = {}
        self._ended: set[str] = set()
        self._generation: dict[str, int] = {}
        self._keep_stopped = keep_stopped
        self._lock = threading.Lock()
        self.errors: list[PycomposeError] = []
        for info in containers:
            self.add(info)

    def add(self, info: ContainerInfo) -> None:
        """Show the container, and follow its readings while it runs (again, when it started again)."""
        with self._lock:
            if info.id not in self._shown:
                self._latest[info.id] = ContainerStats(id=info.id, name=info.name)
            self._shown[info.id] = info
            generation = self._generation.get(info.id, 0) + 1
            self._generation[info.id] = generation
            if not info.running:
                self._ended.add(info.id)
                return
            self._ended.discard(info.id)
        threading.Thread(target=self._follow, args=(info, generation), daemon=True).start()

    def remove(self, container_id: str) -> None:
        with self._lock:
            self._shown.pop(container_id, None)
            self._latest.pop(container_id, None)
            self._ended.discard(container_id)
            self._generation[container_id] = self._generation.get(container_id, 0) + 1

    def _current(self, info: ContainerInfo, generation: int) -> bool:
        return self._generation.get(info.id) == generation

    def _follow(self, info: ContainerInfo, generation: int) -> None:
        try:
            for sample in self._engine.stats(info.id, stream=True):
                with self._lock:
                    if not self._current(info, generation):
                        return
                    self._latest[info.id] = compute(info, sample)
        except NotFoundError:
            pass  # removed meanwhile: its destroy event takes it away
        except PycomposeError as error:
            self.errors.append(error)
        with self._lock:
            if self._current(info, generation):
                self._ended.add(info.id)

    def rows(self) -> list[ContainerStats]:
        with self._lock:
            shown = sorted(self._shown.values(), key=lambda c: (c.service, c.number, c.name))
            return [self._latest[c.id] for c in shown if self._keep_stopped or c.id not in self._ended]

    def watch(self, project: str, services: Iterable[str] = (), *, since: float | None = None) -> None:
        """Follow the project's events in a thread (``since``: when the containers were listed, or before)."""
        args = (project, tuple(services), since)
        threading.Thread(target=self._watch, args=args, name="stats-events", daemon=True).start()

    def _watch(self, project: str, services: tuple[str, ...], since: float | None) -> None:
        try:
            for event in project_events(self._engine, project, services, since=since):
                self._on_event(event.action, event.id)
        except PycomposeError as error:
            self.errors.append(error)

    def _on_event(self, action: str, container_id: str) -> None:
        if action == "destroy" or (action == "die" and not self._keep_stopped):
            self.remove(container_id)
        elif action == "start" or (action == "create" and self._keep_stopped):
            with self._lock:
                known = container_id in self._shown
            if action == "create" and known:
                return
            try:
                self.add(self._engine.inspect_container(container_id))
            except NotFoundError:
                self.remove(container_id)
