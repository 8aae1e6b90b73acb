"""Watch actions on the fake engine: sync (copies and deletions), restart, sync+exec, rebuild."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TypeVar

import pytest

from compose import orchestrator
from compose.engine.fake import FakeEngine
from compose.engine.fake_control import IMAGE_CREATED
from compose.engine.sync import CommandResult
from compose.errors import OperationFailedError
from compose.events import Event, NullSink
from compose.model import Project
from compose.watch import Session, WatchEvent, parse, watch_line
from compose.watch.debounce import Debouncer
from compose.watch.events import CommandRan, FilesSynced, ServiceActing, WatchProblem, WatchStarted
from compose.watch.initial import created_at
from tests.helpers import project_from

T = TypeVar("T")


class Recorder:
    """Keeps every event, the core's and watch's."""

    def __init__(self) -> None:
        self.events: list[Event | WatchEvent] = []

    def emit(self, event: Event | WatchEvent) -> None:
        self.events.append(event)

    def of(self, kind: type[T]) -> list[T]:
        return [e for e in self.events if isinstance(e, kind)]


FILE = """
services:
  web:
    build: .
    develop:
      watch:
        - {path: ./src, action: sync, target: /app, ignore: ["*.log"]}
        - {path: ./conf, action: sync+restart, target: /etc/web}
        - {path: ./hooks, action: sync+exec, target: /hooks, exec: {command: reload now}}
        - {path: ./requirements.txt, action: rebuild}
  db:
    image: db
    develop:
      watch:
        - {path: ./db.conf, action: restart}
"""


def _setup(tmp_path: Path) -> tuple[Project, FakeEngine, Recorder, Session]:
    project = project_from(tmp_path, FILE)
    root = Path(project.working_dir)
    for folder in ("src", "conf", "hooks"):
        (root / folder).mkdir()
    (root / "Dockerfile").write_text("FROM scratch\n")
    engine = FakeEngine(images={"db": "sha256:db"})
    orchestrator.up(project, engine, NullSink())
    engine.calls.clear()
    sink = Recorder()
    return project, engine, sink, Session(project, engine, sink, parse(project))


def _up(tmp_path: Path, text: str) -> tuple[Project, FakeEngine]:
    """The project of ``text``, whose services run the image ``app``, up on a fake engine."""
    project = project_from(tmp_path, text)
    engine = FakeEngine(images={"app": "sha256:a"})
    orchestrator.up(project, engine, NullSink())
    return project, engine


def test_changed_files_are_copied_to_their_target_and_deleted_ones_removed(tmp_path: Path) -> None:
    project, engine, sink, session = _setup(tmp_path)
    src = Path(project.working_dir, "src")
    (src / "pkg").mkdir()
    (src / "pkg" / "a.py").write_text("print('a')")
    (src / "b.py").write_text("b")
    (src / "debug.log").write_text("ignored")
    session.handle([str(src / "pkg" / "a.py"), str(src / "b.py"), str(src / "debug.log")])
    assert engine.synced["demo-web-1"] == {"/app/pkg/a.py": b"print('a')", "/app/b.py": b"b"}
    (src / "b.py").unlink()
    session.handle([str(src / "b.py")])
    assert engine.synced["demo-web-1"] == {"/app/pkg/a.py": b"print('a')"}
    assert ("demo-web-1", ("rm", "-rf", "--", "/app/b.py")) in [(n, s.command) for n, s in engine.commands]
    assert sink.of(FilesSynced) == [
        FilesSynced("web", 2, 0, ("/app",)),
        FilesSynced("web", 0, 1, ("/app",)),
    ]
    assert not any(call.startswith(("stop:", "build:")) for call in engine.calls)


def test_sync_restart_copies_then_restarts_the_containers(tmp_path: Path) -> None:
    project, engine, sink, session = _setup(tmp_path)
    conf = Path(project.working_dir, "conf", "web.ini")
    conf.write_text("[web]")
    session.handle([str(conf)])
    assert engine.synced["demo-web-1"] == {"/etc/web/web.ini": b"[web]"}
    assert engine.calls[-2:] == ["stop:demo-web-1", "start:demo-web-1"]
    assert [e.status for e in sink.of(ServiceActing)] == ["Restarting", "Restarted"]


def test_restart_alone_copies_nothing(tmp_path: Path) -> None:
    project, engine, _sink, session = _setup(tmp_path)
    session.handle([str(Path(project.working_dir, "db.conf"))])
    assert engine.calls == ["stop:demo-db-1", "start:demo-db-1"]
    assert engine.synced == {}


def test_sync_exec_runs_the_command_once_per_batch(tmp_path: Path) -> None:
    project, engine, sink, session = _setup(tmp_path)
    hooks = Path(project.working_dir, "hooks")
    (hooks / "one.sh").write_text("1")
    (hooks / "two.sh").write_text("2")
    engine.command_results["demo-web-1"] = CommandResult(3, "reload failed\n")
    session.handle([str(hooks / "one.sh"), str(hooks / "two.sh")])
    assert [s.command for _, s in engine.commands] == [("reload", "now")]
    assert sink.of(CommandRan) == [CommandRan("web", "demo-web-1", ("reload", "now"), 3, "reload failed\n")]


def test_rebuild_builds_and_recreates_only_that_service_and_prunes_the_old_image(tmp_path: Path) -> None:
    project, engine, sink, session = _setup(tmp_path)
    old_image = engine.images["demo-web"]
    session.handle([str(Path(project.working_dir, "requirements.txt"))])
    assert "build:demo-web" in engine.calls
    assert "stop:demo-web-1" in engine.calls and "create:demo-web-1" in engine.calls
    assert not any("demo-db-1" in call for call in engine.calls)
    assert f"remove_image:{old_image}" in engine.calls
    assert engine.containers["demo-web-1"].image_id == engine.images["demo-web"] != old_image
    assert [e.status for e in sink.of(ServiceActing)] == ["Rebuilding", "Rebuilt"]


def test_a_failure_is_reported_and_watching_goes_on(tmp_path: Path) -> None:
    project, engine, sink, session = _setup(tmp_path)
    engine.fail["stop:demo-db-1"] = OperationFailedError.at("engine said no")
    session.handle([str(Path(project.working_dir, "db.conf"))])
    (problem,) = sink.of(WatchProblem)
    assert problem == WatchProblem("db", "engine said no")
    src_file = Path(project.working_dir, "src", "x.py")
    src_file.write_text("x")
    session.handle([str(src_file)])
    assert engine.synced["demo-web-1"] == {"/app/x.py": b"x"}


def test_initial_sync_copies_the_files_newer_than_the_image(tmp_path: Path) -> None:
    project = project_from(
        tmp_path,
        """
        services:
          web:
            build: {context: ., dockerfile: web.Dockerfile}
            develop:
              watch:
                - {path: ., action: sync, target: /srv, initial_sync: true, ignore: [drafts/]}
        """,
    )
    site = Path(project.working_dir)
    (site / "drafts").mkdir(parents=True)
    for name in ("index.html", "old.html", "drafts/wip.html", "Dockerfile", "web.Dockerfile"):
        (site / name).write_text(name)
    image_time = created_at(IMAGE_CREATED)
    assert image_time is not None
    os.utime(site / "old.html", (image_time - 60, image_time - 60))  # in the image already
    engine = FakeEngine()
    orchestrator.up(project, engine, NullSink())
    sink = Recorder()
    Session(project, engine, sink, parse(project)).initial_sync()
    assert engine.synced["demo-web-1"] == {"/srv/index.html": b"index.html"}
    assert sink.of(FilesSynced) == [FilesSynced("web", 1, 0, ("/srv",))]


def test_initial_sync_copies_every_file_when_the_image_is_unknown(tmp_path: Path) -> None:
    project, engine = _up(
        tmp_path,
        """
        services:
          web:
            image: app
            develop:
              watch: [{path: ./site, action: sync, target: /srv, initial_sync: true}]
        """,
    )
    site = Path(project.working_dir, "site")
    site.mkdir()
    (site / "old.html").write_text("old")
    os.utime(site / "old.html", (0, 0))
    del engine.images["app"]  # the engine no longer has the image
    Session(project, engine, Recorder(), parse(project)).initial_sync()
    assert engine.synced["demo-web-1"] == {"/srv/old.html": b"old"}


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("2024-05-01T12:00:00.123456789Z", 1714564800.123456),
        ("2024-05-01T14:00:00+02:00", 1714564800.0),
        ("", None),
        ("yesterday", None),
    ],
)
def test_the_engines_times_are_read_with_their_nanoseconds(text: str, seconds: float | None) -> None:
    assert created_at(text) == seconds


def test_a_sync_path_that_is_bind_mounted_is_not_watched(tmp_path: Path) -> None:
    project = project_from(
        tmp_path,
        """
        services:
          web:
            image: app
            volumes: [./src:/app]
            develop:
              watch:
                - {path: ./src, action: sync, target: /app}
                - {path: ./conf, action: restart}
        """,
    )
    sink = Recorder()
    session = Session(project, FakeEngine(), sink, parse(project))
    assert [r.action for r in session.rules] == ["restart"]
    (warning,) = sink.of(WatchProblem)
    assert warning.level == "warning" and "bind mounted" in warning.error


def test_a_session_applies_batches_from_its_source_until_stopped(tmp_path: Path) -> None:
    project, engine, sink, session = _setup(tmp_path)
    src_file = Path(project.working_dir, "src", "main.py")
    src_file.write_text("main")
    stop = threading.Event()
    now = [0.0]

    def source() -> Iterator[set[str]]:
        yield {str(src_file)}
        assert engine.synced == {}  # not yet: the files have not been quiet long enough
        now[0] += 1.0
        yield set()
        stop.set()
        yield set()

    session.watch(stop, source(), Debouncer(quiet=0.5, clock=lambda: now[0]))
    assert engine.synced["demo-web-1"] == {"/app/main.py": b"main"}
    assert isinstance(sink.events[0], WatchStarted)


@pytest.mark.parametrize(
    ("event", "line"),
    [
        (FilesSynced("web", 2, 0, ("/app",)), "web  Synced 2 changed files to /app"),
        (
            FilesSynced("web", 1, 1, ("/app", "/etc")),
            "web  Synced 1 changed file to /app, /etc, deleted 1 file",
        ),
        (FilesSynced("web", 0, 2, ("/app",), 3), "web  Deleted 2 files in 3 containers"),
        (ServiceActing("web", "Restarted"), "web  Restarted"),
        (CommandRan("web", "p-web-1", ("reload",), 0), "web  Ran `reload` in p-web-1: exit 0"),
        (
            CommandRan("web", "p-web-1", ("reload",), 1, "boom\n"),
            "web  Ran `reload` in p-web-1: exit 1\nboom",
        ),
        (WatchProblem("", "lost the engine"), "Error: lost the engine"),
        (WatchProblem("web", "bind mounted", "warning"), "web  WARN: bind mounted"),
    ],
)
def test_each_event_reads_as_one_line(event: WatchEvent, line: str) -> None:
    assert watch_line(event) == line


def test_a_restart_gives_each_container_the_services_stop_grace_period(tmp_path: Path) -> None:
    project, engine = _up(
        tmp_path,
        """
        services:
          web:
            image: app
            stop_grace_period: 1m30s
            develop:
              watch: [{path: ./conf, action: restart}]
          db:
            image: app
            develop:
              watch: [{path: ./db.conf, action: restart}]
        """,
    )
    timeouts: list[tuple[str, int | None]] = []
    stop = engine.stop_container

    def recorded(container_id: str, timeout: int | None = None) -> None:
        timeouts.append((engine.inspect_container(container_id).name, timeout))
        stop(container_id, timeout)

    engine.stop_container = recorded  # type: ignore[method-assign]
    session = Session(project, engine, Recorder(), parse(project))
    session.handle([str(Path(project.working_dir, "conf")), str(Path(project.working_dir, "db.conf"))])
    assert timeouts == [("demo-db-1", None), ("demo-web-1", 90)]


def test_a_service_without_build_is_synced_and_restarted_as_in_compose(tmp_path: Path) -> None:
    """Only ``rebuild`` needs ``build:`` (Compose 2.32 on); other rules of an image-only service apply."""
    project, engine = _up(
        tmp_path,
        """
        services:
          web:
            image: app
            develop:
              watch: [{path: ./conf, action: sync+restart, target: /etc/web}]
        """,
    )
    conf = Path(project.working_dir, "conf")
    conf.mkdir()
    (conf / "web.ini").write_text("[web]")
    sink = Recorder()
    Session(project, engine, sink, parse(project)).handle([str(conf / "web.ini")])
    assert engine.synced["demo-web-1"] == {"/etc/web/web.ini": b"[web]"}
    assert [e.status for e in sink.of(ServiceActing)] == ["Restarting", "Restarted"]
    assert sink.of(WatchProblem) == []
