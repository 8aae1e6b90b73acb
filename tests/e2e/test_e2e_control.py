"""The container-control commands on the real engine, with the real CLI (BusyBox projects).

Each test walks one project through several commands, so the suite stays quick.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.e2e.conftest import BUSYBOX, FOREVER, PYTHON, Project, Result

pytestmark = pytest.mark.engine

TWO = f"""
services:
  db:
    image: {BUSYBOX}
    command: {FOREVER}
    volumes: [data:/data]
  web:
    image: {BUSYBOX}
    command: {FOREVER}
    ports: ["80"]
    depends_on:
      db: {{condition: service_started, restart: true}}
volumes:
  data: {{}}
"""


def state(project: Project, service: str) -> dict[str, object]:
    (container,) = [c for c in project.containers() if c.labels["com.docker.compose.service"] == service]
    container.reload()
    return dict(container.attrs["State"])


def run_in(cwd: Path, *args: str, stdin: str = "") -> Result:
    """The CLI in ``cwd`` (maybe without a compose file), with ``stdin`` as its input (not a TTY)."""
    proc = subprocess.run(
        [sys.executable, "-m", "compose.cli", *args],
        cwd=cwd,
        env={**os.environ, "NO_COLOR": "1"},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


def test_create_start_pause_restart_stop_kill_rm(project: Project) -> None:
    project.write(TWO)
    assert "create" in project.run("--dry-run", "create").out
    assert project.containers() == []
    project.run("create")
    assert {str(state(project, s)["Status"]) for s in ("db", "web")} == {"created"}
    project.run("start", "web")
    assert state(project, "db")["Running"] and state(project, "web")["Running"]

    host, _, port = project.run("port", "web", "80").out.strip().rpartition(":")
    assert host in ("0.0.0.0", "::") and int(port) > 0
    top = project.run("top", "web").out.splitlines()
    assert top[0] == f"{project.name}-web-1" and "PID" in top[1] and "CMD" in top[1]

    project.run("pause", "web")
    assert state(project, "web")["Paused"]
    project.run("unpause")
    assert not state(project, "web")["Paused"]

    started = state(project, "web")["StartedAt"]
    restarted = project.run("restart", "-t", "1", "db")
    assert f"{project.name}-web-1" in restarted.err  # a dependent with restart: true goes too
    assert state(project, "web")["StartedAt"] != started

    project.run("stop", "-t", "1", "web")
    assert not state(project, "web")["Running"] and state(project, "db")["Running"]
    project.run("kill", "-s", "SIGKILL")
    assert state(project, "db")["ExitCode"] == 137
    assert project.run("kill").err.strip() == "no container to kill"

    declined = run_in(project.root, "-p", project.name, "rm")
    assert declined.code == 0 and declined.out.startswith(f"Going to remove {project.name}-db-1, ")
    assert "Are you sure? [yN]" in declined.out and len(project.containers()) == 2
    assert run_in(project.root, "-p", project.name, "rm", stdin="y\n").code == 0
    assert project.containers() == []
    assert project.run("rm", "-f").err.strip() == "No stopped containers"


def test_queries_work_from_labels_without_a_file(project: Project, tmp_path: Path) -> None:
    project.write(TWO)
    project.run("up", "-d")
    elsewhere = tmp_path / "no-file-here"
    elsewhere.mkdir()

    listed = json.loads(run_in(elsewhere, "ls", "--format", "json", "--filter", f"name={project.name}").out)
    config = str(project.root / "compose.yaml")
    assert listed == [{"Name": project.name, "Status": "running(2)", "ConfigFiles": config}]

    found = json.loads(run_in(elsewhere, "-p", project.name, "images", "--format", "json").out)
    assert [(i["ContainerName"], i["Repository"], i["Tag"]) for i in found] == [
        (f"{project.name}-db-1", "pycompose/busybox", "latest"),
        (f"{project.name}-web-1", "pycompose/busybox", "latest"),
    ]
    assert found[0]["ID"].startswith("sha256:") and found[0]["Size"] > 0
    table = run_in(elsewhere, "-p", project.name, "images").out.splitlines()
    assert table[0].split() == ["CONTAINER", "REPOSITORY", "TAG", "IMAGE", "ID", "SIZE"]
    assert re.search(r"\s[0-9a-f]{12}\s+[0-9.]+[kMG]?B$", table[1])

    volumes = [
        json.loads(line)
        for line in run_in(elsewhere, "-p", project.name, "volumes", "--format", "json").out.splitlines()
    ]
    assert [(v["Name"], v["Driver"]) for v in volumes] == [(f"{project.name}_data", "local")]
    assert run_in(elsewhere, "-p", project.name, "volumes", "-q", "web").out == ""

    assert run_in(elsewhere, "-p", project.name, "stop", "-t", "1").code == 0
    assert run_in(elsewhere, "ls", "-q", "--filter", f"name={project.name}").out == ""
    stopped = run_in(elsewhere, "ls", "-a", "--filter", f"name={project.name}").out.splitlines()
    assert stopped[1].split()[:2] == [project.name, "exited(2)"]
    assert run_in(elsewhere, "-p", project.name, "start").code == 0
    assert state(project, "web")["Running"]
    missing = run_in(elsewhere, "-p", project.name, "pause", "nope")
    assert missing.code == 1 and "no such service: nope" in missing.err


def test_scale_then_wait_for_a_job(project: Project) -> None:
    project.write(
        f"""
        services:
          web:
            image: {BUSYBOX}
            command: {FOREVER}
          job:
            image: {BUSYBOX}
            command: ["sh", "-c", "sleep 4; exit 3"]
        """
    )
    project.run("scale", "web=2")
    assert sorted(c.name for c in project.containers()) == [f"{project.name}-web-1", f"{project.name}-web-2"]
    project.run("scale", "web=1", "job=1")
    waited = project.run("wait", "job", check=False)
    assert waited.code == 3
    assert waited.out == f'container "{project.name}-job-1" exited with status code 3\n'

    def stop_web() -> None:
        time.sleep(1)
        project.run("stop", "-t", "1", "web")

    threading.Thread(target=stop_web).start()
    assert project.run("wait", "--down-project", "web").code == 0
    assert project.leftovers() == {"containers": [], "networks": [], "volumes": []}


def test_pull_and_push_offline(project: Project) -> None:
    project.write(
        f"""
        services:
          app: {{image: "{BUSYBOX}"}}
          fixed: {{image: "{PYTHON}"}}
          built: {{build: .}}
          tagged: {{image: "127.0.0.1:9/pycompose-e2e-{project.name}:1", build: .}}
        """
    )
    present = project.run("--progress", "plain", "pull", "--policy", "missing", "--ignore-buildable", "fixed")
    assert "Skipped - Image is already present locally" in present.err
    skipped = project.run("--progress", "plain", "pull", "--ignore-buildable", "built", "tagged")
    assert "Skipped - No image to be pulled" in skipped.err and "Skipped - Image can be built" in skipped.err

    offline = project.run("pull", "app", check=False)
    assert offline.code == 1
    assert "error: Image pycompose/busybox:latest: service 'app': pull image" in offline.err
    assert "Traceback" not in offline.err
    assert project.run("pull", "-q", "--ignore-pull-failures", "app").code == 0

    unnamed = project.run("push", "built", check=False)
    assert unnamed.code == 1 and "service 'built' has no image name to push its image under" in unnamed.err
    absent = project.run("push", "tagged", check=False)
    assert absent.code == 1 and "push image 127.0.0.1:9/" in absent.err and "Traceback" not in absent.err
