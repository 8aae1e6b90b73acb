"""``run``'s flags on the real engine: ``-i=false`` closes the one-off's input, a signal to pycompose reaches
the container with a TTY too, and ``--pull`` follows the service's pull_policy unless given."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time

import pytest

from tests.e2e.conftest import BUSYBOX, Project

pytestmark = pytest.mark.engine

TRAPPED = "trap 'echo got-term; exit 3' TERM; echo ready; while true; do sleep 0.1; done"


def _cli(project: Project, *args: str) -> list[str]:
    return [sys.executable, "-m", "compose.cli", "-p", project.name, *args]


def test_interactive_false_closes_the_input(project: Project) -> None:
    project.write(f"services:\n  app:\n    image: {BUSYBOX}\n")
    for flag in ("-i=false", "--interactive=false"):
        result = subprocess.run(
            _cli(project, "run", "--rm", "-T", flag, "app", "cat"),
            cwd=project.root,
            input="not read\n",
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert (result.returncode, result.stdout) == (0, ""), result.stderr
    assert project.run("run", "--rm", "-T", "-i=true", "app", "cat").out == ""  # no input given: none read


def _read_until(fd: int, text: str, timeout: float) -> str:
    seen, deadline = "", time.monotonic() + timeout
    while text not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                seen += os.read(fd, 4096).decode(errors="replace")
            except OSError:  # the other end closed
                break
    return seen


def test_a_signal_reaches_the_container_with_a_tty(project: Project) -> None:
    project.write(f"services:\n  app:\n    image: {BUSYBOX}\n")
    master, slave = os.openpty()
    argv = _cli(project, "run", "--rm", "app", "sh", "-c", TRAPPED)
    env = {**os.environ, "NO_COLOR": "1"}
    proc = subprocess.Popen(argv, cwd=project.root, stdin=slave, stdout=slave, stderr=slave, env=env)
    os.close(slave)
    try:
        assert "ready" in _read_until(master, "ready", 120)
        proc.send_signal(signal.SIGTERM)
        assert "got-term" in _read_until(master, "got-term", 30)
        assert proc.wait(timeout=60) == 3
    finally:
        proc.kill()
        os.close(master)
    assert project.containers() == []  # --rm


def test_run_pull_follows_the_policy_unless_given(project: Project) -> None:
    project.write(f"services:\n  app:\n    image: {BUSYBOX}\n    pull_policy: always\n")
    offline = project.run("run", "--rm", "app", "true", check=False)
    assert offline.code == 1 and f"pull image {BUSYBOX}" in offline.err
    assert project.run("run", "--rm", "--pull", "missing", "app", "echo", "hi").out == "hi\n"
