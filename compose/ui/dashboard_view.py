"""The ``dashboard`` screen: a plain state dataclass and a pure function that draws it with Rich.

The overview has a header (project, running/total), a row per container grouped by service (state and
health, published ports, restarts, CPU, memory; the selected service marked ``▶``) and the selected
service's last log lines below; the log mode gives that service's log the whole screen.
"""

from __future__ import annotations

from typing import Literal

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from compose.record import record
from compose.ui.stats_view import binary_size

ViewMode = Literal["overview", "logs"]
MARKER = "▶"
KEYS_HELP = "↑/↓ j/k select · r restart · l logs · q quit"
LOGS_HELP = "l or Esc back · ↑/↓ j/k other service · r restart · q quit"
STATE_STYLES = {
    "running": "green",
    "restarting": "yellow",
    "paused": "yellow",
    "exited": "red",
    "dead": "red",
}
HEALTH_STYLES = {"healthy": "green", "starting": "yellow", "unhealthy": "bold red"}


@record(kw_only=False)
class ContainerRow:
    name: str
    state: str
    health: str = ""
    exit_code: int = 0
    ports: tuple[str, ...] = ()
    restarts: int = 0
    cpu: float | None = None
    memory: int | None = None


@record(kw_only=False)
class ServiceRow:
    name: str
    containers: tuple[ContainerRow, ...] = ()
    busy: bool = False
    """Being restarted."""


@record(kw_only=False)
class LogView:
    container: str
    text: str


@record(kw_only=False)
class DashboardView:
    """Everything the screen shows, and nothing else."""

    project: str
    services: tuple[ServiceRow, ...] = ()
    selected: int = 0
    mode: ViewMode = "overview"
    logs: tuple[LogView, ...] = ()
    """The selected service's newest log lines, oldest first."""
    message: str = ""

    @property
    def running(self) -> int:
        return sum(1 for s in self.services for c in s.containers if c.state in ("running", "restarting"))

    @property
    def total(self) -> int:
        return sum(len(s.containers) for s in self.services)

    @property
    def selected_name(self) -> str:
        return self.services[self.selected].name if 0 <= self.selected < len(self.services) else ""


def size(amount: int | None) -> str:
    """Memory as ``docker stats`` shows it (``1.5MiB``); ``-`` when unknown."""
    return "-" if amount is None else binary_size(amount)


def percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}%"


def published(ports: tuple[str, ...]) -> str:
    """The published ports, once each: ``8080->80/tcp`` (the host address only when it is not ``any``)."""
    shown: list[str] = []
    for port in ports:
        if "->" not in port:
            continue
        host, _, target = port.partition("->")
        address, _, number = host.rpartition(":")
        text = f"{number}->{target}" if address in ("", "0.0.0.0", "::", "[::]") else port
        if text not in shown:
            shown.append(text)
    return ", ".join(shown)


def state_text(row: ContainerRow) -> Text:
    text = Text(row.state, style=STATE_STYLES.get(row.state, ""))
    if row.state == "exited":
        text.append(f" ({row.exit_code})")
    if row.health:
        text.append(" (").append(row.health, style=HEALTH_STYLES.get(row.health, "")).append(")")
    return text


def short_name(container: str, project: str) -> str:
    for sep in ("-", "_"):
        head = f"{project}{sep}"
        if project and container.startswith(head) and len(container) > len(head):
            return container[len(head) :]
    return container


def header(view: DashboardView) -> Text:
    text = Text("pycompose dashboard", style="bold")
    text.append(" · ", style="dim").append(view.project, style="bold cyan")
    running = f"{view.running}/{view.total} running"
    text.append(" · ", style="dim").append(running, style="green" if view.running == view.total else "yellow")
    return text


def _table(view: DashboardView) -> Table:
    table = Table(box=None, pad_edge=False, padding=(0, 2, 0, 0), header_style="bold dim", expand=False)
    table.add_column("", width=1, no_wrap=True)
    for name in ("SERVICE", "CONTAINER", "STATE", "PORTS"):
        table.add_column(name, no_wrap=True, overflow="ellipsis", max_width=36)
    for name in ("RESTARTS", "CPU %", "MEM"):
        table.add_column(name, no_wrap=True, justify="right")
    for index, service in enumerate(view.services):
        _service_rows(table, view, service, selected=index == view.selected)
    return table


def _service_rows(table: Table, view: DashboardView, service: ServiceRow, *, selected: bool) -> None:
    style = "bold" if selected else ""
    marker = Text(MARKER if selected else "", style="cyan")
    name = Text(service.name, style="bold cyan" if selected else "cyan")
    if service.busy:
        name.append(" ↻", style="yellow")
    if not service.containers:
        table.add_row(marker, name, Text("no containers", style="dim"), "", "", "", "", "", style=style)
    for number, row in enumerate(service.containers):
        table.add_row(
            marker if number == 0 else "",
            name if number == 0 else "",
            short_name(row.name, view.project),
            state_text(row),
            published(row.ports),
            str(row.restarts),
            percent(row.cpu),
            size(row.memory),
            style=style,
        )


def _log_lines(view: DashboardView, room: int) -> list[Text]:
    lines = []
    for entry in view.logs[-room:] if room > 0 else ():
        line = Text(f"{short_name(entry.container, view.project)} | ", style="cyan")
        line.append_text(Text.from_ansi(entry.text))
        line.no_wrap, line.overflow = True, "ellipsis"
        lines.append(line)
    return lines


def footer(view: DashboardView) -> Text:
    text = Text(LOGS_HELP if view.mode == "logs" else KEYS_HELP, style="dim")
    if view.message:
        text.append("   ").append(view.message, style="yellow")
    return text


def render(view: DashboardView, height: int = 40) -> RenderableType:
    """The whole screen, at most ``height`` lines: the overview, or the selected service's log."""
    top = header(view)
    if view.mode == "logs":
        title = Text(f"Logs of {view.selected_name}", style="bold")
        return Group(top, title, *_log_lines(view, height - 4), Text(""), footer(view))
    # header, blank, table header, a line per container (or per service without one), blank, footer
    rows = sum(max(len(s.containers), 1) for s in view.services)
    room = height - (rows + 5) - 2  # what is left for the log pane's lines, below a blank and its title
    pane: list[RenderableType] = []
    if room > 0 and view.selected_name:
        title = Text(f"Last log lines of {view.selected_name}", style="bold")
        pane = [Text(""), title, *_log_lines(view, room)]
    return Group(top, Text(""), _table(view), *pane, Text(""), footer(view))
