"""Questions about what runs: ``top``, ``port``, ``images``, ``volumes``, ``ls``, and ``wait`` for exits."""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import TypeVar

from compose import labels
from compose.engine.base import ContainerInfo
from compose.engine.control import ImageDetails, Processes, VolumeDetails
from compose.engine.full import FullEngine
from compose.errors import NotFoundError
from compose.record import record

from .control import Scope

DEFAULT_REGISTRY = "docker.io/"
OFFICIAL = "library/"
T = TypeVar("T")


def _running(scope: Scope, engine: FullEngine) -> list[ContainerInfo]:
    return [c for c in scope.containers(engine.observe(scope.name), oneoff=True) if c.state == "running"]


def _each(fn: Callable[[ContainerInfo], T], containers: list[ContainerInfo]) -> list[T]:
    with ThreadPoolExecutor(max_workers=max(1, min(16, len(containers)))) as pool:
        return list(pool.map(fn, containers))


def top(scope: Scope, engine: FullEngine) -> list[tuple[ContainerInfo, Processes]]:
    """The processes of each running container, by container name."""
    running = sorted(_running(scope, engine), key=lambda c: c.name)
    return list(zip(running, _each(lambda c: engine.top(c.id), running), strict=True))


def port(
    scope: Scope,
    engine: FullEngine,
    service: str,
    private_port: int,
    *,
    protocol: str = "tcp",
    index: int = 0,
) -> str:
    """``HOST_IP:HOST_PORT`` where the port is published (in the first container, or number ``index``)."""
    if scope.project is not None:
        replace(scope, services=(service,)).check(engine.observe(scope.name))
    found = _running(replace(scope, project=None, services=()), engine)
    found = [c for c in found if c.service == service and (not index or c.number == index)]
    if not found:
        which = f" container #{index}" if index else ""
        raise NotFoundError.at(f'service "{service}" is not running{which}')
    container = min(found, key=lambda c: (c.oneoff, c.number))
    bindings = engine.port_bindings(container.id)
    for b in bindings:
        if b.target == private_port and b.protocol == protocol and b.host_port:
            return f"{b.host_ip}:{b.host_port}"
    published = ", ".join(dict.fromkeys(f"{b.target}/{b.protocol}" for b in bindings if b.host_port))
    raise NotFoundError.at(
        f"no port {private_port}/{protocol} for container {container.name}: {published or 'none published'}"
    )


@record
class ImageRow:
    """The image a container runs (``images``)."""

    container: str
    repository: str
    tag: str
    image: ImageDetails


def repository_and_tag(reference: str) -> tuple[str, str]:
    """``docker.io/library/redis:7`` -> (``redis``, ``7``); a reference without a tag is ``latest``."""
    name, _, digest = reference.partition("@")
    last = name.rsplit("/", 1)[-1]
    repository, tag = name.rsplit(":", 1) if ":" in last else (name, "" if digest else "latest")
    repository = repository.removeprefix(DEFAULT_REGISTRY).removeprefix(OFFICIAL)
    return repository, tag


def _image_row(engine: FullEngine, c: ContainerInfo) -> ImageRow:
    reference = c.labels.get(labels.IMAGE, "")
    details = engine.inspect_image(c.image_id or reference) or ImageDetails(id=c.image_id)
    if not reference or reference.startswith("sha256:"):
        reference = details.repo_tags[0] if details.repo_tags else ""
    repository, tag = repository_and_tag(reference) if reference else ("", "")
    return ImageRow(container=c.name, repository=repository, tag=tag, image=details)


def images(scope: Scope, engine: FullEngine) -> list[ImageRow]:
    """The image of each of the project's containers (stopped ones too), by container name."""
    containers = sorted(scope.containers(engine.observe(scope.name), oneoff=True), key=lambda c: c.name)
    return _each(lambda c: _image_row(engine, c), containers)


def volumes(scope: Scope, engine: FullEngine) -> list[VolumeDetails]:
    """The project's volumes; with services named, those their running containers mount."""
    observed = engine.observe(scope.name)
    scope.check(observed)
    found = sorted(engine.project_volumes(scope.name), key=lambda v: v.name)
    if not scope.services:
        return found
    used = {v for c in scope.containers(observed) if c.running for v in c.volumes.values()}
    return [v for v in found if v.name in used]


@record(kw_only=False)
class ProjectSummary:
    """One project found through its containers' labels (``ls``)."""

    name: str
    status: str
    config_files: str


def _matches(name: str, patterns: Iterable[str]) -> bool:
    """As the engine's filters match: the exact name, or a regular expression found in it."""
    for pattern in patterns:
        try:
            if pattern == name or re.search(pattern, name):
                return True
        except re.error:
            continue
    return False


def list_projects(
    engine: FullEngine, *, all_states: bool = False, names: tuple[str, ...] = ()
) -> list[ProjectSummary]:
    """Every project with containers (running ones, unless ``all_states``), by name; ``names`` filter them."""
    by_project: dict[str, list[ContainerInfo]] = {}
    for c in engine.list_compose_containers(all_states=all_states):
        by_project.setdefault(c.labels[labels.PROJECT], []).append(c)
    out = []
    for name, containers in sorted(by_project.items()):
        if names and not _matches(name, names):
            continue
        counts = Counter(c.state for c in containers)
        files = (f for c in containers for f in c.labels.get(labels.CONFIG_FILES, "").split(",") if f)
        out.append(
            ProjectSummary(
                name=name,
                status=", ".join(f"{state}({n})" for state, n in sorted(counts.items())),
                config_files=",".join(dict.fromkeys(files)),
            )
        )
    return out


def wait(scope: Scope, engine: FullEngine, on_exit: Callable[[ContainerInfo], None]) -> int:
    """Block until the running containers of the services stop; ``on_exit`` hears of each as it does.

    Returns the exit code of the last one to stop.
    """
    running = [c for c in scope.containers(engine.observe(scope.name), oneoff=True) if c.running]
    if not running:
        raise NotFoundError.at(f'no containers for project "{scope.name}"')
    codes: list[int] = []
    lock = threading.Lock()

    def one(c: ContainerInfo) -> None:
        info = engine.wait_for(c.id, "exited")
        with lock:
            codes.append(info.exit_code)
            on_exit(info)

    _each(one, running)
    return codes[-1]
