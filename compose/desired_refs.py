"""How a container reaches the others: its network attachments, and the containers it refers to (shared
namespaces, ``volumes_from``, links), named as Compose names them (pure)."""

from __future__ import annotations

from compose.engine.base import NetworkAttachment
from compose.model import Project, Service


def container_name(project: Project, service: Service, number: int) -> str:
    return service.container_name or f"{project.name}-{service.name}-{number}"


def _first_container(project: Project, name: str) -> str:
    service = project.services.get(name)
    return container_name(project, service, 1) if service else f"{project.name}-{name}-1"


def namespace(project: Project, mode: str) -> str:
    """``service:X`` is the first container of X (``container:NAME``); other modes are kept as they are."""
    if mode.startswith("service:"):
        return f"container:{_first_container(project, mode.removeprefix('service:'))}"
    return mode


def volumes_from(project: Project, service: Service) -> tuple[str, ...]:
    """``CONTAINER[:MODE]`` entries: a service's first container, or the container named."""
    out = []
    for entry in service.volumes_from:
        if entry.startswith("container:"):
            out.append(entry.removeprefix("container:"))
            continue
        name, _, mode = entry.partition(":")
        out.append(_first_container(project, name) + (f":{mode}" if mode else ""))
    return tuple(out)


def links(project: Project, service: Service) -> tuple[str, ...]:
    """``CONTAINER:ALIAS`` entries: each container of a linked service (its alias, else the service's name),
    then the external links (their alias, else their name)."""
    out = []
    for link in service.links:
        name, _, alias = link.partition(":")
        target = project.services.get(name)
        count = target.scale if target else 1
        for number in range(1, count + 1):
            linked = container_name(project, target, number) if target else f"{project.name}-{name}-{number}"
            out.append(f"{linked}:{alias or name}")
    for link in service.external_links:
        name, _, alias = link.partition(":")
        out.append(f"{name}:{alias or name}")
    return tuple(out)


def attachments(project: Project, service: Service, number: int) -> tuple[NetworkAttachment, ...]:
    """The networks to attach, highest ``priority`` first (then by name): the first is the primary one, and
    takes the service's ``mac_address``. Aliases are the container's name, the service's, then its own."""
    if service.network_mode:
        return ()
    ordered = sorted(service.networks, key=lambda net: (-net.priority, net.name))
    name = container_name(project, service, number)
    mac = str(service.extra.get("mac_address", ""))
    return tuple(
        NetworkAttachment(
            network=project.networks[net.name].name,
            aliases=tuple(dict.fromkeys((name, service.name, *net.aliases))),
            ipv4_address=net.ipv4_address,
            ipv6_address=net.ipv6_address,
            link_local_ips=net.link_local_ips,
            mac_address=net.mac_address or (mac if i == 0 else ""),
            driver_opts=net.driver_opts,
            gw_priority=net.gw_priority,
            interface_name=net.interface_name,
        )
        for i, net in enumerate(ordered)
    )
