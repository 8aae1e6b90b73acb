"""What pycompose must never touch, and errors a user sees instead of tracebacks."""

from __future__ import annotations

import socket
import uuid
from collections.abc import Callable

import docker

from tests.e2e.conftest import BUSYBOX, FOREVER, Project


def test_down_leaves_external_and_foreign_objects(project: Project) -> None:
    client = project.client
    shared_net = client.networks.create(f"shared-{uuid.uuid4().hex[:6]}")
    shared_vol = client.volumes.create(f"keep-{uuid.uuid4().hex[:6]}")
    stranger = client.containers.run(
        BUSYBOX,
        ["sleep", "60"],
        detach=True,
        name=f"stranger-{uuid.uuid4().hex[:6]}",
        labels={"com.docker.compose.project": "someoneelse"},
    )
    try:
        project.write(f"""
            services:
              app:
                image: {BUSYBOX}
                command: {FOREVER}
                networks: [shared, default]
                volumes: [keep:/keep]
            networks:
              shared: {{external: true, name: {shared_net.name}}}
            volumes:
              keep: {{external: true, name: {shared_vol.name}}}
            """)
        project.run("up", "-d")
        project.run("down", "-v")
        client.networks.get(shared_net.id)
        client.volumes.get(shared_vol.name)
        assert client.containers.get(stranger.id).status == "running"
        assert project.leftovers() == {"containers": [], "networks": [], "volumes": []}
    finally:
        stranger.remove(force=True)
        shared_net.remove()
        shared_vol.remove()


def test_missing_external_network_is_a_clear_error(project: Project) -> None:
    project.write(f"""
        services:
          app: {{image: {BUSYBOX}, networks: [gone]}}
        networks:
          gone: {{external: true, name: nope-{uuid.uuid4().hex[:6]}}}
        """)
    result = project.run("up", "-d", check=False)
    assert result.code != 0
    assert "is declared as external, but could not be found" in result.err
    assert "Traceback" not in result.err
    assert project.leftovers()["containers"] == []


def test_port_in_use_names_service_and_port(project: Project, free_port: Callable[[], int]) -> None:
    port = free_port()
    holder = socket.socket()
    holder.bind(("0.0.0.0", port))
    holder.listen()
    try:
        project.write(f"""
            services:
              busy:
                image: {BUSYBOX}
                command: {FOREVER}
                ports: ["{port}:80"]
            """)
        result = project.run("up", "-d", check=False)
    finally:
        holder.close()
    assert result.code != 0
    assert "service 'busy'" in result.err and str(port) in result.err and "in use" in result.err
    assert "Traceback" not in result.err


def test_engine_unreachable_is_one_clear_line(project: Project) -> None:
    project.write(f"services:\n  app: {{image: {BUSYBOX}}}\n")
    result = project.run("up", "-d", env={"DOCKER_HOST": "unix:///nonexistent/docker.sock"}, check=False)
    assert result.code != 0
    assert "cannot reach a container engine at unix:///nonexistent/docker.sock" in result.err
    assert "scripts/engine start" in result.err
    assert "Traceback" not in result.err


def test_rerun_converges_after_a_failed_start(project: Project, free_port: Callable[[], int]) -> None:
    port = free_port()
    project.write(f"""
        services:
          ok: {{image: {BUSYBOX}, command: {FOREVER}}}
          bad: {{image: {BUSYBOX}, command: {FOREVER}, ports: ["{port}:80"]}}
        """)
    holder = socket.socket()
    holder.bind(("0.0.0.0", port))
    holder.listen()
    try:
        assert project.run("up", "-d", check=False).code != 0
    finally:
        holder.close()
    ok_id = project.client.containers.get(f"{project.name}-ok-1").id
    project.run("up", "-d")
    assert project.client.containers.get(f"{project.name}-ok-1").id == ok_id
    assert project.client.containers.get(f"{project.name}-bad-1").status == "running"


def test_config_hash_change_recreates(project: Project, client: docker.DockerClient) -> None:
    text = f"services:\n  app:\n    image: {BUSYBOX}\n    command: {FOREVER}\n    environment: {{V: '1'}}\n"
    project.write(text)
    project.run("up", "-d")
    first = client.containers.get(f"{project.name}-app-1")
    project.write(text.replace("'1'", "'2'"))
    project.run("up", "-d")
    second = client.containers.get(f"{project.name}-app-1")
    assert second.id != first.id
    assert "V=2" in second.attrs["Config"]["Env"]
