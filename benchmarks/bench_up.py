"""How fast pycompose converges, next to a raw floor and Debian's docker-compose v1 (figures, no asserts).

For generated projects of BusyBox services (flat, chain and DAG shapes; 10 and 50 services; with and without
healthchecks) it times, per tool: a cold ``up -d``, a no-op ``up -d`` and ``down -v``.

- pycompose: the CLI, as a user runs it (``python -m compose.cli``).
- floor: the same containers straight through the docker SDK, in parallel as dependencies allow (a thread
  per service; health awaited on the event stream), with no planning, no CLI and no Python start-up.
- its no-op ``up`` is what any tool built on the docker SDK pays at least: a fresh Python process that
  imports the SDK and lists the project's containers (``noop-floor``). With healthchecks the engine's
  exec load slows every process on a small machine, this one too; compare the no-op with it.
- v1: ``docker-compose`` 1.29 (``apt-get install -y docker-compose``), when it is installed.

Run with DOCKER_HOST set (``eval "$(scripts/engine env)"``); ``--quick`` runs only the 10-service projects.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import docker
import docker.errors

IMAGE = "pycompose/busybox:latest"
COMMAND = ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 0.2; done"]
# Docker 20.10 knows no start_interval; checks more often than this load a small machine noticeably.
HEALTH = {"test": ["CMD", "true"], "interval": "0.5s", "retries": 30}
HEALTH_NS = {"test": ["CMD", "true"], "interval": 500_000_000, "retries": 30}


@dataclass(frozen=True)
class Shape:
    name: str
    size: int
    health: bool

    @property
    def label(self) -> str:
        return f"{self.name}-{self.size}{'-health' if self.health else ''}"

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
                service["healthcheck"] = HEALTH
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

    def one(name: str) -> None:
        container = f"{project}-{name}-1"
        config = client.create_container(
            IMAGE,
            COMMAND,
            name=container,
            labels={"com.docker.compose.project": project, "com.docker.compose.service": name},
            healthcheck=HEALTH_NS if shape.health else None,
            host_config=client.create_host_config(network_mode=network),
            networking_config=client.create_networking_config(
                {network: client.create_endpoint_config(aliases=[name])}
            ),
        )
        for dep in deps[name]:
            done[dep].wait()
        client.start(config["Id"])
        if shape.health:
            _wait_healthy(client, container)
        done[name].set()

    with ThreadPoolExecutor(max_workers=len(deps)) as pool:
        list(pool.map(one, deps))


FLOOR_NOOP = """
import os, sys
import docker
client = docker.APIClient(base_url=os.environ.get("DOCKER_HOST", "unix:///var/run/docker.sock"), version="auto")
client.containers(all=True, filters={"label": f"com.docker.compose.project={sys.argv[1]}"})
"""


def floor_noop(client: docker.APIClient, project: str, shape: Shape) -> None:
    subprocess.run([sys.executable, "-c", FLOOR_NOOP, project], check=True)


def floor_down(client: docker.APIClient, project: str, shape: Shape) -> None:
    deps = shape.deps()
    dependents: dict[str, list[str]] = {n: [] for n in deps}
    for name, needs in deps.items():
        for dep in needs:
            dependents[dep].append(name)
    gone = {name: threading.Event() for name in deps}

    def one(name: str) -> None:
        for dependent in dependents[name]:
            gone[dependent].wait()
        container = f"{project}-{name}-1"
        client.stop(container, timeout=10)
        client.remove_container(container, v=True)
        gone[name].set()

    with ThreadPoolExecutor(max_workers=len(deps)) as pool:
        list(pool.map(one, deps))
    for attempt in range(20):  # a loaded engine may release the endpoints a moment after the removals
        try:
            client.remove_network(f"{project}_default")
            return
        except docker.errors.APIError:
            if attempt == 19:
                raise
            time.sleep(0.1)


# -- the tools ---------------------------------------------------------------------------------------------
def _cli(command: list[str], cwd: Path, v1: bool = False) -> Callable[[docker.APIClient, str, Shape], None]:
    # docker-compose v1's package is also called ``compose``: it must not see a PYTHONPATH meant for ours
    env = {k: v for k, v in os.environ.items() if not (v1 and k == "PYTHONPATH")}

    def run(client: docker.APIClient, project: str, shape: Shape) -> None:
        proc = subprocess.run([*command], cwd=cwd, capture_output=True, text=True, env=env)
        if proc.returncode:
            raise RuntimeError(f"{' '.join(command)} failed:\n{proc.stdout}\n{proc.stderr}")

    return run


@dataclass
class Tool:
    name: str
    up: Callable[[docker.APIClient, str, Shape], None]
    noop: Callable[[docker.APIClient, str, Shape], None]
    down: Callable[[docker.APIClient, str, Shape], None]


def tools(root: Path, project: str, with_v1: bool, parallel: int | None) -> list[Tool]:
    pyc = [sys.executable, "-m", "compose.cli", "-p", project, "--progress", "quiet"]
    if parallel:
        pyc += ["--parallel", str(parallel)]
    found = [
        Tool("floor", floor_up, floor_noop, floor_down),
        Tool(
            "pycompose",
            _cli([*pyc, "up", "-d"], root),
            _cli([*pyc, "up", "-d"], root),
            _cli([*pyc, "down", "-v"], root),
        ),
    ]
    v1 = shutil.which("docker-compose")
    if with_v1 and v1:
        base = [v1, "-p", f"{project}v1", "--no-ansi"]
        found.append(
            Tool(
                "v1",
                _cli([*base, "up", "-d"], root, v1=True),
                _cli([*base, "up", "-d"], root, v1=True),
                _cli([*base, "down", "-v"], root, v1=True),
            )
        )
    return found


FAILURES: list[str] = []


def _timed(what: str, fn: Callable[[], None]) -> float:
    """Seconds ``fn`` took; a failure is noted (and listed at the end) rather than ending the run."""
    start = time.perf_counter()
    try:
        fn()
    except (RuntimeError, docker.errors.APIError) as exc:
        FAILURES.append(f"{what}: {str(exc).strip().splitlines()[-1]}")
    return time.perf_counter() - start


def measure(
    client: docker.APIClient, shape: Shape, with_v1: bool, repeat: int, parallel: int | None = None
) -> dict[str, dict[str, float]]:
    """tool -> {cold, noop, down}: the median of ``repeat`` runs, in seconds."""
    out: dict[str, dict[str, list[float]]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        root = Path(tmp)
        (root / "compose.yaml").write_text(json.dumps(shape.compose(), indent=1))
        project = f"bench{os.getpid()}{shape.name}{shape.size}{'h' if shape.health else ''}"
        for _ in range(repeat):
            for tool in tools(root, project, with_v1, parallel):
                figures = out.setdefault(tool.name, {"cold": [], "noop": [], "down": []})
                name = f"{project}v1" if tool.name == "v1" else project
                what = f"{shape.label} {tool.name}"
                figures["cold"].append(_timed(f"{what} up", lambda t=tool, n=name: t.up(client, n, shape)))
                figures["noop"].append(
                    _timed(f"{what} noop", lambda t=tool, n=name: t.noop(client, n, shape))
                )
                figures["down"].append(
                    _timed(f"{what} down", lambda t=tool, n=name: t.down(client, n, shape))
                )
    return {tool: {k: statistics.median(v) for k, v in f.items()} for tool, f in out.items()}


def report(shape: Shape, figures: dict[str, dict[str, float]]) -> None:
    floor = figures["floor"]
    for tool, f in figures.items():
        ratios = (
            ""
            if tool == "floor"
            else "   " + "  ".join(f"{k} {f[k] / floor[k]:.2f}x" for k in ("cold", "noop", "down"))
        )
        times = f"cold {f['cold']:6.2f}s  noop {f['noop']:6.2f}s  down {f['down']:6.2f}s"
        print(f"{shape.label:<18} {tool:<10} {times}{ratios}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="only the 10-service projects")
    parser.add_argument("--no-v1", action="store_true", help="skip docker-compose v1")
    parser.add_argument("--repeat", type=int, default=1, help="runs per figure (the median is shown)")
    parser.add_argument("--shapes", default="flat,chain,dag")
    parser.add_argument("--sizes", default="")
    parser.add_argument("--health", default="no,yes", help="without and/or with healthchecks")
    parser.add_argument("--parallel", type=int, default=None, help="pycompose --parallel (default: its own)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else ([10] if args.quick else [10, 50])
    client = docker.APIClient(base_url=os.environ.get("DOCKER_HOST", "unix:///var/run/docker.sock"))
    print(f"engine {client.version()['Version']} at {client.base_url}; python {sys.version.split()[0]}")
    started = time.perf_counter()
    for size in sizes:
        for health in [h == "yes" for h in args.health.split(",")]:
            for name in args.shapes.split(","):
                shape = Shape(name, size, health)
                report(shape, measure(client, shape, not args.no_v1, args.repeat, args.parallel))
    print(f"total {time.perf_counter() - started:.0f}s")
    for failure in FAILURES:
        print(f"failed: {failure}")


if __name__ == "__main__":
    main()
