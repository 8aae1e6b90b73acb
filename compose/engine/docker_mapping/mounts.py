"""Mounts as the Engine API takes them: the short ``Binds`` form where Compose uses it, else ``Mounts``."""

from __future__ import annotations

from typing import Any

from compose.engine.base import ContainerSpec, FileSpec, MountSpec

# bind.recursive -> the BindOptions that say it (``enabled`` is the engine's default)
RECURSIVE = {
    "disabled": {"NonRecursive": True},
    "writable": {"ReadOnlyNonRecursive": True},
    "readonly": {"ReadOnlyForceRecursive": True},
}


def _short(m: MountSpec) -> str | None:
    """``source:target:options`` when Compose would send this mount that way (no option needs more); a
    relabelled bind stays short with its propagation (the long form cannot relabel)."""
    if m.type == "bind" and m.create_host_path and not m.recursive and (m.selinux or not m.propagation):
        options = ["ro" if m.read_only else "rw", *filter(None, (m.selinux, m.propagation, m.consistency))]
        return f"{m.source}:{m.target}:{','.join(options)}"
    if m.type == "volume" and m.named and not (m.nocopy or m.subpath or m.volume_labels):
        return f"{m.source}:{m.target}:{'ro' if m.read_only else 'rw'}"
    return None


def _long(m: MountSpec) -> dict[str, Any]:
    entry: dict[str, Any] = {"Type": m.type, "Target": m.target, "ReadOnly": m.read_only}
    if m.source:
        entry["Source"] = m.source
    if m.consistency:
        entry["Consistency"] = m.consistency
    if m.type == "bind":
        options = {
            **({"Propagation": m.propagation} if m.propagation else {}),
            **RECURSIVE.get(m.recursive, {}),
        }
        if options:
            entry["BindOptions"] = options
    elif m.type == "volume" and (m.nocopy or m.subpath or m.volume_labels):
        entry["VolumeOptions"] = {
            **({"NoCopy": True} if m.nocopy else {}),
            **({"Subpath": m.subpath} if m.subpath else {}),
            **({"Labels": dict(m.volume_labels)} if m.volume_labels else {}),
        }
    elif m.type == "tmpfs" and (m.tmpfs_size is not None or m.tmpfs_mode is not None):
        entry["TmpfsOptions"] = {
            **({"SizeBytes": m.tmpfs_size} if m.tmpfs_size is not None else {}),
            **({"Mode": m.tmpfs_mode} if m.tmpfs_mode is not None else {}),
        }
    return entry


def _file(f: FileSpec) -> dict[str, Any]:
    """A secret or config file, bind-mounted read-only (the engine has written it first when needed)."""
    return {"Type": "bind", "Source": f.source, "Target": f.target, "ReadOnly": True}


def mounts(spec: ContainerSpec) -> dict[str, Any]:
    """The HostConfig fields of the container's mounts: ``Binds``, ``Mounts``, ``Tmpfs``, ``VolumesFrom``."""
    binds, others = [], []
    for m in spec.mounts:
        short = _short(m)
        if short is None:
            others.append(_long(m))
        else:
            binds.append(short)
    others.extend(_file(f) for f in spec.files)
    host: dict[str, Any] = {"Binds": binds, "Mounts": others}
    if spec.tmpfs:
        host["Tmpfs"] = dict(spec.tmpfs)
    if spec.volumes_from:
        host["VolumesFrom"] = list(spec.volumes_from)
    return host
