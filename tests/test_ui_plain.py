"""Plain output: one uncoloured line per event."""

from __future__ import annotations

import io
import threading

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
from compose.ui.plain import PlainSink

NET = Resource("network", "foo_default")
WEB = Resource("container", "foo-web-1")


class _CountingStream(io.StringIO):
    def __init__(self) -> None:
        super().__init__()
        self.flushes = 0

    def flush(self) -> None:
        self.flushes += 1
        super().flush()


def test_one_line_per_event() -> None:
    stream = _CountingStream()
    sink = PlainSink(stream, "foo")
    sink.emit(PlanReady((NET, WEB), ("create network foo_default",)))
    sink.emit(ResourceWorking(NET, "Creating"))
    sink.emit(ResourceDone(NET, "Created"))
    sink.emit(Notice("the attribute `version` is obsolete", "warning"))
    sink.emit(Notice("pulling images"))
    sink.emit(ResourceDone(WEB, "Started"))
    sink.emit(LogLine("web", "foo-web-1", "hello [bold]x[/]"))
    sink.emit(ResourceFailed(WEB, "exited with code 1"))
    sink.emit(Finished(False))
    assert stream.getvalue().splitlines() == [
        " Network foo_default  Creating",
        " Network foo_default  Created",
        "WARN: the attribute `version` is obsolete",
        "pulling images",
        " Container foo-web-1  Started",
        "web-1 | hello [bold]x[/]",
        " Container foo-web-1  Error: exited with code 1",
    ]
    assert stream.flushes == 7
    assert "\x1b" not in stream.getvalue()


def test_log_prefixes_are_padded_to_the_widest_seen() -> None:
    stream = io.StringIO()
    sink = PlainSink(stream, "foo")
    sink.emit(LogLine("db", "foo-db-1", "ready"))
    sink.emit(LogLine("worker", "foo-worker-1", "tick"))
    sink.emit(LogLine("db", "foo-db-1", "checkpoint"))
    assert stream.getvalue().splitlines() == [
        "db-1 | ready",
        "worker-1 | tick",
        "db-1     | checkpoint",
    ]


def test_concurrent_emits_never_interleave_within_a_line() -> None:
    stream = io.StringIO()
    sink = PlainSink(stream, "foo")

    def work(n: int) -> None:
        for i in range(200):
            sink.emit(ResourceWorking(Resource("container", f"foo-s{n}-1"), f"Step {i}"))

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    lines = stream.getvalue().splitlines()
    assert len(lines) == 800
    for n in range(4):
        mine = [line for line in lines if line.startswith(f" Container foo-s{n}-1  Step ")]
        assert mine == [f" Container foo-s{n}-1  Step {i}" for i in range(200)]


def test_every_kind_of_resource_reads_the_same_way() -> None:
    stream = io.StringIO()
    sink = PlainSink(stream, "foo")
    volume, image = Resource("volume", "foo_data"), Resource("image", "foo-web")
    sink.emit(ResourceWorking(volume, "Creating"))
    sink.emit(ResourceDone(volume, "Created"))
    sink.emit(ResourceWorking(image, "Building"))
    sink.emit(ResourceWorking(image, "Building: Step 1/2 : FROM busybox"))
    sink.emit(ResourceDone(image, "Built"))
    sink.emit(ResourceWorking(NET, "Removing"))
    sink.emit(ResourceDone(NET, "Removed"))
    assert stream.getvalue().splitlines() == [
        " Volume foo_data  Creating",
        " Volume foo_data  Created",
        " Image foo-web  Building",
        " Image foo-web  Building: Step 1/2 : FROM busybox",
        " Image foo-web  Built",
        " Network foo_default  Removing",
        " Network foo_default  Removed",
    ]
