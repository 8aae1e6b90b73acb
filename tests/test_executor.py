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
from compose.events import ListSink, ResourceDone, ResourceFailed
from compose.orchestrator import DownOptions, down, up
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
