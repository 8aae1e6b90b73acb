"""The live view: render() as text, and LiveSink on a non-terminal console."""

from __future__ import annotations

import io
import threading

from rich.console import Console

from compose.events import (
    LogLine,
    Notice,
    PlanReady,
    Resource,
    ResourceDone,
    ResourceFailed,
    ResourceWorking,
)
from compose.ui.live import LiveSink, render, spinner_frame
from compose.ui.state import ViewState, apply

WIDTH = 100
NET = Resource("network", "demo_default")
DB = Resource("container", "demo-db-1")
WEB = Resource("container", "demo-web-1")


def _console() -> Console:
    return Console(file=io.StringIO(), width=WIDTH, force_terminal=False, color_system=None)


def _out_lines(console: Console) -> list[str]:
    stream = console.file
    assert isinstance(stream, io.StringIO)
    return [line.rstrip() for line in stream.getvalue().splitlines()]


def _lines(state: ViewState, now: float) -> list[str]:
    console = _console()
    console.print(render(state, now))
    return _out_lines(console)


def _row(left: str, elapsed: str) -> str:
    """A view row: ``left`` then ``elapsed`` flush against the right edge."""
    return left.ljust(WIDTH - len(elapsed)) + elapsed


def test_header_counts_done_rows_and_rows_follow_the_plan() -> None:
    state = ViewState(title="pycompose up demo")
    apply(state, PlanReady((NET, DB, WEB)), 10.0)
    apply(state, ResourceWorking(NET, "Creating"), 10.0)
    apply(state, ResourceDone(NET, "Created"), 10.3)
    apply(state, ResourceWorking(DB, "Creating"), 10.4)
    assert _lines(state, 12.0) == [
        "[+] Running 1/3  pycompose up demo",
        _row(" ✔ Network demo_default  Created", "0.3s"),
        _row(f" {spinner_frame(12.0)} Container demo-db-1   Creating", "1.6s"),
        " · Container demo-web-1  Waiting",
    ]


def test_errors_show_their_text_on_the_row() -> None:
    state = ViewState()
    apply(state, ResourceWorking(WEB, "Starting"), 1.0)
    apply(state, ResourceFailed(WEB, "port 80 is already allocated"), 3.5)
    assert _lines(state, 50.0) == [
        "[+] Running 0/1",
        _row(" ✘ Container demo-web-1  Error: port 80 is already allocated", "2.5s"),
    ]


def test_all_done() -> None:
    state = ViewState()
    apply(state, PlanReady((NET, WEB)), 0.0)
    apply(state, ResourceDone(NET, "Created"), 0.0)
    apply(state, ResourceWorking(WEB, "Starting"), 0.0)
    apply(state, ResourceDone(WEB, "Healthy"), 4.3)
    assert _lines(state, 9.0) == [
        "[+] Running 2/2",
        _row(" ✔ Network demo_default  Created", "0.0s"),
        _row(" ✔ Container demo-web-1  Healthy", "4.3s"),
    ]


def test_spinner_frame_moves_with_time() -> None:
    frames = [spinner_frame(t / 1000) for t in range(0, 800, 80)]
    assert frames == list("⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏")
    assert spinner_frame(0.8) == "⠋"


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_live_sink_prints_logs_and_warnings_above_and_the_final_view_on_exit() -> None:
    console = _console()
    clock = _Clock()
    with LiveSink(console, "demo", clock=clock) as sink:
        sink.emit(PlanReady((WEB,)))
        sink.emit(ResourceWorking(WEB, "Starting"))
        clock.now = 102.5
        sink.emit(Notice("the attribute `version` is obsolete", "warning"))
        sink.emit(LogLine("web", "demo-web-1", "listening on :80"))
        clock.now = 103.0
        sink.emit(ResourceDone(WEB, "Started"))
    assert _out_lines(console) == [
        "WARN[0002] the attribute `version` is obsolete",
        "web-1 | listening on :80",
        "[+] Running 1/1",
        _row(" ✔ Container demo-web-1  Started", "3.0s"),
    ]


def test_live_sink_on_a_terminal_survives_concurrent_emits_while_refreshing() -> None:
    stream = io.StringIO()
    console = Console(file=stream, width=WIDTH, force_terminal=True, color_system=None)
    resources = [Resource("container", f"demo-s{n}-1") for n in range(4)]

    def work(resource: Resource) -> None:
        for i in range(150):
            sink.emit(ResourceWorking(resource, f"Step {i}"))
            sink.emit(LogLine(resource.name, resource.name, f"line {i}"))
        sink.emit(ResourceDone(resource, "Started"))

    with LiveSink(console, "demo") as sink:
        sink.emit(PlanReady(tuple(resources)))
        threads = [threading.Thread(target=work, args=(r,)) for r in resources]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=10)
        assert not any(t.is_alive() for t in threads)
    out = stream.getvalue()
    assert out.count("| line ") == 600
    assert "[+] Running 4/4" in out
