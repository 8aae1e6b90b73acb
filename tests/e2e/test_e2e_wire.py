"""Reads on the real engine: the standard-library reader and the SDK see the same, and a read-only command
never loads the SDK."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from compose.engine.docker import DockerEngine
from compose.errors import NotFoundError
from tests.e2e.conftest import BUSYBOX, FOREVER, REPO, Project


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


def test_a_no_op_up_reads_without_loading_the_sdk(project: Project) -> None:
    project.write(f"""
        services:
          web:
            image: {BUSYBOX}
            command: {FOREVER}
        """)
    project.run("up", "-d")
    again = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "compose.cli", "-p", project.name, "up", "-d"],
        cwd=project.root,
        env={**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    imported = {line.rsplit("|", 1)[-1].strip() for line in again.stderr.splitlines() if "|" in line}
    assert "compose.engine.docker" in imported  # the engine was used ...
    assert "docker" not in imported and "requests" not in imported  # ... and the SDK never loaded
    assert f"Container {project.name}-web-1  Running" in again.stderr
