"""The ``watch`` command's parts without an engine: its output, signals, and refusals before any work."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from rich.console import Console

from compose import orchestrator
from compose.cli.app import Globals, main
from compose.cli.watch_cmd import INTERRUPTED, WatchPrinter, until_signal
from compose.engine.fake import FakeEngine
from compose.events import ListSink, LogLine, NullSink, Resource, ResourceDone
from compose.watch import Session
from compose.watch.events import FilesSynced, ServiceActing, WatchProblem
from tests.conftest import WriteProject
from tests.helpers import load


def _printer(mode: str) -> tuple[WatchPrinter, io.StringIO, ListSink]:
    out = io.StringIO()
    inner = ListSink()
    return WatchPrinter(Console(file=out, width=100, no_color=True), inner, mode, "demo"), out, inner


def test_watch_lines_are_printed_and_the_core_events_go_to_the_inner_sink() -> None:
    printer, out, inner = _printer("plain")
    seen: list[object] = []
    printer.listeners.append(seen.append)
    done = ResourceDone(Resource("container", "demo-web-1"), "Recreated")
    printer.emit(FilesSynced("web", 2, 0, ("/app",)))
    printer.emit(done)
    printer.emit(LogLine("web", "demo-web-1", "GET / 200"))
    printer.emit(ServiceActing("web", "Restarted"))
    assert out.getvalue() == "web  Synced 2 changed files to /app\nweb-1 | GET / 200\nweb  Restarted\n"
    assert inner.events == [done]
    assert len(seen) == 4


def test_json_progress_gives_one_object_per_watch_event() -> None:
    printer, out, _ = _printer("json")
    printer.emit(FilesSynced("web", 1, 0, ("/app",)))
    record = json.loads(out.getvalue())
    assert record == {
        "type": "FilesSynced",
        "service": "web",
        "copied": 1,
        "deleted": 0,
        "targets": ["/app"],
        "containers": 1,
    }


def test_quiet_progress_shows_only_problems() -> None:
    printer, out, _ = _printer("quiet")
    printer.emit(FilesSynced("web", 1, 0, ("/app",)))
    printer.emit(WatchProblem("web", "cannot copy"))
    assert out.getvalue() == "web  Error: cannot copy\n"


def test_a_signal_stops_watching_with_exit_code_130_and_handlers_are_restored() -> None:
    before = signal.getsignal(signal.SIGINT)

    def run(stop: threading.Event) -> None:
        os.kill(os.getpid(), signal.SIGINT)
        assert stop.wait(5)

    assert until_signal(run) == INTERRUPTED
    assert until_signal(lambda stop: None) == 0
    assert signal.getsignal(signal.SIGINT) is before


def _run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "DOCKER_HOST": "unix:///nonexistent.sock"}
    return subprocess.run(
        [sys.executable, "-m", "compose.cli", *args], cwd=cwd, capture_output=True, text=True, env=env
    )


def test_watch_refuses_a_rebuild_without_build_before_touching_the_engine(
    write_project: WriteProject,
) -> None:
    root = write_project(
        compose="""
        services:
          web:
            image: app
            develop:
              watch:
                - path: ./src
                  action: rebuild
        """
    )
    result = _run(root, "watch")
    assert result.returncode == 1
    assert (
        "compose.yaml:4:5: services.web.develop.watch[0].action: can't watch service 'web'" in result.stderr
    )
    assert "without a build context" in result.stderr and "Traceback" not in result.stderr
    assert _run(root, "up", "--watch").stderr == result.stderr


def test_dry_run_lists_the_rules_it_would_follow(write_project: WriteProject) -> None:
    root = write_project(
        compose="""
        services:
          web:
            build: .
            develop:
              watch:
                - {path: ./src, action: sync, target: /app}
                - {path: requirements.txt, action: rebuild}
        """
    )
    result = _run(root, "--dry-run", "watch", "--no-up")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        f"web  would watch {root}/src: sync -> /app\nweb  would watch {root}/requirements.txt: rebuild\n"
    )


def test_watch_needs_a_develop_section_and_up_watch_no_detach(write_project: WriteProject) -> None:
    root = write_project(compose="services: {web: {image: app}}")
    result = _run(root, "watch", "--no-up")
    assert result.returncode == 1
    assert "none of the selected services is configured for watch" in result.stderr
    detached = _run(root, "up", "-d", "--watch")
    assert detached.returncode == 2 and "--detach and --watch cannot be combined" in detached.stderr
    unbuilt = _run(root, "up", "--no-build", "--watch")
    assert unbuilt.returncode == 2 and "--no-build and --watch cannot be combined" in unbuilt.stderr


STARTS = """
name: demo
services:
  web:
    build: .
    develop:
      watch: [{path: requirements.txt, action: rebuild}]
  worker:
    build: .
  db:
    image: app
    develop:
      watch: [{path: db.conf, action: restart}]
"""


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch, write_project: WriteProject) -> FakeEngine:
    """A project already up on a fake engine that ``pycompose`` commands use; watching ends at once."""
    root = write_project(compose=STARTS, Dockerfile="FROM scratch\n")
    monkeypatch.chdir(root)
    engine = FakeEngine(images={"app": "sha256:" + "a" * 64})
    orchestrator.up(load(root).project, engine, NullSink())
    engine.calls.clear()
    monkeypatch.setattr(Globals, "engine", lambda self: engine)
    monkeypatch.setattr(Session, "watch", lambda self, stop: None)
    return engine


def _main(*args: str) -> int:
    with pytest.raises(SystemExit) as ended:
        main(["--progress", "plain", *args])
    return int(ended.value.code or 0)


def test_watch_builds_the_services_with_build_and_develop_before_its_up(fake: FakeEngine) -> None:
    old = fake.images["demo-web"]
    assert _main("watch") == 0
    builds = [c for c in fake.calls if c.startswith("build:")]
    assert builds == ["build:demo-web"]  # not worker (no develop), not db (no build)
    assert fake.containers["demo-web-1"].image_id == fake.images["demo-web"] != old  # recreated
    assert not any(c.startswith(("stop:demo-db", "stop:demo-worker")) for c in fake.calls)


def test_watch_builds_only_what_its_up_concerns_and_nothing_with_no_up(fake: FakeEngine) -> None:
    assert _main("watch", "db") == 0
    assert not any(c.startswith("build:") for c in fake.calls)
    assert _main("watch", "--no-up") == 0
    assert not any(c.startswith("build:") for c in fake.calls)


def test_dry_run_shows_the_builds_before_the_up(fake: FakeEngine, capsys: pytest.CaptureFixture[str]) -> None:
    assert _main("--dry-run", "watch") == 0
    out = capsys.readouterr().out
    assert out.index("Image demo-web  build  service web") < out.index("would watch")
    assert not any(c.startswith(("build:", "create:", "stop:")) for c in fake.calls)
