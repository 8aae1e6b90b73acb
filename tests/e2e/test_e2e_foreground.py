"""Foreground ``up``: logs stream with a service prefix; Ctrl-C stops the containers (and keeps them)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from tests.e2e.conftest import BUSYBOX, Project


def test_foreground_up_streams_logs_and_ctrl_c_stops(project: Project) -> None:
    project.write(f"""
        services:
          talker:
            image: {BUSYBOX}
            command:
              - sh
              - -c
              - >-
                trap 'echo bye; exit 0' TERM INT; i=0;
                while true; do i=$$((i+1)); echo tick $$i; sleep 0.2; done
          quiet:
            image: {BUSYBOX}
            command: ["sh", "-c", "echo only once; trap 'exit 0' TERM; while true; do sleep 0.2; done"]
        """)
    proc = subprocess.Popen(
        [sys.executable, "-m", "compose.cli", "-p", project.name, "up"],
        cwd=project.root,
        env={**os.environ, "NO_COLOR": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert proc.stdout is not None
    seen: list[str] = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line and proc.poll() is not None:
            break
        seen.append(line.rstrip("\n"))
        if any(s.startswith("talker-1 | tick 3") for s in seen) and any("| only once" in s for s in seen):
            break
    else:
        proc.kill()
        raise AssertionError("\n".join(seen))
    assert any(s.startswith("quiet-1  | only once") for s in seen), seen
    proc.send_signal(signal.SIGINT)
    rest, _ = proc.communicate(timeout=60)
    assert proc.returncode == 0, rest
    assert "Gracefully stopping" in rest
    states = {c.name: c.status for c in project.containers()}
    assert states == {f"{project.name}-talker-1": "exited", f"{project.name}-quiet-1": "exited"}


def test_attach_false_is_not_followed_unless_attach_names_it(project: Project) -> None:
    project.write(f"""
        services:
          job:
            image: {BUSYBOX}
            command: ["sh", "-c", "sleep 1; echo job done"]
          chatty:
            image: {BUSYBOX}
            attach: false
            command: ["sh", "-c", "echo chatty says hi; trap 'exit 0' TERM; while true; do sleep 0.2; done"]
        """)
    quiet = project.run("up", "--abort-on-container-exit", timeout=120)
    assert f"Attaching to {project.name}-job-1\n" in quiet.out, quiet.out
    assert "job-1" in quiet.out and "job done" in quiet.out
    assert "chatty says hi" not in quiet.out + quiet.err
    states = {c.name: c.status for c in project.containers()}
    assert states[f"{project.name}-chatty-1"] == "exited"  # stopped with the others, though not shown
    # --attach wins over the file
    named = project.run("up", "--abort-on-container-exit", "--attach", "chatty", timeout=120)
    assert f"Attaching to {project.name}-chatty-1\n" in named.out, named.out
    assert "chatty says hi" in named.out and "job done" not in named.out


def test_up_of_named_services_follows_only_them_unless_attach_dependencies(project: Project) -> None:
    project.write(f"""
        services:
          db:
            image: {BUSYBOX}
            command: ["sh", "-c", "echo db ready; trap 'exit 0' TERM; while true; do sleep 0.2; done"]
          job:
            image: {BUSYBOX}
            depends_on: [db]
            command: ["sh", "-c", "sleep 1; echo job done"]
        """)
    named = project.run("up", "--abort-on-container-exit", "job", timeout=120)
    assert f"Attaching to {project.name}-job-1\n" in named.out, named.out
    assert "job done" in named.out and "db ready" not in named.out
    both = project.run("up", "--abort-on-container-exit", "--attach-dependencies", "job", timeout=120)
    assert "job done" in both.out and "db ready" in both.out, both.out


def test_a_job_that_ends_before_the_logs_are_followed_still_shows_its_output(project: Project) -> None:
    project.write(f"""
        services:
          job:
            image: {BUSYBOX}
            command: ["sh", "-c", "echo quick job done"]
        """)
    first = project.run("up", "--abort-on-container-exit", timeout=120)
    assert "quick job done" in first.out, first.out + first.err
    again = project.run("up", "--abort-on-container-exit", timeout=120)
    assert again.out.count("quick job done") == 1, again.out  # this run's output, not the last one's too
