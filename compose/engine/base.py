"""The engine boundary: one protocol, engine-neutral specs of what to create, and what was observed."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import field
from typing import Literal, Protocol

from compose.model import IpamPool, frozen_map
from compose.record import record

from .specs import BlkioSpec, DeviceRequest, DeviceSpec, FileSpec, HookSpec, HostSpec, Throttle, Ulimit

__all__ = [
    "BlkioSpec",
    "DeviceRequest",
    "DeviceSpec",
    "FileSpec",
    "HookSpec",
    "HostSpec",
    "IpamPool",
    "Throttle",
    "Ulimit",
]

Health = Literal["", "starting", "healthy", "unhealthy"]
WaitUntil = Literal["healthy", "exited", "running"]
"""What ``Engine.wait_for`` waits for: a health verdict, the end of a one-shot job, or a steady state."""


@record
class NetworkSpec:
    """A network to create on the engine."""

    name: str
    labels: Mapping[str, str]
    driver: str = ""
    internal: bool = False
    attachable: bool = False
    enable_ipv6: bool = False
    driver_opts: Mapping[str, str] = field(default_factory=frozen_map)
    ipam_driver: str = ""
    ipam_pools: tuple[IpamPool, ...] = ()
    ipam_options: Mapping[str, str] = field(default_factory=frozen_map)


@record
class VolumeSpec:
    """A volume to create on the engine."""

    name: str
    labels: Mapping[str, str]
    driver: str = ""
    driver_opts: Mapping[str, str] = field(default_factory=frozen_map)


@record
class BuildSpec:
    """One image to build; ``tag`` is its name, ``tags`` the other names it gets afterwards."""

    tag: str
    context: str
    dockerfile: str = "Dockerfile"
    dockerfile_inline: str = ""
    """The Dockerfile's text, used instead of ``dockerfile`` when set."""
    args: Mapping[str, str] = field(default_factory=frozen_map)
    target: str = ""
    labels: Mapping[str, str] = field(default_factory=frozen_map)
    network: str = ""
    extra_hosts: tuple[str, ...] = ()
    """``host:ip`` entries."""
    shm_size: int | None = None
    cache_from: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    no_cache: bool = False
    pull: bool = False
    isolation: str = ""
    platform: str = ""


@record
class PortSpec:
    """A port of a container to publish, or only to expose."""

    target: int
    protocol: str = "tcp"
    published: str = ""
    host_ip: str = ""


@record
class MountSpec:
    """A mount of a container: a volume, a bind mount or a tmpfs."""

    type: Literal["volume", "bind", "tmpfs"]
    target: str
    source: str = ""
    read_only: bool = False
    named: bool = False
    """A volume the project declares (Compose mounts those the short way when no option needs more)."""
    propagation: str = ""
    create_host_path: bool = True
    selinux: str = ""
    recursive: str = ""
    nocopy: bool = False
    subpath: str = ""
    tmpfs_size: int | None = None
    tmpfs_mode: int | None = None
    consistency: str = ""
    volume_labels: Mapping[str, str] = field(default_factory=frozen_map)
    """Labels of a volume the mount creates (an existing one keeps its own)."""


@record
class HealthSpec:
    """A container's healthcheck, durations in nanoseconds as the engine takes them."""

    test: tuple[str, ...]
    interval_ns: int = 0
    timeout_ns: int = 0
    start_period_ns: int = 0
    start_interval_ns: int = 0
    retries: int = 0


@record
class NetworkAttachment:
    """A network a container joins, with its aliases and addresses."""

    network: str
    aliases: tuple[str, ...] = ()
    ipv4_address: str = ""
    ipv6_address: str = ""
    link_local_ips: tuple[str, ...] = ()
    mac_address: str = ""
    driver_opts: Mapping[str, str] = field(default_factory=frozen_map)
    gw_priority: int = 0
    interface_name: str = ""


@record
class ContainerSpec:
    """Everything the engine needs to create one container."""

    name: str
    image: str
    labels: Mapping[str, str]
    service: str
    command: tuple[str, ...] | None = None
    entrypoint: tuple[str, ...] | None = None
    environment: Mapping[str, str] = field(default_factory=frozen_map)
    ports: tuple[PortSpec, ...] = ()
    mounts: tuple[MountSpec, ...] = ()
    networks: tuple[NetworkAttachment, ...] = ()
    """The first is attached at creation, the others connected after, in this order."""
    network_mode: str = ""
    """``host``, ``none``, ``container:NAME``...; empty: the first network's name."""
    mac_address: str = ""
    """With a ``network_mode`` (else the first network's ``mac_address`` says it)."""
    healthcheck: HealthSpec | None = None
    disable_healthcheck: bool = False
    restart: str = "no"
    hostname: str = ""
    domainname: str = ""
    working_dir: str = ""
    user: str = ""
    tty: bool = False
    stdin_open: bool = False
    stdin_once: bool = False
    """The input ends when the client attached to it closes it (a foreground one-off's, as in Compose)."""
    auto_remove: bool = False
    """The engine removes the container once it exits (``run -d --rm``)."""
    platform: str = ""
    expose: tuple[str, ...] = ()
    """``PORT/PROTOCOL`` entries."""
    stop_signal: str = ""
    stop_timeout: int | None = None
    tmpfs: Mapping[str, str] = field(default_factory=frozen_map)
    """Target -> mount options (``size=64k``)."""
    volumes_from: tuple[str, ...] = ()
    """``CONTAINER[:ro|:rw]`` entries."""
    links: tuple[str, ...] = ()
    """``CONTAINER:ALIAS`` entries."""
    files: tuple[FileSpec, ...] = ()
    host: HostSpec = field(default_factory=HostSpec)
    post_start: tuple[HookSpec, ...] = ()
    pre_stop: tuple[HookSpec, ...] = ()


@record
class ContainerInfo:
    """A container as the engine reports it: its identity, labels, state and health."""

    id: str
    name: str
    service: str
    number: int
    state: str
    health: Health = ""
    exit_code: int = 0
    config_hash: str = ""
    image_id: str = ""
    labels: Mapping[str, str] = field(default_factory=frozen_map)
    ports: tuple[str, ...] = ()
    oneoff: bool = False
    networks: tuple[str, ...] = ()
    """The names of the networks the container is attached to."""
    volumes: Mapping[str, str] = field(default_factory=frozen_map)
    """The volumes mounted in the container: target path -> volume name (anonymous ones too)."""
    environment: Mapping[str, str] = field(default_factory=frozen_map)
    """Only from inspect (empty in a listing)."""
    health_log: str = ""
    """The output of the last healthcheck (only from inspect)."""
    image: str = ""
    """The image as the container was created from it (a name, or an id)."""
    command: str = ""
    created: float = 0.0
    """When the container was created, in seconds since the epoch (0 when unknown)."""
    started_at: float = 0.0
    """When it last started, and when it last stopped (0 when never; only from inspect)."""
    finished_at: float = 0.0
    restart_count: int = 0
    """How often the engine restarted it (its restart policy; only from inspect)."""

    @property
    def running(self) -> bool:
        return self.state in ("running", "restarting")

    def settled(self, until: WaitUntil) -> bool:
        """Whether waiting for ``until`` is over (with success or not)."""
        ended = not self.running and self.state != "created"
        if until == "exited":
            return ended
        return ended or self.health in ("healthy", "unhealthy") or (self.running and not self.health)


@record
class NetworkInfo:
    """A network as the engine reports it."""

    id: str
    name: str
    labels: Mapping[str, str] = field(default_factory=frozen_map)


@record
class VolumeInfo:
    """A volume as the engine reports it."""

    name: str
    labels: Mapping[str, str] = field(default_factory=frozen_map)


@record
class Observed:
    """What the engine has of one project (found by the project label)."""

    containers: tuple[ContainerInfo, ...] = ()
    networks: tuple[NetworkInfo, ...] = ()
    volumes: tuple[VolumeInfo, ...] = ()

    def of_service(self, service: str) -> list[ContainerInfo]:
        return sorted(
            (c for c in self.containers if c.service == service and not c.oneoff), key=lambda c: c.number
        )


Progress = Callable[[str], None]


class Engine(Protocol):
    """What pycompose needs of a container engine. Errors are ``compose.errors.EngineError``s."""

    def observe(self, project: str) -> Observed: ...

    def ready(self, project: str) -> Mapping[str, Health]:
        """The project's running containers that need no waiting, in one query: id -> ``healthy`` for those
        whose healthcheck passed, ``""`` for those without one (``up --wait`` waits only for the others)."""
        ...

    def find_network(self, name: str) -> NetworkInfo | None: ...

    def find_volume(self, name: str) -> VolumeInfo | None: ...

    def image_id(self, name: str) -> str | None: ...

    def image_tagged(self, name: str) -> float | None:
        """When the engine last tagged the image (pulled, built or tagged it), in seconds since the epoch;
        None when it does not have the image or does not know."""
        ...

    def create_network(self, spec: NetworkSpec) -> str: ...

    def remove_network(self, name: str) -> None: ...

    def create_volume(self, spec: VolumeSpec) -> None: ...

    def remove_volume(self, name: str) -> None: ...

    def build_image(self, spec: BuildSpec, progress: Progress) -> str: ...

    def pull_image(self, name: str, progress: Progress) -> str: ...

    def create_container(self, spec: ContainerSpec) -> str: ...

    def start_container(self, container_id: str) -> None: ...

    def stop_container(self, container_id: str, timeout: int | None = None) -> None: ...

    def remove_container(self, container_id: str, *, volumes: bool = False) -> None: ...

    def inspect_container(self, container_id: str) -> ContainerInfo: ...

    def logs(self, container_id: str, *, follow: bool, tail: str = "all") -> Iterator[str]: ...

    def wait_for(self, container_id: str, until: WaitUntil, timeout: float | None = None) -> ContainerInfo:
        """Block until the container is settled for ``until`` (see ``ContainerInfo.settled``) or the timeout
        passes, and return what it then is. Engines watch their event stream rather than poll."""
        ...

    def remove_image(self, name: str) -> None: ...
