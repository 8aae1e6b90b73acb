"""Requests on the real engine: the standard-library reader and the SDK read, change and create the same,
and a command made only of such requests (a no-op ``up``, a ``down``, a cold ``up --wait``) never loads
the SDK."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from compose.engine.docker import DockerEngine
from compose.errors import ConflictError, ForbiddenError, NotFoundError
from compose.events import ListSink
from compose.orchestrator import DownOptions, down, up
from tests.e2e.conftest import BUSYBOX, FOREVER, REPO, Project
from tests.helpers import project_from


def _both() -> tuple[DockerEngine, DockerEngine]:
    """An engine reading through the wire, and one reading through the SDK (as for an ``ssh://`` host)."""
    wire, sdk = DockerEngine(), DockerEngine()
    assert wire.wire is not None
    sdk.wire = None
    return wire, sdk


def test_the_wire_and_the_sdk_read_the_same(project: Project) -> None:
    project.write(f"""
        services:
          web:
            image: {BUSYBOX}
            command: {FOREVER}
            ports: ["127.0.0.1::80"]
            volumes: [data:/data]
        volumes:
          data: {{}}
        """)
    project.run("up", "-d")
    wire, sdk = _both()
    seen = wire.observe(project.name)
    assert seen == sdk.observe(project.name)
    assert [c.name for c in seen.containers] == [f"{project.name}-web-1"]
    assert [v.name for v in seen.volumes] == [f"{project.name}_data"]
    web = seen.containers[0].id
    for read in (
        lambda e: e.inspect_container(web),
        lambda e: e.port_bindings(web),
        lambda e: e.top(web).titles,  # the rows change as the loop runs its sleeps
        lambda e: e.image_id(BUSYBOX),
        lambda e: e.image_tagged(BUSYBOX),
        lambda e: e.inspect_image(BUSYBOX),
        lambda e: e.find_network(f"{project.name}_default"),
        lambda e: e.find_volume(f"{project.name}_data"),
        lambda e: e.project_volumes(project.name),
        lambda e: e.ready(project.name),
        lambda e: [c for c in e.list_compose_containers(all_states=True) if c.id == web],
    ):
        assert read(wire) == read(sdk)
    assert wire.port_bindings(web)[0].host_ip == "127.0.0.1"
    assert wire.find_volume("no-such-volume-anywhere") is None
    assert wire.image_id("pycompose/no-such-image:0") is None
    for engine in (wire, sdk):
        with pytest.raises(NotFoundError, match="No such container: no-such-container"):
            engine.inspect_container("no-such-container")


def _up_with_a_volume(project: Project) -> None:
    project.write(f"""
        services:
          web:
            image: {BUSYBOX}
            command: {FOREVER}
            volumes: [data:/data]
        volumes:
          data: {{}}
        """)
    project.run("up", "-d")


@pytest.mark.parametrize("through", ["wire", "sdk"])
def test_start_stop_and_removal_through_the_wire_and_the_sdk(project: Project, through: str) -> None:
    _up_with_a_volume(project)
    engine = dict(zip(("wire", "sdk"), _both(), strict=True))[through]
    web = engine.observe(project.name).containers[0].id
    network, volume = f"{project.name}_default", f"{project.name}_data"

    engine.pause_container(web)
    assert engine.inspect_container(web).state == "paused"
    engine.unpause_container(web)
    assert engine.inspect_container(web).state == "running"
    engine.stop_container(web, 1)
    assert engine.inspect_container(web).state == "exited"
    engine.stop_container(web, 1)  # already stopped: the engine's 304 is no error
    engine.start_container(web)
    assert engine.inspect_container(web).state == "running"
    engine.start_container(web)  # already running: 304 again
    with pytest.raises(ConflictError, match="is in use"):
        engine.remove_volume(volume)
    with pytest.raises(ForbiddenError, match="active endpoints"):
        engine.remove_network(network)
    engine.kill_container(web, "SIGKILL")
    info = engine.inspect_container(web)
    assert (info.state, info.exit_code) == ("exited", 137)
    engine.remove_container(web, volumes=True)
    with pytest.raises(NotFoundError):
        engine.inspect_container(web)
    engine.remove_container(web)  # gone already: nothing to do
    engine.remove_network(network)
    engine.remove_volume(volume)
    assert engine.find_network(network) is None and engine.find_volume(volume) is None
    with pytest.raises(NotFoundError, match="no-such-container"):
        engine.stop_container("no-such-container", 1)


def _imported(project: Project, *args: str) -> tuple[set[str], str]:
    """The modules a run of the CLI imported, and what it wrote on stderr."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "compose.cli", "-p", project.name, *args],
        cwd=project.root,
        env={**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if "|" in line}, done.stderr


def test_a_no_op_up_and_a_down_run_without_loading_the_sdk(project: Project) -> None:
    _up_with_a_volume(project)
    imported, said = _imported(project, "up", "-d")
    assert "compose.engine.docker" in imported  # the engine was used ...
    assert "docker" not in imported and "requests" not in imported  # ... and the SDK never loaded
    assert {"concurrent.futures", "logging", "_hashlib", "shutil"}.isdisjoint(imported)  # nor these
    assert f"Container {project.name}-web-1  Running" in said
    imported, said = _imported(project, "down", "-v")
    assert "docker" not in imported and "requests" not in imported
    assert f"Volume {project.name}_data  Removed" in said
    assert project.run("ps", "-a", "-q").out.strip() == ""
    assert DockerEngine().find_volume(f"{project.name}_data") is None


CREATED = f"""
    services:
      db:
        image: {BUSYBOX}
        command: {FOREVER}
        healthcheck: {{test: [CMD, "true"], interval: 1s}}
        environment: {{A: "1"}}
        labels: {{tier: data}}
        volumes: [data:/data, /scratch]
        networks:
          back: {{aliases: [store], ipv4_address: 172.28.5.9}}
      web:
        image: {BUSYBOX}
        command: {FOREVER}
        ports: ["127.0.0.1::80"]
        tmpfs: [/run]
        depends_on: {{db: {{condition: service_healthy}}}}
        networks: [front, back]
    networks:
      front: {{labels: {{side: front}}, driver_opts: {{com.docker.network.driver.mtu: "1400"}}}}
      back:
        internal: true
        ipam: {{config: [{{subnet: 172.28.0.0/16}}]}}
    volumes:
      data: {{labels: {{kept: "yes"}}}}
    """


def _volume_name(mount: dict[str, str]) -> str:
    """A named volume's name; an anonymous one's is random (hexadecimal)."""
    name = mount.get("Name", "")
    return name if "_" in name else "anonymous"


def _made(name: str) -> str:
    """What the engine holds of project ``name``: its containers, networks and volumes as inspected, less
    what differs from one creation to the next (ids, addresses given out, times), the name made ``P``."""
    engine = DockerEngine()
    seen = engine.observe(name)
    found: dict[str, object] = {}
    for c in seen.containers:
        attrs = engine._read("inspect", f"/containers/{c.id}/json")
        networks = attrs["NetworkSettings"]["Networks"]
        found[c.name] = {
            "Config": {k: v for k, v in attrs["Config"].items() if k != "Hostname"},
            "HostConfig": attrs["HostConfig"],
            "Mounts": sorted((m["Type"], m["Destination"], _volume_name(m)) for m in attrs["Mounts"]),
            "Networks": {
                n: (sorted(a for a in e["Aliases"] or [] if not c.id.startswith(a)), e["IPAMConfig"])
                for n, e in networks.items()
            },
        }
    for n in seen.networks:
        attrs = engine._read("inspect", f"/networks/{n.id}")
        found[n.name] = {k: attrs[k] for k in ("Driver", "Internal", "Attachable", "Options", "Labels")}
        if n.name.endswith("_back"):  # the one with its own subnet (the others get one of the engine's)
            found[n.name + " ipam"] = attrs["IPAM"]["Config"]
    for v in seen.volumes:
        attrs = engine._read("inspect", f"/volumes/{v.name}")
        found[v.name] = {k: attrs[k] for k in ("Driver", "Labels", "Options")}
    return json.dumps(found, sort_keys=True).replace(name, "P")


def test_the_wire_and_the_sdk_create_the_same(project: Project, tmp_path: Path) -> None:
    wire, sdk = _both()
    made = []
    for engine, name in ((wire, project.name), (sdk, project.name + "sdk")):
        loaded = project_from(tmp_path, CREATED, name)
        try:
            up(loaded, engine, ListSink())
            made.append(_made(name))
        finally:
            down(name, engine, ListSink(), DownOptions(volumes=True))
    assert made[0] == made[1]
    assert '"kept": "yes"' in made[0] and '"store"' in made[0] and "172.28.5.9" in made[0]


def test_a_cold_up_that_waits_for_health_runs_without_loading_the_sdk(project: Project) -> None:
    project.write(CREATED)
    imported, said = _imported(project, "up", "-d", "--wait")
    assert "docker" not in imported and "requests" not in imported
    assert f"Container {project.name}-db-1  Healthy" in said
    assert f"Container {project.name}-web-1  Started" in said
    inspected = {c.name: c.attrs for c in project.containers()}
    web = inspected[f"{project.name}-web-1"]
    assert sorted(web["NetworkSettings"]["Networks"]) == [f"{project.name}_back", f"{project.name}_front"]
    db = inspected[f"{project.name}-db-1"]
    assert db["State"]["Health"]["Status"] == "healthy"
    assert db["NetworkSettings"]["Networks"][f"{project.name}_back"]["IPAddress"] == "172.28.5.9"
