"""The README's promise on the real engine: the Flask + Redis hit counter, up, rerun, down, down -v."""

from __future__ import annotations

import shutil
import time
import urllib.request
from collections.abc import Callable

from tests.e2e.conftest import PYTHON, REDIS, REPO, Project

LABELS = (
    "com.docker.compose.project",
    "com.docker.compose.service",
    "com.docker.compose.container-number",
    "com.docker.compose.oneoff",
    "com.docker.compose.config-hash",
    "com.docker.compose.project.working_dir",
    "com.docker.compose.project.config_files",
    "com.docker.compose.depends_on",
    "com.docker.compose.version",
)


def fetch(port: int, attempts: int = 50) -> str:
    for _ in range(attempts):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as answer:
                return answer.read().decode()
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"nothing answers on port {port}")


def test_hit_counter_lifecycle(project: Project, free_port: Callable[[], int]) -> None:
    shutil.copytree(REPO / "examples" / "flask-redis", project.root, dirs_exist_ok=True)
    port = free_port()
    env = {"PYTHON_IMAGE": PYTHON, "REDIS_IMAGE": REDIS, "WEB_PORT": str(port)}

    project.run("up", "-d", env=env)
    assert fetch(port) == "Hello World! I have been seen 1 times.\n"
    assert fetch(port) == "Hello World! I have been seen 2 times.\n"

    web = project.client.containers.get(f"{project.name}-web-1")
    redis = project.client.containers.get(f"{project.name}-redis-1")
    assert all(label in web.labels for label in LABELS)
    assert web.labels["com.docker.compose.depends_on"] == "redis:service_healthy:false"
    assert web.labels["com.docker.compose.project.working_dir"] == str(project.root)
    assert web.image.tags == [f"{project.name}-web:latest"]
    assert redis.attrs["State"]["Health"]["Status"] == "healthy"
    # web started only once redis was healthy
    health_log = redis.attrs["State"]["Health"]["Log"]
    first_ok = min(entry["End"] for entry in health_log if entry["ExitCode"] == 0)
    assert web.attrs["State"]["StartedAt"] >= first_ok[:26]
    aliases = web.attrs["NetworkSettings"]["Networks"][f"{project.name}_default"]["Aliases"]
    assert "web" in aliases

    ids = sorted(c.id for c in project.containers())
    again = project.run("up", "-d", env=env)
    assert sorted(c.id for c in project.containers()) == ids
    assert "Running" in again.err

    ps = project.run("ps").out
    assert f"{project.name}-redis-1" in ps and "(healthy)" in ps and f"{port}->5000/tcp" in ps

    project.run("down", env=env)
    assert project.leftovers()["containers"] == []
    assert project.leftovers()["volumes"] == [f"{project.name}_redis-data"]
    project.run("up", "-d", env=env)
    assert fetch(port) == "Hello World! I have been seen 3 times.\n"

    project.run("down", "-v", env=env)
    assert project.leftovers() == {"containers": [], "networks": [], "volumes": []}
