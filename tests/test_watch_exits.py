"""Which containers exited on their own while watching: a restart or a rebuild by watch is not an exit."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from compose import orchestrator
from compose.engine.fake import FakeEngine
from compose.events import Event, NullSink
from compose.model import Project
from compose.watch import Session, WatchEvent, parse
from compose.watch.events import ServiceActing, WatchProblem
from compose.watch.exits import Exits
from tests.helpers import project_from

FILE = """
services:
  app:
    build: .
    develop:
      watch:
        - {path: ./app.conf, action: restart}
        - {path: ./requirements.txt, action: rebuild}
  db:
    image: db
"""


class Forward:
    def __init__(self, exits: Exits) -> None:
        self.exits = exits

    def emit(self, event: Event | WatchEvent) -> None:
        self.exits.on_event(event)


def eventually(check: Callable[[], bool], timeout: float = 5.0) -> bool:
    """Whether ``check`` holds within ``timeout`` seconds (threads are at work)."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def _setup(tmp_path: Path) -> tuple[Project, FakeEngine, Exits, Session]:
    project = project_from(tmp_path, FILE)
    Path(project.working_dir, "Dockerfile").write_text("FROM scratch\n")
    engine = FakeEngine(images={"db": "sha256:db"})
    orchestrator.up(project, engine, NullSink())
    exits = Exits(engine, project.name)
    exits.follow(c for c in engine.observe(project.name).containers if c.running)
    return project, engine, exits, Session(project, engine, Forward(exits), parse(project))


def _names(exits: Exits) -> list[str]:
    return [c.name for c in exits.exited]


def test_a_container_that_stops_on_its_own_has_exited(tmp_path: Path) -> None:
    _project, engine, exits, _session = _setup(tmp_path)
    engine.stop_container(engine.containers["demo-db-1"].id)
    assert eventually(lambda: _names(exits) == ["demo-db-1"])


def test_a_restart_by_watch_is_not_an_exit_and_the_container_is_waited_on_again(tmp_path: Path) -> None:
    project, engine, exits, session = _setup(tmp_path)
    session.handle([str(Path(project.working_dir, "app.conf"))])
    time.sleep(0.2)
    assert exits.exited == []
    engine.stop_container(engine.containers["demo-app-1"].id)
    assert eventually(lambda: _names(exits) == ["demo-app-1"])


def test_a_container_that_fails_right_after_its_restart_has_exited(tmp_path: Path) -> None:
    project, engine, exits, session = _setup(tmp_path)
    engine.exits["demo-app-1"] = 3  # it exits with 3 when started again
    session.handle([str(Path(project.working_dir, "app.conf"))])
    assert eventually(lambda: [(c.name, c.exit_code) for c in exits.exited] == [("demo-app-1", 3)])


def test_a_rebuild_replaces_the_container_and_the_new_one_is_waited_on(tmp_path: Path) -> None:
    project, engine, exits, session = _setup(tmp_path)
    old = engine.containers["demo-app-1"].id
    session.handle([str(Path(project.working_dir, "requirements.txt"))])
    new = engine.containers["demo-app-1"].id
    assert new != old
    time.sleep(0.2)
    assert exits.exited == []
    engine.stop_container(new)
    assert eventually(lambda: [c.id for c in exits.exited] == [new])


def test_a_failed_action_ends_it_and_exits_count_again(tmp_path: Path) -> None:
    _project, engine, exits, _session = _setup(tmp_path)
    exits.on_event(ServiceActing("db", "Restarting"))
    engine.stop_container(engine.containers["demo-db-1"].id)
    time.sleep(0.2)
    assert exits.exited == []
    exits.on_event(WatchProblem("", "the engine said no"))  # a rebuild's problem ends every action
    assert eventually(lambda: _names(exits) == ["demo-db-1"])
