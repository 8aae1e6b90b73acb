"""The live view in a real terminal: ``up -d`` and ``down`` run inside tmux, and the pane is read back.

Besides the final screen, the pane is sampled while the command runs: no sample may show the header
or a resource twice, rows never move, and nothing reaches the scrollback.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.e2e.conftest import BUSYBOX, FOREVER, Project

WIDTH, HEIGHT = 120, 40
EXIT_MARK = "__EXIT:"
ROW = re.compile(r"^ (\S) (Network|Volume|Image|Container) (\S+) +(\S.*?) +(\d+\.\d)s$")
SPINNER_FRAMES = set("⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏")
# db turns healthy about a second after it starts; web waits for that
DB_AND_WEB = f"""
services:
  db:
    image: {BUSYBOX}
    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 1; touch /tmp/ready; while true; do sleep 0.2; done"]
    healthcheck: {{test: ["CMD", "test", "-f", "/tmp/ready"], interval: 0.2s, retries: 50}}
  web:
    image: {BUSYBOX}
    command: {FOREVER}
    depends_on:
      db: {{condition: service_healthy}}
"""
# ...and worker needs nothing
COMPOSE = (
    DB_AND_WEB
    + f"""  worker:
    image: {BUSYBOX}
    command: {FOREVER}
"""
)
# db never turns healthy, so web is never started
UNHEALTHY = DB_AND_WEB.replace(
    '["CMD", "test", "-f", "/tmp/ready"], interval: 0.2s, retries: 50',
    '["CMD-SHELL", "exit 1"], interval: 0.2s, retries: 2',
)


@dataclass
class Pane:
    """A detached tmux session on a private server, running one command in a WIDTH x HEIGHT pane."""

    socket: str = field(default_factory=lambda: f"pycompose-test-{uuid.uuid4().hex[:8]}")
    samples: list[list[str]] = field(default_factory=list)

    def tmux(self, *args: str) -> str:
        command = ["tmux", "-L", self.socket, "-f", "/dev/null", *args]
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout

    def run(self, argv: list[str], cwd: Path, timeout: float = 180) -> int:
        """Run ``argv`` in a fresh pane, sampling the screen until it ends; returns its exit code."""
        env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLUMNS", "LINES", "TMUX")}
        env = {k: v for k, v in env.items() if not k.startswith("COMPOSE_")}
        shell = f"{shlex.join(argv)}; echo {EXIT_MARK}$?; exec sleep 600"
        size = ["-x", str(WIDTH), "-y", str(HEIGHT)]
        command = ["tmux", "-L", self.socket, "-f", "/dev/null", "new-session", "-d", "-s", "t", *size]
        subprocess.run([*command, "-c", str(cwd), shell], env=env, check=True)
        self.samples = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            self.samples.append(screen)
            ends = [line for line in screen if line.startswith(EXIT_MARK)]
            if ends:
                return int(ends[0].removeprefix(EXIT_MARK))
            time.sleep(0.03)
        raise AssertionError(f"{argv} did not end in {timeout}s:\n" + "\n".join(self.screen()))

    def screen(self) -> list[str]:
        """The visible pane, without trailing blank lines."""
        return _trim(self.tmux("capture-pane", "-p", "-t", "t").splitlines())

    def history(self) -> list[str]:
        """The scrollback and the visible pane."""
        return _trim(self.tmux("capture-pane", "-p", "-t", "t", "-S", "-").splitlines())

    def cursor_visible(self) -> bool:
        return self.tmux("display-message", "-p", "-t", "t", "#{cursor_flag}").strip() == "1"

    def close(self) -> None:
        """End the private server and remove its socket file (tmux may leave it behind)."""
        where = ["tmux", "-L", self.socket, "display-message", "-p", "#{socket_path}"]
        found = subprocess.run(where, capture_output=True, text=True, check=False)
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, check=False)
        if found.returncode == 0 and found.stdout.strip():
            Path(found.stdout.strip()).unlink(missing_ok=True)


def _trim(lines: list[str]) -> list[str]:
    lines = [line.rstrip() for line in lines]
    while lines and not lines[-1]:
        lines.pop()
    return lines


@pytest.fixture
def pane() -> Iterator[Pane]:
    if shutil.which("tmux") is None:
        if os.environ.get("CI"):
            pytest.fail("tmux is missing: run scripts/tools")
        pytest.skip("tmux is missing (apt-get install tmux, or scripts/tools)")
    found = Pane()
    yield found
    found.close()


def _rows(screen: list[str]) -> list[tuple[str, str, str, str, float]]:
    """(glyph, kind, name, status, seconds) of each view row on the screen."""
    found = [ROW.match(line) for line in screen]
    return [(m[1], m[2], m[3], m[4], float(m[5])) for m in found if m]


def _names(screen: list[str]) -> list[str]:
    return [name for _, _, name, _, _ in _rows(screen)]


def _check_calm(pane: Pane, final: list[str]) -> None:
    """No sample shows the header or a row twice; rows appear in the final order; no scrollback."""
    order = _names(final)
    for sample in pane.samples:
        assert sum(line.startswith("[+] ") for line in sample) <= 1, sample
        names = _names(sample)
        assert len(names) == len(set(names)), sample
        assert [n for n in order if n in names] == names, (sample, order)
    assert pane.history() == final, "the live view left frames in the scrollback"
    assert pane.cursor_visible()


def _pycompose(project: Project, *args: str) -> list[str]:
    return [sys.executable, "-m", "compose.cli", "-p", project.name, *args]


def test_up_in_a_terminal_shows_each_resource_once_with_its_final_state(project: Project, pane: Pane) -> None:
    project.write(COMPOSE)
    assert pane.run(_pycompose(project, "up", "-d"), project.root) == 0
    screen = pane.screen()
    p = project.name
    assert screen[0] == f"[+] Running 4/4 · {p} · 3/3 containers running"
    rows = _rows(screen)
    assert [(glyph, kind, name, status) for glyph, kind, name, status, _ in rows] == [
        ("✔", "Network", f"{p}_default", "Created"),
        ("✔", "Container", f"{p}-db-1", "Healthy"),
        ("✔", "Container", f"{p}-web-1", "Started"),
        ("✔", "Container", f"{p}-worker-1", "Started"),
    ]
    assert screen[1 + len(rows) :] == [f"{EXIT_MARK}0"]
    seconds = {name: took for _, _, name, _, took in rows}
    assert seconds[f"{p}-db-1"] >= 0.8, "db is healthy only after its first second"
    assert not SPINNER_FRAMES & set("".join(screen))
    assert all(len(line) <= WIDTH for line in screen)
    _check_calm(pane, screen)
    assert any(any(frame in "".join(s) for frame in SPINNER_FRAMES) for s in pane.samples), (
        "the view was never seen working: was it live at all?"
    )


def test_down_in_a_terminal(project: Project, pane: Pane) -> None:
    project.write(COMPOSE)
    project.run("--progress", "quiet", "up", "-d")
    assert pane.run(_pycompose(project, "down", "-t", "2"), project.root) == 0
    screen = pane.screen()
    p = project.name
    assert screen[0] == f"[+] Running 4/4 · {p} · 0/3 containers running"
    rows = _rows(screen)
    assert [(glyph, name, status) for glyph, _, name, status, _ in rows] == [
        ("✔", f"{p}_default", "Removed"),
        ("✔", f"{p}-db-1", "Removed"),
        ("✔", f"{p}-web-1", "Removed"),
        ("✔", f"{p}-worker-1", "Removed"),
    ]
    assert screen[1 + len(rows) :] == [f"{EXIT_MARK}0"]
    _check_calm(pane, screen)
    assert project.leftovers() == {"containers": [], "networks": [], "volumes": []}


def test_a_failure_in_a_terminal_ends_with_the_error_under_the_view(project: Project, pane: Pane) -> None:
    project.write(UNHEALTHY)
    assert pane.run(_pycompose(project, "up", "-d"), project.root) == 1
    screen = pane.screen()
    p = project.name
    assert screen[0] == f"[+] Running 1/3 · {p} · 1/2 containers running"
    rows = {name: (glyph, status) for glyph, _, name, status, _ in _rows(screen)}
    assert rows[f"{p}-db-1"][0] == "✘" and "is unhealthy" in rows[f"{p}-db-1"][1]
    assert rows[f"{p}-web-1"] == ("✘", "Error: not done: a dependency failed")
    after = screen[1 + len(rows) :]
    assert after[0].startswith(f"error: Container {p}-db-1: service 'db': dependency failed to start")
    assert after[-1] == f"{EXIT_MARK}1"
    _check_calm(pane, screen)
