"""logs, exec and attach on the real engine: prefixes, options, following, exit codes, pipes and a TTY."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.e2e.conftest import BUSYBOX, FOREVER, Project

CLI = [sys.executable, "-m", "compose.cli"]


def run_with_input(
    project: Project, data: str, *args: str, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, "-p", project.name, *args],
        cwd=cwd or project.root,
        env={**os.environ, "NO_COLOR": "1"},
        input=data,
        capture_output=True,
        text=True,
        timeout=120,
    )


def start(project: Project, *args: str) -> subprocess.Popen[str]:
    """The CLI running in the background on the project, its output and errors piped, no input."""
    return subprocess.Popen(
        [*CLI, "-p", project.name, *args],
        cwd=project.root,
        env={**os.environ, "NO_COLOR": "1"},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for_output(project: Project, service: str, text: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if text in project.run("logs", service).out:
            return
        time.sleep(0.2)
    raise AssertionError(f"{service} never printed {text!r}")


def test_logs_with_prefixes_options_follow_and_without_the_files(project: Project, tmp_path: Path) -> None:
    project.write(f"""
        services:
          talker:
            image: {BUSYBOX}
            command: ["sh", "-c", "echo one; echo two >&2; echo three; sleep 2; echo four"]
          quiet:
            image: {BUSYBOX}
            command: ["sh", "-c", "echo only line; sleep 3"]
            scale: 2
        """)
    project.run("up", "-d")
    wait_for_output(project, "talker", "three")
    out = project.run("logs").out.splitlines()
    assert "talker-1 | one" in out and "talker-1 | two" in out
    assert "quiet-1  | only line" in out and "quiet-2  | only line" in out
    assert project.run("logs", "--tail", "1", "--no-log-prefix", "--index", "2", "quiet").out == "only line\n"
    stamped = project.run("logs", "-t", "--tail", "1", "quiet").out.splitlines()
    assert len(stamped) == 2 and all(" | 20" in line and line.endswith("Z only line") for line in stamped)
    assert project.run("logs", "--since", "2099-01-01T00:00:00Z").out == ""
    assert project.run("logs", "--until", "1h", "talker").out == ""
    followed = project.run("logs", "-f", "talker", timeout=60)
    assert followed.out.splitlines()[-1] == "talker-1 | four"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    by_name = subprocess.run(
        [*CLI, "-p", project.name, "logs", "--no-color", "talker"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert by_name.returncode == 0 and "talker-1 | four" in by_name.stdout
    unknown = project.run("logs", "nope", check=False)
    assert unknown.code == 1 and "no such service: nope" in unknown.err


def test_logs_follow_ends_quietly_on_ctrl_c(project: Project) -> None:
    project.write(f"""
        services:
          forever:
            image: {BUSYBOX}
            command: ["sh", "-c", "echo hello; trap 'exit 0' TERM; while true; do sleep 0.2; done"]
        """)
    project.run("up", "-d")
    proc = start(project, "logs", "-f")
    assert proc.stdout is not None
    assert proc.stdout.readline() == "forever-1 | hello\n"
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert (proc.returncode, out, err) == (0, "", "")


def test_exec_pipes_exit_codes_options_and_errors(project: Project) -> None:
    project.write(f"""
        services:
          app:
            image: {BUSYBOX}
            command: {FOREVER}
            scale: 2
          done:
            image: {BUSYBOX}
            command: ["true"]
        """)
    project.run("up", "-d")
    piped = run_with_input(project, "hi\n", "exec", "-T", "app", "cat")
    assert (piped.returncode, piped.stdout) == (0, "hi\n")
    failing = run_with_input(project, "", "exec", "-T", "app", "sh", "-c", "echo out; echo err >&2; exit 7")
    assert (failing.returncode, failing.stdout, failing.stderr) == (7, "out\n", "err\n")
    env = run_with_input(
        project, "", "exec", "-T", "-e", "GREETING=hey", "-w", "/tmp", "-u", "nobody", "--index", "2", "app",
        "sh", "-c", 'echo "$GREETING $(pwd) $(id -un) $(hostname)"',
    )  # fmt: skip
    second = next(c for c in project.containers() if c.name.endswith("app-2"))
    assert env.stdout == f"hey /tmp nobody {second.id[:12]}\n"
    detached = run_with_input(project, "", "exec", "-d", "app", "touch", "/tmp/detached")
    assert (detached.returncode, detached.stdout) == (0, "")
    deadline = time.monotonic() + 30
    while run_with_input(project, "", "exec", "-T", "app", "ls", "/tmp/detached").returncode != 0:
        assert time.monotonic() < deadline, "the detached command never ran"
    stopped = run_with_input(project, "", "exec", "-T", "done", "true")
    assert stopped.returncode == 1 and 'service "done" is not running' in stopped.stderr
    assert "Traceback" not in stopped.stderr
    unknown = run_with_input(project, "", "exec", "nope", "true")
    assert unknown.returncode == 1 and "no such service: nope" in unknown.stderr


def _talk(fd: int, send: bytes, until: bytes, timeout: float = 60) -> bytes:
    """Write ``send`` once the program shows it reads, then read until ``until`` or the end."""
    seen, sent = b"", False
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and until not in seen:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if not ready:
            if not sent and b"ready" in seen:
                os.write(fd, send)
                sent = True
            continue
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    return seen


def test_exec_with_a_terminal_is_interactive_and_restores_it(project: Project) -> None:
    project.write(f"""
        services:
          app:
            image: {BUSYBOX}
            command: {FOREVER}
        """)
    project.run("up", "-d")
    pid, fd = pty.fork()
    if pid == 0:  # the child: pycompose on a terminal
        os.chdir(project.root)
        os.execvpe(CLI[0], [*CLI, "-p", project.name, "exec", "app", "sh", "-c",
                            "tty; echo ready; read line; echo got $line; exit 3"],
                   {**os.environ, "NO_COLOR": "1"})  # fmt: skip
    seen = _talk(fd, b"typed\r", b"got typed")
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    assert b"/dev/pts/" in seen, seen
    assert b"got typed\r\n" in seen, seen
    assert os.waitstatus_to_exitcode(status) == 3


def test_attach_follows_the_main_process_and_returns_its_exit_code(project: Project) -> None:
    project.write(f"""
        services:
          job:
            image: {BUSYBOX}
            command: ["sh", "-c", "for i in $$(seq 30); do echo tick $$i; sleep 0.3; done; exit 4"]
          forever:
            image: {BUSYBOX}
            command: ["sh", "-c", "trap 'echo stopping; exit 0' TERM; while :; do echo alive; sleep 1; done"]
        """)
    project.run("up", "-d")
    attached = run_with_input(project, "", "attach", "job")
    assert attached.returncode == 4, attached.stderr
    assert attached.stdout.splitlines()[-1] == "tick 30"  # from when it attached to the end
    proc = start(project, "attach", "forever")
    assert proc.stdout is not None
    assert proc.stdout.readline() == "alive\n"  # attached, signals are passed on from now
    proc.send_signal(signal.SIGTERM)  # to the container (--sig-proxy), which says goodbye and ends
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert out.splitlines()[-1] == "stopping"
    not_running = run_with_input(project, "", "attach", "job")
    assert not_running.returncode == 1 and 'service "job" is not running' in not_running.stderr
