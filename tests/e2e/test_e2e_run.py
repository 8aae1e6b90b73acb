"""``run`` on the real engine: output and exit code, input, one-off names and labels, -e and -v, ports,
dependencies first (or not, with --no-deps), and that only ps -a lists one-offs while down removes them."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Callable

import pytest

from tests.e2e.conftest import BUSYBOX, FOREVER, Project

pytestmark = pytest.mark.engine


def _write(project: Project, port: int) -> None:
    project.write(
        f"""
        services:
          db:
            image: {BUSYBOX}
            command: {FOREVER}
            healthcheck: {{test: [CMD, "true"], interval: 1s}}
          app:
            image: {BUSYBOX}
            depends_on:
              db: {{condition: service_healthy}}
            ports: ["{port}:80"]
            environment: {{FROM_FILE: "1"}}
            volumes: [data:/data]
        volumes:
          data: {{}}
        """
    )


def test_foreground_output_exit_code_and_dependencies(project: Project, free_port: Callable[[], int]) -> None:
    _write(project, free_port())
    project.root.joinpath("here").mkdir()
    project.root.joinpath("here", "file").write_text("from the host\n")
    result = project.run(
        "run",
        "--rm",
        "-e",
        "X=42",
        "-v",
        "./here:/here:ro",
        "app",
        "sh",
        "-c",
        "echo hi $X $FROM_FILE; cat /here/file",
    )
    assert result.out == "hi 42 1\nfrom the host\n"
    names = {c.name: c for c in project.containers()}
    assert list(names) == [f"{project.name}-db-1"]  # the dependency is up, the one-off is gone (--rm)
    assert names[f"{project.name}-db-1"].status == "running"
    failed = project.run("run", "--rm", "app", "sh", "-c", "echo bad >&2; exit 3", check=False)
    assert (failed.code, failed.out) == (3, "")
    assert "bad" in failed.err
    piped = subprocess.run(
        [sys.executable, "-m", "compose.cli", "-p", project.name, "run", "--rm", "-T", "app", "cat"],
        cwd=project.root,
        input="piped in\n",
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
        timeout=120,
    )
    assert (piped.returncode, piped.stdout) == (0, "piped in\n")


def test_detached_one_off_names_labels_ports_ps_and_down(
    project: Project, free_port: Callable[[], int]
) -> None:
    port, extra = free_port(), free_port()
    _write(project, port)
    name = project.run("run", "-d", "--no-deps", "-p", f"{extra}:81", "app", "sleep", "30").out.strip()
    assert re.fullmatch(rf"{project.name}-app-run-[0-9a-f]{{12}}", name)
    assert [c.name for c in project.containers()] == [name]  # --no-deps: db was not started
    one_off = project.client.containers.get(name)
    labels = one_off.labels
    assert labels["com.docker.compose.oneoff"] == "True"
    assert labels["com.docker.compose.project"] == project.name
    assert labels["com.docker.compose.service"] == "app"
    assert labels["com.docker.compose.container-number"] == "-1"
    assert labels["com.docker.compose.slug"].startswith(name.rsplit("-", 1)[1])
    assert set(one_off.attrs["HostConfig"]["PortBindings"]) == {"81/tcp"}  # not the service's own ports
    served = project.run("run", "-d", "--no-deps", "--service-ports", "app", "sleep", "30").out.strip()
    bindings = project.client.containers.get(served).attrs["HostConfig"]["PortBindings"]
    assert bindings["80/tcp"][0]["HostPort"] == str(port)
    gone = project.run("run", "-d", "--rm", "--no-deps", "app", "true").out.strip()
    for _ in range(100):  # -d --rm: the engine removes it once it exits
        if gone not in [c.name for c in project.containers()]:
            break
        time.sleep(0.1)
    else:
        raise AssertionError(f"{gone} was not removed")
    assert name not in project.run("ps").out
    assert name in project.run("ps", "-a").out  # as in Compose: one-offs only with --all
    project.run("down", "-t", "0")
    assert project.containers() == []
