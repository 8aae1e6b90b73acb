"""From a compose file to the Engine API's create request, with no daemon: every mapped key lands where
Docker Compose v2 puts it, and what cannot be honoured is refused with its location."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from compose import desired
from compose.engine import docker_mapping
from compose.engine.fake import FakeEngine
from compose.errors import ConfigError, UnsupportedFeatureError
from compose.model import Project
from compose.orchestrator import plan_up
from tests.helpers import project_from

OLD, NEW = "1.41", "1.44"


def _config(project: Project, service: str, api: str = OLD) -> dict[str, Any]:
    spec = desired.container(project, project.services[service], 1)
    return docker_mapping.container_config(spec, api)


def test_host_settings(tmp_path: Path) -> None:
    project = project_from(
        tmp_path,
        """
        services:
          app:
            image: busybox
            cpus: 1.5
            mem_limit: 64m
            memswap_limit: 128m
            mem_swappiness: 0
            pids_limit: 0
            cpu_rt_runtime: 950ms
            cap_add: [NET_ADMIN]
            init: false
            devices: ["/dev/fuse", "/dev/null:rw", "/dev/zero:/dev/z:r", "vendor.com/gpu=0"]
            ulimits: {nofile: {soft: 10, hard: 20}, core: 0}
            extra_hosts: {db: 10.0.0.2}
            blkio_config:
              weight: 300
              device_read_bps: [{path: /dev/sda, rate: 1mb}]
            logging: {driver: local, options: {max-file: 3}}
            stop_grace_period: 2m
            stop_signal: SIGUSR1
        """,
    )
    config = _config(project, "app")
    host = config["HostConfig"]
    assert (
        host["NanoCpus"] == 1_500_000_000 and host["Memory"] == 64 << 20 and host["MemorySwap"] == 128 << 20
    )
    assert host["MemorySwappiness"] == 0 and "PidsLimit" not in host  # 0 is "unset", as in Compose
    assert host["CpuRealtimeRuntime"] == 950_000 and host["Init"] is False
    assert host["Devices"] == [
        {"PathOnHost": "/dev/fuse", "PathInContainer": "/dev/fuse", "CgroupPermissions": "rwm"},
        {"PathOnHost": "/dev/null", "PathInContainer": "/dev/null", "CgroupPermissions": "rw"},
        {"PathOnHost": "/dev/zero", "PathInContainer": "/dev/z", "CgroupPermissions": "r"},
    ]
    assert host["DeviceRequests"] == [
        {
            "Driver": "cdi",
            "Count": 0,
            "DeviceIDs": ["vendor.com/gpu=0"],
            "Capabilities": None,
            "Options": None,
        }
    ]
    assert host["Ulimits"] == [
        {"Name": "core", "Soft": 0, "Hard": 0},
        {"Name": "nofile", "Soft": 10, "Hard": 20},
    ]
    assert host["ExtraHosts"] == ["db:10.0.0.2"]
    assert host["BlkioWeight"] == 300 and host["BlkioDeviceReadBps"] == [
        {"Path": "/dev/sda", "Rate": 1 << 20}
    ]
    assert host["LogConfig"] == {"Type": "local", "Config": {"max-file": "3"}}
    assert config["StopTimeout"] == 120 and config["StopSignal"] == "SIGUSR1"


def test_mounts_secrets_and_configs(tmp_path: Path) -> None:
    project = project_from(
        tmp_path,
        """
        services:
          app:
            image: busybox
            volumes:
              - ./src:/src:ro,z
              - ./shared:/shared:Z,rshared
              - ./private:/private:rprivate
              - data:/data
              - {type: volume, source: data, target: /sub, volume: {subpath: a/b}}
              - {type: bind, source: ./conf, target: /conf, bind: {recursive: disabled}}
              - {type: tmpfs, target: /t, tmpfs: {size: 64k}}
            secrets: [token, {source: token, target: other, mode: "0440"}]
            configs: [{source: inline, target: conf.d/app.conf}]
        volumes:
          data: {}
        secrets:
          token: {file: ./token}
        configs:
          inline: {content: "x = 1"}
        """,
    )
    root = tmp_path / "demo"
    spec = desired.container(project, project.services["app"], 1)
    host = docker_mapping.container_config(spec, OLD)["HostConfig"]
    assert host["Binds"] == [
        f"{root}/src:/src:ro,z",
        f"{root}/shared:/shared:rw,Z,rshared",
        "demo_data:/data:rw",
    ]
    mounts = {m["Target"]: m for m in host["Mounts"]}
    assert mounts["/private"]["BindOptions"] == {"Propagation": "rprivate"}  # the long form, as in Compose
    assert mounts["/sub"]["VolumeOptions"] == {"Subpath": "a/b"}
    assert mounts["/conf"] == {
        "Type": "bind",
        "Target": "/conf",
        "ReadOnly": False,
        "Source": f"{root}/conf",
        "BindOptions": {"NonRecursive": True},
    }
    assert mounts["/t"]["TmpfsOptions"] == {"SizeBytes": 64 << 10}
    assert mounts["/run/secrets/token"] == {
        "Type": "bind",
        "Source": f"{root}/token",
        "Target": "/run/secrets/token",
        "ReadOnly": True,
    }
    files = {f.target: f for f in spec.files}
    assert files["/run/secrets/other"].mode == 0o440 and not files["/run/secrets/other"].mounted_as_is
    assert files["/conf.d/app.conf"].content == "x = 1"
    # subpath needs a newer engine than 1.41: refused there, not ignored
    assert docker_mapping.container_unsupported(spec, OLD) == [
        "services.app.volumes.volume.subpath needs Docker Engine API 1.45 or later; this engine speaks 1.41"
    ]
    assert docker_mapping.container_unsupported(spec, "1.45") == []


def test_environment_secrets_read_the_project_environment(tmp_path: Path) -> None:
    from compose.config import LoadOptions, load_project

    root = tmp_path / "p"
    root.mkdir()
    (root / ".env").write_text("TOKEN=from-dotenv\n")
    (root / "compose.yaml").write_text(
        "services:\n  a:\n    image: x\n    secrets: [t]\nsecrets:\n  t: {environment: TOKEN}\n"
    )
    project = load_project(LoadOptions(working_dir=str(root), environment={})).project
    assert project.services["a"].secrets[0].content == "from-dotenv"


def test_networks_by_priority_and_engine_version(tmp_path: Path) -> None:
    project = project_from(
        tmp_path,
        """
        services:
          app:
            image: busybox
            mac_address: "02:00:00:00:00:01"
            links: [db, "db:database"]
            networks:
              a: {priority: 1}
              b: {priority: 5, ipv4_address: 10.5.0.2, aliases: [bee]}
          db:
            image: busybox
            scale: 2
            networks: [b]
        networks:
          a: {}
          b: {ipam: {config: [{subnet: 10.5.0.0/16}]}}
        """,
    )
    old = _config(project, "app", OLD)
    assert old["HostConfig"]["NetworkMode"] == "demo_b" and old["MacAddress"] == "02:00:00:00:00:01"
    links = ["demo-db-1:db", "demo-db-2:db", "demo-db-1:database", "demo-db-2:database"]
    assert old["HostConfig"]["Links"] == links
    endpoints = old["NetworkingConfig"]["EndpointsConfig"]
    assert list(endpoints) == ["demo_b"]
    assert endpoints["demo_b"] == {
        "Aliases": ["demo-app-1", "app", "bee"],
        "Links": links,
        "IPAMConfig": {"IPv4Address": "10.5.0.2"},
        "MacAddress": "02:00:00:00:00:01",
    }
    spec = desired.container(project, project.services["app"], 1)
    assert [a.network for a in docker_mapping.after_create(spec, OLD)] == ["demo_a"]
    new = _config(project, "app", NEW)  # from 1.44 every network is given at creation
    assert (
        list(new["NetworkingConfig"]["EndpointsConfig"]) == ["demo_b", "demo_a"] and "MacAddress" not in new
    )
    assert docker_mapping.after_create(spec, NEW) == ()
    body = docker_mapping.network_config(desired.networks(project)[1])
    assert body["IPAM"] == {"Driver": "default", "Config": [{"Subnet": "10.5.0.0/16"}], "Options": {}}


def test_shared_namespaces_and_volumes_from(tmp_path: Path) -> None:
    project = project_from(
        tmp_path,
        """
        services:
          base: {image: busybox}
          side:
            image: busybox
            network_mode: service:base
            ipc: service:base
            pid: host
            volumes_from: [base, "base:ro", "container:other:rw"]
        """,
    )
    host = _config(project, "side")["HostConfig"]
    assert host["NetworkMode"] == "container:demo-base-1" and host["IpcMode"] == "container:demo-base-1"
    assert host["PidMode"] == "host" and "NetworkingConfig" not in _config(project, "side")
    assert host["VolumesFrom"] == ["demo-base-1", "demo-base-1:ro", "other:rw"]
    side = project.services["side"]
    assert [(d.service, d.restart) for d in side.depends_on] == [("base", True)]


def test_a_referring_container_is_created_after_the_one_it_refers_to(tmp_path: Path) -> None:
    project = project_from(
        tmp_path,
        """
        services:
          base: {image: busybox}
          side: {image: busybox, network_mode: "service:base"}
          reader: {image: busybox, volumes_from: [base]}
        """,
    )
    engine = FakeEngine(images={"busybox": "sha256:1"})
    ops = {op.id: op for op in plan_up(project, engine).operations}
    base = "container:demo-base-1:create"
    assert base in ops["container:demo-side-1:create"].needs
    assert base in ops["container:demo-reader-1:create"].needs


def test_restart_policies(tmp_path: Path) -> None:
    project = project_from(
        tmp_path,
        """
        services:
          a: {image: x, restart: "on-failure:4"}
          b: {image: x, restart: always, deploy: {restart_policy: {condition: none}}}
          c: {image: x, deploy: {restart_policy: {condition: on-failure, max_attempts: 3}}}
          d: {image: x, deploy: {restart_policy: {}}}
        """,
    )
    policies = {name: _config(project, name)["HostConfig"]["RestartPolicy"] for name in "abcd"}
    assert policies == {
        "a": {"Name": "on-failure", "MaximumRetryCount": 4},
        "b": {"Name": "no"},
        "c": {"Name": "on-failure", "MaximumRetryCount": 3},
        "d": {"Name": "always"},
    }


REFUSALS = [
    ("cpu_count: 2", "services.app.cpu_count: 'cpu_count' is not supported: a Windows container option"),
    ("pull_refresh_after: 1h", "services.app.pull_refresh_after: 'pull_refresh_after' is not supported"),
    (
        "deploy: {mode: global}",
        "services.app.deploy.mode: 'deploy.mode' is not supported: mode global is Swarm scheduling",
    ),
    (
        "deploy: {resources: {reservations: {cpus: '1'}}}",
        "'deploy.resources.reservations.cpus' is not supported: a CPU reservation is Swarm scheduling",
    ),
    (
        "deploy: {update_config: {parallelism: 2}}",
        "'deploy.update_config' is not supported: a Swarm service option",
    ),
    (
        "volumes: [{type: npipe, source: x, target: /x}]",
        "'volumes[0].type' is not supported: named pipes exist on Windows engines only",
    ),
    (
        "volumes: [{type: bind, source: ., target: /x, bind: {selinux: z, recursive: disabled}}]",
        "'volumes[0].bind.selinux' is not supported: bind.selinux needs the short bind form",
    ),
    ("secrets: [ext]", "'secrets[0]' is not supported: external secrets live in Swarm"),
    ("configs: [nowhere]", "'configs[0]' is not supported: configs.nowhere is not defined, or has no file"),
]


@pytest.mark.parametrize(("line", "message"), REFUSALS, ids=[r[0].split(":")[0] for r in REFUSALS])
def test_what_cannot_be_honoured_is_refused_with_its_location(
    tmp_path: Path, line: str, message: str
) -> None:
    project = project_from(
        tmp_path,
        f"""
        services:
          app:
            image: x
            {line}
        secrets:
          ext: {{external: true}}
        """,
    )
    with pytest.raises(UnsupportedFeatureError) as caught:
        desired.check_supported(project)
    text = str(caught.value)
    assert "compose.yaml:4:5: " in text and message in text, text


def test_keys_mapped_or_read_elsewhere_pass(tmp_path: Path) -> None:
    project = project_from(
        tmp_path,
        """
        services:
          app:
            image: x
            pull_policy: missing
            develop: {watch: [{path: ., action: rebuild}]}
            deploy: {replicas: 2, mode: replicated, resources: {limits: {pids: 5}}}
            x-note: kept
        """,
    )
    desired.check_supported(project)


def test_a_bad_value_is_a_config_error_with_its_location(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"compose.yaml:\d+:\d+: .*tmpfs.size"):
        project_from(
            tmp_path,
            "services:\n  a:\n    image: x\n    volumes: [{type: tmpfs, target: /t, tmpfs: {size: lots}}]\n",
        )


def test_the_fake_engine_runs_hooks(tmp_path: Path) -> None:
    project = project_from(
        tmp_path,
        """
        services:
          app:
            image: busybox
            post_start: [{command: "true"}]
            pre_stop: [{command: ["true"]}]
        """,
    )
    engine = FakeEngine(images={"busybox": "sha256:1"})
    spec = desired.container(project, project.services["app"], 1)
    engine.create_container(spec)
    engine.start_container(spec.name)
    engine.stop_container(spec.name)
    assert engine.calls[-3:] == ["post_start:demo-app-1", "pre_stop:demo-app-1", "stop:demo-app-1"]


def test_mac_address_with_a_network_mode(tmp_path: Path) -> None:
    project = project_from(
        tmp_path,
        "services:\n  a:\n    image: x\n    network_mode: bridge\n    mac_address: 02:00:00:00:00:07\n",
    )
    config = _config(project, "a", NEW)
    assert config["MacAddress"] == "02:00:00:00:00:07" and config["HostConfig"]["NetworkMode"] == "bridge"
