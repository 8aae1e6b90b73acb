"""The whole ``up``/``down`` path on the fake engine.

Order, parallelism, and failures that stop only their own branch.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from compose.engine.fake import FakeEngine
from compose.errors import ConflictError, OperationFailedError
from compose.events import ListSink, Notice, ResourceDone, ResourceFailed
from compose.orchestrator import DownOptions, down, plan_up, ready_now, settled, up, wait_services
from compose.plan import UpOptions
from tests.helpers import project_from

FILE = """
services:
  web:
    image: app
    depends_on:
      db: {condition: service_healthy}
  db:
    image: app
    healthcheck: {test: [CMD, "true"]}
  side:
    image: app
"""


def test_up_then_down_leaves_nothing(tmp_path: Path) -> None:
    project = project_from(tmp_path, FILE)
    engine = FakeEngine(images={"app": "sha256:a"})
    sink = ListSink()
    up(project, engine, sink)
    assert {c.name for c in engine.containers.values() if c.running} == {
        "demo-web-1",
        "demo-db-1",
        "demo-side-1",
    }
    assert engine.calls.index("start:demo-db-1") < engine.calls.index("start:demo-web-1")
    done = [(e.resource.name, e.status) for e in sink.of(ResourceDone)]  # type: ignore[attr-defined]
    assert ("demo-db-1", "Healthy") in done
    down("demo", engine, ListSink(), DownOptions(volumes=True), project)
    assert engine.containers == {} and engine.networks == {}
    assert engine.calls.index("remove:demo-web-1") < engine.calls.index("remove:demo-db-1")


def test_unhealthy_dependency_stops_only_its_branch(tmp_path: Path) -> None:
    project = project_from(tmp_path, FILE)
    engine = FakeEngine(images={"app": "sha256:a"}, health={"demo-db-1": "unhealthy"})
    sink = ListSink()
    with pytest.raises(OperationFailedError) as info:
        up(project, engine, sink)
    assert "container demo-db-1 is unhealthy" in str(info.value)
    assert engine.containers["demo-side-1"].running
    assert "start:demo-web-1" not in engine.calls
    failed = {e.resource.name for e in sink.of(ResourceFailed)}  # type: ignore[attr-defined]
    assert failed == {"demo-db-1", "demo-web-1"}


def test_port_conflict_names_the_service(tmp_path: Path) -> None:
    project = project_from(tmp_path, FILE)
    engine = FakeEngine(images={"app": "sha256:a"})
    engine.fail["start:demo-side-1"] = ConflictError.at("a published port is already in use")
    with pytest.raises(OperationFailedError) as info:
        up(project, engine, ListSink())
    assert str(info.value) == ("Container demo-side-1: service 'side': a published port is already in use")
    # a rerun converges once the port is free
    del engine.fail["start:demo-side-1"]
    up(project, engine, ListSink())
    assert all(c.running for c in engine.containers.values())


def test_independent_services_start_in_parallel(tmp_path: Path) -> None:
    text = "services:\n" + "".join(f"  s{i}: {{image: app}}\n" for i in range(6))
    project = project_from(tmp_path, text)
    engine = FakeEngine(images={"app": "sha256:a"})
    active, peak, lock = [0], [0], threading.Lock()
    original = engine.start_container

    def slow_start(container_id: str) -> None:
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        time.sleep(0.05)
        original(container_id)
        with lock:
            active[0] -= 1

    engine.start_container = slow_start  # type: ignore[method-assign]
    up(project, engine, ListSink(), parallel=6)
    assert peak[0] >= 3


def test_dependent_starts_as_soon_as_its_dependency_turns_healthy(tmp_path: Path) -> None:
    project = project_from(tmp_path, FILE)
    engine = FakeEngine(images={"app": "sha256:a"}, health={"demo-db-1": "starting"})
    started: dict[str, float] = {}
    original = engine.start_container

    def timed_start(container_id: str) -> None:
        original(container_id)
        started[engine.inspect_container(container_id).name] = time.monotonic()

    engine.start_container = timed_start  # type: ignore[method-assign]
    thread = threading.Thread(target=up, args=(project, engine, ListSink()))
    thread.start()
    deadline = time.monotonic() + 5
    while "demo-db-1" not in started and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.2)
    assert "demo-web-1" not in started
    healthy_at = time.monotonic()
    engine.set_health("demo-db-1", "healthy")
    thread.join(5)
    assert not thread.is_alive()
    assert started["demo-web-1"] >= healthy_at  # how soon is benchmarks/bench_health.py's to measure
    assert "wait_healthy:demo-db-1" in engine.calls


def test_unhealthy_dependency_shows_its_last_healthcheck_output(tmp_path: Path) -> None:
    project = project_from(tmp_path, FILE)
    engine = FakeEngine(images={"app": "sha256:a"}, health={"demo-db-1": "starting"})
    original = engine.start_container

    def start_then_fail(container_id: str) -> None:  # the check fails once the container runs
        original(container_id)
        if engine.inspect_container(container_id).name == "demo-db-1":
            threading.Timer(0.05, engine.set_health, ("demo-db-1", "unhealthy", "connection refused")).start()

    engine.start_container = start_then_fail  # type: ignore[method-assign]
    with pytest.raises(OperationFailedError) as info:
        up(project, engine, ListSink())
    assert str(info.value) == (
        "Container demo-db-1: service 'db': dependency failed to start: container demo-db-1 is unhealthy;"
        " last healthcheck output: connection refused"
    )
    assert engine.containers["demo-side-1"].running


JOBS = """
services:
  app:
    image: app
    depends_on:
      migrate: {condition: service_completed_successfully}
  migrate:
    image: app
  other:
    image: app
    depends_on:
      flaky: {condition: service_healthy, required: false}
  flaky:
    image: app
    healthcheck: {test: [CMD, "true"]}
"""


def test_failed_job_shows_its_last_log_lines_and_optional_dependency_only_warns(tmp_path: Path) -> None:
    project = project_from(tmp_path, JOBS)
    engine = FakeEngine(
        images={"app": "sha256:a"},
        exits={"demo-migrate-1": 3},
        health={"demo-flaky-1": "unhealthy"},
        logs_of={"demo-migrate-1": ["starting", "table exists", "giving up"]},
    )
    sink = ListSink()
    with pytest.raises(OperationFailedError) as info:
        up(project, engine, sink)
    assert str(info.value) == (
        "Container demo-migrate-1: service 'migrate': service 'migrate' didn't complete successfully: exit 3;"
        " last log lines:\n    starting\n    table exists\n    giving up"
    )
    assert "start:demo-app-1" not in engine.calls
    assert engine.containers["demo-other-1"].running
    warnings = [e.text for e in sink.of(Notice)]  # type: ignore[attr-defined]
    assert any("demo-flaky-1 is unhealthy (required: false, continuing)" in w for w in warnings)


def test_completed_job_lets_its_dependent_start(tmp_path: Path) -> None:
    project = project_from(tmp_path, JOBS)
    engine = FakeEngine(images={"app": "sha256:a"}, exits={"demo-migrate-1": 0})
    up(project, engine, ListSink())
    assert engine.containers["demo-app-1"].running


def test_dry_run_plans_exactly_what_up_does(tmp_path: Path) -> None:
    engine = FakeEngine(images={"app": "sha256:a"})
    up(project_from(tmp_path, FILE), engine, ListSink())
    changed = project_from(tmp_path, FILE.replace("image: app\n  side", "image: app\n    scale: 2\n  side"))
    calls = len(engine.calls)
    dry = plan_up(changed, engine, UpOptions(scale={"web": 2}))
    assert engine.calls[calls:] == []
    done = up(changed, engine, ListSink(), UpOptions(scale={"web": 2}))
    assert dry.render() == done.render() and dry.render() != "nothing to do\n"
    assert plan_up(changed, engine, UpOptions(scale={"web": 2})).render() == "nothing to do\n"


def test_wait_ready_counts_finished_jobs_and_names_failures(tmp_path: Path) -> None:
    project = project_from(tmp_path, JOBS)
    engine = FakeEngine(images={"app": "sha256:a"}, exits={"demo-migrate-1": 0})
    up(project, engine, ListSink())
    sink, before = ListSink(), len(engine.calls)
    wait_services("demo", engine, sink, ["app", "migrate", "flaky"], 1)
    states = {(e.resource.name, e.status) for e in sink.of(ResourceDone)}  # type: ignore[attr-defined]
    assert states == {("demo-app-1", "Running"), ("demo-migrate-1", "Exited"), ("demo-flaky-1", "Healthy")}
    # one query finds those running and healthy (or without a check); only the finished job is waited for
    assert "ready:demo" in engine.calls[before:]
    assert [c for c in engine.calls[before:] if c.startswith("wait_")] == ["wait_running:demo-migrate-1"]
    engine.set_health("demo-flaky-1", "starting")
    with pytest.raises(OperationFailedError, match=r"container demo-flaky-1 is not ready after 0\.2s"):
        wait_services("demo", engine, ListSink(), ["flaky"], 0.2)


def test_started_containers_report_their_health(tmp_path: Path) -> None:
    project = project_from(
        tmp_path,
        """
        services:
          db: {image: app, healthcheck: {test: ["CMD", "true"]}}
          web: {image: app, depends_on: {db: {condition: service_healthy}}}
          plain: {image: app, healthcheck: {disable: true}}
        """,
    )
    sink = ListSink()
    up(project, FakeEngine(images={"app": "sha256:a"}), sink)
    done = {(e.resource.name, e.status): e.health for e in sink.events if isinstance(e, ResourceDone)}
    assert done[("demo-db-1", "Started")] == "starting"
    assert done[("demo-db-1", "Healthy")] == "healthy"
    assert done[("demo-web-1", "Started")] == ""  # no healthcheck
    assert done[("demo-plain-1", "Started")] == ""  # disabled


def test_settled_tells_whether_up_would_do_nothing_and_changes_nothing(tmp_path: Path) -> None:
    project = project_from(tmp_path, FILE)
    engine = FakeEngine(images={"app": "sha256:a"})
    assert not settled(project, engine, ListSink())  # nothing made yet
    assert not [c for c in engine.calls if not c.startswith(("observe", "image", "ready"))]
    up(project, engine, ListSink())
    sink, before = ListSink(), len(engine.calls)
    assert settled(project, engine, sink)
    said = [(e.resource.name, e.status) for e in sink.of(ResourceDone)]  # type: ignore[attr-defined]
    assert sorted(said) == [("demo-db-1", "Running"), ("demo-side-1", "Running"), ("demo-web-1", "Running")]
    assert not [c for c in engine.calls[before:] if not c.startswith(("observe", "image", "ready"))]
    engine.stop_container(engine.containers["demo-side-1"].id)
    assert not settled(project, engine, ListSink())


def test_ready_now_waits_for_nothing(tmp_path: Path) -> None:
    project = project_from(tmp_path, JOBS)
    engine = FakeEngine(images={"app": "sha256:a"}, exits={"demo-migrate-1": 0})
    up(project, engine, ListSink())
    sink = ListSink()
    assert ready_now("demo", engine, sink, ["app", "flaky"])
    states = {(e.resource.name, e.status) for e in sink.of(ResourceDone)}  # type: ignore[attr-defined]
    assert states == {("demo-app-1", "Running"), ("demo-flaky-1", "Healthy")}
    before = len(engine.calls)
    assert not ready_now("demo", engine, ListSink(), ["app", "migrate"])  # a finished job is waited for
    engine.set_health("demo-flaky-1", "starting")
    assert not ready_now("demo", engine, ListSink(), ["flaky"])
    assert not [c for c in engine.calls[before:] if c.startswith("wait_")]
