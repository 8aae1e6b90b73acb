"""Container control (``Control``) over the Docker Engine API."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from compose import labels
from compose.engine import docker_mapping as mapping
from compose.engine.base import ContainerInfo, Progress
from compose.engine.docker_client import DockerClient, translated
from compose.engine.docker_wire import path_of
from compose.errors import NotFoundError, OperationFailedError

if TYPE_CHECKING:  # built only by the commands that show them
    from compose.engine.control import ImageDetails, PortBinding, Processes, VolumeDetails


def _bindings(ports: dict[str, Any] | None) -> tuple[PortBinding, ...]:
    """``NetworkSettings.Ports`` (``{"80/tcp": [{"HostIp": ..., "HostPort": ...}]}``) as published ports."""
    from compose.engine.control import PortBinding

    out: list[PortBinding] = []
    for key, bound in (ports or {}).items():
        target, _, protocol = key.partition("/")
        out.extend(
            PortBinding(
                target=int(target),
                protocol=protocol or "tcp",
                host_ip=str(b.get("HostIp", "")),
                host_port=str(b.get("HostPort", "")),
            )
            for b in bound or ()
        )
    return tuple(out)


def _repository_and_tag(name: str) -> tuple[str, str | None]:
    last = name.split("/")[-1]
    if "@" in last or ":" not in last:
        return name, None
    repository, _, tag = name.rpartition(":")
    return repository, tag


class DockerControl(DockerClient):
    """The ``Control`` protocol's methods of ``DockerEngine``."""

    def list_compose_containers(self, *, all_states: bool) -> tuple[ContainerInfo, ...]:
        found = self._read(
            "list containers", "/containers/json", all=all_states, filters={"label": [labels.PROJECT]}
        )
        return tuple(mapping.listed_container(c) for c in found)

    def kill_container(self, container_id: str, signal: str) -> None:
        path = path_of("/containers/{}/kill", container_id)
        self._send(f"kill container {container_id}", "POST", path, signal=signal)

    def pause_container(self, container_id: str) -> None:
        self._send(f"pause container {container_id}", "POST", path_of("/containers/{}/pause", container_id))

    def unpause_container(self, container_id: str) -> None:
        path = path_of("/containers/{}/unpause", container_id)
        self._send(f"unpause container {container_id}", "POST", path)

    def top(self, container_id: str) -> Processes:
        from compose.engine.control import Processes

        found = self._read(f"processes of {container_id}", path_of("/containers/{}/top", container_id))
        return Processes(
            titles=tuple(str(t) for t in found.get("Titles") or ()),
            rows=tuple(tuple(str(cell) for cell in row) for row in found.get("Processes") or ()),
        )

    def port_bindings(self, container_id: str) -> tuple[PortBinding, ...]:
        data = self._read(f"container {container_id}", path_of("/containers/{}/json", container_id))
        return _bindings((data.get("NetworkSettings") or {}).get("Ports"))

    def inspect_image(self, name: str) -> ImageDetails | None:
        from compose.engine.control import ImageDetails

        try:
            data = self._read(f"image {name}", path_of("/images/{}/json", name))
        except NotFoundError:
            return None
        return ImageDetails(
            id=str(data.get("Id", "")),
            repo_tags=tuple(data.get("RepoTags") or ()),
            size=int(data.get("Size") or 0),
            created=str(data.get("Created", "")),
            os=str(data.get("Os", "")),
            architecture=str(data.get("Architecture", "")),
        )

    def project_volumes(self, project: str) -> tuple[VolumeDetails, ...]:
        from compose.engine.control import VolumeDetails

        found = self._read("list volumes", "/volumes", filters=labels.project_filter(project))
        return tuple(
            VolumeDetails(
                name=v["Name"],
                driver=v.get("Driver") or "local",
                mountpoint=v.get("Mountpoint") or "",
                scope=v.get("Scope") or "local",
                labels=v.get("Labels") or {},
            )
            for v in found.get("Volumes") or ()
        )

    def push_image(self, name: str, progress: Progress) -> None:
        what = f"push image {name}"
        repository, tag = _repository_and_tag(name)
        stream = self._call(what, self.api.push, repository, tag=tag, stream=True, decode=True)
        with translated(what, self.host):
            for message in stream:
                detail = message.get("errorDetail") or {}
                if "error" in message or detail:
                    raise OperationFailedError.at(f"{what}: {detail.get('message') or message.get('error')}")
                layer = f"{message['id']}: " if message.get("id") else ""
                if message.get("status"):
                    progress(f"{layer}{message['status']}")
