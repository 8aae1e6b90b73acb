"""``stats``: each container's resource use, computed from the engine's readings as the docker CLI does."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from compose.engine.base import ContainerInfo
from compose.engine.full import FullEngine
from compose.engine.streams import StatsSample
from compose.errors import PycomposeError

MAX_THREADS = 16


@dataclass(frozen=True, slots=True, kw_only=True)
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
    """The latest reading of each container, kept up to date by one thread per container.

    A container whose readings end (it stopped) leaves the list unless ``keep_stopped``.
    """

    def __init__(
        self, engine: FullEngine, containers: Iterable[ContainerInfo], *, keep_stopped: bool
    ) -> None:
        self._order = list(containers)
        self._latest = {c.id: ContainerStats(id=c.id, name=c.name) for c in self._order}
        self._ended: set[str] = set()
        self._keep_stopped = keep_stopped
        self._lock = threading.Lock()
        self.errors: list[PycomposeError] = []
        for info in self._order:
            threading.Thread(target=self._follow, args=(engine, info), daemon=True).start()

    def _follow(self, engine: FullEngine, info: ContainerInfo) -> None:
        try:
            if info.running:
                for sample in engine.stats(info.id, stream=True):
                    with self._lock:
                        self._latest[info.id] = compute(info, sample)
        except PycomposeError as error:
            self.errors.append(error)
        with self._lock:
            self._ended.add(info.id)

    def rows(self) -> list[ContainerStats]:
        with self._lock:
            return [self._latest[c.id] for c in self._order if self._keep_stopped or c.id not in self._ended]
