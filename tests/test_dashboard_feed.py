"""The dashboard's feed on the in-memory engine: the snapshot, then events, stats and logs update it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from compose import labels, orchestrator
from compose.actions.dashboard_feed import LOG_TAIL, DashboardFeed
from compose.actions.dashboard_state import DashboardState
from compose.engine.base import ContainerInfo
from compose.engine.fake import FakeEngine
from compose.engine.streams import EngineEvent, StatsSample
from compose.errors import EngineUnavailableError, OperationFailedError
from compose.events import NullSink
from compose.plan import UpOptions
from tests.helpers import project_from

FILE = """
services:
  web: {image: app}
  db:
    image: app
    healthcheck: {test: ["CMD", "true"], interval: 1s}
  worker: {image: app}
"""
SECOND = 1_000_000_000
BUSY = StatsSample(cpu_total=300, cpu_total_before=100, system_total=2000, system_total_before=1000,
                   online_cpus=1, memory=3 * 1024 * 1024)  # fmt: skip


def up(tmp_path: Path) -> FakeEngine:
    fake = FakeEngine(images={"app": "sha256:a"})
    orchestrator.up(project_from(tmp_path, FILE), fake, NullSink(), UpOptions())
    fake.logs_of = {"demo-web-1": ["web starting", "web ready"], "demo-db-1": ["db ready"]}
    fake.stats_of = {"demo-web-1": [StatsSample(cpu_total=100, system_total=1000, memory=1024), BUSY]}
    fake.calls.clear()
    return fake


def event(fake: FakeEngine, action: str, name: str, at: int, **attributes: str) -> EngineEvent:
    info = fake.containers[name]
    attrs = {labels.PROJECT: "demo", labels.SERVICE: info.service, "name": name, **attributes}
    return EngineEvent(time_ns=at, type="container", action=action, id=info.id, attributes=attrs)


def feed_of(fake: FakeEngine, services: tuple[str, ...] = ("web", "db", "worker")) -> DashboardFeed:
    feed = DashboardFeed(fake, "demo", services=services, clock=lambda: 10.0)
    feed.start()
    feed.join(5)
    return feed


def rows(state: DashboardState) -> dict[str, tuple[str, str, int]]:
    return {c.name: (c.state, c.health, c.restarts) for c in state.containers.values()}


def test_the_snapshot_seeds_every_container_its_last_log_lines_and_stats(tmp_path: Path) -> None:
    fake = up(tmp_path)
    feed = feed_of(fake)
    state = feed.state
    assert state.services == ["web", "db", "worker"]
    assert rows(state) == {
        "demo-web-1": ("running", "", 0),
        "demo-db-1": ("running", "healthy", 0),
        "demo-worker-1": ("running", "", 0),
    }
    assert [e.text for e in state.logs["web"]] == ["web starting", "web ready"]
    assert [
        (name, o.tail, o.follow, o.timestamps) for name, o in fake.log_requests if name == "demo-web-1"
    ] == [("demo-web-1", LOG_TAIL, True, True)]
    web = next(c for c in state.containers.values() if c.service == "web")
    assert (web.cpu, web.memory) == (20.0, 3 * 1024 * 1024)
    assert feed.changed.is_set()


def test_without_a_file_the_services_come_from_the_labels_by_name(tmp_path: Path) -> None:
    assert feed_of(up(tmp_path), services=()).state.services == ["db", "web", "worker"]


def test_events_change_the_state_at_once(tmp_path: Path) -> None:
    fake = up(tmp_path)
    fake.events_of = [
        event(fake, "health_status: unhealthy", "demo-db-1", 11 * SECOND),
        event(fake, "die", "demo-worker-1", 12 * SECOND, exitCode="3"),
        event(fake, "die", "demo-web-1", 13 * SECOND, exitCode="0"),
        event(fake, "start", "demo-web-1", 14 * SECOND),
    ]
    feed = feed_of(fake)
    assert rows(feed.state) == {
        "demo-web-1": ("running", "", 1),
        "demo-db-1": ("running", "unhealthy", 0),
        "demo-worker-1": ("exited", "", 0),
    }
    worker = next(c for c in feed.state.containers.values() if c.service == "worker")
    assert worker.exit_code == 3
    # the restarted container's log is read on from its death
    requests = sorted((o.since or 0, o.tail) for name, o in fake.log_requests if name == "demo-web-1")
    assert requests == [(0, LOG_TAIL), (13.0, "all")]


def test_events_older_than_the_snapshot_are_not_replayed(tmp_path: Path) -> None:
    fake = up(tmp_path)
    fake.events_of = [
        event(fake, "die", "demo-web-1", 9 * SECOND),
        event(fake, "start", "demo-web-1", 9 * SECOND),
    ]
    assert rows(feed_of(fake).state)["demo-web-1"] == ("running", "", 0)


def test_a_destroyed_container_leaves_and_a_new_one_arrives_with_its_inspected_details(
    tmp_path: Path,
) -> None:
    fake = up(tmp_path)
    gone = event(fake, "destroy", "demo-worker-1", 11 * SECOND)
    web2 = ContainerInfo(
        id="f" * 64,
        name="demo-web-2",
        service="web",
        number=2,
        state="running",
        ports=("0.0.0.0:81->80/tcp",),
    )
    fake.containers["demo-web-2"] = web2
    new = {labels.PROJECT: "demo", labels.SERVICE: "web", labels.NUMBER: "2", "name": "demo-web-2"}
    fake.events_of = [
        gone,
        EngineEvent(time_ns=12 * SECOND, type="container", action="create", id=web2.id, attributes=new),
        EngineEvent(time_ns=13 * SECOND, type="container", action="start", id=web2.id, attributes=new),
    ]
    state = feed_of(fake).state
    assert sorted(rows(state)) == ["demo-db-1", "demo-web-1", "demo-web-2"]
    assert state.containers[web2.id].ports == ("0.0.0.0:81->80/tcp",)
    assert [c.name for c in state.of_service("web")] == ["demo-web-1", "demo-web-2"]


def test_restart_stops_then_starts_the_selected_services_containers(tmp_path: Path) -> None:
    fake = up(tmp_path)
    feed = feed_of(fake)
    feed.handle("down")
    assert feed.state.selected_service == "db"
    feed.handle("restart")
    feed.join(5)
    assert [c for c in fake.calls if c.startswith(("stop", "start"))] == ["stop:demo-db-1", "start:demo-db-1"]
    assert (feed.state.message, feed.state.busy) == ("Restarted db", set())


def test_restarting_a_service_without_containers_says_so(tmp_path: Path) -> None:
    feed = feed_of(up(tmp_path), services=("web", "db", "worker", "cache"))
    for command in ("down", "down", "down", "restart"):
        feed.handle(command)  # type: ignore[arg-type]
    assert feed.state.message == "cache has no containers to restart"


def test_a_failed_restart_says_why(tmp_path: Path) -> None:
    fake = up(tmp_path)
    fake.fail["stop:demo-web-1"] = OperationFailedError.at("stop container: boom")
    feed = feed_of(fake)
    feed.handle("restart")
    feed.join(5)
    assert feed.state.message == "Restarting web failed: stop container: boom"
    assert feed.state.busy == set()


def test_keys_that_change_only_the_view_do_not_touch_the_engine(tmp_path: Path) -> None:
    fake = up(tmp_path)
    feed = feed_of(fake)
    feed.changed.clear()
    for command in ("down", "logs", "back", "up"):
        feed.handle(command)  # type: ignore[arg-type]
    assert feed.changed.is_set()
    assert not any(c.startswith(("stop", "start")) for c in fake.calls)
    feed.handle("quit")
    assert feed.closed


def test_a_lost_event_stream_is_reported(tmp_path: Path) -> None:
    class Broken(FakeEngine):
        def events(
            self, project: str, *, since: float | None = None, until: float | None = None
        ) -> Iterator[EngineEvent]:
            raise EngineUnavailableError.at("cannot reach a container engine at unix:///x")

    fake = up(tmp_path)
    broken = Broken(containers=fake.containers, specs=fake.specs, images=fake.images)
    feed = feed_of(broken)
    assert (
        feed.state.message == "The engine's event stream ended: cannot reach a container engine at unix:///x"
    )
