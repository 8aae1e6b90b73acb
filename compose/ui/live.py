"""The live view for terminals: one calm line per resource, redrawn in place, logs printed above it."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from types import TracebackType
from typing import Self

from rich.console import Console, Group, RenderableType
from rich.live import Live
from rich.spinner import Spinner
from rich.table import Table
from rich.text import Text

from compose.events import Event, LogLine, Notice
from compose.ui.logs import LogFormatter
from compose.ui.state import Row, ViewState, apply

_SPINNER = Spinner("dots")
DONE_GLYPH = "✔"
ERROR_GLYPH = "✘"
PENDING_GLYPH = "·"


def spinner_frame(now: float) -> str:
    """The ``dots`` spinner frame to show at ``now`` (seconds); a pure function of time."""
    frames = _SPINNER.frames
    return frames[int(now * 1000 / _SPINNER.interval) % len(frames)]


def _glyph(row: Row, now: float) -> Text:
    if row.phase == "done":
        return Text(DONE_GLYPH, style="green")
    if row.phase == "error":
        return Text(ERROR_GLYPH, style="red")
    if row.phase == "working":
        return Text(spinner_frame(now), style="blue")
    return Text(PENDING_GLYPH, style="dim")


def _status(row: Row) -> Text:
    if row.phase == "error":
        return Text(f"Error: {row.error}" if row.error else "Error", style="red")
    if row.phase == "pending":
        return Text("Waiting", style="dim")
    return Text(row.status)


def render(state: ViewState, now: float) -> RenderableType:
    """The whole view at monotonic time ``now``: ``[+] Running k/n`` and a row per resource."""
    header = Text.assemble("[+] Running ", f"{state.done}/{state.total}")
    if state.title:
        header.append(f"  {state.title}", style="dim")
    table = Table.grid(padding=(0, 1), expand=True)
    table.add_column(width=2, no_wrap=True, justify="right")
    table.add_column(no_wrap=True)
    table.add_column(ratio=1, overflow="fold")
    table.add_column(justify="right", no_wrap=True)
    for row in state.rows:
        elapsed = "" if row.phase == "pending" else f"{row.elapsed(now):.1f}s"
        # The trailing space makes the gap before the status two columns wide, as in Compose.
        table.add_row(_glyph(row, now), Text(f"{row.resource} "), _status(row), Text(elapsed, style="dim"))
    return Group(header, table)


class LiveSink:
    """An :class:`~compose.events.EventSink` drawing :func:`render` with ``rich.live.Live``.

    Use as a context manager: entering starts the live region, leaving draws it a last time and stops.
    Log lines and notices are printed above the region.
    """

    def __init__(
        self,
        console: Console,
        project: str = "",
        *,
        title: str = "",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._clock = clock
        self._start = clock()
        self._state = ViewState(title=title)
        self._logs = LogFormatter(project)
        # _state_lock guards the state and is taken by Live's refresh thread (while it holds Live's own
        # lock); _print_lock orders printing and is never held by that thread, so the two cannot deadlock.
        self._state_lock = threading.Lock()
        self._print_lock = threading.Lock()
        self._live = Live(
            get_renderable=self._renderable,
            refresh_per_second=8,
            transient=False,
            console=console,
        )

    @property
    def live(self) -> Live:
        return self._live

    def _renderable(self) -> RenderableType:
        with self._state_lock:
            return render(self._state, self._clock())

    def __enter__(self) -> Self:
        self._live.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._live.stop()

    def emit(self, event: Event) -> None:
        with self._print_lock:
            now = self._clock()
            with self._state_lock:
                apply(self._state, event, now)
            line = self._above(event, now)
            if line is not None:
                self._live.console.print(line, soft_wrap=True, highlight=False, markup=False)

    def _above(self, event: Event, now: float) -> Text | None:
        if isinstance(event, LogLine):
            return self._logs.as_text(event)
        if isinstance(event, Notice):
            if event.level == "warning":
                return Text(f"WARN[{int(now - self._start):04d}] {event.text}", style="yellow")
            return Text(event.text)
        return None
