"""The typed project model: frozen, keyword-only dataclasses built once from a validated file."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

from compose.errors import Location

Condition = Literal["service_started", "service_healthy", "service_completed_successfully"]


def frozen_map(data: Mapping[str, Any] | None = None) -> Mapping[str, Any]:
    """A read-only mapping (keys sorted for stable output)."""
    return MappingProxyType(dict(sorted((data or {}).items())))


@dataclass(frozen=True, slots=True, kw_only=True)
class Port:
    target: int
    published: str = ""
    host_ip: str = ""
    protocol: str = "tcp"
    origin: Location | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Mount:
    type: Literal["volume", "bind", "tmpfs"]
    target: str
    source: str = ""
    read_only: bool = False
    origin: Location | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Dependency:
    service: str
    condition: Condition = "service_started"
    restart: bool = False
    required: bool = True
    origin: Location | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Healthcheck:
    test: tuple[str, ...] = ()
    interval: float | None = None
    timeout: float | None = None
    start_period: float | None = None
    start_interval: float | None = None
    retries: int | None = None
    disable: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
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


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceNetwork:
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Service:
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


@dataclass(frozen=True, slots=True, kw_only=True)
class Network:
    key: str
    name: str
    driver: str = ""
    external: bool = False
    internal: bool = False
    attachable: bool = False
    labels: Mapping[str, str] = field(default_factory=frozen_map)
    driver_opts: Mapping[str, str] = field(default_factory=frozen_map)
    extra: Mapping[str, Any] = field(default_factory=frozen_map)
    origin: Location | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Volume:
    key: str
    name: str
    driver: str = ""
    external: bool = False
    labels: Mapping[str, str] = field(default_factory=frozen_map)
    driver_opts: Mapping[str, str] = field(default_factory=frozen_map)
    extra: Mapping[str, Any] = field(default_factory=frozen_map)
    origin: Location | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Project:
    name: str
    working_dir: str
    config_files: tuple[str, ...]
    services: Mapping[str, Service]
    networks: Mapping[str, Network] = field(default_factory=frozen_map)
    volumes: Mapping[str, Volume] = field(default_factory=frozen_map)
    extra: Mapping[str, Any] = field(default_factory=frozen_map)
    disabled_services: tuple[str, ...] = ()
