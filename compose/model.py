"""The typed project model: frozen, keyword-only dataclasses built once from a validated file."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from types import MappingProxyType
from typing import Any, Literal

from compose.errors import Location
from compose.record import record

Condition = Literal["service_started", "service_healthy", "service_completed_successfully"]


def frozen_map(data: Mapping[str, Any] | None = None) -> Mapping[str, Any]:
    """A read-only mapping (keys sorted for stable output)."""
    return MappingProxyType(dict(sorted((data or {}).items())))


@record
class Port:
    """A published or exposed port of a service (``ports:``), in long form."""

    target: int
    published: str = ""
    host_ip: str = ""
    protocol: str = "tcp"
    origin: Location | None = field(default=None, compare=False, repr=False)


@record
class Mount:
    """One entry of a service's ``volumes:`` (a named volume, a bind mount or a tmpfs), in long form."""

    type: Literal["volume", "bind", "tmpfs"]
    target: str
    source: str = ""
    read_only: bool = False
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
    """``volume.labels``: given to a volume the mount creates (an anonymous one)."""
    extra: Mapping[str, Any] = field(default_factory=frozen_map)
    """Options the engine mapping lacks (refused), or ``type`` for another type."""
    origin: Location | None = field(default=None, compare=False, repr=False)


@record
class Dependency:
    """One entry of ``depends_on``: the service needed and the condition its dependent waits for."""

    service: str
    condition: Condition = "service_started"
    restart: bool = False
    required: bool = True
    origin: Location | None = field(default=None, compare=False, repr=False)


@record
class Healthcheck:
    """A service's ``healthcheck``, durations in seconds."""

    test: tuple[str, ...] = ()
    interval: float | None = None
    timeout: float | None = None
    start_period: float | None = None
    start_interval: float | None = None
    retries: int | None = None
    disable: bool = False


@record
class Build:
    """A service's ``build:``; keys the engine mapping lacks stay in ``extra`` (and are refused)."""

    context: str
    dockerfile: str = "Dockerfile"
    dockerfile_inline: str = ""
    args: Mapping[str, str | None] = field(default_factory=frozen_map)
    """A ``None`` value: the argument is named without a value (the Dockerfile's default applies)."""
    target: str = ""
    labels: Mapping[str, str] = field(default_factory=frozen_map)
    network: str = ""
    extra_hosts: tuple[str, ...] = ()
    """``host:ip`` entries."""
    shm_size: int | None = None
    cache_from: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    """Tags given to the image besides the service's image name."""
    no_cache: bool = False
    pull: bool = False
    isolation: str = ""
    platforms: tuple[str, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=frozen_map)
    origin: Location | None = field(default=None, compare=False, repr=False)
    key_origins: Mapping[str, Location] = field(default_factory=frozen_map, compare=False, repr=False)

    def where(self, key: str) -> Location | None:
        """The location of one of the build's keys, or of ``build:`` itself."""
        return self.key_origins.get(key, self.origin)


@record
class ServiceNetwork:
    """A network a service joins, with its per-network settings (aliases, addresses, priority)."""

    name: str
    aliases: tuple[str, ...] = ()
    ipv4_address: str = ""
    ipv6_address: str = ""
    link_local_ips: tuple[str, ...] = ()
    mac_address: str = ""
    driver_opts: Mapping[str, str] = field(default_factory=frozen_map)
    priority: int = 0
    """Networks are connected highest priority first (then by name); the first is the primary one."""
    gw_priority: int = 0
    interface_name: str = ""


@record
class Hook:
    """A ``post_start`` or ``pre_stop`` command, run in the service's container."""

    command: tuple[str, ...]
    user: str = ""
    privileged: bool = False
    working_dir: str = ""
    environment: Mapping[str, str] = field(default_factory=frozen_map)


@record
class FileGrant:
    """A secret or config given to a service: a read-only file at ``target`` in its containers, with the
    text of the host ``file`` or the ``content`` (an ``environment:`` one is read when the file is loaded)."""

    source: str
    target: str
    file: str = ""
    content: str | None = None
    external: bool = False
    uid: str = ""
    gid: str = ""
    mode: int | None = None
    extra: Mapping[str, Any] = field(default_factory=frozen_map)
    """Keys of the top-level definition the engine mapping lacks (refused)."""
    origin: Location | None = field(default=None, compare=False, repr=False)


@record
class Service:
    """A service of the project, normalized: short forms expanded, paths absolute, durations in seconds."""

    name: str
    image: str = ""
    build: Build | None = None
    command: tuple[str, ...] | None = None
    entrypoint: tuple[str, ...] | None = None
    environment: Mapping[str, str | None] = field(default_factory=frozen_map)
    ports: tuple[Port, ...] = ()
    volumes: tuple[Mount, ...] = ()
    depends_on: tuple[Dependency, ...] = ()
    healthcheck: Healthcheck | None = None
    restart: str = "no"
    networks: tuple[ServiceNetwork, ...] = ()
    labels: Mapping[str, str] = field(default_factory=frozen_map)
    container_name: str = ""
    working_dir: str = ""
    user: str = ""
    hostname: str = ""
    tty: bool = False
    stdin_open: bool = False
    profiles: tuple[str, ...] = ()
    network_mode: str = ""
    ipc: str = ""
    pid: str = ""
    links: tuple[str, ...] = ()
    """``SERVICE[:ALIAS]`` entries."""
    external_links: tuple[str, ...] = ()
    volumes_from: tuple[str, ...] = ()
    """``SERVICE[:MODE]`` or ``container:NAME[:MODE]`` entries."""
    stop_grace_period: float | None = None
    stop_signal: str = ""
    attach: bool = True
    """Whether ``up`` in the foreground shows this service's logs (``--attach`` names others)."""
    pull_policy: str = ""
    """As written (empty: the default, ``missing``); ``compose.plan.pull`` reads it."""
    secrets: tuple[FileGrant, ...] = ()
    configs: tuple[FileGrant, ...] = ()
    post_start: tuple[Hook, ...] = ()
    pre_stop: tuple[Hook, ...] = ()
    config_hash: str = ""
    config_keys: Mapping[str, str] = field(default_factory=frozen_map, compare=False, repr=False)
    """sha256 of each hashed top-level key (and of each entry of a mapping key, as ``environment.X``)."""
    scale: int = 1
    """How many containers: ``scale``, else ``deploy.replicas``, else 1."""
    extra: Mapping[str, Any] = field(default_factory=frozen_map)
    origin: Location | None = field(default=None, compare=False, repr=False)
    key_origins: Mapping[str, Location] = field(default_factory=frozen_map, compare=False, repr=False)

    def image_name(self, project: str) -> str:
        """The image the service runs: its `image:`, else the one built for it."""
        return self.image or f"{project}-{self.name}"

    def where(self, key: str) -> Location | None:
        """The location of one of this service's keys, or of the service itself."""
        return self.key_origins.get(key, self.origin)

    def bound_to(self) -> tuple[str, ...]:
        """The services whose containers this one's are bound to while they run: the namespaces they join
        (``service:X``) and their links. Replacing those containers breaks these ones."""
        modes = (self.network_mode, self.ipc, self.pid)
        names = [m.removeprefix("service:") for m in modes if m.startswith("service:")]
        return tuple(dict.fromkeys([*names, *(link.split(":")[0] for link in self.links)]))

    def shared_with(self) -> tuple[str, ...]:
        """The services whose containers this one's refer to when they are created: those it is bound to,
        and those it takes volumes from."""
        names = [v.split(":")[0] for v in self.volumes_from if not v.startswith("container:")]
        return tuple(dict.fromkeys([*self.bound_to(), *names]))


@record
class IpamPool:
    """One address pool of a network's ``ipam.config``."""

    subnet: str = ""
    ip_range: str = ""
    gateway: str = ""
    aux_addresses: Mapping[str, str] = field(default_factory=frozen_map)


@record
class Network:
    """A top-level network: its key in the file and the name it has on the engine."""

    key: str
    name: str
    driver: str = ""
    external: bool = False
    internal: bool = False
    attachable: bool = False
    enable_ipv6: bool = False
    labels: Mapping[str, str] = field(default_factory=frozen_map)
    driver_opts: Mapping[str, str] = field(default_factory=frozen_map)
    ipam_driver: str = ""
    ipam_pools: tuple[IpamPool, ...] = ()
    ipam_options: Mapping[str, str] = field(default_factory=frozen_map)
    extra: Mapping[str, Any] = field(default_factory=frozen_map)
    origin: Location | None = field(default=None, compare=False, repr=False)


@record
class Volume:
    """A top-level volume: its key in the file and the name it has on the engine."""

    key: str
    name: str
    driver: str = ""
    external: bool = False
    labels: Mapping[str, str] = field(default_factory=frozen_map)
    driver_opts: Mapping[str, str] = field(default_factory=frozen_map)
    extra: Mapping[str, Any] = field(default_factory=frozen_map)
    origin: Location | None = field(default=None, compare=False, repr=False)


@record
class Project:
    """A loaded project: its name, its directory, its services, networks, volumes, secrets and configs."""

    name: str
    working_dir: str
    config_files: tuple[str, ...]
    services: Mapping[str, Service]
    networks: Mapping[str, Network] = field(default_factory=frozen_map)
    volumes: Mapping[str, Volume] = field(default_factory=frozen_map)
    extra: Mapping[str, Any] = field(default_factory=frozen_map)
    disabled_services: tuple[str, ...] = ()
