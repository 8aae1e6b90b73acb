"""What the everyday container-control commands need of an engine (pause, kill, top, port, images, ...)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from typing import Protocol

from compose.engine.base import ContainerInfo, Progress
from compose.model import frozen_map
from compose.record import record


@record
class Processes:
    """The processes running in a container, as ``ps`` shows them (``top``)."""

    titles: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...] = ()


@record
class PortBinding:
    """A container port published on the host (``port``)."""

    target: int
    protocol: str
    host_ip: str
    host_port: str


@record
class ImageDetails:
    """An image as the engine stores it (``images``); ``created`` is RFC 3339 text."""

    id: str
    repo_tags: tuple[str, ...] = ()
    size: int = 0
    created: str = ""
    os: str = ""
    architecture: str = ""


@record
class VolumeDetails:
    """A volume as the engine lists it (``volumes``)."""

    name: str
    driver: str = "local"
    mountpoint: str = ""
    scope: str = "local"
    labels: Mapping[str, str] = field(default_factory=frozen_map)


class Control(Protocol):
    """Container control beyond the core ``Engine``. Errors are ``compose.errors.EngineError``s."""

    def list_compose_containers(self, *, all_states: bool) -> tuple[ContainerInfo, ...]:
        """The containers of every project (those with a project label); only running ones unless asked."""
        ...

    def kill_container(self, container_id: str, signal: str) -> None: ...

    def pause_container(self, container_id: str) -> None: ...

    def unpause_container(self, container_id: str) -> None: ...

    def top(self, container_id: str) -> Processes: ...

    def port_bindings(self, container_id: str) -> tuple[PortBinding, ...]: ...

    def inspect_image(self, name: str) -> ImageDetails | None:
        """The image by name or id, or None when the engine does not have it."""
        ...

    def project_volumes(self, project: str) -> tuple[VolumeDetails, ...]: ...

    def push_image(self, name: str, progress: Progress) -> None: ...
