"""Options of a mount and of a network attachment reach the create request as the Engine API takes them:
``volume.labels`` (``VolumeOptions.Labels``) and an endpoint's ``driver_opts`` (``DriverOpts``)."""

from __future__ import annotations

from pathlib import Path

from compose import desired
from compose.engine import docker_mapping
from tests.helpers import project_from

OLD = "1.41"


def test_volume_labels_go_with_the_mount(tmp_path: Path) -> None:
    project = project_from(
        tmp_path,
        """
        services:
          app:
            image: busybox
            volumes:
              - {type: volume, target: /cache, volume: {labels: {tier: cache, keep: "no"}}}
              - {type: volume, source: data, target: /data, volume: {labels: [owner=app, bare]}}
              - data:/plain
        volumes:
          data: {}
        """,
    )
    desired.check_supported(project)
    spec = desired.container(project, project.services["app"], 1)
    host = docker_mapping.container_config(spec, OLD)["HostConfig"]
    # labels need the long form; a project volume without options keeps the short one
    assert host["Binds"] == ["demo_data:/plain:rw"]
    mounts = {m["Target"]: m for m in host["Mounts"]}
    assert mounts["/cache"] == {
        "Type": "volume",
        "Target": "/cache",
        "ReadOnly": False,
        "VolumeOptions": {"Labels": {"keep": "no", "tier": "cache"}},
    }
    assert mounts["/data"]["Source"] == "demo_data"
    assert mounts["/data"]["VolumeOptions"] == {"Labels": {"bare": "", "owner": "app"}}
    assert docker_mapping.container_unsupported(spec, OLD) == []


def test_endpoint_driver_opts_on_every_attachment(tmp_path: Path) -> None:
    project = project_from(
        tmp_path,
        """
        services:
          app:
            image: busybox
            networks:
              front: {priority: 2, driver_opts: {com.example.mtu: 1400}}
              back: {driver_opts: {com.example.zone: b}, interface_name: eth7}
        networks:
          front: {}
          back: {}
        """,
    )
    desired.check_supported(project)
    spec = desired.container(project, project.services["app"], 1)
    endpoints = docker_mapping.container_config(spec, OLD)["NetworkingConfig"]["EndpointsConfig"]
    assert endpoints["demo_front"]["DriverOpts"] == {"com.example.mtu": "1400"}
    # the network connected after creation carries its own, with the interface name's option
    (back,) = docker_mapping.after_create(spec, OLD)
    assert docker_mapping.endpoint(back)["DriverOpts"] == {
        "com.example.zone": "b",
        "com.docker.network.endpoint.ifname": "eth7",
    }
