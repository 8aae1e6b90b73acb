"""An in-memory engine for fast tests: records every call, and can be told to fail."""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace

from compose import labels as lbl
from compose.engine.base import (
    BuildSpec,
    ContainerInfo,
    ContainerSpec,
    Health,
    NetworkInfo,
    NetworkSpec,
    Observed,
    Progress,
    VolumeInfo,
    VolumeSpec,
    WaitUntil,
)
from compose.engine.fake_control import FakeControl
from compose.engine.fake_streams import FakeStreams
from compose.engine.fake_sync import FakeSync
from compose.errors import ConflictError, NotFoundError, OperationFailedError


@dataclass
class FakeEngine(FakeControl, FakeStreams, FakeSync):
    """An engine in memory, for fast tests (see ``FakeState`` for how to steer it)."""

    tagged: dict[str, float] = field(default_factory=dict)
    """When each image was last tagged (pulled or built), in seconds since the epoch; unknown when absent."""

    def observe(self, project: str) -> Observed:
        def mine(found: dict[str, str]) -> bool:
            return found.get(lbl.PROJECT) == project

        return Observed(
            containers=tuple(c for c in self.containers.values() if mine(dict(c.labels))),
            networks=tuple(n for n in self.networks.values() if mine(dict(n.labels))),
            volumes=tuple(v for v in self.volumes.values() if mine(dict(v.labels))),
        )

    def ready(self, project: str) -> Mapping[str, Health]:
        self._record(f"ready:{project}")
        return {
            c.id: c.health
            for c in self.observe(project).containers
            if c.running and c.health in ("healthy", "")
        }

    def find_network(self, name: str) -> NetworkInfo | None:
        return self.networks.get(name)

    def find_volume(self, name: str) -> VolumeInfo | None:
        return self.volumes.get(name)

    def image_id(self, name: str) -> str | None:
        return self.images.get(name)

    def image_tagged(self, name: str) -> float | None:
        return self.tagged.get(name) if name in self.images else None

    def create_network(self, spec: NetworkSpec) -> str:
        self._record(f"create_network:{spec.name}")
        if spec.name in self.networks:
            raise ConflictError.at(f"network {spec.name} already exists")
        self.networks[spec.name] = NetworkInfo(id=self._new_id(), name=spec.name, labels=dict(spec.labels))
        return self.networks[spec.name].id

    def remove_network(self, name: str) -> None:
        self._record(f"remove_network:{name}")
        if any(a.network == name for c in self.containers.values() for a in self.specs[c.name].networks):
            raise ConflictError.at(f"network {name} has active endpoints")
        self.networks.pop(name, None)

    def create_volume(self, spec: VolumeSpec) -> None:
        self._record(f"create_volume:{spec.name}")
        self.volumes[spec.name] = VolumeInfo(name=spec.name, labels=dict(spec.labels))

    def remove_volume(self, name: str) -> None:
        self._record(f"remove_volume:{name}")
        self.volumes.pop(name, None)

    def build_image(self, spec: BuildSpec, progress: Progress) -> str:
        """The image gets its name and its extra ``tags``."""
        self._record(f"build:{spec.tag}")
        progress("Step 1/1")
        image = f"sha256:{self._new_id()}"
        for name in (spec.tag, *spec.tags):
            self.images[name] = image
            self.tagged[name] = time.time()
        return image

    def pull_image(self, name: str, progress: Progress) -> str:
        self._record(f"pull:{name}")
        self.images[name] = f"sha256:{self._new_id()}"
        self.tagged[name] = time.time()
        return self.images[name]

    def create_container(self, spec: ContainerSpec) -> str:
        self._record(f"create:{spec.name}")
        if spec.image not in self.images:
            raise NotFoundError.at(f"no such image: {spec.image}")
        if spec.name in self.containers:
            raise ConflictError.at(f"the container name {spec.name} is already in use")
        info = ContainerInfo(
            id=self._new_id(),
            name=spec.name,
            service=spec.service,
            number=int(spec.labels.get(lbl.NUMBER, "1")),
            state="created",
            config_hash=spec.labels.get(lbl.CONFIG_HASH, ""),
            image_id=self.images[spec.image],
            labels=dict(spec.labels),
            networks=tuple(sorted(a.network for a in spec.networks)),
            volumes={
                m.target: m.source or f"anon{self._new_id()[-8:]}" for m in spec.mounts if m.type == "volume"
            },
            environment=dict(spec.environment),
            oneoff=spec.labels.get(lbl.ONEOFF) == "True",
            image=spec.image,
            command=" ".join((*(spec.entrypoint or ()), *(spec.command or ()))),
            created=time.time(),
        )
        self.specs[spec.name] = spec
        self._set(info)
        return info.id

    def start_container(self, container_id: str) -> None:
        info = self._find(container_id)
        self._record(f"start:{info.name}")
        spec = self.specs[info.name]
        health: Health = self.health.get(info.name, "healthy" if spec.healthcheck else "")
        if info.name in self.exits:
            now = time.time()
            exit_code = self.exits[info.name]
            self._set(
                replace(info, state="exited", health="", exit_code=exit_code, started_at=now, finished_at=now)
            )
            return
        self._set(replace(info, state="running", health=health, started_at=time.time()))
        for _hook in spec.post_start:
            self._record(f"post_start:{info.name}")

    def stop_container(self, container_id: str, timeout: int | None = None) -> None:
        info = self._find(container_id)
        if info.running:
            spec = self.specs.get(info.name)  # a container put in by a test may have no spec
            for _hook in spec.pre_stop if spec else ():
                self._record(f"pre_stop:{info.name}")
        self._record(f"stop:{info.name}")
        self._set(replace(info, state="exited", health="", finished_at=time.time()))

    def remove_container(self, container_id: str, *, volumes: bool = False) -> None:
        try:
            info = self._find(container_id)
        except NotFoundError:
            return
        self._record(f"remove:{info.name}")
        if info.running:
            raise OperationFailedError.at(f"container {info.name} is running")
        del self.containers[info.name]
        del self.specs[info.name]

    def inspect_container(self, container_id: str) -> ContainerInfo:
        return self._find(container_id)

    def logs(self, container_id: str, *, follow: bool, tail: str = "all") -> Iterator[str]:
        lines = self.logs_of.get(self._find(container_id).name, [])
        yield from lines if tail == "all" else lines[-int(tail) :]

    def wait_for(self, container_id: str, until: WaitUntil, timeout: float | None = None) -> ContainerInfo:
        self._record(f"wait_{until}:{self._find(container_id).name}")
        with self._changed:
            self._changed.wait_for(lambda: self._find(container_id).settled(until), timeout)
            return self._find(container_id)

    def remove_image(self, name: str) -> None:
        self._record(f"remove_image:{name}")
        self.images.pop(name, None)
