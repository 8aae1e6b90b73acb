"""Networks, endpoints, shared namespaces and links reach the engine as Compose sends them (inspected on the
real daemon)."""

from __future__ import annotations

import ipaddress
import random
from typing import Any

import docker

from tests.e2e.conftest import BUSYBOX, FOREVER, Project


def _attrs(project: Project, service: str, number: int = 1) -> dict[str, Any]:
    return dict(project.client.containers.get(f"{project.name}-{service}-{number}").attrs)


def _free_numbers(client: docker.DockerClient, count: int) -> list[int]:
    """``count`` numbers N whose ``10.N.0.0/16`` and ``fd00:N::/64`` overlap no network the engine has."""
    taken = [
        ipaddress.ip_network(config["Subnet"])
        for network in client.networks.list(greedy=True)
        for config in (network.attrs.get("IPAM") or {}).get("Config") or ()
        if config.get("Subnet")
    ]
    free = [
        n
        for n in range(100, 250)
        if not any(
            ipaddress.ip_network(subnet).overlaps(t)
            for subnet in (f"10.{n}.0.0/16", f"fd00:{n}::/64")
            for t in taken
            if t.version == ipaddress.ip_network(subnet).version
        )
    ]
    return random.sample(free, count)


def test_networks_and_endpoints(project: Project) -> None:
    n, m = _free_numbers(project.client, 2)  # fixed subnets could meet one the engine handed out
    a, b = f"10.{n}", f"10.{m}"
    project.write(f"""
        services:
          app:
            image: {BUSYBOX}
            command: {FOREVER}
            mac_address: "02:42:ac:1e:00:99"
            networks:
              front:
                aliases: [web]
                ipv4_address: {a}.5.10
                priority: 100
              back:
                priority: 10
          peer:
            image: {BUSYBOX}
            command: {FOREVER}
            networks: [back]
        networks:
          front:
            driver: bridge
            attachable: true
            labels: {{tier: front}}
            driver_opts: {{com.docker.network.bridge.enable_icc: "true"}}
            ipam:
              config:
                - subnet: {a}.0.0/16
                  ip_range: {a}.5.0/24
                  gateway: {a}.0.1
                  aux_addresses: {{reserved: {a}.1.5}}
          back:
            internal: true
            enable_ipv6: true
            ipam: {{config: [{{subnet: {b}.0.0/16}}, {{subnet: "fd00:{m}::/64"}}]}}
        """)
    project.run("up", "-d")
    app = _attrs(project, "app")
    front, back = f"{project.name}_front", f"{project.name}_back"
    # the highest priority is the primary network, given at creation
    assert app["HostConfig"]["NetworkMode"] == front
    endpoints = app["NetworkSettings"]["Networks"]
    assert endpoints[front]["IPAMConfig"]["IPv4Address"] == f"{a}.5.10"
    assert endpoints[front]["IPAddress"] == f"{a}.5.10"
    assert {f"{project.name}-app-1", "app", "web"} <= set(endpoints[front]["Aliases"])
    assert endpoints[front]["MacAddress"] == "02:42:ac:1e:00:99"
    assert "app" in endpoints[back]["Aliases"]
    created = project.client.networks.get(front).attrs
    assert created["Labels"]["tier"] == "front" and created["Attachable"] is True
    assert created["Options"] == {"com.docker.network.bridge.enable_icc": "true"}
    assert created["IPAM"]["Config"] == [
        {
            "Subnet": f"{a}.0.0/16",
            "IPRange": f"{a}.5.0/24",
            "Gateway": f"{a}.0.1",
            "AuxiliaryAddresses": {"reserved": f"{a}.1.5"},
        }
    ]
    internal = project.client.networks.get(back).attrs
    assert internal["Internal"] is True and internal["EnableIPv6"] is True
    assert [c["Subnet"] for c in internal["IPAM"]["Config"]] == [f"{b}.0.0/16", f"fd00:{m}::/64"]
    peer = project.client.containers.get(f"{project.name}-peer-1")
    assert peer.exec_run(["ping", "-c", "1", "-W", "2", "app"]).exit_code == 0


COMPOSE_SHARED = """
    services:
      base:
        image: {busybox}
        command: {forever}
        network_mode: bridge
        ipc: shareable
        hostname: {hostname}
      sidecar:
        image: {busybox}
        command: {forever}
        network_mode: service:base
        pid: service:base
        ipc: service:base
      linked:
        image: {busybox}
        command: {forever}
        network_mode: bridge
        links: ["base:db"]
        external_links: ["{outside}:ext"]
      isolated:
        image: {busybox}
        command: {forever}
        network_mode: none
    """


def test_shared_namespaces_links_and_implied_order(project: Project) -> None:
    outside = f"{project.name}-outside"
    running = project.client.containers.run(BUSYBOX, ["sleep", "300"], name=outside, detach=True)
    try:
        values = {"busybox": BUSYBOX, "forever": FOREVER, "outside": outside}
        project.write(COMPOSE_SHARED.format(hostname="b1", **values))
        project.run("up", "-d")
        base_id = _attrs(project, "base")["Id"]
        sidecar = _attrs(project, "sidecar")
        for mode in ("NetworkMode", "PidMode", "IpcMode"):
            assert sidecar["HostConfig"][mode] == f"container:{base_id}", mode
        assert sidecar["Config"]["Labels"]["com.docker.compose.depends_on"] == "base:service_started:true"
        assert _attrs(project, "isolated")["HostConfig"]["NetworkMode"] == "none"
        linked = _attrs(project, "linked")["HostConfig"]["Links"]
        me = f"/{project.name}-linked-1"
        assert sorted(linked) == sorted([f"/{project.name}-base-1:{me}/db", f"/{outside}:{me}/ext"])
        _, hosts = project.client.containers.get(f"{project.name}-linked-1").exec_run(["cat", "/etc/hosts"])
        assert b"db" in hosts and b"ext" in hosts

        # base is recreated: the sidecar, which joined its namespaces, and linked are recreated with it
        project.write(COMPOSE_SHARED.format(hostname="b2", **values))
        plan = project.run("--dry-run", "up", "-d").out
        assert plan.count("service base it shares namespaces with or links to was recreated") == 2, plan
        project.run("up", "-d")
        new_base = _attrs(project, "base")["Id"]
        assert new_base != base_id
        assert _attrs(project, "sidecar")["HostConfig"]["NetworkMode"] == f"container:{new_base}"
        linked_now = project.client.containers.get(f"{project.name}-linked-1")
        assert linked_now.attrs["State"]["Running"] is True
        assert linked_now.exec_run(["ping", "-c", "1", "-W", "2", "db"]).exit_code == 0
    finally:
        running.remove(force=True)


def test_endpoint_driver_opts(project: Project) -> None:
    project.write(f"""
        services:
          app:
            image: {BUSYBOX}
            command: {FOREVER}
            networks:
              front:
                priority: 10
                driver_opts: {{com.example.zone: front}}
              back:
                driver_opts: {{com.example.zone: back, com.example.tier: "2"}}
        networks:
          front: {{}}
          back: {{}}
        """)
    project.run("up", "-d")
    endpoints = _attrs(project, "app")["NetworkSettings"]["Networks"]
    # the primary network's options are given at creation, the other's when it is connected
    assert endpoints[f"{project.name}_front"]["DriverOpts"] == {"com.example.zone": "front"}
    assert endpoints[f"{project.name}_back"]["DriverOpts"] == {
        "com.example.zone": "back",
        "com.example.tier": "2",
    }
