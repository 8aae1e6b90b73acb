"""A service's host settings as the engine's ``HostSpec``, and its restart policy (pure).

The keys come from ``Service.extra`` in their canonical form (sizes in bytes, realtime durations in
microseconds); ``MAPPED`` lists every key read here, so ``desired_support`` refuses the others.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from compose.engine.base import BlkioSpec, DeviceRequest, DeviceSpec, HostSpec, Throttle, Ulimit
from compose.model import Service, frozen_map


def _str(value: Any) -> str:
    return "" if value is None else str(value)


def _strs(value: Any) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(str(v) for v in value or ())


def _bool(value: Any) -> bool:
    return value is True or str(value).lower() == "true"


def _map(value: Any) -> Mapping[str, str]:
    return frozen_map({str(k): _str(v) for k, v in (value or {}).items()})


def _nano(value: Any) -> int:
    return round(float(value) * 1e9)


def _ulimits(value: Any) -> tuple[Ulimit, ...]:
    def one(name: str, limit: Any) -> Ulimit:
        if isinstance(limit, dict):
            return Ulimit(name=name, soft=int(limit["soft"]), hard=int(limit["hard"]))
        return Ulimit(name=name, soft=int(limit), hard=int(limit))

    return tuple(one(name, limit) for name, limit in sorted((value or {}).items()))


def _is_device_mode(text: str) -> bool:
    return bool(text) and set(text) <= set("rwm")


def _device(item: Any) -> DeviceSpec:
    """``/dev/a[:/dev/b][:rwm]`` or ``{source, target, permissions}``, as Compose reads it."""
    if isinstance(item, dict):
        source = str(item["source"])
        return DeviceSpec(
            source=source,
            target=str(item.get("target") or source),
            permissions=str(item.get("permissions", "rwm")),
        )
    parts = str(item).split(":")
    target, permissions = parts[0], "rwm"
    if len(parts) >= 2:
        if len(parts) == 2 and _is_device_mode(parts[1]):
            permissions = parts[1]
        else:
            target = parts[1]
    if len(parts) == 3:
        permissions = parts[2]
    return DeviceSpec(source=parts[0], target=target, permissions=permissions)


def _is_cdi(device: DeviceSpec) -> bool:
    """A CDI device name (``vendor.com/class=name``) is requested from the CDI driver, as Compose does."""
    return device.source == device.target and "/" in device.source and "=" in device.source.split("/", 1)[1]


def _count(value: Any, ids: tuple[str, ...]) -> int:
    if value is None:
        return 0 if ids else -1
    return -1 if str(value) == "all" else int(value)


def _request(item: dict[str, Any], gpu: bool) -> DeviceRequest:
    ids = _strs(item.get("device_ids"))
    capabilities = list(_strs(item.get("capabilities")))
    if gpu and "gpu" not in capabilities:
        capabilities.append("gpu")
    return DeviceRequest(
        driver=_str(item.get("driver")),
        count=_count(item.get("count"), ids),
        device_ids=ids,
        capabilities=tuple(capabilities),
        options=_map(item.get("options")),
    )


def _requests(extra: Mapping[str, Any], devices: tuple[DeviceSpec, ...]) -> tuple[DeviceRequest, ...]:
    cdi = tuple(d.source for d in devices if _is_cdi(d))
    requests = [DeviceRequest(driver="cdi", device_ids=cdi)] if cdi else []
    gpus = extra.get("gpus")
    if gpus is not None:
        requests += [_request({}, True)] if gpus == "all" else [_request(dict(g), True) for g in gpus]
    reserved = _resources(extra, "reservations")
    requests += [_request(dict(d), False) for d in reserved.get("devices") or ()]
    return tuple(requests)


def _throttles(items: Any, key: str) -> tuple[Throttle, ...]:
    return tuple(Throttle(path=str(i.get("path", "")), value=int(i.get(key) or 0)) for i in items or ())


def _blkio(value: Any) -> BlkioSpec:
    rates = ("device_read_bps", "device_read_iops", "device_write_bps", "device_write_iops")
    return BlkioSpec(
        weight=int(value.get("weight", 0) or 0),
        weight_device=_throttles(value.get("weight_device"), "weight"),
        **{key: _throttles(value.get(key), "rate") for key in rates},
    )


def _extra_hosts(value: Any) -> tuple[str, ...]:
    """``host:ip`` entries (a host given several addresses has one entry each)."""
    out = []
    for host, addresses in (value or {}).items():
        out += [f"{host}:{ip}" for ip in ([addresses] if isinstance(addresses, str) else addresses or ())]
    return tuple(out)


# extra key -> (HostSpec field, converter)
PLAIN: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "uts": ("uts", _str),
    "cgroup": ("cgroup", _str),
    "cgroup_parent": ("cgroup_parent", _str),
    "userns_mode": ("userns_mode", _str),
    "runtime": ("runtime", _str),
    "isolation": ("isolation", _str),
    "privileged": ("privileged", _bool),
    "read_only": ("read_only", _bool),
    "init": ("init", _bool),
    "oom_kill_disable": ("oom_kill_disable", _bool),
    "cap_add": ("cap_add", _strs),
    "cap_drop": ("cap_drop", _strs),
    "security_opt": ("security_opt", _strs),
    "group_add": ("group_add", _strs),
    "device_cgroup_rules": ("device_cgroup_rules", _strs),
    "dns": ("dns", _strs),
    "dns_search": ("dns_search", _strs),
    "dns_opt": ("dns_opt", _strs),
    "sysctls": ("sysctls", _map),
    "storage_opt": ("storage_opt", _map),
    "annotations": ("annotations", _map),
    "cpus": ("nano_cpus", _nano),
    "cpu_shares": ("cpu_shares", int),
    "cpu_quota": ("cpu_quota", int),
    "cpu_period": ("cpu_period", int),
    "cpu_rt_period": ("cpu_rt_period", int),
    "cpu_rt_runtime": ("cpu_rt_runtime", int),
    "cpuset": ("cpuset", _str),
    "mem_limit": ("memory", int),
    "mem_reservation": ("memory_reservation", int),
    "memswap_limit": ("memory_swap", int),
    "mem_swappiness": ("memory_swappiness", int),
    "pids_limit": ("pids_limit", int),
    "oom_score_adj": ("oom_score_adj", int),
    "shm_size": ("shm_size", int),
    "ulimits": ("ulimits", _ulimits),
    "devices": ("devices", lambda v: tuple(_device(d) for d in v or ())),
    "blkio_config": ("blkio", _blkio),
    "extra_hosts": ("extra_hosts", _extra_hosts),
}
# Read here too: by the device requests, the logging settings and the restart policy
MAPPED = frozenset({*PLAIN, "gpus", "logging", "deploy"})


def _resources(extra: Mapping[str, Any], kind: str) -> dict[str, Any]:
    return dict(((extra.get("deploy") or {}).get("resources") or {}).get(kind) or {})


def _deploy_resources(extra: Mapping[str, Any]) -> dict[str, Any]:
    """``deploy.resources`` as HostSpec fields: limits win over the service's own keys, as in Compose."""
    limits, reserved = _resources(extra, "limits"), _resources(extra, "reservations")
    fields = {
        "nano_cpus": _nano(limits["cpus"]) if limits.get("cpus") is not None else None,
        "memory": limits.get("memory"),
        "pids_limit": limits.get("pids"),
        "memory_reservation": reserved.get("memory"),
    }
    return {k: int(v) for k, v in fields.items() if v}


def host(service: Service, *, ipc: str = "", pid: str = "") -> HostSpec:
    """The service's host settings; ``ipc`` and ``pid`` as resolved (``service:X`` made a container)."""
    extra = service.extra
    fields: dict[str, Any] = {
        name: convert(extra[key]) for key, (name, convert) in PLAIN.items() if key in extra
    }
    if not fields.get("pids_limit"):
        fields.pop("pids_limit", None)  # 0 is "unset", as in Compose
    fields.update(_deploy_resources(extra))
    devices = tuple(fields.get("devices", ()))
    fields["devices"] = tuple(d for d in devices if not _is_cdi(d))
    fields["device_requests"] = _requests(extra, devices)
    logging = extra.get("logging") or {}
    fields["log_driver"] = _str(logging.get("driver"))
    fields["log_options"] = _map(logging.get("options"))
    return HostSpec(ipc=ipc, pid=pid, **fields)


RESTART_CONDITIONS = {"none": "no", "no": "no", "any": "always", "always": "always"}


def restart(service: Service) -> str:
    """``deploy.restart_policy`` wins over ``restart``, as in Compose (``condition`` and ``max_attempts``)."""
    policy = (service.extra.get("deploy") or {}).get("restart_policy")
    if policy is None:
        return service.restart
    condition = str(policy.get("condition", "any"))
    name = RESTART_CONDITIONS.get(condition, condition)
    attempts = policy.get("max_attempts")
    return f"{name}:{int(attempts)}" if name == "on-failure" and attempts else name
