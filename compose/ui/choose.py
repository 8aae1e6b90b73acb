"""Pick the renderer for ``--progress``: live, plain, quiet or JSON."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING

from compose.events import Event, EventSink, LogLine
from compose.ui.json_sink import JsonSink, event_json
from compose.ui.logs import LogFormatter
from compose.ui.plain import PlainSink

if TYPE_CHECKING:
    from rich.console import Console

PROGRESS_MODES: tuple[str, ...] = ("auto", "tty", "plain", "json", "quiet")

__all__ = [
    "PROGRESS_MODES",
    "JsonSink",
    "QuietSink",
    "event_json",
    "live_view_fits",
    "make_sink",
    "plain_sink",
]


class QuietSink:
    """Shows no progress at all; container log lines (output, not progress) still pass.

    Errors are not shown here: the command reports the error that ends it.
    """

    def __init__(self, console: Callable[[], Console], project: str = "") -> None:
        self._console = console  # made on the first log line: a run that shows none needs no Rich
        self._logs = LogFormatter(project)
        self._lock = threading.Lock()

    def emit(self, event: Event) -> None:
        if isinstance(event, LogLine):
            with self._lock:
                self._console().print(
                    self._logs.as_text(event), soft_wrap=True, highlight=False, markup=False
                )


def live_view_fits(console: Console) -> bool:
    """Whether ``console`` can redraw in place: a terminal that understands cursor movement."""
    return console.is_terminal and not console.is_dumb_terminal


@contextmanager
def make_sink(progress: str, console: Console, project: str) -> Iterator[EventSink]:
    """The sink for ``progress`` (one of :data:`PROGRESS_MODES`), writing to ``console``.

    ``auto`` is the live view on a terminal and plain lines elsewhere; ``tty`` forces the live view.
    """
    if progress not in PROGRESS_MODES:
        raise ValueError(f"unknown progress mode {progress!r}; expected one of {', '.join(PROGRESS_MODES)}")
    if progress == "tty" or (progress == "auto" and live_view_fits(console)):
        from compose.ui.live import LiveSink  # Rich's live display only on a terminal

        with LiveSink(console, project) as live:
            yield live
    elif progress == "json":
        yield JsonSink(console.file)
    elif progress == "quiet":
        yield QuietSink(lambda: console, project)
    else:
        yield PlainSink(console.file, project)


def _may_be_terminal(stream: IO[str]) -> bool:
    """Whether Rich could take ``stream`` for a terminal (the variables it reads, then ``isatty``)."""
    forced = os.environ.get("TTY_COMPATIBLE", "")
    if forced in ("0", "1"):
        return forced == "1"
    if os.environ.get("FORCE_COLOR") is not None:
        return True
    try:
        return stream.isatty()
    except ValueError:  # closed
        return False


def plain_sink(
    progress: str, ansi: str, stream: IO[str], project: str, console: Callable[[], Console]
) -> EventSink | None:
    """The sink for ``progress`` on ``stream`` when it is surely quiet, plain lines or JSON, else ``None``.

    These need no console up front (``quiet`` calls ``console`` for the first log line it shows), so a
    command that shows only them never loads Rich: ``quiet``, ``json``, ``plain``, and ``auto`` where no
    terminal can be detected (``--ansi never``, or a stream that is no terminal and no variable says
    otherwise). :func:`make_sink` decides the rest.
    """
    if progress == "quiet":
        return QuietSink(console, project)
    if progress == "json":
        return JsonSink(stream)
    if progress == "plain" or (
        progress == "auto" and ansi != "always" and (ansi == "never" or not _may_be_terminal(stream))
    ):
        return PlainSink(stream, project)
    return None
