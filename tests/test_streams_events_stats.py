"""``events`` and ``stats``: filtering, the figures computed like the docker CLI's, and their output."""

from __future__ import annotations

import io
import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.console import Console

from compose import labels
from compose.actions.streams_events import ProjectEvent, project_events
from compose.actions.streams_stats import ContainerStats, StatsFeed, compute, cpu_percent, read_once
from compose.engine.base import ContainerInfo
from compose.engine.docker_streams import engine_event, stats_sample
from compose.engine.streams import EngineEvent, StatsSample
from compose.ui.events_view import event_json, event_line, rfc3339_nano
from compose.ui.stats_view import binary_size, decimal_size, live_text, stats_json, stats_text
from tests.test_streams_fakes import run_cli, up

T0 = 1_796_414_400_123_456_789  # 2026-12-04 20:00:00.123456789 UTC
ID = "ab" * 32


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def event(action: str, service: str = "web", **extra: str) -> EngineEvent:
    attributes = {labels.PROJECT: "demo", labels.SERVICE: service, "name": f"demo-{service}-1", **extra}
    return EngineEvent(time_ns=T0, type="container", action=action, id=ID, attributes=attributes)


def test_events_are_the_services_containers_without_compose_labels_or_one_offs(tmp_path: Path) -> None:
    _, engine = up(tmp_path)
    engine.events_of = [
        event("create", image="app"),
        event("start", service="db"),
        event("start", **{labels.ONEOFF: "True"}),
        EngineEvent(
            time_ns=T0, type="network", action="connect", id="n", attributes={labels.PROJECT: "demo"}
        ),
        EngineEvent(
            time_ns=T0, type="container", action="start", id="x", attributes={labels.PROJECT: "other"}
        ),
    ]
    found = list(project_events(engine, "demo"))
    assert [(e.action, e.service) for e in found] == [("create", "web"), ("start", "db")]
    assert dict(found[0].attributes) == {"name": "demo-web-1", "image": "app"}
    assert [e.service for e in project_events(engine, "demo", ["db"])] == ["db"]


def test_an_event_prints_as_compose_prints_it() -> None:
    row = ProjectEvent(
        time_ns=T0,
        type="container",
        action="start",
        id=ID,
        service="web",
        attributes={"name": "n", "image": "i"},
    )
    assert event_line(row) == f"2026-12-04 20:00:00.123456 container start {ID} (image=i, name=n)"
    assert rfc3339_nano(T0) == "2026-12-04T20:00:00.123456789Z"
    assert rfc3339_nano(T0 - 123_456_789) == "2026-12-04T20:00:00Z"


def test_events_json_has_the_documented_fields() -> None:
    row = ProjectEvent(
        time_ns=T0, type="container", action="die", id=ID, service="db", attributes={"exitCode": "3"}
    )
    parsed = json.loads(event_json(row))
    assert parsed == {
        "time": "2026-12-04T20:00:00.123456789Z",
        "type": "container",
        "action": "die",
        "id": ID,
        "service": "db",
        "attributes": {"exitCode": "3"},
    }


def test_engine_events_are_read_from_the_api_answer() -> None:
    raw = {"Type": "container", "Action": "start", "Actor": {"ID": ID, "Attributes": {"a": "b"}}, "time": 5}
    assert engine_event(raw) == EngineEvent(
        time_ns=5_000_000_000, type="container", action="start", id=ID, attributes={"a": "b"}
    )
    assert engine_event({**raw, "timeNano": 7}).time_ns == 7


SAMPLE = StatsSample(
    cpu_total=400_000_000,
    cpu_total_before=200_000_000,
    system_total=4_000_000_000,
    system_total_before=2_000_000_000,
    online_cpus=4,
    memory=3 * 1024 * 1024 // 2,
    memory_limit=2 * 1024**3,
    net_rx=2048,
    net_tx=0,
    block_read=12_345_678,
    block_write=999,
    pids=3,
)


def test_cpu_and_memory_are_computed_like_the_docker_cli() -> None:
    assert cpu_percent(SAMPLE) == pytest.approx(40.0)
    assert cpu_percent(StatsSample(cpu_total=5, cpu_total_before=5, system_total=9)) == 0.0
    info = up_container()
    row = compute(info, SAMPLE)
    assert row.memory_percent == pytest.approx(1.5 / 2048 * 100)
    assert compute(info, StatsSample()).memory_percent == 0.0


def up_container() -> ContainerInfo:
    return ContainerInfo(id=ID, name="demo-web-1", service="web", number=1, state="running")


def test_sizes_read_like_the_docker_cli() -> None:
    assert [binary_size(v) for v in (0, 1023, 1536 * 1024, 2 * 1024**3, 123456789)] == [
        "0B",
        "1023B",
        "1.5MiB",
        "2GiB",
        "117.7MiB",
    ]
    assert [decimal_size(v) for v in (0, 999, 2048, 12_345_678, 1_000_000_000)] == [
        "0B",
        "999B",
        "2.05kB",
        "12.3MB",
        "1GB",
    ]


def test_readings_are_read_from_the_api_answer_cgroup_v1_and_v2() -> None:
    raw = {
        "cpu_stats": {"cpu_usage": {"total_usage": 400, "percpu_usage": [1, 2]}, "system_cpu_usage": 4000},
        "precpu_stats": {"cpu_usage": {"total_usage": 200}, "system_cpu_usage": 2000},
        "memory_stats": {"usage": 1000, "limit": 8000, "stats": {"total_inactive_file": 100}},
        "networks": {"eth0": {"rx_bytes": 10, "tx_bytes": 20}, "eth1": {"rx_bytes": 1, "tx_bytes": 2}},
        "blkio_stats": {
            "io_service_bytes_recursive": [{"op": "Read", "value": 5}, {"op": "write", "value": 6}]
        },
        "pids_stats": {"current": 4},
    }
    sample = stats_sample(raw)
    assert sample == StatsSample(
        cpu_total=400,
        cpu_total_before=200,
        system_total=4000,
        system_total_before=2000,
        online_cpus=2,
        memory=900,
        memory_limit=8000,
        net_rx=11,
        net_tx=22,
        block_read=5,
        block_write=6,
        pids=4,
    )
    v2 = {**raw, "memory_stats": {"usage": 1000, "limit": 8000, "stats": {"inactive_file": 300}}}
    assert stats_sample(v2).memory == 700
    assert stats_sample({}) == StatsSample()


ROWS = [compute(up_container(), SAMPLE), ContainerStats(id="cd" * 32, name="demo-db-1")]


def test_the_table_has_the_docker_columns() -> None:
    assert stats_text(ROWS).splitlines() == [
        "CONTAINER ID   NAME         CPU %    MEM USAGE / LIMIT   MEM %   NET I/O       BLOCK I/O       PIDS",
        "abababababab   demo-web-1   40.00%   1.5MiB / 2GiB       0.07%   2.05kB / 0B   12.3MB / 999B   3",
        "cdcdcdcdcdcd   demo-db-1    0.00%    0B / 0B             0.00%   0B / 0B       0B / 0B         0",
    ]
    assert stats_text(ROWS, no_trunc=True).splitlines()[1].startswith(ID + "   demo-web-1")


def test_the_live_view_shows_the_plain_text_with_a_bold_header() -> None:
    out = io.StringIO()
    Console(file=out, width=100, color_system=None).print(live_text(stats_text(ROWS), header=True))
    assert [line.rstrip() for line in out.getvalue().splitlines()] == stats_text(ROWS).splitlines()
    shown = live_text("A   B\n1   2", header=True)
    assert [(span.start, span.end, span.style) for span in shown.spans] == [(0, 5, "bold")]
    assert live_text("1   2", header=False).spans == []


def test_stats_json_has_the_docker_fields() -> None:
    parsed = json.loads(stats_json(ROWS[0]))
    assert parsed == {
        "BlockIO": "12.3MB / 999B",
        "CPUPerc": "40.00%",
        "Container": ID,
        "ID": ID[:12],
        "MemPerc": "0.07%",
        "MemUsage": "1.5MiB / 2GiB",
        "Name": "demo-web-1",
        "NetIO": "2.05kB / 0B",
        "PIDs": "3",
    }


def test_readings_come_from_the_engine_once_or_as_a_feed(tmp_path: Path) -> None:
    _target, engine = up(tmp_path)
    engine.stats_of["demo-web-1"] = [SAMPLE, StatsSample(pids=9)]
    infos = {c.name: c for c in engine.observe("demo").containers}
    once = read_once(engine, [infos["demo-web-1"], infos["demo-job-1"]])
    assert [(r.name, r.pids) for r in once] == [("demo-web-1", 3), ("demo-job-1", 0)]
    feed = StatsFeed(engine, [infos["demo-web-1"], infos["demo-db-1"]], keep_stopped=True)
    deadline = time.monotonic() + 5
    while feed.rows()[1].pids != 9 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert [(r.name, r.pids) for r in feed.rows()] == [("demo-db-1", 0), ("demo-web-1", 9)]  # by service
    ended = StatsFeed(engine, [infos["demo-web-1"]], keep_stopped=False)
    while ended.rows() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert ended.rows() == []


def test_events_and_stats_commands_print_json_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _, engine = up(tmp_path)
    engine.events_of = [event("start"), event("die", service="db")]
    engine.stats_of["demo-web-1"] = [SAMPLE]
    root = tmp_path / "demo"
    code, out, _ = run_cli(monkeypatch, capsys, root, engine, "events", "--json", "db")
    assert code == 0
    assert [json.loads(line)["action"] for line in out.splitlines()] == ["die"]
    code, out, _ = run_cli(monkeypatch, capsys, root, engine, "events")
    assert out.splitlines()[0] == f"2026-12-04 20:00:00.123456 container start {ID} (name=demo-web-1)"
    code, out, _ = run_cli(
        monkeypatch, capsys, root, engine, "stats", "--no-stream", "--format", "json", "web"
    )
    assert code == 0
    assert [json.loads(line)["Name"] for line in out.splitlines()] == ["demo-web-1", "demo-web-2"]
    code, out, _ = run_cli(monkeypatch, capsys, root, engine, "stats", "--no-stream", "-a")
    assert [line.split()[1] for line in out.splitlines()[1:]] == [
        "demo-db-1",
        "demo-job-1",
        "demo-web-1",
        "demo-web-2",
    ]
    code, _, err = run_cli(monkeypatch, capsys, root, engine, "stats", "--no-stream", "nope")
    assert code == 1 and "no such service: nope" in err
