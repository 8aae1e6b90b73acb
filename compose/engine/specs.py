"""The parts of a container spec beyond its process, ports, mounts and networks (engine-neutral values).

``compose.engine.base`` re-exports them: import them from there.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field

from compose.model import Hook, frozen_map
from compose.record import record

HookSpec = Hook
"""A command run in the container right after it starts (post_start) or before it stops (pre_stop)."""


@record
class Ulimit:
    """One ulimit of a container: its soft and hard values."""

    name: str
    soft: int
    hard: int


@record
class DeviceSpec:
    """A host device made available in the container."""

    source: str
    target: str = ""
    permissions: str = "rwm"


@record
class DeviceRequest:
    """A request for devices a driver provides (GPUs): ``count`` -1 is all of them."""

    driver: str = ""
    count: int = 0
    device_ids: tuple[str, ...] = ()
    capabilities: tuple[str, ...] = ()
    options: Mapping[str, str] = field(default_factory=frozen_map)


@record
class Throttle:
    """A block-device limit: a weight, or a rate in bytes or operations per second."""

    path: str
    value: int


@record
class BlkioSpec:
    """A container's block IO weights and throttles."""

    weight: int = 0
    weight_device: tuple[Throttle, ...] = ()
    device_read_bps: tuple[Throttle, ...] = ()
    device_read_iops: tuple[Throttle, ...] = ()
    device_write_bps: tuple[Throttle, ...] = ()
    device_write_iops: tuple[Throttle, ...] = ()


@record
class HostSpec:
    """Where and how the container runs on its host: namespaces, privileges, resources, devices, name
    resolution, logging. Zero, empty and None mean "the engine's default"."""

    ipc: str = ""
    pid: str = ""
    uts: str = ""
    cgroup: str = ""
    cgroup_parent: str = ""
    userns_mode: str = ""
    runtime: str = ""
    isolation: str = ""
    privileged: bool = False
    read_only: bool = False
    init: bool | None = None
    cap_add: tuple[str, ...] = ()
    cap_drop: tuple[str, ...] = ()
    security_opt: tuple[str, ...] = ()
    group_add: tuple[str, ...] = ()
    sysctls: Mapping[str, str] = field(default_factory=frozen_map)
    nano_cpus: int = 0
    cpu_shares: int = 0
    cpu_quota: int = 0
    cpu_period: int = 0
    cpu_rt_period: int = 0
    cpu_rt_runtime: int = 0
    cpuset: str = ""
    memory: int = 0
    memory_reservation: int = 0
    memory_swap: int = 0
    memory_swappiness: int | None = None
    pids_limit: int | None = None
    oom_kill_disable: bool = False
    oom_score_adj: int = 0
    shm_size: int = 0
    ulimits: tuple[Ulimit, ...] = ()
    storage_opt: Mapping[str, str] = field(default_factory=frozen_map)
    blkio: BlkioSpec | None = None
    devices: tuple[DeviceSpec, ...] = ()
    device_cgroup_rules: tuple[str, ...] = ()
    device_requests: tuple[DeviceRequest, ...] = ()
    dns: tuple[str, ...] = ()
    dns_search: tuple[str, ...] = ()
    dns_opt: tuple[str, ...] = ()
    extra_hosts: tuple[str, ...] = ()
    """``host:ip`` entries."""
    log_driver: str = ""
    log_options: Mapping[str, str] = field(default_factory=frozen_map)
    annotations: Mapping[str, str] = field(default_factory=frozen_map)


@record
class FileSpec:
    """A file the engine puts at ``target`` in the container, read-only: a secret or a config.

    Its text is ``content``, else the host file ``source``; ``uid``, ``gid`` and ``mode`` as given (empty or
    None: the engine's default). A host file with none of them set is bind-mounted as it is.
    """

    target: str
    source: str = ""
    content: str | None = None
    uid: str = ""
    gid: str = ""
    mode: int | None = None

    @property
    def mounted_as_is(self) -> bool:
        return self.content is None and not self.uid and not self.gid and self.mode is None
