"""The live view for terminals: one calm line per resource, redrawn in place, logs printed above it.

It looks like Docker Compose's (``[+] Running 3/3`` then `` ✔ Container p-web-1  Started  0.4s``),
with the project and how many of its containers run in the header. While it runs it never grows
taller than the terminal (finished rows fold into one line); when it ends the whole final state is
drawn once, without spinners, and stays on screen.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from types import TracebackType
from typing import IO, Self

from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.live import Live
from rich.spinner import Spinner
from rich.text import Text

from compose.events import Event, LogLine, Notice
from compose.ui.logs import LogFormatter
from compose.ui.state import Row, ViewState, apply

_SPINNER = Spinner("dots")
DONE_GLYPH = "✔"
ERROR_GLYPH = "✘"
PENDING_GLYPH = "·"
STOPPED_GLYPH = "!"
REFRESH_PER_SECOND = 8
ELAPSED_CELLS = 5  # "99.9s": the column does not move when a row passes 10 s
MIN_STATUS_CELLS = 8
FIXED_CELLS = 3 + 2 + 1 + ELAPSED_CELLS  # " G " before the name, two spaces after it, the seconds


def _isatty(stream: IO[str] | None) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError):
        return False


def spinner_frame(now: float) -> str:
    """The ``dots`` spinner frame to show at ``now`` (seconds); a pure function of time."""
    frames = _SPINNER.frames
    return frames[int(now * 1000 / _SPINNER.interval) % len(frames)]


def _glyph(row: Row, now: float, final: bool) -> Text:
    if row.phase == "done":
        return Text(DONE_GLYPH, style="green")
    if row.phase == "error":
        return Text(ERROR_GLYPH, style="red")
    if row.phase == "working":
        # a row still working when the view ends was interrupted: no spinner is left behind
        return Text(STOPPED_GLYPH, style="yellow") if final else Text(spinner_frame(now), style="blue")
    return Text(PENDING_GLYPH, style="dim")


def _status(row: Row) -> Text:
    if row.phase == "error":
        first = row.error.strip().splitlines()[0] if row.error.strip() else ""
        return Text(f"Error: {first}" if first else "Error", style="red")
    if row.phase == "pending":
        return Text("Pending", style="dim")
    return Text(row.status, style="green" if row.phase == "done" else "")


def header(state: ViewState) -> Text:
    """``[+] Running done/total``, the project, and how many of its containers run."""
    text = Text.assemble("[+] Running ", f"{state.done}/{state.total}")
    if state.total and state.done == state.total:
        text.stylize("blue")
    if state.project:
        text.append(" · ", style="dim").append(state.project, style="bold")
    if state.containers:
        text.append(f" · {state.running}/{state.containers} containers running", style="dim")
    return text


def _fit(rows: list[Row], room: int) -> tuple[list[Row], int, int]:
    """The rows that fit in ``room`` lines: finished rows fold into one line first, then the tail is cut.

    Returns the rows to show, how many finished rows were folded, and how many rows were cut.
    """
    if len(rows) <= room:
        return rows, 0, 0
    active = [r for r in rows if r.phase != "done"]
    folded = len(rows) - len(active)
    room -= 1 if folded else 0
    if len(active) <= room:
        return active, folded, 0
    keep = max(room - 1, 0)
    return active[:keep], folded, len(active) - keep


def _cell(text: Text, width: int) -> Text:
    """``text`` cut (with an ellipsis) or padded to exactly ``width`` cells."""
    text = text.copy()
    text.truncate(width, overflow="ellipsis", pad=True)
    return text


def _line(glyph: Text, name: str, name_width: int, status: Text, elapsed: str, width: int) -> Text:
    """`` G Kind name  Status ... 1.2s`` in exactly ``width`` cells, the seconds flush right as in Compose."""
    status_width = max(width - name_width - FIXED_CELLS, 1)
    return Text.assemble(
        " ",
        glyph,
        " ",
        _cell(Text(name), name_width),
        "  ",
        _cell(status, status_width),
        (" " + elapsed.rjust(ELAPSED_CELLS), "dim"),
    )


def render(
    state: ViewState, now: float, *, width: int = 100, height: int | None = None, final: bool = False
) -> RenderableType:
    """The whole view at monotonic time ``now``, ``width`` cells wide: the header and a row per resource.

    ``height`` (the terminal's) bounds the lines drawn while running; the ``final`` view shows every
    row and no spinner. Every row is one line: long names and statuses are cut, never wrapped.
    Nothing is drawn before the first resource is known.
    """
    if not state.rows:
        return Group()
    rows, folded, cut = _fit(state.ordered(), max(height - 2, 1) if height and not final else len(state.rows))
    longest = max(cell_len(str(row.resource)) for row in state.rows)
    name_width = max(min(longest, width - FIXED_CELLS - MIN_STATUS_CELLS), 4)
    lines = [header(state)]
    if folded:
        lines.append(Text.assemble(" ", (DONE_GLYPH, "green"), " ", (f"{folded} more done", "dim")))
    for row in rows:
        elapsed = "" if row.phase == "pending" else f"{row.elapsed(now):.1f}s"
        glyph = _glyph(row, now, final)
        lines.append(_line(glyph, str(row.resource), name_width, _status(row), elapsed, width))
    if cut:
        lines.append(Text.assemble(" ", ("…", "dim"), " ", (f"{cut} more", "dim")))
    for line in lines:
        line.no_wrap, line.overflow = True, "ellipsis"
    return Group(*lines)


class LiveSink:
    """An :class:`~compose.events.EventSink` drawing :func:`render` with ``rich.live.Live``.

    Use as a context manager: entering starts the live region, leaving draws the final view once and
    stops. Log lines and notices are printed above the region.
    """

    def __init__(
        self,
        console: Console,
        project: str = "",
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._console = console
        self._clock = clock
        self._start = clock()
        self._state = ViewState(project=project)
        self._final = False
        self._logs = LogFormatter(project)
        # _state_lock guards the state and is taken by Live's refresh thread (while it holds Live's own
        # lock); _print_lock orders printing and is never held by that thread, so the two cannot deadlock.
        self._state_lock = threading.Lock()
        self._print_lock = threading.Lock()
        self._live = Live(
            get_renderable=self._renderable,
            refresh_per_second=REFRESH_PER_SECOND,
            transient=False,
            console=console,
            # output written to standard output goes above the view only when it is the terminal too;
            # into a pipe it goes untouched
            redirect_stdout=_isatty(sys.stdout),
        )

    @property
    def live(self) -> Live:
        return self._live

    def _renderable(self) -> RenderableType:
        with self._state_lock:
            size = self._console.size
            return render(self._state, self._clock(), width=size.width, height=size.height, final=self._final)

    def __enter__(self) -> Self:
        self._live.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        with self._state_lock:
            self._final = True
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
