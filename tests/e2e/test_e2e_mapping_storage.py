"""Ports, mounts, secrets and configs reach the engine as Compose sends them (on the real daemon)."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from tests.e2e.conftest import BUSYBOX, FOREVER, Project

STAY = "trap 'exit 0' TERM; while true; do sleep 0.2; done"


def _container(project: Project, service: str) -> Any:
    return project.client.containers.get(f"{project.name}-{service}-1")


def _read(project: Project, service: str, path: str) -> str:
    code, out = _container(project, service).exec_run(["cat", path])
    assert code == 0, out
    return str(out.decode())


def test_ports_ranges_host_ip_and_protocols(project: Project, free_port: Callable[[], int]) -> None:
    low = free_port()
    udp = free_port()
    project.write(f"""
        services:
          app:
            image: {BUSYBOX}
            command: {FOREVER}
            ports:
              - "{low}-{low + 1}:80-81"
              - "127.0.0.1:{udp}:53/udp"
              - target: 90
                published: "{low + 2}"
                protocol: tcp
                app_protocol: http
              - "91"
        """)
    project.run("up", "-d")
    host = _container(project, "app").attrs["HostConfig"]
    bindings = host["PortBindings"]
    assert bindings["80/tcp"] == [{"HostIp": "", "HostPort": str(low)}]
    assert bindings["81/tcp"] == [{"HostIp": "", "HostPort": str(low + 1)}]
    assert bindings["53/udp"] == [{"HostIp": "127.0.0.1", "HostPort": str(udp)}]
    assert bindings["90/tcp"] == [{"HostIp": "", "HostPort": str(low + 2)}]
    assert bindings["91/tcp"] == [{"HostIp": "", "HostPort": ""}]
    ports = _container(project, "app").attrs["NetworkSettings"]["Ports"]
    assert ports["91/tcp"][0]["HostPort"]  # the engine picked one


def test_mounts_with_their_options(project: Project) -> None:
    (project.root / "shared").mkdir()
    (project.root / "shared" / "note").write_text("bound\n")
    project.write(f"""
        services:
          app:
            image: {BUSYBOX}
            command: {FOREVER}
            volumes:
              - ./shared:/ro:ro
              - ./created:/created
              - type: bind
                source: ./shared
                target: /private
                bind: {{propagation: rprivate, create_host_path: false}}
              - type: volume
                source: data
                target: /data
                volume: {{nocopy: true}}
              - data:/named
              - type: tmpfs
                target: /fast
                tmpfs: {{size: 1m, mode: 0o1777}}
              - /anonymous
        volumes:
          data:
            driver: local
            driver_opts: {{type: tmpfs, device: tmpfs, o: size=2m}}
            labels: {{purpose: test}}
        """)
    project.run("up", "-d")
    attrs = _container(project, "app").attrs
    host = attrs["HostConfig"]
    assert f"{project.root}/shared:/ro:ro" in host["Binds"]
    assert f"{project.root}/created:/created:rw" in host["Binds"]  # the short form creates the host path
    assert (project.root / "created").is_dir()
    assert f"{project.name}_data:/named:rw" in host["Binds"]
    mounts = {m["Target"]: m for m in host["Mounts"]}
    assert mounts["/private"]["BindOptions"] == {"Propagation": "rprivate"}
    assert mounts["/data"]["VolumeOptions"]["NoCopy"] is True
    assert mounts["/fast"]["TmpfsOptions"] == {"SizeBytes": 1 << 20, "Mode": 0o1777}
    assert mounts["/anonymous"]["Type"] == "volume"
    seen = {m["Destination"]: m for m in attrs["Mounts"]}
    assert seen["/private"]["Propagation"] == "rprivate" and seen["/ro"]["RW"] is False
    assert _read(project, "app", "/ro/note") == "bound\n"
    volume = project.client.volumes.get(f"{project.name}_data").attrs
    assert volume["Options"] == {"type": "tmpfs", "device": "tmpfs", "o": "size=2m"}
    assert volume["Labels"]["purpose"] == "test"


def test_secrets_and_configs_are_files_in_the_container(project: Project) -> None:
    (project.root / "token.txt").write_text("from a file\n")
    (project.root / "app.conf").write_text("listen 80\n")
    project.write(f"""
        services:
          app:
            image: {BUSYBOX}
            command: {FOREVER}
            read_only: true
            secrets:
              - token
              - source: api_key
                target: key
                uid: "1000"
                gid: "1001"
                mode: 0o400
            configs:
              - app_conf
              - source: inline
                target: /etc/inline.conf
              - source: from_env
                target: relative.conf
        secrets:
          token: {{file: ./token.txt}}
          api_key: {{environment: API_KEY}}
        configs:
          app_conf: {{file: ./app.conf}}
          inline: {{content: "debug = true"}}
          from_env: {{environment: CONF_TEXT}}
        """)
    project.run("up", "-d", env={"API_KEY": "s3cret", "CONF_TEXT": "level = 2"})
    assert _read(project, "app", "/run/secrets/token") == "from a file\n"
    assert _read(project, "app", "/run/secrets/key") == "s3cret"
    assert _read(project, "app", "/app_conf") == "listen 80\n"
    assert _read(project, "app", "/etc/inline.conf") == "debug = true"
    assert _read(project, "app", "/relative.conf") == "level = 2"
    _, out = _container(project, "app").exec_run(["stat", "-c", "%u %g %a", "/run/secrets/key"])
    assert out.decode().split() == ["1000", "1001", "400"]
    mounts = {m["Target"]: m for m in _container(project, "app").attrs["HostConfig"]["Mounts"]}
    assert mounts["/run/secrets/token"] == {
        "Type": "bind",
        "Source": f"{project.root}/token.txt",
        "Target": "/run/secrets/token",
        "ReadOnly": True,
    }
    written = mounts["/run/secrets/key"]["Source"]
    assert os.path.isfile(written) and mounts["/run/secrets/key"]["ReadOnly"] is True
    project.run("down")
    assert not os.path.exists(written)  # the written files go with the container


def test_volumes_from_a_service_and_a_container(project: Project) -> None:
    project.write(f"""
        services:
          store:
            image: {BUSYBOX}
            command: ["sh", "-c", "echo kept > /shared/file; {STAY}"]
            volumes: [/shared]
          reader:
            image: {BUSYBOX}
            command: {FOREVER}
            volumes_from: ["store:ro"]
          writer:
            image: {BUSYBOX}
            command: {FOREVER}
            volumes_from: [store, "container:{project.name}-store-1:rw"]
        """)
    project.run("up", "-d")
    reader = _container(project, "reader").attrs
    assert reader["HostConfig"]["VolumesFrom"] == [f"{project.name}-store-1:ro"]
    assert _container(project, "writer").attrs["HostConfig"]["VolumesFrom"] == [
        f"{project.name}-store-1",
        f"{project.name}-store-1:rw",
    ]
    mounted = {m["Destination"]: m for m in reader["Mounts"]}
    assert mounted["/shared"]["RW"] is False
    # store started first (volumes_from implies depends_on), so the file is there
    assert _read(project, "reader", "/shared/file") == "kept\n"


def test_volume_labels_reach_the_volume_the_mount_creates(project: Project) -> None:
    project.write(f"""
        services:
          app:
            image: {BUSYBOX}
            command: {FOREVER}
            volumes:
              - type: volume
                target: /scratch
                volume: {{labels: {{tier: scratch, owner: app}}}}
        """)
    project.run("up", "-d")
    (mount,) = [m for m in _container(project, "app").attrs["Mounts"] if m["Destination"] == "/scratch"]
    assert mount["Type"] == "volume"
    labels = project.client.volumes.get(mount["Name"]).attrs["Labels"]
    assert labels["tier"] == "scratch" and labels["owner"] == "app", labels
