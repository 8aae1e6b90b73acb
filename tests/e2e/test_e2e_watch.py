"""``watch`` and ``up --watch`` on the real engine: an edit reaches the running service without a restart
by hand, and a signal ends watching cleanly."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from tests.e2e.conftest import BUSYBOX, FOREVER, PYTHON, REDIS, REPO, Project

STARTUP = 120.0
"""Seconds for ``up`` (a build included) before watching starts."""


class Watching:
    """A pycompose process whose output is read line by line as it comes."""

    def __init__(self, project: Project, args: list[str], env: dict[str, str]) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "compose.cli", "-p", project.name, *args],
            cwd=project.root,
            env={**os.environ, "NO_COLOR": "1", **env},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    @property
    def output(self) -> str:
        return "\n".join(self.lines)

    def wait_for(self, text: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.output:
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"no {text!r} in the output:\n{self.output}")
            time.sleep(0.1)

    def interrupt(self) -> int:
        self.proc.send_signal(signal.SIGINT)
        code = self.proc.wait(timeout=60)
        self._reader.join(timeout=5)
        return code


@contextmanager
def watching(project: Project, args: list[str], env: dict[str, str] | None = None) -> Iterator[Watching]:
    process = Watching(project, args, env or {})
    try:
        yield process
    finally:
        if process.proc.poll() is None:
            process.proc.kill()
            process.proc.wait()


def until(check: Callable[[], str], expected: str, timeout: float = 20.0) -> str:
    """Poll ``check`` until its answer contains ``expected``; return that answer."""
    deadline = time.monotonic() + timeout
    answer = ""
    while time.monotonic() < deadline:
        try:
            answer = check()
        except OSError:
            answer = ""
        if expected in answer:
            return answer
        time.sleep(0.2)
    raise AssertionError(f"never saw {expected!r}; last answer {answer!r}")


def test_watch_brings_an_edit_of_the_flask_app_to_the_running_service(
    project: Project, free_port: Callable[[], int]
) -> None:
    shutil.copytree(REPO / "examples" / "flask-redis", project.root, dirs_exist_ok=True)
    port = free_port()
    env = {"PYTHON_IMAGE": PYTHON, "REDIS_IMAGE": REDIS, "WEB_PORT": str(port)}

    def fetch() -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as answer:
            return str(answer.read().decode())

    with watching(project, ["watch"], env) as watch:
        watch.wait_for("Watch enabled", STARTUP)
        assert until(fetch, "Hello World!") == "Hello World! I have been seen 1 times.\n"
        app = project.root / "app.py"
        app.write_text(app.read_text().replace("Hello World!", "Hello Watch!"))
        assert until(fetch, "Hello Watch!").startswith("Hello Watch! I have been seen ")
        code = watch.interrupt()
    assert "web  Synced 1 changed file to /code/app.py" in watch.output
    assert "web  Restarted" in watch.output
    assert "Watch disabled" in watch.output
    assert code == 130, watch.output
    assert {c.name: c.status for c in project.containers()} == {
        f"{project.name}-redis-1": "running",
        f"{project.name}-web-1": "running",
    }


def test_up_watch_syncs_deletes_and_runs_the_exec_command(project: Project) -> None:
    project.write(
        f"""
        services:
          app:
            image: {BUSYBOX}
            command: {FOREVER}
            develop:
              watch:
                - path: ./site
                  action: sync
                  target: /srv/site
                - path: ./hooks
                  action: sync+exec
                  target: /hooks
                  exec:
                    command: sh -c "cat /hooks/* > /tmp/ran"
        """
    )
    (project.root / "site").mkdir()
    (project.root / "hooks").mkdir()

    def read(path: str) -> str:
        container = project.client.containers.get(f"{project.name}-app-1")
        result = container.exec_run(["cat", path])
        return str(result.output.decode()) if result.exit_code == 0 else ""

    with watching(project, ["up", "--watch"]) as up:
        up.wait_for("Watch enabled", STARTUP)
        (project.root / "site" / "index.html").write_text("<h1>hi</h1>")
        assert until(lambda: read("/srv/site/index.html"), "<h1>hi</h1>")
        (project.root / "hooks" / "note").write_text("hook ran")
        assert until(lambda: read("/tmp/ran"), "hook ran")
        (project.root / "site" / "index.html").unlink()
        up.wait_for("app  Deleted 1 file", 20)
        assert read("/srv/site/index.html") == ""
        code = up.interrupt()
    assert "app  Ran `sh -c 'cat /hooks/* > /tmp/ran'` in" in up.output
    assert code == 0, up.output
    assert [c.status for c in project.containers()] == ["exited"]


def test_watch_starts_from_an_included_file_brings_a_stale_image_up_to_date_and_syncs_newer_files(
    project: Project,
) -> None:
    """The service comes from an included file in ``app/``: its rule paths start there. ``watch`` builds
    it first (version.txt changed while no one watched), and ``initial_sync`` copies only the files newer
    than the image."""
    project.write("include: [app/compose.yaml]\n")
    project.write(
        f"""
        services:
          app:
            build: .
            command: {FOREVER}
            develop:
              watch:
                - {{path: ./site, action: sync, target: /srv/site, initial_sync: true}}
                - {{path: ./version.txt, action: rebuild}}
        """,
        "app/compose.yaml",
    )
    project.write(f"FROM {BUSYBOX}\nCOPY version.txt /version.txt\n", "app/Dockerfile")
    project.write("1", "app/version.txt")
    project.run("up", "-d")
    project.write("2", "app/version.txt")
    site = project.root / "app" / "site"
    site.mkdir()
    for name, age in (("old.html", 3600), ("new.html", -3600)):  # before the image; after it
        (site / name).write_text(name)
        os.utime(site / name, (time.time() - age, time.time() - age))

    def read(path: str) -> str:
        container = project.client.containers.get(f"{project.name}-app-1")
        result = container.exec_run(["cat", path])
        return str(result.output.decode()) if result.exit_code == 0 else ""

    with watching(project, ["watch"]) as watch:
        watch.wait_for("Watch enabled", STARTUP)
        assert read("/version.txt") == "2"
        assert read("/srv/site/new.html") == "new.html"
        assert read("/srv/site/old.html") == ""
        (site / "old.html").write_text("edited")
        assert until(lambda: read("/srv/site/old.html"), "edited")
        code = watch.interrupt()
    assert "app  Synced 1 changed file to /srv/site" in watch.output
    assert code == 130, watch.output


def test_up_watch_restarts_without_aborting_then_aborts_on_an_exit_with_its_code(project: Project) -> None:
    project.write(
        f"""
        services:
          app:
            image: {BUSYBOX}
            command:
              - sh
              - -c
              - echo hello from app; trap 'exit 0' TERM; trap 'exit 3' USR1; while true; do sleep 0.2; done
            develop:
              watch: [{{path: ./app.conf, action: restart}}]
          other:
            image: {BUSYBOX}
            command: {FOREVER}
        """
    )
    with watching(project, ["up", "--watch", "--exit-code-from", "app"]) as up:
        up.wait_for("Watch enabled", STARTUP)
        (project.root / "app.conf").write_text("changed")
        up.wait_for("app  Restarted", 30)
        deadline = time.monotonic() + 20
        while up.output.count("hello from app") < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert up.output.count("hello from app") == 2, up.output  # the new run's first line is there
        assert "Aborting" not in up.output
        project.client.containers.get(f"{project.name}-app-1").kill("USR1")
        code = up.proc.wait(timeout=60)
    assert f"{project.name}-app-1 exited with code 3" in up.output
    assert code == 3, up.output
    assert {c.status for c in project.containers()} == {"exited"}
