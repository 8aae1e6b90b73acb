"""``--progress json``: the object written for each kind of event, as docs/progress-json.md says."""

from __future__ import annotations

import io
import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from compose.events import (
    Finished,
    LogLine,
    Notice,
    PlanReady,
    Resource,
    ResourceDone,
    ResourceFailed,
    ResourceWorking,
)
from compose.ui.json_sink import JsonSink, event_json

WEB = Resource("container", "demo-web-1")
WEB_JSON = {"kind": "container", "name": "demo-web-1"}
DOC = Path(__file__).resolve().parents[1] / "docs" / "progress-json.md"


def _records(*events: Any) -> list[dict[str, Any]]:
    stream = io.StringIO()
    sink = JsonSink(stream, clock=lambda: 1700000000.25)
    for event in events:
        sink.emit(event)
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_every_event_kind() -> None:
    assert _records(
        PlanReady((WEB,), ("Container demo-web-1  create  not found",)),
        ResourceWorking(WEB, "Starting"),
        ResourceDone(WEB, "Started"),
        ResourceFailed(WEB, "port 80 is already allocated"),
        LogLine("web", "demo-web-1", "listening"),
        Notice("the attribute `version` is obsolete", "warning"),
        Finished(True),
    ) == [
        {
            "type": "PlanReady",
            "time": 1700000000.25,
            "resources": [WEB_JSON],
            "summary": ["Container demo-web-1  create  not found"],
        },
        {
            "type": "ResourceWorking",
            "time": 1700000000.25,
            "id": "Container demo-web-1",
            "resource": WEB_JSON,
            "status": "Starting",
            "state": "working",
        },
        {
            "type": "ResourceDone",
            "time": 1700000000.25,
            "id": "Container demo-web-1",
            "resource": WEB_JSON,
            "status": "Started",
            "health": "",
            "state": "done",
        },
        {
            "type": "ResourceFailed",
            "time": 1700000000.25,
            "id": "Container demo-web-1",
            "resource": WEB_JSON,
            "error": "port 80 is already allocated",
            "state": "error",
            "status": "Error",
        },
        {
            "type": "LogLine",
            "time": 1700000000.25,
            "service": "web",
            "container": "demo-web-1",
            "text": "listening",
        },
        {
            "type": "Notice",
            "time": 1700000000.25,
            "text": "the attribute `version` is obsolete",
            "level": "warning",
        },
        {"type": "Finished", "time": 1700000000.25, "ok": True},
    ]


def test_an_ending_error() -> None:
    stream = io.StringIO()
    JsonSink(stream, clock=lambda: 5.0).error("compose.yaml:3:5: services.web: boom\n  hint: fix it")
    assert json.loads(stream.getvalue()) == {
        "type": "Error",
        "time": 5.0,
        "error": True,
        "message": "compose.yaml:3:5: services.web: boom\n  hint: fix it",
    }
    assert stream.getvalue().count("\n") == 1


@dataclass(frozen=True)
class _Pulled:
    """An event class the sink has never heard of."""

    resource: Resource
    layers: int


def test_an_event_class_added_later_is_written_generically() -> None:
    assert event_json(_Pulled(WEB, 3), 1.0) == {  # type: ignore[arg-type]
        "type": "_Pulled",
        "time": 1.0,
        "id": "Container demo-web-1",
        "resource": WEB_JSON,
        "layers": 3,
    }


def test_text_stays_unicode_and_each_record_is_one_line() -> None:
    stream = io.StringIO()
    sink = JsonSink(stream, clock=lambda: 0.0)
    sink.emit(LogLine("web", "demo-web-1", "héllo\nwörld ✔"))
    assert stream.getvalue() == (
        '{"type": "LogLine", "time": 0.0, "service": "web", "container": "demo-web-1", '
        '"text": "héllo\\nwörld ✔"}\n'
    )


def test_concurrent_emits_give_whole_lines() -> None:
    stream = io.StringIO()
    sink = JsonSink(stream)

    def work(n: int) -> None:
        for i in range(200):
            sink.emit(ResourceWorking(Resource("container", f"demo-s{n}-1"), f"Step {i}"))

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    records = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert len(records) == 800
    assert all(isinstance(r["time"], float) for r in records)


def test_the_documented_fields_are_the_written_ones() -> None:
    """Each event kind's field table in docs/progress-json.md names exactly the keys written."""
    written = {
        r["type"]: set(r)
        for r in _records(
            PlanReady((WEB,)),
            ResourceWorking(WEB, "Starting"),
            ResourceDone(WEB, "Started"),
            ResourceFailed(WEB, "boom"),
            LogLine("web", "demo-web-1", "x"),
            Notice("n"),
            Finished(False),
        )
    }
    stream = io.StringIO()
    JsonSink(stream).error("boom")
    written["Error"] = set(json.loads(stream.getvalue()))
    assert documented_fields() == written


def documented_fields() -> dict[str, set[str]]:
    """``{type: {field, ...}}`` from the doc: a ``### `Type` `` heading, then rows of `` `field` ``."""
    fields: dict[str, set[str]] = {}
    current = ""
    common: set[str] = set()
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("### `"):
            current = line.split("`")[1]
            fields[current] = set(common)
        elif line.startswith("## "):
            current = "common" if "every object" in line.lower() else ""
        elif line.startswith("| `") and current:
            name = line.split("`")[1]
            if current == "common":
                common.add(name)
            else:
                fields[current].add(name)
    return fields
