"""Parsers for the short forms of ports and volumes; each raises ValueError with a plain reason."""

from __future__ import annotations

import re
from typing import Any

_PORT = re.compile(
    r"^(?:(?:(?P<ip>\[[0-9a-fA-F:.]+\]|[0-9.]+|[0-9a-fA-F:]*::[0-9a-fA-F:]*):)?(?P<host>[0-9]*(?:-[0-9]+)?):)?"
    r"(?P<target>[^:/]+)(?:/(?P<proto>[a-z]+))?$"
)


def _range(text: str, what: str) -> list[int]:
    if not re.fullmatch(r"[0-9]+(?:-[0-9]+)?", text):
        raise ValueError(f"{what} must be a number or a range like 8000-8010, not {text!r}")
    low, _, high = text.partition("-")
    start, end = int(low), int(high or low)
    if end < start:
        raise ValueError(f"{what} range {text!r} ends before it starts")
    for port in (start, end):
        if not 0 < port <= 65535:
            raise ValueError(f"{what} {port} is out of range (1-65535)")
    return list(range(start, end + 1))


def ports(spec: Any) -> list[dict[str, Any]]:
    """``"127.0.0.1:8000-8001:80-81/udp"`` -> one long-form mapping per port."""
    text = str(spec)
    match = _PORT.match(text)
    if not match:
        raise ValueError(f"invalid port {text!r}: expected [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]")
    targets = _range(match["target"], "container port")
    host = match["host"] or ""
    published = _range(host, "host port") if host else []
    if published and len(published) not in (1, len(targets)) and len(targets) != 1:
        raise ValueError(f"invalid port {text!r}: host and container ranges differ in size")
    host_ip = (match["ip"] or "").strip("[]")
    out = []
    for i, target in enumerate(targets):
        entry: dict[str, Any] = {"mode": "ingress", "target": target, "protocol": match["proto"] or "tcp"}
        if published:
            # one container port and a host range: the engine picks a free port of the range
            entry["published"] = host if len(targets) == 1 else str(published[i if len(published) > 1 else 0])
        if host_ip:
            entry["host_ip"] = host_ip
        out.append(entry)
    return out


def is_path(source: str) -> bool:
    return source.startswith((".", "/", "~")) or bool(re.match(r"^[A-Za-z]:[\\/]", source))


def _bind_modes(modes: list[str]) -> dict[str, str]:
    """The SELinux relabelling and the propagation a short bind's modes ask for (the last of each wins)."""
    out = {}
    for mode in modes:
        if mode in ("z", "Z"):
            out["selinux"] = mode
        elif mode.endswith(("shared", "slave", "private")):
            out["propagation"] = mode
    return out


def _consistency(modes: list[str]) -> dict[str, str]:
    found = [m for m in modes if m in ("consistent", "cached", "delegated")]
    return {"consistency": found[-1]} if found else {}


def volume(spec: str) -> dict[str, Any]:
    """``"./data:/data:ro"`` / ``"db:/var/lib/db"`` / ``"/cache"`` -> a long-form mount."""
    parts = spec.split(":")
    if len(parts) > 3 or not parts[min(len(parts), 2) - 1]:
        raise ValueError(f"invalid volume {spec!r}: expected [SOURCE:]TARGET[:MODE]")
    if len(parts) == 1 or not parts[0]:
        return {"type": "volume", "target": parts[-1] if len(parts) == 1 else parts[1]}
    source, target = parts[0], parts[1]
    entry: dict[str, Any] = {
        "type": "bind" if is_path(source) else "volume",
        "source": source,
        "target": target,
    }
    modes = parts[2].split(",") if len(parts) == 3 else []
    for mode in modes:
        if mode not in (
            "ro",
            "rw",
            "z",
            "Z",
            "nocopy",
            "shared",
            "rshared",
            "slave",
            "rslave",
            "private",
            "rprivate",
            "consistent",
            "cached",
            "delegated",
        ):
            raise ValueError(f"invalid volume mode {mode!r} in {spec!r}")
    if "ro" in modes:
        entry["read_only"] = True
    if entry["type"] == "bind":
        entry["bind"] = {"create_host_path": True, **_bind_modes(modes)}
    entry.update(_consistency(modes))
    if "nocopy" in modes:
        entry["volume"] = {"nocopy": True}
    return entry
