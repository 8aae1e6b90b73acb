"""start, stop, restart, kill, pause, unpause, rm on the in-memory engine: which containers, in what order."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from compose import orchestrator
from compose.actions.control import Scope, carry_out, plan_kill, plan_pause, plan_unpause
from compose.actions.control_remove import plan_rm
from compose.actions.control_start import plan_restart, plan_start, plan_stop
from compose.engine.base import Observed
from compose.engine.fake import FakeEngine
from compose.errors import ConfigError, NotFoundError, OperationFailedError
from compose.events import ListSink, Notice, NullSink, Resource, ResourceDone
from compose.model import Project
from compose.plan import Plan, UpOptions
from tests.helpers import project_from

FILE = """
services:
  db: {image: app}
  web:
    image: app
    depends_on: {db: {condition: service_started, restart: true}}
  worker: {image: app, depends_on: [db]}
"""


def up(tmp_path: Path, text: str = FILE) -> tuple[Project, FakeEngine]:
    project = project_from(tmp_path, text)
    fake = FakeEngine(images={"app": "sha256:a"})
    orchestrator.up(project, fake, NullSink(), UpOptions())
    fake.calls.clear()
    return project, fake


def run(
    plan_of: Callable[[Scope, Observed], Plan], engine: FakeEngine, scope: Scope, **options: Any
) -> ListSink:
    sink = ListSink()
    carry_out(plan_of(scope, engine.observe(scope.name)), engine, sink, **options)
    return sink


def done(sink: ListSink) -> list[str]:
    return [e.status for e in sink.events if isinstance(e, ResourceDone)]


def states(engine: FakeEngine) -> dict[str, str]:
    return {name: c.state for name, c in sorted(engine.containers.items())}


def test_stop_stops_dependents_first_and_only_the_services_named(tmp_path: Path) -> None:
    project, engine = up(tmp_path)
    run(plan_stop, engine, Scope("demo", project, ("web",)))
    assert engine.calls == ["stop:demo-web-1"]
    run(plan_stop, engine, Scope("demo", project))
    assert engine.calls[1:] == ["stop:demo-worker-1", "stop:demo-db-1"]
    assert set(states(engine).values()) == {"exited"}


def test_stop_orders_dependents_first_from_labels_alone(tmp_path: Path) -> None:
    _, engine = up(tmp_path)
    run(plan_stop, engine, Scope("demo"))
    assert engine.calls.index("stop:demo-db-1") == 2


def test_start_brings_up_dependencies_first_and_waits_for_their_health(tmp_path: Path) -> None:
    text = """
    services:
      db: {image: app, healthcheck: {test: [CMD, "true"]}}
      web: {image: app, depends_on: {db: {condition: service_healthy}}}
      other: {image: app}
    """
    project, engine = up(tmp_path, text)
    run(plan_stop, engine, Scope("demo", project))
    engine.calls.clear()
    plan = plan_start(Scope("demo", project, ("web",)), engine.observe("demo"))
    assert plan.render().splitlines() == [
        "Container demo-db-1   start         container is exited",
        "Container demo-db-1   wait_healthy  web waits for service_healthy",
        "Container demo-web-1  start         container is exited",
    ]
    carry_out(plan, engine, NullSink())
    assert engine.calls == ["start:demo-db-1", "wait_healthy:demo-db-1", "start:demo-web-1"]
    assert states(engine)["demo-other-1"] == "exited"


def test_start_without_the_file_reads_dependencies_from_labels(tmp_path: Path) -> None:
    _, engine = up(tmp_path)
    run(plan_stop, engine, Scope("demo"))
    engine.calls.clear()
    sink = run(plan_start, engine, Scope("demo", None, ("worker",)))
    assert engine.calls == ["start:demo-db-1", "start:demo-worker-1"]
    assert ResourceDone(Resource("container", "demo-worker-1"), "Started") in sink.events


def test_start_keeps_running_containers_and_refuses_services_without_containers(tmp_path: Path) -> None:
    project = project_from(tmp_path, FILE)
    engine = FakeEngine(images={"app": "sha256:a"})
    orchestrator.up(project, engine, NullSink(), UpOptions(services=("db",)))
    with pytest.raises(NotFoundError, match='service "web" has no container to start'):
        plan_start(Scope("demo", project), engine.observe("demo"))
    plan = plan_start(Scope("demo", project, ("db",)), engine.observe("demo"))
    assert plan.operations == ()
    assert [str(r) for r in plan.kept] == ["Container demo-db-1"]


def test_unknown_services_and_projects_are_named(tmp_path: Path) -> None:
    project, engine = up(tmp_path)
    with pytest.raises(ConfigError, match="no such service: nope"):
        plan_stop(Scope("demo", project, ("nope",)), engine.observe("demo"))
    with pytest.raises(ConfigError, match="no such service: nope") as raised:
        plan_stop(Scope("demo", None, ("nope",)), engine.observe("demo"))
    assert "belong to: db, web, worker" in str(raised.value)
    with pytest.raises(NotFoundError, match='no container found for project "ghost"'):
        plan_start(Scope("ghost"), engine.observe("ghost"))


def test_restart_takes_dependents_with_restart_true_after_their_dependency(tmp_path: Path) -> None:
    project, engine = up(tmp_path)
    plan = plan_restart(Scope("demo", project, ("db",)), engine.observe("demo"))
    assert [op.resource.name for op in plan.operations] == ["demo-db-1", "demo-web-1"]
    assert plan.operations[1].needs == ("container:demo-db-1:restart",)
    alone = plan_restart(Scope("demo", project, ("db",)), engine.observe("demo"), no_deps=True)
    assert [op.resource.name for op in alone.operations] == ["demo-db-1"]
    carry_out(plan, engine, NullSink(), timeout=3)
    assert engine.calls == ["stop:demo-db-1", "start:demo-db-1", "stop:demo-web-1", "start:demo-web-1"]


def test_restart_starts_stopped_containers_too(tmp_path: Path) -> None:
    _, engine = up(tmp_path)
    run(plan_stop, engine, Scope("demo", None, ("worker",)))
    run(plan_restart, engine, Scope("demo", None, ("worker",)))
    assert states(engine)["demo-worker-1"] == "running"


def test_kill_sends_the_signal_to_running_containers(tmp_path: Path) -> None:
    project, engine = up(tmp_path)
    run(plan_stop, engine, Scope("demo", project, ("worker",)))
    plan = plan_kill(Scope("demo", project), engine.observe("demo"), signal="SIGTERM")
    assert [op.resource.name for op in plan.operations] == ["demo-db-1", "demo-web-1"]
    sink = ListSink()
    carry_out(plan, engine, sink, signal="SIGTERM")
    assert {c.exit_code for c in engine.containers.values() if c.service != "worker"} == {143}
    assert done(sink) == ["Killed", "Killed"]


def test_kill_removes_orphans_only_when_asked(tmp_path: Path) -> None:
    _, engine = up(tmp_path)
    smaller = project_from(tmp_path / "v2", "services:\n  db: {image: app}\n")
    plan = plan_kill(Scope("demo", smaller), engine.observe("demo"), signal="KILL")
    assert [op.action for op in plan.operations] == ["kill"]
    assert "Found orphan containers (demo-web-1, demo-worker-1)" in plan.warnings[0]
    plan = plan_kill(Scope("demo", smaller), engine.observe("demo"), signal="KILL", remove_orphans=True)
    carry_out(plan, engine, NullSink(), signal="KILL")
    assert states(engine) == {"demo-db-1": "exited"}


def test_pause_then_unpause(tmp_path: Path) -> None:
    project, engine = up(tmp_path)
    run(plan_pause, engine, Scope("demo", project, ("web", "db")))
    assert states(engine) == {"demo-db-1": "paused", "demo-web-1": "paused", "demo-worker-1": "running"}
    assert plan_pause(Scope("demo", project, ("web",)), engine.observe("demo")).operations == ()
    sink = run(plan_unpause, engine, Scope("demo", project))
    assert set(states(engine).values()) == {"running"}
    assert done(sink) == ["Unpaused", "Unpaused"]


def test_a_failure_names_its_container_and_the_others_go_on(tmp_path: Path) -> None:
    project, engine = up(tmp_path)
    engine.fail["pause:demo-web-1"] = OperationFailedError.at("cgroup refused")
    with pytest.raises(OperationFailedError, match="Container demo-web-1: service 'web': cgroup refused"):
        run(plan_pause, engine, Scope("demo", project))
    assert states(engine)["demo-db-1"] == "paused"
    engine.fail["unpause:demo-db-1"] = OperationFailedError.at("cgroup refused")
    sink = run(plan_unpause, engine, Scope("demo", project), ignore_failures=True)
    warnings = [e.text for e in sink.events if isinstance(e, Notice)]
    assert warnings == ["Container demo-db-1: service 'db': cgroup refused"]


def test_rm_removes_stopped_containers_unless_told_to_stop_them(tmp_path: Path) -> None:
    project, engine = up(tmp_path, FILE.replace("db: {image: app}", "db: {image: app, volumes: [/data]}"))
    run(plan_stop, engine, Scope("demo", project, ("web",)))
    plan = plan_rm(Scope("demo", project), engine.observe("demo"))
    assert plan.render() == "Container demo-web-1  remove  rm\n"
    everything = plan_rm(
        Scope("demo", project, ("db", "worker")), engine.observe("demo"), stop=True, volumes=True
    )
    assert everything.render() == (
        "Container demo-db-1      stop    rm\n"
        "Container demo-db-1      remove  rm\n"
        "Container demo-worker-1  stop    rm\n"
        "Container demo-worker-1  remove  rm\n"
    )
    assert everything.operations[0].needs == ("container:demo-worker-1:stop",)  # its dependent stops first
    removals = [op for op in everything.operations if op.action == "remove"]
    assert [op.needs for op in removals] == [("container:demo-db-1:stop",), ("container:demo-worker-1:stop",)]
    assert all(op.volumes for op in removals)
    carry_out(everything, engine, NullSink())
    assert list(engine.containers) == ["demo-web-1"]


def test_dry_run_plans_render_one_line_per_container(tmp_path: Path) -> None:
    project, engine = up(tmp_path)
    plan = plan_kill(Scope("demo", project, ("web",)), engine.observe("demo"), signal="SIGINT")
    assert plan.render() == "Container demo-web-1  kill  SIGINT\n"
    assert engine.calls == []
