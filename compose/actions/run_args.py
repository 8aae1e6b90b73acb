"""The values of ``run``'s repeatable flags (``-l``, ``-v``, ``-p``, ``--cap-add``, ``--cap-drop``) as specs
(pure); ``-e`` is exec's, ``--env-from-file`` the CLI's (it reads env files)."""

from __future__ import annotations

import os
from collections.abc import Iterable

from compose.engine.base import MountSpec, PortSpec
from compose.errors import ConfigError
from compose.model import Project

PATH_STARTS = ("/", ".", "~")


def labels(values: Iterable[str]) -> dict[str, str]:
    return {key: val for key, _, val in (value.partition("=") for value in values)}


def volume(text: str, project: Project) -> MountSpec:
    """``[SOURCE:]TARGET[:ro|rw]``: a path source is a bind mount (relative to the project directory), a
    name a volume (the project's, when it declares it), none an anonymous volume."""
    parts = text.split(":")
    if not 1 <= len(parts) <= 3 or not all(parts) or (len(parts) == 3 and parts[2] not in ("ro", "rw")):
        raise ConfigError.at(f"invalid volume {text!r}", hint="write it as [SOURCE:]TARGET[:ro]")
    if len(parts) == 1:
        return MountSpec(type="volume", target=parts[0])
    source, target = parts[0], parts[1]
    read_only = len(parts) == 3 and parts[2] == "ro"
    if source.startswith(PATH_STARTS):
        path = os.path.join(project.working_dir, os.path.expanduser(source))
        return MountSpec(type="bind", source=os.path.normpath(path), target=target, read_only=read_only)
    declared = project.volumes.get(source)
    name = declared.name if declared is not None else source
    named = declared is not None
    return MountSpec(type="volume", source=name, target=target, read_only=read_only, named=named)


def publish(text: str) -> tuple[PortSpec, ...]:
    """``[IP:][PUBLISHED:]TARGET[/PROTOCOL]``, each port part a number or a range of as many ports."""
    spec, _, protocol = text.partition("/")
    *front, target = spec.rsplit(":", 2)
    host_ip, published = ("", "", *front)[-2:]
    try:
        targets = _ports(target)
        publisheds = _ports(published) if published else [""] * len(targets)
    except ValueError:
        raise ConfigError.at(
            f"invalid port {text!r}", hint="write it as [IP:][PUBLISHED:]TARGET[/tcp|udp]"
        ) from None
    if len(publisheds) != len(targets):
        raise ConfigError.at(f"invalid port {text!r}: the two ranges differ in length")
    return tuple(
        PortSpec(target=int(t), published=str(p), host_ip=host_ip, protocol=protocol or "tcp")
        for t, p in zip(targets, publisheds, strict=True)
    )


def _ports(text: str) -> list[int]:
    first, sep, last = text.partition("-")
    start, end = int(first), int(last) if sep else int(first)
    if not 0 < start <= end < 1 << 16:
        raise ValueError(text)
    return list(range(start, end + 1))


def capabilities(
    service_add: Iterable[str], service_drop: Iterable[str], add: Iterable[str], drop: Iterable[str]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The service's ``cap_add`` and ``cap_drop`` with ``--cap-add`` and ``--cap-drop`` (as Compose applies
    them: an added capability leaves ``cap_drop``, then a dropped one leaves ``cap_add``)."""
    add, drop = tuple(add), tuple(drop)
    added = tuple(dict.fromkeys(c for c in (*service_add, *add) if c not in drop))
    dropped = tuple(dict.fromkeys((*(c for c in service_drop if c not in add), *drop)))
    return added, dropped
