"""Convergence on the real engine: health through events, scale, orphans, dry-run, lock, down flags."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from typing import Any

import docker

from compose.engine.docker import DockerEngine
from compose.engine.docker_mapping.info import epoch
from compose.engine.docker_wire import WireStatus
from tests.e2e.conftest import BUSYBOX, FOREVER, Project

# becomes healthy about a second after it starts; checks every 0.2 s (one line of YAML)
HEALTHY_SOON = json.dumps(
    {
        "image": BUSYBOX,
        "command": [
            "sh",
            "-c",
            "trap 'exit 0' TERM; sleep 1; touch /tmp/ready; while true; do sleep 0.2; done",
        ],
        "healthcheck": {"test": ["CMD", "test", "-f", "/tmp/ready"], "interval": "0.2s", "retries": 50},
    }
)


def test_dependent_starts_right_after_its_dependency_turns_healthy(project: Project) -> None:
    project.write(f"""
        services:
          db: {HEALTHY_SOON}
          web:
            image: {BUSYBOX}
            command: {FOREVER}
            depends_on:
              db: {{condition: service_healthy}}
        """)
    events = map(json.loads, project.run("--progress", "json", "up", "-d").err.splitlines())
    starting = next(e for e in events if e.get("status") == "Starting" and "web" in e["resource"]["name"])
    db = project.client.containers.get(f"{project.name}-db-1").attrs
    healthy = next(e for e in db["State"]["Health"]["Log"] if e["ExitCode"] == 0)
    # the dependent's start request follows the end of the first passing check (how soon is measured by
    # benchmarks/bench_health.py), and its process starts after that
    assert starting["time"] > epoch(healthy["End"])
    web = project.client.containers.get(f"{project.name}-web-1").attrs
    assert epoch(web["State"]["StartedAt"]) > epoch(healthy["End"])


def test_unhealthy_dependency_stops_only_its_branch_and_shows_the_check(project: Project) -> None:
    project.write(f"""
        services:
          db:
            image: {BUSYBOX}
            command: {FOREVER}
            healthcheck:
              test: ["CMD-SHELL", "echo db is not ready; exit 1"]
              interval: 0.2s
              retries: 2
          web:
            image: {BUSYBOX}
            command: {FOREVER}
            depends_on:
              db: {{condition: service_healthy}}
          side:
            image: {BUSYBOX}
            command: {FOREVER}
        """)
    result = project.run("up", "-d", check=False)
    assert result.code != 0
    assert (
        f"container {project.name}-db-1 is unhealthy; last healthcheck output: db is not ready" in result.err
    )
    states = {c.name: c.status for c in project.containers()}
    assert states[f"{project.name}-side-1"] == "running"
    assert states[f"{project.name}-web-1"] == "created"


def test_scale_orphans_and_reasons(project: Project) -> None:
    text = f"""
        services:
          app:
            image: {BUSYBOX}
            command: {FOREVER}
            environment: {{DEBUG: "0"}}
          extra:
            image: {BUSYBOX}
            command: {FOREVER}
        """
    project.write(text)
    project.run("up", "-d", "--scale", "app=3")
    names = sorted(c.name for c in project.containers())
    assert names == [f"{project.name}-app-{n}" for n in (1, 2, 3)] + [f"{project.name}-extra-1"]

    project.write(text.replace('"0"', '"1"').split("          extra:")[0])
    dry = project.run("--dry-run", "up", "-d", "--scale", "app=2")
    assert dry.out == (
        f"Container {project.name}-app-3  remove    scale is 2\n"
        f'Container {project.name}-app-1  recreate  environment.DEBUG changed "0" -> "1"\n'
        f'Container {project.name}-app-2  recreate  environment.DEBUG changed "0" -> "1"\n'
        f"Container {project.name}-app-1  start\n"
        f"Container {project.name}-app-2  start\n"
    )
    assert f"Found orphan containers ({project.name}-extra-1)" in dry.err
    project.run("up", "-d", "--scale", "app=2", "--remove-orphans", "-t", "1")
    assert sorted(c.name for c in project.containers()) == [f"{project.name}-app-1", f"{project.name}-app-2"]


def _plan_of(result_err: str) -> str:
    """The plan an ``up --progress json`` announced."""
    ready = next(e for e in map(json.loads, result_err.splitlines()) if e["type"] == "PlanReady")
    return "\n".join(ready["summary"]) + "\n"


def test_dry_run_plans_exactly_what_up_does(project: Project) -> None:
    text = f"""
        services:
          db: {HEALTHY_SOON}
          web:
            image: {BUSYBOX}
            command: {FOREVER}
            environment: {{V: "1"}}
            depends_on:
              db: {{condition: service_healthy, restart: true}}
            volumes: [data:/data]
        volumes:
          data: {{}}
        """
    project.write(text)
    for changed in (text, text.replace('V: "1"', 'V: "2"'), text.replace("retries: 50", "retries: 40")):
        project.write(changed)
        dry = project.run("--dry-run", "--detailed-exit-code", "up", "-d", check=False)
        assert dry.code == 2, dry
        done = project.run("--progress", "json", "up", "-d")
        assert _plan_of(done.err) == dry.out
    again = project.run("--dry-run", "--detailed-exit-code", "up", "-d", check=False)
    assert (again.code, again.out) == (0, "nothing to do\n")
    assert project.leftovers()["volumes"] == [f"{project.name}_data"]


def test_two_concurrent_ups_make_no_duplicates(project: Project) -> None:
    project.write(
        "services:\n"
        + "".join(f"  s{i}:\n    image: {BUSYBOX}\n    command: {FOREVER}\n" for i in range(6))
        + "networks:\n  extra: {}\n"
    )
    command = [sys.executable, "-m", "compose.cli", "-p", project.name, "--progress", "plain", "up", "-d"]
    env = {**os.environ, "NO_COLOR": "1"}
    procs = [
        subprocess.Popen(
            command, cwd=project.root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    results = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    # the holder is named once it has written its pid, "another process" in the instant before
    waited = re.compile(r"waiting for (pycompose \(pid \d+\)|another process) to finish with project")
    assert any(waited.search(err) for _, err in results), results
    assert len(project.containers()) == 6
    networks = project.client.networks.list(filters={"label": f"com.docker.compose.project={project.name}"})
    assert sorted(n.name for n in networks) == [f"{project.name}_default", f"{project.name}_extra"]


def test_down_flags_and_down_from_labels_alone(project: Project, client: docker.DockerClient) -> None:
    (project.root / "Dockerfile").write_text(f"FROM {BUSYBOX}\nLABEL purpose=e2e\n")
    project.write(f"""
        services:
          built:
            build: .
            command: {FOREVER}
            volumes: [/anon, named:/named]
          gone:
            image: {BUSYBOX}
            command: {FOREVER}
        volumes:
          named: {{}}
        """)
    project.run("up", "-d")
    text = (project.root / "compose.yaml").read_text()
    project.write(text.split("  gone:")[0] + "volumes:\n  named: {}\n")
    kept = project.run("down", "-v", "-t", "1")
    assert "Found orphan containers" in kept.out + kept.err
    assert [c.name for c in project.containers()] == [f"{project.name}-gone-1"]
    project.run("up", "-d")
    anonymous = [
        m["Name"]
        for m in client.containers.get(f"{project.name}-built-1").attrs["Mounts"]
        if m["Destination"] == "/anon"
    ]
    (project.root / "compose.yaml").unlink()
    dry = project.run("--dry-run", "down", "-v", "--rmi", "local", "--remove-orphans")
    assert dry.out.splitlines()[-1].split() == ["Image", f"{project.name}-built", "remove", "--rmi"]
    assert client.images.list(name=f"{project.name}-built")
    project.run("down", "-v", "--rmi", "local", "--remove-orphans", "-t", "1")
    assert project.leftovers() == {"containers": [], "networks": [], "volumes": []}
    assert not client.images.list(name=f"{project.name}-built")
    assert client.images.list(name=BUSYBOX)
    assert anonymous and not client.volumes.list(filters={"name": anonymous[0]})


def test_wait_counts_finished_jobs_and_exit_code_from(project: Project) -> None:
    project.write(f"""
        services:
          job:
            image: {BUSYBOX}
            command: ["sh", "-c", "echo migrated; exit 0"]
          db: {HEALTHY_SOON}
        """)
    project.run("up", "--wait", "--wait-timeout", "30")
    assert (
        project.client.containers.get(f"{project.name}-db-1").attrs["State"]["Health"]["Status"] == "healthy"
    )
    project.write(f"""
        services:
          tests:
            image: {BUSYBOX}
            command: ["sh", "-c", "sleep 0.5; echo failing; exit 3"]
          server:
            image: {BUSYBOX}
            command: {FOREVER}
        """)
    result = project.run(
        "up", "--exit-code-from", "tests", "--no-log-prefix", "--remove-orphans", check=False
    )
    assert result.code == 3, result
    assert "\nfailing\n" in result.out
    assert project.client.containers.get(f"{project.name}-server-1").status == "exited"


def test_wait_finds_ready_containers_in_one_query(project: Project) -> None:
    project.write(f"""
        services:
          db: {HEALTHY_SOON}
          plain:
            image: {BUSYBOX}
            command: {FOREVER}
          job:
            image: {BUSYBOX}
            command: ["true"]
          sick:
            image: {BUSYBOX}
            command: {FOREVER}
            healthcheck: {{test: ["CMD", "false"], interval: 0.2s, retries: 1000}}
        """)
    project.run("up", "--wait", "--wait-timeout", "30", "db", "plain", "job")
    project.run("up", "-d", "sick")
    ids = {c.name.rsplit("-", 2)[-2]: c.id for c in project.containers()}
    engine = DockerEngine()
    assert engine.ready(project.name) == {ids["db"]: "healthy", ids["plain"]: ""}
    assert engine.wire is not None
    request = engine.wire.request

    def without_health_filter(method: str, path: str, params: Any = None, **more: Any) -> bytes:
        if "health" in (params or {}).get("filters", {}):  # as an engine without the filter
            raise WireStatus(400, "invalid filter 'health'")
        return request(method, path, params, **more)

    engine.wire.request = without_health_filter  # type: ignore[method-assign]
    assert engine.ready(project.name) == {}  # then up --wait waits for each container, as before
    again = project.run("--progress", "json", "up", "-d", "--wait", "db", "plain")
    done = {
        e["resource"]["name"]: e["status"]
        for e in map(json.loads, again.err.splitlines())
        if e.get("type") == "ResourceDone" and e["resource"]["kind"] == "container"
    }
    assert done == {
        f"{project.name}-db-1": "Healthy",
        f"{project.name}-plain-1": "Running",
    }


def test_recreate_keeps_anonymous_volume_data_and_down_v_removes_it(project: Project) -> None:
    text = f"""
        services:
          app:
            image: {BUSYBOX}
            command: {FOREVER}
            volumes: [/cache]
            environment: {{V: "1"}}
        """
    project.write(text)
    project.run("up", "-d")
    first = project.client.containers.get(f"{project.name}-app-1")
    first.exec_run(["sh", "-c", "echo kept > /cache/file"])
    project.write(text.replace('"1"', '"2"'))
    project.run("up", "-d", "-t", "1")
    second = project.client.containers.get(f"{project.name}-app-1")
    assert second.id != first.id
    assert second.exec_run(["cat", "/cache/file"]).output == b"kept\n"
    volume = next(m["Name"] for m in second.attrs["Mounts"] if m["Destination"] == "/cache")
    project.run("down", "-v", "-t", "1")
    assert not project.client.volumes.list(filters={"name": volume})
