"""The in-memory engine's ``Control`` methods."""

from __future__ import annotations

import signal as signals
from dataclasses import dataclass, replace

from compose import labels as lbl
from compose.engine.base import ContainerInfo, Progress
from compose.engine.control import ImageDetails, PortBinding, Processes, VolumeDetails
from compose.engine.fake_state import FakeState
from compose.errors import ConflictError, NotFoundError

IMAGE_SIZE = 4_261_234
IMAGE_CREATED = "2024-05-01T12:00:00.000000000Z"
PS_TITLES = ("UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD")
FIRST_EPHEMERAL_PORT = 32768


def _exit_code(signal: str) -> int:
    """What a shell reports for a process ended by ``signal`` (``SIGKILL``, ``KILL`` or ``9``)."""
    if signal.isdigit():
        return 128 + int(signal)
    name = signal.upper() if signal.upper().startswith("SIG") else f"SIG{signal.upper()}"
    return 128 + int(getattr(signals, name, signals.SIGKILL))


@dataclass
class FakeControl(FakeState):
    """The ``Control`` protocol's methods of ``FakeEngine``.

    A paused container's state is ``paused``; a killed one exits with 128 + the signal's number. Ports
    published without a host port get one from 32768 up, in the order of the container's ports.
    """

    def list_compose_containers(self, *, all_states: bool) -> tuple[ContainerInfo, ...]:
        return tuple(
            c for c in self.containers.values() if lbl.PROJECT in c.labels and (all_states or c.running)
        )

    def _running(self, container_id: str, call: str) -> ContainerInfo:
        info = self._find(container_id)
        self._record(f"{call}:{info.name}")
        if info.state != "running":
            raise ConflictError.at(f"container {info.name} is not running")
        return info

    def kill_container(self, container_id: str, signal: str) -> None:
        info = self._running(container_id, "kill")
        self._set(replace(info, state="exited", health="", exit_code=_exit_code(signal)))

    def pause_container(self, container_id: str) -> None:
        self._set(replace(self._running(container_id, "pause"), state="paused"))

    def unpause_container(self, container_id: str) -> None:
        info = self._find(container_id)
        self._record(f"unpause:{info.name}")
        if info.state != "paused":
            raise ConflictError.at(f"container {info.name} is not paused")
        self._set(replace(info, state="running"))

    def top(self, container_id: str) -> Processes:
        info = self._running(container_id, "top")
        command = " ".join(self.specs[info.name].command or ("sh",))
        return Processes(titles=PS_TITLES, rows=(("root", "1", "0", "0", "12:00", "?", "00:00:00", command),))

    def port_bindings(self, container_id: str) -> tuple[PortBinding, ...]:
        info = self._find(container_id)
        if not info.running:
            return ()
        return tuple(
            PortBinding(
                target=p.target,
                protocol=p.protocol,
                host_ip=p.host_ip or "0.0.0.0",
                host_port=p.published or str(FIRST_EPHEMERAL_PORT + i),
            )
            for i, p in enumerate(self.specs[info.name].ports)
        )

    def inspect_image(self, name: str) -> ImageDetails | None:
        for tag, image_id in self.images.items():
            if name in (tag, image_id):
                tags = tuple(t for t, i in self.images.items() if i == image_id)
                return ImageDetails(
                    id=image_id,
                    repo_tags=tags,
                    size=IMAGE_SIZE,
                    created=IMAGE_CREATED,
                    os="linux",
                    architecture="amd64",
                )
        return None

    def project_volumes(self, project: str) -> tuple[VolumeDetails, ...]:
        return tuple(
            VolumeDetails(
                name=v.name, mountpoint=f"/var/lib/docker/volumes/{v.name}/_data", labels=dict(v.labels)
            )
            for v in self.volumes.values()
            if v.labels.get(lbl.PROJECT) == project
        )

    def push_image(self, name: str, progress: Progress) -> None:
        self._record(f"push:{name}")
        if name not in self.images:
            raise NotFoundError.at(f"push image {name}: an image does not exist locally with the tag: {name}")
        progress("Pushed")
