"""The dashboard screen: render() of given states as golden text, and its small formatters."""

from __future__ import annotations

import io

from rich.console import Console

from compose.ui.dashboard_view import (
    ContainerRow,
    DashboardView,
    LogView,
    ServiceRow,
    published,
    render,
    size,
)

WIDTH = 100
DB = ServiceRow(
    "db",
    (ContainerRow("demo-db-1", "running", health="healthy", restarts=2, cpu=1.25, memory=1536 * 1024),),
)
WEB = ServiceRow(
    "web",
    (
        ContainerRow(
            "demo-web-1",
            "running",
            ports=("0.0.0.0:8080->80/tcp", ":::8080->80/tcp", "81/tcp"),
            cpu=0.0,
            memory=500 * 1024,
        ),
        ContainerRow("demo-web-2", "exited", exit_code=137),
    ),
)
WORKER = ServiceRow("worker")
LOGS = (LogView("demo-web-1", "hello"), LogView("demo-web-2", "\x1b[31mred\x1b[0m world"))


def _lines(view: DashboardView, height: int) -> list[str]:
    console = Console(file=io.StringIO(), width=WIDTH, color_system=None)
    console.print(render(view, height=height))
    stream = console.file
    assert isinstance(stream, io.StringIO)
    return [line.rstrip() for line in stream.getvalue().splitlines()]


def test_overview_shows_a_row_per_container_the_selection_and_the_selected_services_log() -> None:
    view = DashboardView(
        "demo",
        (DB, ServiceRow("web", WEB.containers, busy=True), WORKER),
        1,
        logs=LOGS,
        message="Restarting web…",
    )
    assert _lines(view, 16) == [
        "pycompose dashboard · demo · 2/3 running",
        "",
        "   SERVICE  CONTAINER      STATE              PORTS         RESTARTS  CPU %     MEM",
        "   db       db-1           running (healthy)                       2   1.2%  1.5MiB",
        "▶  web ↻    web-1          running            8080->80/tcp         0   0.0%  500KiB",
        "            web-2          exited (137)                            0      -       -",
        "   worker   no containers",
        "",
        "Last log lines of web",
        "web-1 | hello",
        "web-2 | red world",
        "",
        "↑/↓ j/k select · r restart · l logs · q quit   Restarting web…",
    ]


def test_the_log_pane_keeps_the_newest_lines_that_fit_the_height() -> None:
    logs = tuple(LogView("demo-db-1", f"line {n}") for n in range(1, 31))
    lines = _lines(DashboardView("demo", (DB, WEB), 0, logs=logs), 14)
    assert len(lines) == 14
    assert lines[6:13] == [
        "",
        "Last log lines of db",
        "db-1 | line 27",
        "db-1 | line 28",
        "db-1 | line 29",
        "db-1 | line 30",
        "",
    ]


def test_no_log_pane_when_the_screen_is_too_short() -> None:
    lines = _lines(DashboardView("demo", (DB, WEB, WORKER), 0, logs=LOGS), 8)
    assert not any(line.startswith("Last log lines") for line in lines)


def test_log_mode_gives_the_selected_services_log_the_screen() -> None:
    logs = (*(LogView("demo-web-1", f"tick {n}") for n in range(1, 10)), *LOGS)
    assert _lines(DashboardView("demo", (DB, WEB, WORKER), 1, mode="logs", logs=logs), 8) == [
        "pycompose dashboard · demo · 2/3 running",
        "Logs of web",
        "web-1 | tick 8",
        "web-1 | tick 9",
        "web-1 | hello",
        "web-2 | red world",
        "",
        "l or Esc back · ↑/↓ j/k other service · r restart · q quit",
    ]


def test_an_empty_project_still_has_its_header() -> None:
    assert _lines(DashboardView("demo"), 10)[0] == "pycompose dashboard · demo · 0/0 running"


def test_sizes_read_like_docker_stats() -> None:
    assert [size(None), size(0), size(1023), size(1536 * 1024), size(3 * 1024**3)] == [
        "-",
        "0B",
        "1023B",
        "1.5MiB",
        "3GiB",
    ]


def test_published_ports_once_each_with_the_address_only_when_it_is_not_any() -> None:
    ports = ("0.0.0.0:8080->80/tcp", ":::8080->80/tcp", "127.0.0.1:9000->90/udp", "81/tcp")
    assert published(ports) == "8080->80/tcp, 127.0.0.1:9000->90/udp"
