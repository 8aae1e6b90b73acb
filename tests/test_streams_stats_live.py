"""``stats``: the live feed follows the engine's events; ``--format`` takes tables, JSON and templates."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from compose import labels
from compose.actions.streams import containers
from compose.actions.streams_stats import StatsFeed
from compose.engine.fake import FakeEngine
from compose.engine.streams import EngineEvent, StatsSample
from tests.test_streams_fakes import run_cli, set_state, up

NANOS = 1_000_000_000


def event(engine: FakeEngine, action: str, name: str) -> EngineEvent:
    info = engine.containers[name]
    attributes = {labels.PROJECT: "demo", labels.SERVICE: info.service, "name": name}
    return EngineEvent(
        time_ns=time.time_ns(), type="container", action=action, id=info.id, attributes=attributes
    )


def eventually(check: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 5
    while not check():
        assert time.monotonic() < deadline, "never happened"
        time.sleep(0.01)


def test_the_live_feed_adds_started_containers_and_drops_removed_ones(tmp_path: Path) -> None:
    target, engine = up(tmp_path)
    began = time.time() - 1
    feed = StatsFeed(engine, containers(engine, target, running=True), keep_stopped=True)
    set_state(engine, "demo-job-1", state="running")
    engine.stats_of["demo-job-1"] = [StatsSample(pids=7)]
    engine.events_of = [event(engine, "start", "demo-job-1"), event(engine, "destroy", "demo-web-2")]
    feed.watch("demo", since=began)

    def names() -> list[str]:
        return [row.name for row in feed.rows()]

    eventually(lambda: names() == ["demo-db-1", "demo-job-1", "demo-web-1"])
    eventually(lambda: feed.rows()[1].pids == 7)
    assert feed.errors == []


def test_with_all_created_containers_join_and_only_removal_takes_them_away(tmp_path: Path) -> None:
    target, engine = up(tmp_path)
    feed = StatsFeed(engine, containers(engine, target, ["web"], running=True), keep_stopped=True)
    engine.events_of = [event(engine, "create", "demo-job-1"), event(engine, "die", "demo-web-1")]
    feed.watch("demo", since=time.time() - 1)
    eventually(lambda: [row.name for row in feed.rows()] == ["demo-job-1", "demo-web-1", "demo-web-2"])
    engine.events_of = [event(engine, "die", "demo-web-1")]
    shown = StatsFeed(engine, containers(engine, target, ["web"], running=True), keep_stopped=False)
    shown.watch("demo", ["web"], since=time.time() - 1)
    eventually(lambda: shown.rows() == [])  # without --all a container that stops leaves


@pytest.fixture
def stats_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Callable[..., tuple[int, str, str]]:
    _, engine = up(tmp_path)
    engine.stats_of["demo-web-1"] = [StatsSample(pids=3, memory=1024, memory_limit=4096)]
    return lambda *args: run_cli(
        monkeypatch, capsys, tmp_path / "demo", engine, "stats", "--no-stream", *args
    )


def test_stats_format_takes_templates_tables_and_json(stats_cli: Callable[..., tuple[int, str, str]]) -> None:
    code, out, _ = stats_cli("--format", "{{.Name}}\\t{{.PIDs}}", "web")
    assert (code, out) == (0, "demo-web-1\t3\ndemo-web-2\t0\n")
    code, out, _ = stats_cli(
        "--format", "table {{.Name}}\\t{{.MemUsage}}\\t{{.MemPerc}}\\t{{.Container}}", "web"
    )
    lines = out.splitlines()
    assert re.split(r"\s{3,}", lines[0]) == ["NAME", "MEM USAGE / LIMIT", "MEM %", "CONTAINER"]
    name, usage, percent, full_id = re.split(r"\s{3,}", lines[1])
    assert (name, usage, percent, len(full_id)) == ("demo-web-1", "1KiB / 4KiB", "25.00%", 64)
    code, out, _ = stats_cli("--format", "table", "db")
    assert re.split(r"\s{3,}", out.splitlines()[0]) == [
        "CONTAINER ID", "NAME", "CPU %", "MEM USAGE / LIMIT", "MEM %", "NET I/O", "BLOCK I/O", "PIDS"
    ]  # fmt: skip
    code, out, _ = stats_cli("--format", "json", "db")
    assert json.loads(out)["Name"] == "demo-db-1"
    code, out, _ = stats_cli("--format", "{{json .PIDs}}", "job")
    assert (code, out) == (0, "")  # no running container, no line


def test_a_bad_stats_format_is_refused_before_anything(
    stats_cli: Callable[..., tuple[int, str, str]],
) -> None:
    code, _, err = stats_cli("--format", "{{.CPU}}")
    assert code == 2
    assert "--format" in err and "unknown field 'CPU'" in err and "CPUPerc" in err
