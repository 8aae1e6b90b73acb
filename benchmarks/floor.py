"""The floor of bench_up.py: the project's containers straight through the docker SDK, nothing else.

``python benchmarks/floor.py up|noop|down PROJECT SHAPE SIZE HEALTH`` (``HEALTH``: the healthcheck interval in
seconds, 0 for none) does one step as a
process of its own, as any tool built on the SDK would: the interpreter, ``import docker``, then the engine
requests, in parallel as dependencies allow (a thread per service; health awaited on the event stream).
``noop`` is one listing of the project's containers. bench_up.py also calls these functions in its own
process, which leaves out the start-up: the engine's work alone.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import docker
import docker.errors

IMAGE = "pycompose/busybox:latest"
COMMAND = ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 0.2; done"]
# Docker 20.10 knows no start_interval: a service is first checked one interval after it starts.
HEALTH_INTERVAL = 0.5
HEALTH_RETRIES = 30


def require_image(client: docker.APIClient, image: str = IMAGE) -> None:
    """Exit with a hint when the engine lacks the benchmark's image (nothing can be pulled here)."""
    try:
        client.inspect_image(image)
    except docker.errors.ImageNotFound:
        sys.exit(f"the engine has no image {image}: run `make images` first (it builds it offline)")


@dataclass(frozen=True)
class Shape:
    name: str
    size: int
    health: float = 0.0
    """The healthcheck interval in seconds; 0: no healthcheck."""

    @property
    def label(self) -> str:
        if not self.health:
            return f"{self.name}-{self.size}"
        every = "" if self.health == HEALTH_INTERVAL else f"-{self.health:g}s"
        return f"{self.name}-{self.size}-health{every}"

    def deps(self) -> dict[str, list[str]]:
        """service -> the services it depends on."""
        names = [f"s{i:02d}" for i in range(self.size)]
        if self.name == "flat":
            return {n: [] for n in names}
        if self.name == "chain":
            return {n: names[i - 1 : i] if i else [] for i, n in enumerate(names)}
        # a DAG: each service needs up to two earlier ones (a binary-tree parent and a third-way one)
        return {n: sorted({names[(i - 1) // 2], names[i // 3]}) if i else [] for i, n in enumerate(names)}

    def compose(self) -> dict[str, object]:
        condition = "service_healthy" if self.health else "service_started"
        services: dict[str, object] = {}
        for name, deps in self.deps().items():
            service: dict[str, object] = {"image": IMAGE, "command": COMMAND}
            if self.health:
                service["healthcheck"] = {
                    "test": ["CMD", "true"],
                    "interval": f"{self.health:g}s",
                    "retries": HEALTH_RETRIES,
                }
            if deps:
                service["depends_on"] = {d: {"condition": condition} for d in deps}
            services[name] = service
        return {"services": services}


# -- the floor: the docker SDK straight ---------------------------------------------------------------
def _wait_healthy(client: docker.APIClient, container: str) -> None:
    events = client.events(filters={"container": [container], "event": ["health_status"]}, decode=True)
    try:
        if client.inspect_container(container)["State"].get("Health", {}).get("Status") == "healthy":
            return
        for event in events:
            if event.get("status", "").endswith("healthy"):
                return
    finally:
        events.close()


def floor_up(client: docker.APIClient, project: str, shape: Shape) -> None:
    network = f"{project}_default"
    client.create_network(network, labels={"com.docker.compose.project": project})
    deps = shape.deps()
    done = {name: threading.Event() for name in deps}
    failed: list[BaseException] = []

    def one(name: str) -> None:
        container = f"{project}-{name}-1"
        try:
            config = client.create_container(
                IMAGE,
                COMMAND,
                name=container,
                labels={"com.docker.compose.project": project, "com.docker.compose.service": name},
                healthcheck=(
                    {"test": ["CMD", "true"], "interval": int(shape.health * 1e9), "retries": HEALTH_RETRIES}
                    if shape.health
                    else None
                ),
                host_config=client.create_host_config(network_mode=network),
                networking_config=client.create_networking_config(
                    {network: client.create_endpoint_config(aliases=[name])}
                ),
            )
            for dep in deps[name]:
                done[dep].wait()
            if failed:
                return
            client.start(config["Id"])
            if shape.health:
                _wait_healthy(client, container)
        except BaseException as exc:  # release the waiting dependents: they end too, and the error is raised
            failed.append(exc)
            for event in done.values():
                event.set()
            raise
        done[name].set()

    with ThreadPoolExecutor(max_workers=len(deps)) as pool:
        list(pool.map(one, deps))


def floor_noop(client: docker.APIClient, project: str, shape: Shape) -> None:
    client.containers(all=True, filters={"label": f"com.docker.compose.project={project}"})


def floor_down(client: docker.APIClient, project: str, shape: Shape) -> None:
    deps = shape.deps()
    dependents: dict[str, list[str]] = {n: [] for n in deps}
    for name, needs in deps.items():
        for dep in needs:
            dependents[dep].append(name)
    gone = {name: threading.Event() for name in deps}

    def one(name: str) -> None:
        try:
            for dependent in dependents[name]:
                gone[dependent].wait()
            container = f"{project}-{name}-1"
            client.stop(container, timeout=10)
            client.remove_container(container, v=True)
        finally:  # a failure must not leave the others waiting: it is raised all the same
            gone[name].set()

    with ThreadPoolExecutor(max_workers=len(deps)) as pool:
        list(pool.map(one, deps))
    remove_network(client, f"{project}_default")


def remove_network(client: docker.APIClient, network: str) -> None:
    """Remove the network, waiting up to 10 s for a loaded engine to release the removed containers'
    endpoints."""
    deadline = time.monotonic() + 10
    while True:
        try:
            client.remove_network(network)
            return
        except docker.errors.NotFound:
            return
        except docker.errors.APIError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


STEPS = {"up": floor_up, "noop": floor_noop, "down": floor_down}


def client() -> docker.APIClient:
    return docker.APIClient(
        base_url=os.environ.get("DOCKER_HOST", "unix:///var/run/docker.sock"), version="auto"
    )


if __name__ == "__main__":
    step, project, name, size, health = sys.argv[1:6]
    STEPS[step](client(), project, Shape(name, int(size), float(health)))
