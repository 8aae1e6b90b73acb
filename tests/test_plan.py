"""Golden plans: what ``up`` and ``down`` decide for each situation, rendered as text (no engine)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from compose.engine.fake import FakeEngine
from compose.events import NullSink
from compose.executor import execute
from compose.orchestrator import plan_up, up
from compose.plan import UpOptions, reconcile_down
from tests.helpers import project_from

FILE = """
services:
  web:
    build: .
    ports: ["8080:80"]
    depends_on:
      redis: {condition: service_healthy}
  redis:
    image: redis
    healthcheck: {test: [CMD, redis-cli, ping]}
    volumes: [data:/data]
volumes:
  data: {}
"""


def test_first_up(tmp_path: Path) -> None:
    project = project_from(tmp_path, FILE)
    plan = plan_up(project, FakeEngine(images={"redis": "sha256:r"}))
    assert plan.render() == (
        "Network demo_default    create        not found\n"
        "Volume demo_data        create        not found\n"
        "Container demo-redis-1  create        not found\n"
        "Container demo-redis-1  start\n"
        "Image demo-web          build         image not found\n"
        "Container demo-web-1    create        not found\n"
        "Container demo-redis-1  wait_healthy  web waits for service_healthy\n"
        "Container demo-web-1    start\n"
    )
    web_start = plan.operations[-1]
    assert web_start.needs == ("container:demo-web-1:create", "container:demo-redis-1:wait_healthy")


def test_second_up_changes_nothing(tmp_path: Path) -> None:
    project = project_from(tmp_path, FILE)
    engine = FakeEngine(images={"redis": "sha256:r"})
    up(project, engine, NullSink())
    plan = plan_up(project, engine)
    assert plan.render() == "nothing to do\n"
    assert [str(r) for r in plan.kept] == ["Container demo-redis-1", "Container demo-web-1"]


def test_changed_config_recreates_only_that_service(tmp_path: Path) -> None:
    engine = FakeEngine(images={"redis": "sha256:r"})
    up(project_from(tmp_path, FILE), engine, NullSink())
    changed = project_from(tmp_path, FILE.replace('"8080:80"', '"8081:80"'))
    assert plan_up(changed, engine).render() == (
        "Container demo-web-1    recreate      ports changed\n"
        "Container demo-redis-1  wait_healthy  web waits for service_healthy\n"
        "Container demo-web-1    start\n"
    )


def test_stopped_container_is_started_and_flags(tmp_path: Path) -> None:
    project = project_from(tmp_path, FILE)
    engine = FakeEngine(images={"redis": "sha256:r"})
    up(project, engine, NullSink())
    engine.containers["demo-web-1"] = replace(engine.containers["demo-web-1"], state="exited")
    assert plan_up(project, engine).render() == (
        "Container demo-redis-1  wait_healthy  web waits for service_healthy\n"
        "Container demo-web-1    start         container is exited\n"
    )
    forced = plan_up(project, engine, UpOptions(force_recreate=True)).render()
    assert "Container demo-redis-1  recreate      --force-recreate" in forced
    rebuilt = plan_up(project, engine, UpOptions(build=True)).render()
    assert "Image demo-web          build         --build" in rebuilt
    assert "Container demo-web-1    recreate      image changed" in rebuilt


def test_external_network_must_exist(tmp_path: Path) -> None:
    project = project_from(
        tmp_path,
        """
        services:
          web: {image: a, networks: [shared]}
        networks:
          shared: {external: true}
        """,
    )
    engine = FakeEngine(images={"a": "sha256:a"})
    try:
        plan_up(project, engine)
    except Exception as exc:
        assert "network 'shared' is declared as external, but could not be found" in str(exc)
    else:
        raise AssertionError("expected an error")


def test_down_removes_dependents_first_then_networks_and_volumes(tmp_path: Path) -> None:
    project = project_from(tmp_path, FILE)
    engine = FakeEngine(images={"redis": "sha256:r"})
    up(project, engine, NullSink())
    plan = reconcile_down(engine.observe("demo"), volumes=True)
    assert plan.render() == (
        "Container demo-redis-1  stop    down\n"
        "Container demo-redis-1  remove  down\n"
        "Container demo-web-1    stop    down\n"
        "Container demo-web-1    remove  down\n"
        "Network demo_default    remove  down\n"
        "Volume demo_data        remove  down -v\n"
    )
    needs = {op.id: op.needs for op in plan.operations}
    assert needs["container:demo-redis-1:stop"] == ("container:demo-web-1:stop",)  # dependents stop first
    assert needs["container:demo-redis-1:remove"] == ("container:demo-redis-1:stop",)  # removed once stopped
    assert needs["network:demo_default:remove"] == (
        "container:demo-redis-1:remove",
        "container:demo-web-1:remove",
    )
    assert "Volume" not in reconcile_down(engine.observe("demo"), volumes=False).render()


def test_down_stops_a_running_container_once_then_removes_it(tmp_path: Path) -> None:
    project = project_from(tmp_path, FILE)
    engine = FakeEngine(images={"redis": "sha256:r"})
    up(project, engine, NullSink())
    engine.stop_container("demo-web-1")
    plan = reconcile_down(engine.observe("demo"), volumes=False)
    assert [(op.resource.name, op.action) for op in plan.operations if op.resource.kind == "container"] == [
        ("demo-redis-1", "stop"),
        ("demo-redis-1", "remove"),
        ("demo-web-1", "remove"),  # stopped already: no stop of its own, and nothing to wait for
    ]
    assert plan.operations[0].needs == ()
    engine.calls.clear()
    execute(plan, engine, NullSink())
    assert engine.calls.count("stop:demo-redis-1") == 1  # by its stop, not again by its removal
    assert engine.calls.index("stop:demo-redis-1") < engine.calls.index("remove:demo-redis-1")
    assert engine.containers == {}
