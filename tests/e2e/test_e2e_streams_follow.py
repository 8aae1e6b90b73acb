"""logs -f and live stats on the real engine follow containers that start, restart or go while they run."""

from __future__ import annotations

import re
import subprocess
import threading
import time
from collections.abc import Callable

from tests.e2e.conftest import BUSYBOX, FOREVER, Project
from tests.e2e.test_e2e_streams import start

TALKER = """["sh", "-c", "trap 'echo bye; exit 0' TERM; echo hello; while true; do sleep 0.2; done"]"""


class Lines:
    """What a background CLI prints, collected by a thread as it comes."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.proc = proc
        self.lines: list[str] = []
        self.thread = threading.Thread(target=self._collect, daemon=True)
        self.thread.start()

    def _collect(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, check: Callable[[list[str]], bool], what: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while not check(list(self.lines)):
            assert time.monotonic() < deadline, f"never saw {what}: {self.lines}"
            time.sleep(0.1)

    def count(self, line: str) -> int:
        return self.lines.count(line)


def test_logs_follow_picks_up_scaled_and_restarted_containers_without_repeating(project: Project) -> None:
    project.write(f"""
        services:
          app:
            image: {BUSYBOX}
            command: {TALKER}
          anchor:
            image: {BUSYBOX}
            command: {FOREVER}
        """)
    project.run("up", "-d")
    out = Lines(start(project, "logs", "-f", "app"))
    out.wait_for(lambda seen: "app-1 | hello" in seen, "the first container")
    project.run("up", "-d", "--scale", "app=2")
    out.wait_for(lambda seen: "app-2 | hello" in seen, "the container scale added")
    project.run("restart", "app")  # both stop (nothing of app runs a moment), then start again
    twice = ["app-1 | hello", "app-2 | hello"]
    out.wait_for(lambda seen: all(seen.count(line) == 2 for line in twice), "both restarted")
    project.run("stop", "app")
    assert out.proc.wait(timeout=60) == 0  # nothing of app runs any more: it ends
    out.thread.join(10)
    each_run = ["app-1 | hello", "app-1 | bye", "app-2 | hello", "app-2 | bye"]
    assert sorted(out.lines) == sorted(each_run * 2), out.lines  # every line once: none read twice


def test_logs_follow_stays_with_a_container_its_restart_policy_restarts(project: Project) -> None:
    project.write(f"""
        services:
          ping:
            image: {BUSYBOX}
            command: ["sh", "-c", "echo ping; sleep 0.5; exit 1"]
            restart: on-failure:2
        """)
    project.run("up", "-d")
    followed = project.run("logs", "-f", timeout=60)
    assert followed.out.splitlines() == ["ping-1 | ping"] * 3  # each run once, then it ends


def _last_table(text: list[str]) -> list[str]:
    """The names in the last whole table that ``stats --format 'table {{.Name}}'`` printed (one a second,
    each ended by an empty line)."""
    tables: list[list[str]] = [[]]
    for line in text:
        if line == "NAME":
            tables[-1] = []
        elif line:
            tables[-1].append(line)
        else:
            tables.append([])
    return tables[-2] if len(tables) > 1 else []


def test_live_stats_adds_started_containers_and_drops_removed_ones(project: Project) -> None:
    project.write(f"""
        services:
          app:
            image: {BUSYBOX}
            command: {FOREVER}
        """)
    project.run("up", "-d")
    once = project.run("stats", "--no-stream", "--format", "{{.Name}}: {{.PIDs}} {{json .CPUPerc}}").out
    assert re.fullmatch(rf"{project.name}-app-1: \d+ \"\d+\.\d\d%\"\n", once), once
    out = Lines(start(project, "stats", "--format", "table {{.Name}}"))
    first, second = f"{project.name}-app-1", f"{project.name}-app-2"
    out.wait_for(lambda seen: _last_table(seen) == [first], "the first table")
    project.run("up", "-d", "--scale", "app=2")
    out.wait_for(lambda seen: _last_table(seen) == [first, second], "the started container")
    project.run("up", "-d", "--scale", "app=1")
    out.wait_for(lambda seen: _last_table(seen) == [first], "the removed container gone")
    out.proc.terminate()
    out.proc.wait(timeout=30)
