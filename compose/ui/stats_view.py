"""``stats`` output: the docker CLI's columns and JSON fields, and a calm live table."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Protocol

from rich.console import Console
from rich.live import Live
from rich.table import Table

from compose.ui.table import columns

HEADERS = ("CONTAINER ID", "NAME", "CPU %", "MEM USAGE / LIMIT", "MEM %", "NET I/O", "BLOCK I/O", "PIDS")
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


def cells(row: StatsRow, *, no_trunc: bool = False) -> tuple[str, ...]:
    return (
        row.id if no_trunc else row.id[:SHORT_ID],
        row.name,
        f"{row.cpu_percent:.2f}%",
        f"{binary_size(row.memory)} / {binary_size(row.memory_limit)}",
        f"{row.memory_percent:.2f}%",
        f"{decimal_size(row.net_rx)} / {decimal_size(row.net_tx)}",
        f"{decimal_size(row.block_read)} / {decimal_size(row.block_write)}",
        str(row.pids),
    )


def stats_text(rows: Sequence[StatsRow], *, no_trunc: bool = False) -> str:
    """Plain columns, never truncated (for pipes and ``--no-stream``)."""
    return columns([HEADERS, *(cells(r, no_trunc=no_trunc) for r in rows)])


def stats_json(row: StatsRow, *, no_trunc: bool = False) -> str:
    """One JSON object, with the docker CLI's field names."""
    values = cells(row, no_trunc=no_trunc)
    fields = ("ID", "Name", "CPUPerc", "MemUsage", "MemPerc", "NetIO", "BlockIO", "PIDs")
    return json.dumps({"Container": row.id, **dict(zip(fields, values, strict=True))}, sort_keys=True)


def stats_table(rows: Sequence[StatsRow], *, no_trunc: bool = False) -> Table:
    table = Table(box=None, pad_edge=False, padding=(0, 3, 0, 0), header_style="bold")
    for header in HEADERS:
        table.add_column(header, no_wrap=True)
    for row in rows:
        table.add_row(*cells(row, no_trunc=no_trunc))
    return table


def live_stats(console: Console, rows: Callable[[], Sequence[StatsRow]], *, no_trunc: bool = False) -> Live:
    """A Live view that redraws the table in place once a second (use it as a context manager)."""
    return Live(
        get_renderable=lambda: stats_table(rows(), no_trunc=no_trunc),
        console=console,
        refresh_per_second=REFRESH_PER_SECOND,
        transient=False,
    )
