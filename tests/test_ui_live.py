"""The live view: render() as golden text for sequences of events, and LiveSink on consoles."""

from __future__ import annotations

import io
import re
import threading

import pytest
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
VOL = Resource("volume", "demo_data")
IMG = Resource("image", "demo-web")
DB = Resource("container", "demo-db-1")
WEB = Resource("container", "demo-web-1")
WORKER = Resource("container", "demo-worker-1")


def _console(terminal: bool = False) -> Console:
    return Console(file=io.StringIO(), width=WIDTH, force_terminal=terminal, color_system=None)


def _out_lines(console: Console) -> list[str]:
    stream = console.file
    assert isinstance(stream, io.StringIO)
    return [line.rstrip() for line in stream.getvalue().splitlines()]


def _lines(state: ViewState, now: float, **options: object) -> list[str]:
    console = _console()
    console.print(render(state, now, width=WIDTH, **options))  # type: ignore[arg-type]
    return _out_lines(console)


def _row(left: str, elapsed: str) -> str:
    """A view row: ``left`` then ``elapsed`` flush against the right edge."""
    return left.ljust(WIDTH - len(elapsed)) + elapsed


def _up(state: ViewState) -> None:
    """An ``up`` of a network, a volume and three containers, db waited on for its health (times in s)."""
    apply(state, PlanReady((NET, VOL, DB, WEB, WORKER)), 10.0)
    for resource, status, at in [
        (NET, "Creating", 10.0),
        (NET, "Created", 10.1),
        (VOL, "Creating", 10.1),
        (VOL, "Created", 10.2),
        (DB, "Creating", 10.2),
        (WORKER, "Creating", 10.2),
        (DB, "Created", 10.4),
        (WORKER, "Created", 10.4),
        (WEB, "Creating", 10.4),
        (DB, "Starting", 10.4),
        (WORKER, "Starting", 10.4),
        (WEB, "Created", 10.6),
        (DB, "Started", 10.8),
        (WORKER, "Started", 10.9),
        (DB, "Waiting", 10.9),
    ]:
        kind = ResourceDone if status.endswith("ed") else ResourceWorking
        apply(state, kind(resource, status), at)


def test_up_while_waiting_for_health() -> None:
    state = ViewState(project="demo")
    _up(state)
    assert _lines(state, 11.5) == [
        "[+] Running 4/5 · demo · 2/3 containers running",
        _row(" ✔ Network demo_default     Created", "0.1s"),
        _row(" ✔ Volume demo_data         Created", "0.1s"),
        _row(f" {spinner_frame(11.5)} Container demo-db-1      Waiting", "1.3s"),
        _row(" ✔ Container demo-web-1     Created", "0.2s"),
        _row(" ✔ Container demo-worker-1  Started", "0.7s"),
    ]


def test_up_done_shows_every_row_once_with_its_final_state() -> None:
    state = ViewState(project="demo")
    _up(state)
    apply(state, ResourceDone(DB, "Healthy"), 12.0)
    apply(state, ResourceWorking(WEB, "Starting"), 12.0)
    apply(state, ResourceDone(WEB, "Started"), 12.3)
    assert _lines(state, 20.0, final=True) == [
        "[+] Running 5/5 · demo · 3/3 containers running",
        _row(" ✔ Network demo_default     Created", "0.1s"),
        _row(" ✔ Volume demo_data         Created", "0.1s"),
        _row(" ✔ Container demo-db-1      Healthy", "1.8s"),
        _row(" ✔ Container demo-web-1     Started", "1.9s"),
        _row(" ✔ Container demo-worker-1  Started", "0.7s"),
    ]


def test_down_rows_stay_grouped_by_kind_whatever_the_event_order() -> None:
    state = ViewState(project="demo")
    apply(state, PlanReady((WEB, DB, NET)), 0.0)
    for resource in (WEB, DB, NET):
        working = "Stopping" if resource.kind == "container" else "Removing"
        apply(state, ResourceWorking(resource, working), 0.0)
        apply(state, ResourceDone(resource, "Removed"), 0.5)
    assert _lines(state, 9.0, final=True) == [
        "[+] Running 3/3 · demo · 0/2 containers running",
        _row(" ✔ Network demo_default  Removed", "0.5s"),
        _row(" ✔ Container demo-web-1  Removed", "0.5s"),
        _row(" ✔ Container demo-db-1   Removed", "0.5s"),
    ]


def test_pending_rows_and_a_build_in_progress() -> None:
    state = ViewState()
    apply(state, PlanReady((IMG, WEB)), 0.0)
    apply(state, ResourceWorking(IMG, "Building: Step 2/3 : RUN make"), 1.0)
    assert _lines(state, 3.0) == [
        "[+] Running 0/2 · 0/1 containers running",
        _row(f" {spinner_frame(3.0)} Image demo-web        Building: Step 2/3 : RUN make", "2.0s"),
        " · Container demo-web-1  Pending",
    ]


def test_errors_show_the_first_line_of_their_text() -> None:
    state = ViewState()
    apply(state, ResourceWorking(WEB, "Starting"), 1.0)
    apply(state, ResourceFailed(WEB, "container demo-web-1 exited (1); last log lines:\n    boom"), 3.5)
    assert _lines(state, 50.0) == [
        "[+] Running 0/1 · 0/1 containers running",
        _row(" ✘ Container demo-web-1  Error: container demo-web-1 exited (1); last log lines:", "2.5s"),
    ]


def test_long_statuses_are_cut_to_one_line() -> None:
    state = ViewState()
    apply(state, ResourceWorking(IMG, "Building: " + "x" * 200), 0.0)
    lines = _lines(state, 1.0)
    assert len(lines) == 2
    assert lines[1].endswith("xx…  1.0s")


def test_a_narrow_terminal_cuts_names_and_statuses_but_keeps_one_line_per_row() -> None:
    state = ViewState(project="a-rather-long-project-name")
    service = Resource("container", "a-rather-long-project-name-some-service-1")
    apply(state, PlanReady((NET, service)), 0.0)
    apply(state, ResourceWorking(service, "Starting something long"), 0.0)
    console = Console(file=io.StringIO(), width=40, color_system=None)
    console.print(render(state, 1.0, width=40))
    assert _out_lines(console) == [
        "[+] Running 0/2 · a-rather-long-project…",
        " · Network demo_default   Pending",
        f" {spinner_frame(1.0)} Container a-rather-l…  Startin…  1.0s",
    ]


def test_the_final_view_leaves_no_spinner_behind() -> None:
    state = ViewState(project="demo")
    apply(state, ResourceWorking(DB, "Waiting"), 0.0)
    assert _lines(state, 2.0, final=True) == [
        "[+] Running 0/1 · demo · 0/1 containers running",
        _row(" ! Container demo-db-1  Waiting", "2.0s"),
    ]


def test_nothing_is_drawn_before_the_first_resource() -> None:
    assert _lines(ViewState(project="demo"), 0.0) == []


def test_a_short_terminal_folds_finished_rows_then_cuts_the_rest() -> None:
    state = ViewState(project="demo")
    _up(state)
    assert _lines(state, 11.5, height=5) == [
        "[+] Running 4/5 · demo · 2/3 containers running",
        " ✔ 4 more done",
        _row(f" {spinner_frame(11.5)} Container demo-db-1      Waiting", "1.3s"),
    ]
    services = [Resource("container", f"demo-s{n}-1") for n in range(10)]
    crowded = ViewState()
    apply(crowded, PlanReady(tuple(services)), 0.0)
    assert _lines(crowded, 1.0, height=6) == [
        "[+] Running 0/10 · 0/10 containers running",
        " · Container demo-s0-1  Pending",
        " · Container demo-s1-1  Pending",
        " · Container demo-s2-1  Pending",
        " … 7 more",
    ]
    assert len(_lines(crowded, 1.0, height=6, final=True)) == 11


def test_spinner_frame_moves_with_time() -> None:
    frames = [spinner_frame(t / 1000) for t in range(0, 800, 80)]
    assert frames == list("⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏")
    assert spinner_frame(0.8) == "⠋"


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_live_sink_prints_logs_and_warnings_above_and_the_final_view_once_on_exit() -> None:
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
        "[+] Running 1/1 · demo · 1/1 containers running",
        _row(" ✔ Container demo-web-1  Started", "3.0s"),
    ]


def test_live_sink_without_events_prints_nothing() -> None:
    console = _console()
    with LiveSink(console, "demo"):
        pass
    assert _out_lines(console) == []


def _final_frame(out: str) -> list[str]:
    """What a terminal shows last: the text after the last line erase, without escape sequences."""
    tail = out.split("\x1b[2K")[-1]
    return [line.rstrip() for line in re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\r", "", tail).splitlines() if line]


def test_live_sink_on_a_terminal_survives_concurrent_emits_while_refreshing() -> None:
    stream = io.StringIO()
    console = Console(file=stream, width=WIDTH, height=40, force_terminal=True, color_system=None)
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
    final = _final_frame(out)
    assert final[0] == "[+] Running 4/4 · demo · 4/4 containers running"
    assert [line.split()[:3] for line in final[1:]] == [["✔", "Container", r.name] for r in resources]
    assert out.endswith("\x1b[?25h")  # the cursor is shown again


def test_standard_output_into_a_pipe_is_not_pulled_into_the_view(capsys: pytest.CaptureFixture[str]) -> None:
    stream = io.StringIO()
    console = Console(file=stream, width=WIDTH, force_terminal=True, color_system=None)
    with LiveSink(console, "demo") as sink:
        sink.emit(PlanReady((WEB,)))
        print("a result line")
    assert capsys.readouterr().out == "a result line\n"
    assert "a result line" not in stream.getvalue()
