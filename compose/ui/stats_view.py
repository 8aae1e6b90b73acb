"""``stats`` output: the docker CLI's columns, JSON fields and ``--format`` templates; a calm live view."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Protocol

from rich.console import Console
from rich.live import Live
from rich.text import Text

from compose.ui.template import render

FIELDS = ("Container", "ID", "Name", "CPUPerc", "MemUsage", "MemPerc", "NetIO", "BlockIO", "PIDs")
TABLE = "table " + "\t".join(f"{{{{.{name}}}}}" for name in FIELDS[1:])
HEADERS = {
    "Container": "CONTAINER",
    "ID": "CONTAINER ID",
    "CPUPerc": "CPU %",
    "MemUsage": "MEM USAGE / LIMIT",
    "MemPerc": "MEM %",
    "NetIO": "NET I/O",
    "BlockIO": "BLOCK I/O",
    "PIDs": "PIDS",
}
BINARY_UNITS = ("B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB")
DECIMAL_UNITS = ("B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB")
SHORT_ID = 12
REFRESH_PER_SECOND = 1


class StatsRow(Protocol):
    """One container's figures (``compose.actions.streams_stats.ContainerStats``)."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def cpu_percent(self) -> float: ...
    @property
    def memory(self) -> int: ...
    @property
    def memory_limit(self) -> int: ...
    @property
    def memory_percent(self) -> float: ...
    @property
    def net_rx(self) -> int: ...
    @property
    def net_tx(self) -> int: ...
    @property
    def block_read(self) -> int: ...
    @property
    def block_write(self) -> int: ...
    @property
    def pids(self) -> int: ...


def _size(value: float, base: float, units: tuple[str, ...], precision: int) -> str:
    index = 0
    while value >= base and index < len(units) - 1:
        value /= base
        index += 1
    return f"{value:.{precision}g}{units[index]}"


def binary_size(value: float) -> str:
    """``1.5MiB``: powers of 1024, four significant digits (memory, as docker shows it)."""
    return _size(value, 1024.0, BINARY_UNITS, 4)


def decimal_size(value: float) -> str:
    """``2.05kB``: powers of 1000, three significant digits (network and block I/O)."""
    return _size(value, 1000.0, DECIMAL_UNITS, 3)


def fields(row: StatsRow, *, no_trunc: bool = False) -> dict[str, str]:
    """The fields that ``--format`` templates and JSON lines name, as the docker CLI shows them."""
    return {
        "Container": row.id,
        "ID": row.id if no_trunc else row.id[:SHORT_ID],
        "Name": row.name,
        "CPUPerc": f"{row.cpu_percent:.2f}%",
        "MemUsage": f"{binary_size(row.memory)} / {binary_size(row.memory_limit)}",
        "MemPerc": f"{row.memory_percent:.2f}%",
        "NetIO": f"{decimal_size(row.net_rx)} / {decimal_size(row.net_tx)}",
        "BlockIO": f"{decimal_size(row.block_read)} / {decimal_size(row.block_write)}",
        "PIDs": str(row.pids),
    }


def stats_text(rows: Sequence[StatsRow], *, no_trunc: bool = False, template: str = "table") -> str:
    """The rows as ``--format`` says: ``table`` (the docker CLI's columns), ``table TEMPLATE`` or
    ``TEMPLATE``; never truncated (for pipes and ``--no-stream``). Raises ``TemplateError``."""
    found = [fields(r, no_trunc=no_trunc) for r in rows]
    return render(template, found, table=TABLE, headers=HEADERS).removesuffix("\n")


def check_template(template: str) -> None:
    """Raise ``TemplateError`` now for a template that could not show a row."""
    render(template, [dict.fromkeys(FIELDS, "")], table=TABLE, headers=HEADERS)


def stats_json(row: StatsRow, *, no_trunc: bool = False) -> str:
    """One JSON object, with the docker CLI's field names."""
    return json.dumps(fields(row, no_trunc=no_trunc), sort_keys=True)


def live_text(text: str, *, header: bool) -> Text:
    """What the live view shows: the text unwrapped (cut at the edge), the first line bold when a header."""
    head, newline, body = text.partition("\n") if header else ("", "", text)
    shown = Text(no_wrap=True, overflow="crop")
    shown.append(head, style="bold")
    shown.append(newline + body)
    return shown


def live_stats(console: Console, text: Callable[[], str], *, header: bool = True) -> Live:
    """A Live view that redraws ``text()`` in place once a second (use it as a context manager)."""
    return Live(
        get_renderable=lambda: live_text(text(), header=header),
        console=console,
        refresh_per_second=REFRESH_PER_SECOND,
        transient=False,
    )
