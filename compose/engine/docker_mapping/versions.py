"""Which keys need a newer Engine API than the engine speaks: an older engine would silently ignore them."""

from __future__ import annotations

from collections.abc import Callable

from compose.engine.base import ContainerSpec


def at_least(version: str, wanted: str) -> bool:
    def parts(text: str) -> tuple[int, ...]:
        return tuple(int(p) for p in text.split(".") if p.isdigit())

    return parts(version) >= parts(wanted)


# (key, Engine API version that honours it, whether the container spec uses it)
CONTAINER_NEEDS: tuple[tuple[str, str, Callable[[ContainerSpec], bool]], ...] = (
    ("healthcheck.start_interval", "1.44", lambda s: bool(s.healthcheck and s.healthcheck.start_interval_ns)),
    ("annotations", "1.43", lambda s: bool(s.host.annotations)),
    ("volumes.volume.subpath", "1.45", lambda s: any(m.subpath for m in s.mounts)),
    (
        "volumes.bind.recursive",
        "1.44",
        lambda s: any(m.recursive in ("writable", "readonly") for m in s.mounts),
    ),
    ("networks.gw_priority", "1.48", lambda s: any(a.gw_priority for a in s.networks)),
    ("networks.interface_name", "1.49", lambda s: any(a.interface_name for a in s.networks)),
    (
        "networks.mac_address (on another than the first network)",
        "1.44",
        lambda s: any(a.mac_address for a in s.networks[1:]),
    ),
)


def _message(where: str, key: str, needed: str, api_version: str) -> str:
    return f"{where}.{key} needs Docker Engine API {needed} or later; this engine speaks {api_version}"


def container_unsupported(spec: ContainerSpec, api_version: str) -> list[str]:
    """What the engine at ``api_version`` cannot honour in ``spec``: one message per key."""
    return [
        _message(f"services.{spec.service}", key, needed, api_version)
        for key, needed, uses in CONTAINER_NEEDS
        if uses(spec) and not at_least(api_version, needed)
    ]
