"""Why an existing container no longer matches its service: the reason for ``recreate`` (pure)."""

from __future__ import annotations

import json

from compose import labels
from compose.engine.base import ContainerInfo, ContainerSpec
from compose.model import Service

MAX_KEYS = 3
UNKNOWN = "configuration changed"


def _value(value: str | None) -> str:
    return "(unset)" if value is None else json.dumps(value)


def _describe(key: str, change: str, service: Service, found: ContainerInfo) -> str:
    if change == "changed" and key.startswith("environment."):
        name = key.removeprefix("environment.")
        old = found.environment.get(name)
        if old is not None:
            return f"{key} changed {_value(old)} -> {_value(service.environment.get(name))}"
    return f"{key} {change}"


def config_changes(service: Service, found: ContainerInfo) -> str:
    """``environment.DEBUG changed "0" -> "1"``, from the per-key hashes in the container's label.

    ``found`` should be inspected (for the old environment values); a container that another tool made has
    no such label, and the reason is then just "configuration changed".
    """
    old = labels.config_keys(found.labels)
    if old is None:
        return UNKNOWN
    new = dict(service.config_keys)
    changes = {k: "changed" for k in new.keys() & old.keys() if new[k] != old[k]}
    changes.update({k: "added" for k in new.keys() - old.keys()})
    changes.update({k: "removed" for k in old.keys() - new.keys()})
    # a mapping key whose entries explain the change is named by its entries only
    parents = {k.split(".", 1)[0] for k in changes if "." in k}
    keys = sorted(k for k in changes if k not in parents)
    if not keys:
        return UNKNOWN
    shown = [_describe(k, changes[k], service, found) for k in keys[:MAX_KEYS]]
    more = f" and {len(keys) - MAX_KEYS} more" if len(keys) > MAX_KEYS else ""
    return "; ".join(shown) + more


def missing_attachments(spec: ContainerSpec, found: ContainerInfo) -> str:
    """A network the container should be on, or a named volume it should mount, that it lacks."""
    for attachment in spec.networks:
        if attachment.network not in found.networks:
            return f"network {attachment.network} not attached"
    for mount in spec.mounts:
        if mount.type == "volume" and mount.source and mount.source not in found.volumes.values():
            return f"volume {mount.source} not mounted"
    return ""
