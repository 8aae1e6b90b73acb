"""Choosing a sink for --progress, and the JSON and quiet sinks."""

from __future__ import annotations

import io
import json

import pytest
from rich.console import Console

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
from compose.ui.choose import PROGRESS_MODES, JsonSink, QuietSink, make_sink
from compose.ui.live import LiveSink
from compose.ui.plain import PlainSink

WEB = Resource("container", "demo-web-1")


def _console(terminal: bool = False) -> Console:
    return Console(file=io.StringIO(), width=100, force_terminal=terminal, color_system=None)


def _out(console: Console) -> str:
    stream = console.file
    assert isinstance(stream, io.StringIO)
    return stream.getvalue()


def test_auto_is_plain_off_a_terminal() -> None:
    console = _console()
    with make_sink("auto", console, "demo") as sink:
        assert isinstance(sink, PlainSink)
        sink.emit(ResourceDone(WEB, "Started"))
    assert _out(console) == " Container demo-web-1  Started\n"


def test_auto_is_live_on_a_terminal_and_tty_forces_it() -> None:
    with make_sink("auto", _console(terminal=True), "demo") as sink:
        assert isinstance(sink, LiveSink)
    console = _console()
    with make_sink("tty", console, "demo") as sink:
        assert isinstance(sink, LiveSink)
        sink.emit(PlanReady((WEB,)))
    assert _out(console).splitlines()[0] == "[+] Running 0/1"


def test_plain_mode_even_on_a_terminal() -> None:
    with make_sink("plain", _console(terminal=True), "demo") as sink:
        assert isinstance(sink, PlainSink)


def test_json_lines_parse_with_type_fields_and_time() -> None:
    console = _console()
    with make_sink("json", console, "demo") as sink:
        sink.emit(PlanReady((WEB,), ("create demo-web-1",)))
        sink.emit(ResourceDone(WEB, "Started"))
        sink.emit(Notice("obsolete", "warning"))
        sink.emit(Finished(True))
    records = [json.loads(line) for line in _out(console).splitlines()]
    assert all(isinstance(r.pop("time"), float) for r in records)
    assert records == [
        {
            "type": "PlanReady",
            "resources": [{"kind": "container", "name": "demo-web-1"}],
            "summary": ["create demo-web-1"],
        },
        {
            "type": "ResourceDone",
            "resource": {"kind": "container", "name": "demo-web-1"},
            "status": "Started",
        },
        {"type": "Notice", "text": "obsolete", "level": "warning"},
        {"type": "Finished", "ok": True},
    ]


def test_json_time_comes_from_the_clock() -> None:
    stream = io.StringIO()
    JsonSink(stream, clock=lambda: 12.5).emit(ResourceFailed(WEB, "boom"))
    assert json.loads(stream.getvalue()) == {
        "type": "ResourceFailed",
        "resource": {"kind": "container", "name": "demo-web-1"},
        "error": "boom",
        "time": 12.5,
    }


def test_quiet_shows_only_logs_and_failures() -> None:
    console = _console()
    with make_sink("quiet", console, "demo") as sink:
        assert isinstance(sink, QuietSink)
        sink.emit(PlanReady((WEB,)))
        sink.emit(ResourceWorking(WEB, "Starting"))
        sink.emit(Notice("obsolete", "warning"))
        sink.emit(LogLine("web", "demo-web-1", "up"))
        sink.emit(ResourceFailed(WEB, "exited with code 3"))
        sink.emit(Finished(False))
    assert _out(console) == "web-1 | up\nerror: Container demo-web-1: exited with code 3\n"


def test_unknown_mode_is_rejected() -> None:
    assert "json" in PROGRESS_MODES
    with (
        pytest.raises(ValueError, match="unknown progress mode 'fancy'"),
        make_sink("fancy", _console(), "x"),
    ):
        pass
