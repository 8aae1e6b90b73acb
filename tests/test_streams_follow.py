"""``logs -f`` follows as Compose does: new and restarted containers from the events, no line twice."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

import pytest

from compose import labels
from compose.actions.streams import containers
from compose.actions.streams_follow import NANOS, Following, Read, follow_logs
from compose.actions.streams_logs import LogReaders
from compose.engine.base import ContainerInfo
from compose.engine.fake import FakeEngine
from compose.engine.streams import EngineEvent, LogOptions
from compose.events import ListSink, LogLine
from tests.test_streams_fakes import run_cli, set_state, up

BEGAN = time.time() - 60
T0 = int(BEGAN * NANOS) + 5 * NANOS


def info(name: str, state: str = "running", number: int = 1) -> ContainerInfo:
    return ContainerInfo(id=f"id-{name}", name=name, service="web", number=number, state=state)


WEB1, WEB2, OLD = info("demo-web-1"), info("demo-web-2", number=2), info("demo-web-3", "exited", 3)


def following(**kwargs: object) -> Following:
    return Following([WEB1, WEB2, OLD], began=BEGAN, **kwargs)  # type: ignore[arg-type]


def test_a_restarted_container_is_read_again_from_when_it_died() -> None:
    state = following()
    assert state.on_event("start", T0, WEB1, WEB1.id) is None  # already read: no second reader
    assert state.on_event("die", T0, WEB1, WEB1.id) is None  # it runs again already: still waited for
    assert state.on_event("start", T0 + 5, WEB1, WEB1.id) == Read(WEB1, T0 / NANOS)
    assert state.on_event("start", T0 + 6, WEB1, WEB1.id) is None
    later = following(since=T0 / NANOS + 30)
    later.on_event("die", T0, WEB1, WEB1.id)
    assert later.on_event("start", T0 + 5, WEB1, WEB1.id) == Read(
        WEB1, T0 / NANOS + 30
    )  # --since still holds


def test_a_container_stopped_when_logs_began_is_read_from_then_when_it_starts() -> None:
    state = following()
    assert state.on_event("start", T0, OLD, OLD.id) == Read(OLD, BEGAN)
    assert OLD.id in state.waiting


def test_new_containers_are_read_from_their_beginning_and_waited_for() -> None:
    state = following()
    new = info("demo-web-4", number=4)
    assert state.on_event("create", T0, replace(new, state="created"), new.id) is None
    assert new.id in state.waiting
    assert state.on_event("start", T0 + 1, new, new.id) == Read(new, None)
    only_two = following(index=2)
    assert only_two.on_event("start", T0, new, new.id) is None  # --index 2: not this one
    assert new.id not in only_two.waiting


def test_it_is_done_once_every_container_stopped_for_good() -> None:
    state = following()
    state.on_event("die", T0, replace(WEB1, state="restarting"), WEB1.id)  # the engine restarts it
    assert state.waiting == {WEB1.id, WEB2.id}
    state.on_event("die", T0, replace(WEB1, state="exited"), WEB1.id)
    state.on_event("stop", T0, replace(WEB1, state="exited"), WEB1.id)
    assert not state.done
    state.on_event("destroy", T0, None, WEB2.id)
    assert state.done
    assert Following([OLD], began=BEGAN).done  # nothing runs: nothing to wait for


def event(engine: FakeEngine, action: str, name: str, offset: float = 0, start: int = T0) -> EngineEvent:
    attributes = {labels.PROJECT: "demo", labels.SERVICE: "web", "name": name}
    return EngineEvent(
        time_ns=start + int(offset * NANOS),
        type="container",
        action=action,
        id=engine.containers[name].id,
        attributes=attributes,
    )


def scaled(engine: FakeEngine) -> ContainerInfo:
    """A third web container, as ``up --scale web=3`` makes it (on the fake: a copy of the second)."""
    second = engine.containers["demo-web-2"]
    third = replace(second, id="f" * 64, name="demo-web-3", number=3)
    engine.containers[third.name] = third
    return third


def follow(
    engine: FakeEngine, found: list[ContainerInfo], linger: float = 0.0, **options: object
) -> ListSink:
    sink = ListSink()
    opts = LogOptions(follow=True, tail="2", **options)  # type: ignore[arg-type]
    readers = LogReaders(engine, found, opts, sink)
    follow_logs(readers, "demo", found, opts, services=["web"], began=BEGAN, linger=linger)
    readers.wait()
    return sink


def test_logs_follow_reads_new_and_restarted_containers_once(tmp_path: Path) -> None:
    target, engine = up(tmp_path)
    found = containers(engine, target, ["web"])
    third = scaled(engine)
    engine.logs_of = {"demo-web-1": ["one"], "demo-web-2": ["two"], "demo-web-3": ["three"]}
    engine.events_of = [
        event(engine, "create", "demo-web-3", 1),
        event(engine, "start", "demo-web-3", 2),
        event(engine, "die", "demo-web-1", 3),
        event(engine, "start", "demo-web-1", 4),
        event(engine, "start", "demo-web-2", 5),  # already read
    ]
    sink = follow(engine, found)
    lines = sorted((e.container, e.text) for e in sink.of(LogLine))  # type: ignore[union-attr]
    assert lines == [
        ("demo-web-1", "one"),
        ("demo-web-1", "one"),
        ("demo-web-2", "two"),
        (third.name, "three"),
    ]
    requests = [(name, o.tail, o.since) for name, o in engine.log_requests]
    assert sorted(requests[2:], key=str) == [
        ("demo-web-1", "all", (T0 + 3 * NANOS) / NANOS),
        (third.name, "all", None),
    ]


def test_logs_follow_lingers_for_a_container_recreated_after_the_last_one_stopped(tmp_path: Path) -> None:
    target, engine = up(tmp_path)
    found = containers(engine, target, ["web"])
    for name in ("demo-web-1", "demo-web-2"):
        set_state(engine, name, state="exited")
    scaled(engine)
    engine.events_of = [
        event(engine, "die", "demo-web-1", 1),
        event(engine, "die", "demo-web-2", 2),  # nothing runs: done, unless something comes back soon
        event(engine, "destroy", "demo-web-2", 3),
        event(engine, "create", "demo-web-3", 4),
        event(engine, "start", "demo-web-3", 5),
    ]
    follow(engine, found, linger=5.0)
    assert [name for name, _ in engine.log_requests] == ["demo-web-1", "demo-web-2", "demo-web-3"]
    follow(engine, found, linger=0.0)  # Compose's own way: it ends when the last one stops
    assert [name for name, _ in engine.log_requests[3:]] == ["demo-web-1", "demo-web-2"]


def test_logs_follow_command_prints_the_new_container_with_its_prefix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _, engine = up(tmp_path)
    scaled(engine)
    engine.logs_of = {"demo-web-1": ["one"], "demo-web-3": ["three"]}
    soon = time.time_ns() + 60 * NANOS  # after the command begins
    engine.events_of = [event(engine, action, "demo-web-3", start=soon) for action in ("create", "start")]
    code, out, _ = run_cli(monkeypatch, capsys, tmp_path / "demo", engine, "logs", "-f", "web")
    assert code == 0
    assert sorted(out.splitlines()) == ["web-1 | one", "web-3 | three"]
