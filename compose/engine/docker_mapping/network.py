"""Networks as the Engine API takes them: endpoint settings of a container, and the body that creates one."""

from __future__ import annotations

from typing import Any

from compose.engine.base import ContainerSpec, NetworkAttachment, NetworkSpec, VolumeSpec

from .versions import at_least

IFNAME_OPTION = "com.docker.network.endpoint.ifname"
# From this Engine API version on, every network is given at creation (before, the others are connected after)
ALL_AT_CREATE = "1.44"


def endpoint(a: NetworkAttachment, links: tuple[str, ...] = ()) -> dict[str, Any]:
    """``EndpointSettings`` of one attachment, as Compose fills them."""
    settings: dict[str, Any] = {"Aliases": list(a.aliases)}
    if links:
        settings["Links"] = list(links)
    ipam = {
        "IPv4Address": a.ipv4_address,
        "IPv6Address": a.ipv6_address,
        "LinkLocalIPs": list(a.link_local_ips),
    }
    if any(ipam.values()):
        settings["IPAMConfig"] = {k: v for k, v in ipam.items() if v}
    options = {**a.driver_opts, **({IFNAME_OPTION: a.interface_name} if a.interface_name else {})}
    if options:
        settings["DriverOpts"] = options
    if a.mac_address:
        settings["MacAddress"] = a.mac_address
    if a.gw_priority:
        settings["GwPriority"] = a.gw_priority
    return settings


def at_create(spec: ContainerSpec, api_version: str) -> tuple[NetworkAttachment, ...]:
    """The networks given when the container is created: the first, or all on an engine that takes them."""
    if spec.network_mode or not spec.networks:
        return ()
    return spec.networks if at_least(api_version, ALL_AT_CREATE) else spec.networks[:1]


def after_create(spec: ContainerSpec, api_version: str) -> tuple[NetworkAttachment, ...]:
    """The networks to connect the created container to, in order."""
    if spec.network_mode:
        return ()
    return spec.networks[len(at_create(spec, api_version)) :]


def networking(spec: ContainerSpec, api_version: str) -> tuple[str, dict[str, Any] | None]:
    """``HostConfig.NetworkMode`` and the ``NetworkingConfig`` of the create request ("": the default)."""
    if spec.network_mode:
        return spec.network_mode, None
    attached = at_create(spec, api_version)
    if not attached:
        return "", None
    endpoints = {a.network: endpoint(a, spec.links) for a in attached}
    return attached[0].network, {"EndpointsConfig": endpoints}


def network_config(spec: NetworkSpec) -> dict[str, Any]:
    """The body of ``POST /networks/create``."""
    body: dict[str, Any] = {
        "Name": spec.name,
        "CheckDuplicate": True,
        "Internal": spec.internal,
        "Attachable": spec.attachable,
        "Labels": dict(spec.labels),
    }
    optional = {
        "Driver": spec.driver or None,
        "Options": dict(spec.driver_opts) or None,
        "EnableIPv6": spec.enable_ipv6 or None,
    }
    body.update({k: v for k, v in optional.items() if v is not None})
    if spec.ipam_driver or spec.ipam_pools or spec.ipam_options:
        pools = [
            {
                k: v
                for k, v in {
                    "Subnet": p.subnet,
                    "IPRange": p.ip_range,
                    "Gateway": p.gateway,
                    "AuxiliaryAddresses": dict(p.aux_addresses),
                }.items()
                if v
            }
            for p in spec.ipam_pools
        ]
        body["IPAM"] = {
            "Driver": spec.ipam_driver or "default",
            "Config": pools,
            "Options": dict(spec.ipam_options),
        }
    return body


def volume_config(spec: VolumeSpec) -> dict[str, Any]:
    """The body of ``POST /volumes/create``."""
    body: dict[str, Any] = {"Name": spec.name, "Labels": dict(spec.labels)}
    if spec.driver:
        body["Driver"] = spec.driver
    if spec.driver_opts:
        body["DriverOpts"] = dict(spec.driver_opts)
    return body
