"""End-to-end fixtures: the real engine at DOCKER_HOST, the real CLI, and clean-up by project label.

These tests skip only when no engine answers and CI is unset; under CI a missing engine is a failure.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import textwrap
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import docker
import docker.errors
import pytest

BUSYBOX = "pycompose/busybox:latest"
PYTHON = "pycompose/python:bookworm"
REDIS = "pycompose/redis:bookworm"
REPO = Path(__file__).resolve().parents[2]
# A service command that ends at once on SIGTERM (BusyBox sh as PID 1 would otherwise ignore it).
FOREVER = """["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 0.2; done"]"""


@pytest.fixture(scope="session")
def client() -> Iterator[docker.DockerClient]:
    try:
        api = docker.from_env(timeout=60)
        api.ping()
    except (docker.errors.DockerException, OSError) as exc:
        if os.environ.get("CI"):
            pytest.fail(f"no container engine answers at DOCKER_HOST={os.environ.get('DOCKER_HOST')}: {exc}")
        pytest.skip("no container engine (start one with scripts/engine start)")
    for image in (BUSYBOX, PYTHON, REDIS):
        try:
            api.images.get(image)
        except docker.errors.ImageNotFound:
            message = f"image {image} is missing: run scripts/images"
            if os.environ.get("CI"):
                pytest.fail(message)
            pytest.skip(message)
    yield api
    api.close()


@dataclass
class Result:
    code: int
    out: str
    err: str


@dataclass
class Project:
    """A project folder with a compose file, a unique name, and a way to run the CLI on it."""

    root: Path
    name: str
    client: docker.DockerClient

    def write(self, text: str, file: str = "compose.yaml") -> Path:
        path = self.root / file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"))
        return path

    def run(
        self, *args: str, env: dict[str, str] | None = None, timeout: float = 300, check: bool = True
    ) -> Result:
        full_env = {**os.environ, "NO_COLOR": "1", **(env or {})}
        proc = subprocess.run(
            [sys.executable, "-m", "compose.cli", "-p", self.name, *args],
            cwd=self.root,
            env=full_env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        result = Result(proc.returncode, proc.stdout, proc.stderr)
        if check and proc.returncode != 0:
            raise AssertionError(
                f"pycompose {' '.join(args)} exited {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
            )
        return result

    def containers(self) -> list[docker.models.containers.Container]:
        return self.client.containers.list(
            all=True, filters={"label": f"com.docker.compose.project={self.name}"}
        )

    def leftovers(self) -> dict[str, list[str]]:
        label = {"label": f"com.docker.compose.project={self.name}"}
        return {
            "containers": [c.name for c in self.containers()],
            "networks": [n.name for n in self.client.networks.list(filters=label)],
            "volumes": [v.name for v in self.client.volumes.list(filters=label)],
        }

    def purge(self) -> None:
        for container in self.containers():
            container.remove(force=True, v=True)
        label = {"label": f"com.docker.compose.project={self.name}"}
        for network in self.client.networks.list(filters=label):
            network.remove()
        for volume in self.client.volumes.list(filters=label):
            volume.remove(force=True)
        built = {i.id for i in self.client.images.list(filters=label)}
        built |= {i.id for i in self.client.images.list() if any(t.startswith(self.name) for t in i.tags)}
        for image in built:
            with contextlib.suppress(docker.errors.APIError):  # gone, or a parent of another's image
                self.client.images.remove(image, force=True)


@pytest.fixture
def project(client: docker.DockerClient, tmp_path: Path) -> Iterator[Project]:
    name = f"e2e{uuid.uuid4().hex[:8]}"
    root = tmp_path / name
    root.mkdir()
    proj = Project(root, name, client)
    yield proj
    proj.purge()


@pytest.fixture
def free_port() -> Callable[[], int]:
    def pick() -> int:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            return int(sock.getsockname()[1])

    return pick
