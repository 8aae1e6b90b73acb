"""How soon a dependent starts once its dependency turns healthy (figures, no asserts).

A two-service project: ``db`` turns healthy about a second after it starts (checked every 0.2 s) and
``web`` depends on it with ``condition: service_healthy``. Per run and tool, after a cold ``up -d``: the
delay from the end of ``db``'s first passing check (its ``State.Health.Log``) to ``web``'s
``State.StartedAt``, both as the engine records them, so every tool is measured the same way. The engine
needs part of it to start the process; the floor (the docker SDK straight: the health event awaited on
the event stream, then the start request) shows that part.

- pycompose: the CLI (``python -m compose.cli``).
- floor: ``client.events`` for the health event, then ``start``, in this process.
- v1: ``docker-compose`` 1.29, when it is installed (``--no-v1`` leaves it out).

Run with DOCKER_HOST set (``eval "$(scripts/engine env)"``): ``python benchmarks/bench_health.py --runs 5``.
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
import time
from collections.abc import Callable
from pathlib import Path

import docker

from compose.engine.docker_mapping.info import epoch  # the engine's RFC 3339 times

sys.path.insert(0, str(Path(__file__).parent))
from floor import require_image

IMAGE = "pycompose/busybox:latest"
DB_COMMAND = ["sh", "-c", "trap 'exit 0' TERM; sleep 1; touch /tmp/ready; while true; do sleep 0.2; done"]
WEB_COMMAND = ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 0.2; done"]
CHECK = ["CMD", "test", "-f", "/tmp/ready"]


def compose_file() -> dict[str, object]:
    return {
        "services": {
            "db": {
                "image": IMAGE,
                "command": DB_COMMAND,
                "healthcheck": {"test": CHECK, "interval": "0.2s", "retries": 50},
            },
            "web": {
                "image": IMAGE,
                "command": WEB_COMMAND,
                "depends_on": {"db": {"condition": "service_healthy"}},
            },
        }
    }


def delay(client: docker.APIClient, db: str, web: str) -> float:
    """Seconds from the end of db's first passing check to web's start, as the engine recorded them."""
    log = client.inspect_container(db)["State"]["Health"]["Log"]
    healthy = next(entry for entry in log if entry["ExitCode"] == 0)
    return epoch(client.inspect_container(web)["State"]["StartedAt"]) - epoch(healthy["End"])


def _cli(command: list[str], root: Path, env: dict[str, str]) -> None:
    done = subprocess.run(command, cwd=root, capture_output=True, text=True, env=env)
    if done.returncode:
        raise RuntimeError(f"{' '.join(command)}: {done.stderr.strip()}")


def floor_run(client: docker.APIClient, project: str) -> tuple[str, str]:
    network = f"{project}_default"
    client.create_network(network)
    host = client.create_host_config(network_mode=network)
    health = {"test": CHECK, "interval": 200_000_000, "retries": 50}
    db = client.create_container(
        IMAGE, DB_COMMAND, name=f"{project}-db-1", healthcheck=health, host_config=host
    )
    web = client.create_container(IMAGE, WEB_COMMAND, name=f"{project}-web-1", host_config=host)
    events = client.events(filters={"container": [db["Id"]], "event": ["health_status"]}, decode=True)
    try:
        client.start(db["Id"])
        for event in events:
            if event.get("status", "").endswith(": healthy"):
                break
    finally:
        events.close()
    client.start(web["Id"])
    return f"{project}-db-1", f"{project}-web-1"


def floor_down(client: docker.APIClient, project: str) -> None:
    for name in ("web", "db"):
        client.remove_container(f"{project}-{name}-1", force=True)
    client.remove_network(f"{project}_default")


def tools(root: Path, with_v1: bool) -> dict[str, tuple[Callable[[str], None], Callable[[str], None]]]:
    """name -> (up, down), each given the project name."""
    ours = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    found: dict[str, tuple[Callable[[str], None], Callable[[str], None]]] = {
        "pycompose": (
            lambda p: _cli([sys.executable, "-m", "compose.cli", "-p", p, "up", "-d"], root, ours),
            lambda p: _cli([sys.executable, "-m", "compose.cli", "-p", p, "down", "-v"], root, ours),
        )
    }
    v1 = shutil.which("docker-compose")
    if with_v1 and v1:
        theirs = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # its package is also `compose`
        found["v1"] = (
            lambda p: _cli([v1, "-p", p, "--no-ansi", "up", "-d"], root, theirs),
            lambda p: _cli([v1, "-p", p, "--no-ansi", "down", "-v"], root, theirs),
        )
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-v1", action="store_true", help="skip docker-compose v1")
    args = parser.parse_args()
    client = docker.APIClient(base_url=os.environ.get("DOCKER_HOST", "unix:///var/run/docker.sock"))
    require_image(client, IMAGE)
    print(f"engine {client.version()['Version']}; {args.runs} runs; from healthy to the dependent's start:")
    figures: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-health-") as tmp:
        root = Path(tmp)
        (root / "compose.yaml").write_text(json.dumps(compose_file(), indent=1))
        for run in range(args.runs):
            project = f"benchhealth{os.getpid()}r{run}"
            db, web = floor_run(client, f"{project}floor")
            figures.setdefault("floor", []).append(delay(client, db, web))
            floor_down(client, f"{project}floor")
            for name, (up, down) in tools(root, not args.no_v1).items():
                up(f"{project}{name}")
                sep = "_" if name == "v1" else "-"  # v1 names containers project_service_1
                figures.setdefault(name, []).append(
                    delay(client, f"{project}{name}{sep}db{sep}1", f"{project}{name}{sep}web{sep}1")
                )
                down(f"{project}{name}")
                time.sleep(0.2)
    base = statistics.median(figures["floor"])
    for name, values in figures.items():
        middle = statistics.median(values)
        spread = f"min {min(values):.3f}  median {middle:.3f}  max {max(values):.3f} s"
        print(f"{name:<10} {spread}  (median {1000 * (middle - base):+.0f} ms over the floor)", flush=True)


if __name__ == "__main__":
    main()
