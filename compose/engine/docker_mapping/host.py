"""A container's host settings (``HostSpec``) as ``HostConfig`` fields, named as the Engine API names them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from compose.engine.base import BlkioSpec, DeviceRequest, DeviceSpec, HostSpec, Throttle, Ulimit

# HostSpec field -> HostConfig field, for the values sent as they are when set
PLAIN = {
    "ipc": "IpcMode",
    "pid": "PidMode",
    "uts": "UTSMode",
    "cgroup": "CgroupnsMode",
    "cgroup_parent": "CgroupParent",
    "userns_mode": "UsernsMode",
    "runtime": "Runtime",
    "isolation": "Isolation",
    "privileged": "Privileged",
    "read_only": "ReadonlyRootfs",
    "init": "Init",
    "cap_add": "CapAdd",
    "cap_drop": "CapDrop",
    "security_opt": "SecurityOpt",
    "group_add": "GroupAdd",
    "sysctls": "Sysctls",
    "nano_cpus": "NanoCpus",
    "cpu_shares": "CpuShares",
    "cpu_quota": "CpuQuota",
    "cpu_period": "CpuPeriod",
    "cpu_rt_period": "CpuRealtimePeriod",
    "cpu_rt_runtime": "CpuRealtimeRuntime",
    "cpuset": "CpusetCpus",
    "memory": "Memory",
    "memory_reservation": "MemoryReservation",
    "memory_swap": "MemorySwap",
    "memory_swappiness": "MemorySwappiness",
    "pids_limit": "PidsLimit",
    "oom_kill_disable": "OomKillDisable",
    "oom_score_adj": "OomScoreAdj",
    "shm_size": "ShmSize",
    "storage_opt": "StorageOpt",
    "device_cgroup_rules": "DeviceCgroupRules",
    "dns": "Dns",
    "dns_search": "DnsSearch",
    "dns_opt": "DnsOptions",
    "extra_hosts": "ExtraHosts",
    "annotations": "Annotations",
}


def _value(value: Any) -> Any:
    if isinstance(value, tuple):
        return list(value)
    if hasattr(value, "items"):
        return dict(value)
    return value


def _ulimit(u: Ulimit) -> dict[str, Any]:
    return {"Name": u.name, "Soft": u.soft, "Hard": u.hard}


def _device(d: DeviceSpec) -> dict[str, Any]:
    return {
        "PathOnHost": d.source,
        "PathInContainer": d.target or d.source,
        "CgroupPermissions": d.permissions,
    }


def _device_request(r: DeviceRequest) -> dict[str, Any]:
    return {
        "Driver": r.driver,
        "Count": r.count,
        "DeviceIDs": list(r.device_ids) or None,
        "Capabilities": [list(r.capabilities)] if r.capabilities else None,
        "Options": dict(r.options) or None,
    }


def _throttles(items: Iterable[Throttle], key: str) -> list[dict[str, Any]]:
    return [{"Path": t.path, key: t.value} for t in items]


def _blkio(b: BlkioSpec) -> dict[str, Any]:
    fields = {
        "BlkioWeight": b.weight or None,
        "BlkioWeightDevice": _throttles(b.weight_device, "Weight"),
        "BlkioDeviceReadBps": _throttles(b.device_read_bps, "Rate"),
        "BlkioDeviceReadIOps": _throttles(b.device_read_iops, "Rate"),
        "BlkioDeviceWriteBps": _throttles(b.device_write_bps, "Rate"),
        "BlkioDeviceWriteIOps": _throttles(b.device_write_iops, "Rate"),
    }
    return {k: v for k, v in fields.items() if v}


LISTS: dict[str, tuple[str, Callable[[Any], dict[str, Any]]]] = {
    "ulimits": ("Ulimits", _ulimit),
    "devices": ("Devices", _device),
    "device_requests": ("DeviceRequests", _device_request),
}


def host_config(host: HostSpec) -> dict[str, Any]:
    """The HostConfig fields of ``host`` that differ from the engine's defaults."""
    out: dict[str, Any] = {}
    for name, field_name in PLAIN.items():
        value = getattr(host, name)
        if value or (value is not None and name in ("memory_swappiness", "pids_limit", "init")):
            out[field_name] = _value(value)
    for name, (field_name, convert) in LISTS.items():
        items = getattr(host, name)
        if items:
            out[field_name] = [convert(item) for item in items]
    if host.blkio is not None:
        out.update(_blkio(host.blkio))
    if host.log_driver or host.log_options:
        out["LogConfig"] = {"Type": host.log_driver, "Config": dict(host.log_options)}
    return out
