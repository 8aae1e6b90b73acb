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
    assert _out(console).splitlines()[0] == "[+] Running 0/1 · demo · 0/1 containers running"


def test_plain_mode_even_on_a_terminal() -> None:
    with make_sink("plain", _console(terminal=True), "demo") as sink:
        assert isinstance(sink, PlainSink)


def test_json_mode_writes_json_lines() -> None:
    console = _console()
    with make_sink("json", console, "demo") as sink:
        assert isinstance(sink, JsonSink)
        sink.emit(ResourceDone(WEB, "Started"))
    assert json.loads(_out(console))["id"] == "Container demo-web-1"


def test_quiet_shows_no_progress_only_logs() -> None:
    console = _console()
    with make_sink("quiet", console, "demo") as sink:
        assert isinstance(sink, QuietSink)
        sink.emit(PlanReady((WEB,)))
        sink.emit(ResourceWorking(WEB, "Starting"))
        sink.emit(Notice("obsolete", "warning"))
        sink.emit(LogLine("web", "demo-web-1", "up"))
        sink.emit(ResourceFailed(WEB, "exited with code 3"))
        sink.emit(Finished(False))
    assert _out(console) == "web-1 | up\n"


def test_a_dumb_terminal_gets_plain_lines() -> None:
    console = Console(file=io.StringIO(), force_terminal=True, _environ={"TERM": "dumb"})
    with make_sink("auto", console, "demo") as sink:
        assert isinstance(sink, PlainSink)


def test_unknown_mode_is_rejected() -> None:
    assert "json" in PROGRESS_MODES
    with (
        pytest.raises(ValueError, match="unknown progress mode 'fancy'"),
        make_sink("fancy", _console(), "x"),
    ):
        pass


def test_the_cli_offers_exactly_these_modes() -> None:
    from compose.cli.app import PROGRESS_MODES as CLI_MODES

    assert CLI_MODES == PROGRESS_MODES
