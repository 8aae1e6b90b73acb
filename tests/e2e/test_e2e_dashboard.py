"""``dashboard`` in a real terminal: it runs in tmux on the real engine; keys are sent, the pane is read.

A person would see a header with the project and running/total, a row per container with its state,
health and published ports, the selected service marked ``▶``; ``j`` moves the selection, ``r`` restarts
the selected service (its restart count goes up, the engine's StartedAt changes), ``l`` shows its log,
``q`` ends the process and gives the shell its screen back.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from tests.e2e import test_e2e_tty
from tests.e2e.conftest import BUSYBOX, FOREVER, Project
from tests.e2e.test_e2e_tty import EXIT_MARK, HEIGHT, WIDTH, Pane

pane = test_e2e_tty.pane  # the fixture: a tmux pane on a private server (skips without tmux)

TICKS = (
    """["sh", "-c", "trap 'exit 0' TERM; i=0; while true; do i=$$((i+1)); echo tick $$i; sleep 0.5; done"]"""
)
TIMEOUT = 45.0


def compose_file(port: int) -> str:
    """web logs a line every 0.5 s, db is healthy within a second or two, idle publishes a port."""
    return f"""
services:
  web:
    image: {BUSYBOX}
    command: {TICKS}
  db:
    image: {BUSYBOX}
    command: {FOREVER}
    healthcheck: {{test: ["CMD", "true"], interval: 1s}}
  idle:
    image: {BUSYBOX}
    command: {FOREVER}
    ports: ["127.0.0.1:{port}:80"]
"""


def start(pane: Pane, argv: list[str], cwd: Path) -> None:
    """Run ``argv`` in the pane and return at once; when it ends, its exit code is printed and the shell's
    screen stays."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLUMNS", "LINES", "TMUX")}
    env = {k: v for k, v in env.items() if not k.startswith("COMPOSE_")}
    shell = f"{shlex.join(argv)}; echo {EXIT_MARK}$?; exec sleep 600"
    size = ["-x", str(WIDTH), "-y", str(HEIGHT)]
    command = ["tmux", "-L", pane.socket, "-f", "/dev/null", "new-session", "-d", "-s", "t", *size]
    subprocess.run([*command, "-c", str(cwd), shell], env=env, check=True)


def wait(pane: Pane, what: str, seen: Callable[[list[str]], bool], timeout: float = TIMEOUT) -> list[str]:
    """The first screen on which ``seen`` holds."""
    deadline = time.monotonic() + timeout
    while True:
        screen = pane.screen()
        if seen(screen):
            return screen
        if time.monotonic() > deadline:
            raise AssertionError(f"never saw {what}:\n" + "\n".join(screen))
        time.sleep(0.1)


def keys(pane: Pane, *names: str) -> None:
    pane.tmux("send-keys", "-t", "t", *names)


def row(screen: list[str], container: str) -> list[str]:
    """The cells of a container's row from its name on (the marker and the service come before it)."""
    for line in screen:
        cells = line.split()
        if container in cells:
            return cells[cells.index(container) :]
    return []


def selected(screen: list[str]) -> str:
    marked = [line.split()[1] for line in screen if line.startswith("▶")]
    return marked[0] if marked else ""


def restarts(screen: list[str], container: str) -> int | None:
    """The RESTARTS cell of a running container's row (the third cell from the right)."""
    cells = row(screen, container)
    return int(cells[-3]) if len(cells) >= 3 and cells[-3].isdigit() else None


def ticks(screen: list[str]) -> list[int]:
    return [int(m[1]) for line in screen if (m := re.fullmatch(r"web-1 \| tick (\d+)", line))]


def test_dashboard_in_a_terminal_shows_the_project_and_answers_its_keys(
    project: Project, pane: Pane, free_port: Callable[[], int], tmp_path: Path
) -> None:
    port = free_port()
    project.write(compose_file(port))
    project.run("--progress", "quiet", "up", "-d")
    elsewhere = tmp_path / "elsewhere"  # no compose file here: the project is found by its labels
    elsewhere.mkdir()
    start(pane, [sys.executable, "-m", "compose.cli", "-p", project.name, "dashboard", "-t", "2"], elsewhere)
    p = project.name
    screen = wait(
        pane,
        "every container running and db healthy",
        lambda s: f"pycompose dashboard · {p} · 3/3 running" in s and "(healthy)" in row(s, "db-1"),
    )
    assert screen[0] == f"pycompose dashboard · {p} · 3/3 running"
    assert selected(screen) == "db"  # services by name: no file
    assert row(screen, "db-1")[:4] == ["db-1", "running", "(healthy)", "0"]
    assert row(screen, "idle-1")[:4] == ["idle-1", "running", f"127.0.0.1:{port}->80/tcp", "0"]
    assert row(screen, "web-1")[:3] == ["web-1", "running", "0"]
    assert any("RESTARTS" in line and "CPU %" in line and "MEM" in line for line in screen)
    assert screen[-1].startswith("↑/↓ j/k select · r restart · l logs · q quit")

    keys(pane, "j")
    wait(pane, "idle selected", lambda s: selected(s) == "idle")
    keys(pane, "j")
    screen = wait(
        pane, "web selected with its log lines", lambda s: selected(s) == "web" and len(ticks(s)) >= 2
    )
    assert "Last log lines of web" in screen

    web = project.client.containers.get(f"{p}-web-1")
    started = web.attrs["State"]["StartedAt"]
    keys(pane, "r")
    screen = wait(pane, "web restarted", lambda s: restarts(s, "web-1") == 1 and "Restarted web" in s[-1])
    web.reload()
    assert web.attrs["State"]["StartedAt"] != started
    assert row(screen, "web-1")[:3] == ["web-1", "running", "1"]
    assert restarts(screen, "db-1") == 0

    keys(pane, "l")
    screen = wait(pane, "web's log after the restart", lambda s: "Logs of web" in s and 1 in ticks(s))
    assert not any("SERVICE" in line for line in screen)
    lines = ticks(screen)
    rerun = len(lines) - 1 - lines[::-1].index(1)
    assert lines[:rerun] == list(range(lines[0], lines[0] + rerun)), "the first run's lines, each once"
    assert lines[rerun:] == list(range(1, len(lines) - rerun + 1)), "then the new run's, from its first line"
    keys(pane, "Escape")
    wait(pane, "the overview again", lambda s: any("SERVICE" in line for line in s))

    keys(pane, "q")
    screen = wait(pane, "the process to end", lambda s: any(line.startswith(EXIT_MARK) for line in s), 20)
    assert f"{EXIT_MARK}0" in screen
    assert not any("pycompose dashboard" in line for line in screen), "the shell's screen is back"


def test_dashboard_follows_the_engine_with_the_compose_file(
    project: Project, pane: Pane, free_port: Callable[[], int]
) -> None:
    project.write(compose_file(free_port()))
    project.run("--progress", "quiet", "up", "-d", "web", "db")
    # no -p: the project's name is its directory's, and the file names a service that has no container
    start(pane, [sys.executable, "-m", "compose.cli", "dashboard"], project.root)
    p = project.name
    screen = wait(pane, "both containers running", lambda s: f"pycompose dashboard · {p} · 2/2 running" in s)
    assert any(line.split() == ["idle", "no", "containers"] for line in screen)
    project.client.containers.get(f"{p}-db-1").stop(timeout=1)  # behind the dashboard's back
    screen = wait(pane, "db stopped", lambda s: f"{p} · 1/2 running" in s[0] and "exited" in row(s, "db-1"))
    assert row(screen, "db-1")[:4] == ["db-1", "exited", "(0)", "0"]
    keys(pane, "C-c")
    screen = wait(pane, "the process to end", lambda s: any(line.startswith(EXIT_MARK) for line in s), 20)
    assert not any("pycompose dashboard" in line for line in screen)
