"""The Docker Engine (and Podman's Docker-compatible socket) through the docker SDK, and its plain requests
through ``docker_wire``.

The ``docker_*`` modules are the only ones that import ``docker``; every SDK exception is translated once, in
``docker_client``. This class gathers the parts: the core protocol here, control and streams in mixins.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from typing import Any

from compose import labels
from compose.engine import docker_build
from compose.engine import docker_mapping as mapping
from compose.engine.base import (
    BuildSpec,
    ContainerInfo,
    ContainerSpec,
    Health,
    NetworkAttachment,
    NetworkInfo,
    NetworkSpec,
    Observed,
    Progress,
    VolumeInfo,
    VolumeSpec,
    WaitUntil,
)
from compose.engine.docker_client import lines, sdk_errors, translated
from compose.engine.docker_control import DockerControl
from compose.engine.docker_lifecycle import DockerLifecycle, hooks_label
from compose.engine.docker_streams import DockerStreams
from compose.engine.docker_sync import DockerSync
from compose.engine.docker_wire import path_of
from compose.errors import ForbiddenError, NotFoundError, OperationFailedError
from compose.threads import at_once

# The events after which a waited-for container is inspected again; the stream is reopened this often.
WAIT_EVENTS = ["health_status", "start", "die", "destroy", "restart"]
EVENT_WINDOW = 30.0
NETWORK_RETRIES = 10
# A stop without a timeout waits for the container's own grace period (``stop_grace_period``, else the
# engine's 10 s): the answer is awaited this much longer than other requests.
STOP_WAIT = 600.0


def _at_once(*calls: Callable[[], Any]) -> list[Any]:
    """The answers of independent engine requests, sent together (this thread sends one of them)."""
    return at_once(lambda call: call(), calls, len(calls))


class DockerEngine(DockerControl, DockerStreams, DockerSync, DockerLifecycle):
    """The Engine protocol over the Docker Engine API."""

    # -- observing ----------------------------------------------------------------------------------
    def observe(self, project: str) -> Observed:
        flt = labels.project_filter(project)
        containers, networks, found = _at_once(
            lambda: self._read("list containers", "/containers/json", all=True, filters=flt),
            lambda: self._read("list networks", "/networks", filters=flt),
            lambda: self._read("list volumes", "/volumes", filters=flt),
        )
        volumes = found.get("Volumes") or []
        listed = tuple(mapping.listed_container(c) for c in containers)
        for c in listed:
            self._remember(c.id, c.name, dict(c.labels))
        return Observed(
            containers=listed,
            networks=tuple(
                NetworkInfo(id=n["Id"], name=n["Name"], labels=n.get("Labels") or {}) for n in networks
            ),
            volumes=tuple(VolumeInfo(name=v["Name"], labels=v.get("Labels") or {}) for v in volumes),
        )

    def ready(self, project: str) -> Mapping[str, Health]:
        def running(health: str) -> list[dict[str, Any]]:
            filters = {**labels.project_filter(project), "status": ["running"], "health": [health]}
            return list(self._read("list containers", "/containers/json", filters=filters))

        try:
            healthy, plain = _at_once(lambda: running("healthy"), lambda: running("none"))
            return {c["Id"]: "healthy" for c in healthy} | {c["Id"]: "" for c in plain}
        except OperationFailedError:  # an engine without the health filter: each container is waited for
            return {}

    def find_network(self, name: str) -> NetworkInfo | None:
        found = self._read("list networks", "/networks", filters={"name": [name]})
        exact = [n for n in found if n["Name"] == name]
        if not exact:
            return None
        n = exact[0]
        return NetworkInfo(id=n["Id"], name=n["Name"], labels=n.get("Labels") or {})

    def find_volume(self, name: str) -> VolumeInfo | None:
        try:
            v = self._read(f"volume {name}", path_of("/volumes/{}", name))
        except NotFoundError:
            return None
        return VolumeInfo(name=v["Name"], labels=v.get("Labels") or {})

    def _image(self, name: str) -> dict[str, Any] | None:
        try:
            return dict(self._read(f"image {name}", path_of("/images/{}/json", name)))
        except NotFoundError:
            return None

    def image_id(self, name: str) -> str | None:
        found = self._image(name)
        return None if found is None else str(found["Id"])

    def image_tagged(self, name: str) -> float | None:
        found = self._image(name)
        return None if found is None else mapping.tag_time(found)

    def inspect_container(self, container_id: str) -> ContainerInfo:
        return mapping.container_info(
            self._read(f"container {container_id}", path_of("/containers/{}/json", container_id))
        )

    # -- networks and volumes -----------------------------------------------------------------------
    def create_network(self, spec: NetworkSpec) -> str:
        created = self._post(f"create network {spec.name}", "/networks/create", mapping.network_config(spec))
        return str(created["Id"])

    def remove_network(self, name: str) -> None:
        # right after its containers go, a loaded engine may still count their endpoints (403): retry briefly
        what = f"remove network {name}"
        for attempt in range(NETWORK_RETRIES, 0, -1):
            try:
                self._send(what, "DELETE", path_of("/networks/{}", name))
                return
            except ForbiddenError:
                if attempt == 1:
                    raise
                time.sleep(0.1)

    def create_volume(self, spec: VolumeSpec) -> None:
        self._post(f"create volume {spec.name}", "/volumes/create", mapping.volume_config(spec))

    def remove_volume(self, name: str) -> None:
        self._send(f"remove volume {name}", "DELETE", path_of("/volumes/{}", name))

    # -- images -------------------------------------------------------------------------------------
    def build_image(self, spec: BuildSpec, progress: Progress) -> str:
        """Build with the engine's classic builder, then give the image its extra ``tags``."""
        what = f"build image {spec.tag}"
        built = ""
        with docker_build.dockerfile(spec) as dockerfile:
            stream = self._call(what, self.api.build, **docker_build.build_kwargs(spec, dockerfile))
            with translated(what, self.host):
                for chunk in stream:
                    if "error" in chunk:
                        raise OperationFailedError.at(f"{what}: {str(chunk['error']).strip()}")
                    built = str((chunk.get("aux") or {}).get("ID", "")) or built
                    line = str(chunk.get("stream") or chunk.get("status") or "").strip()
                    if line:
                        progress(line)
        image = self.image_id(spec.tag) or built
        if not image:
            raise OperationFailedError.at(f"{what}: the build produced no image")
        for extra in spec.tags:
            repository, tag = docker_build.image_ref(extra)
            self._call(f"tag image {spec.tag} as {extra}", self.api.tag, image, repository, tag=tag)
        return image

    def pull_image(self, name: str, progress: Progress) -> str:
        repository, _, tag = name.rpartition(":") if ":" in name.split("/")[-1] else (name, "", "latest")
        stream = self._call(
            f"pull image {name}", self.api.pull, repository, tag=tag, stream=True, decode=True
        )
        with translated(f"pull image {name}", self.host):
            for chunk in stream:
                if "error" in chunk:
                    raise OperationFailedError.at(f"pull image {name}: {chunk['error']}")
                if chunk.get("status"):
                    progress(str(chunk["status"]))
        image = self.image_id(name)
        if image is None:
            raise OperationFailedError.at(f"pull image {name}: no image after the pull")
        return image

    # -- containers ---------------------------------------------------------------------------------
    def _check_version(self, what: str, problems: list[str]) -> None:
        if problems:
            raise OperationFailedError.at(
                f"{what}: " + "; ".join(problems), hint="upgrade the engine, or remove the key"
            )

    def create_container(self, spec: ContainerSpec) -> str:
        what = f"create container {spec.name}"
        version = self.api_version
        self._check_version(what, mapping.container_unsupported(spec, version))
        spec = self._write_files(replace(spec, labels={**spec.labels, **hooks_label(spec)}))
        config = mapping.container_config(spec, version)
        platform = spec.platform or None
        created = self._post(what, "/containers/create", config, name=spec.name, platform=platform)
        container_id = str(created["Id"])
        self._remember(container_id, spec.name, dict(spec.labels))
        for extra in mapping.after_create(spec, version):
            self._connect(what, container_id, extra, spec.links)
        return container_id

    def _connect(
        self, what: str, container_id: str, attachment: NetworkAttachment, links: tuple[str, ...]
    ) -> None:
        body = {"Container": container_id, "EndpointConfig": mapping.endpoint(attachment, links)}
        self._post(what, path_of("/networks/{}/connect", attachment.network), body)

    def start_container(self, container_id: str) -> None:
        self._send(f"start container {container_id}", "POST", path_of("/containers/{}/start", container_id))
        self._run_hooks(container_id, "post_start")

    def stop_container(self, container_id: str, timeout: int | None = None) -> None:
        """Run the ``pre_stop`` hooks, then stop; without a timeout the container's own applies (its
        ``stop_grace_period``, else the engine's 10 seconds)."""
        self._run_stop_hooks(container_id)
        self._send(
            f"stop container {container_id}",
            "POST",
            path_of("/containers/{}/stop", container_id),
            t=timeout,
            extra_wait=STOP_WAIT if timeout is None else timeout,
        )

    def remove_container(self, container_id: str, *, volumes: bool = False) -> None:
        try:
            self._send(
                f"remove container {container_id}",
                "DELETE",
                path_of("/containers/{}", container_id),
                v=volumes,
                force=True,
            )
        except NotFoundError:
            return
        finally:
            self._remove_files(container_id)

    def logs(self, container_id: str, *, follow: bool, tail: str = "all") -> Iterator[str]:
        client = self._long if follow else self.api  # a followed container may stay quiet for long
        stream = self._call(
            f"logs of {container_id}", client.logs, container_id, stream=True, follow=follow, tail=tail
        )
        try:
            yield from lines(stream)
        except sdk_errors():
            return

    def wait_for(self, container_id: str, until: WaitUntil, timeout: float | None = None) -> ContainerInfo:
        """Watch ``GET /events`` for this container and inspect it after each event: no polling. A stream
        replays from a second before the last inspection (or the end of the last stream), so no change
        in between is missed, and a container already settled is inspected once, with no stream."""
        deadline = None if timeout is None else time.monotonic() + timeout
        since = time.time() - 1
        info = self.inspect_container(container_id)
        while not info.settled(until):
            remaining = EVENT_WINDOW if deadline is None else deadline - time.monotonic()
            if remaining <= 0:
                return info
            window_end = time.time() + min(remaining, EVENT_WINDOW)
            stream = self._events(
                f"events of {container_id}",
                window_end,
                since=since,
                filters={"container": [container_id], "event": WAIT_EVENTS},
            )
            try:
                for _event in stream:
                    info = self.inspect_container(container_id)
                    if info.settled(until):
                        return info
            finally:
                stream.close()
            since = window_end - 1
        return info

    def remove_image(self, name: str) -> None:
        try:
            self._send(f"remove image {name}", "DELETE", path_of("/images/{}", name))
        except NotFoundError:
            return
