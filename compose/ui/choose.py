"""Pick the renderer for ``--progress``: live, plain, quiet or JSON."""

from __future__ import annotations

import dataclasses
import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, Any

from rich.console import Console
from rich.text import Text

from compose.events import Event, EventSink, LogLine, ResourceFailed
from compose.ui.live import LiveSink
from compose.ui.logs import LogFormatter
from compose.ui.plain import PlainSink

PROGRESS_MODES: tuple[str, ...] = ("auto", "tty", "plain", "quiet", "json")


def event_json(event: Event, now: float) -> dict[str, Any]:
    """``{"type": <class name>, <fields...>, "time": now}`` with nested dataclasses as objects."""
    return {"type": type(event).__name__, **dataclasses.asdict(event), "time": now}


class JsonSink:
    """One JSON object per line per event; ``clock`` gives the ``time`` field (epoch seconds)."""

    def __init__(self, stream: IO[str], clock: Callable[[], float] = time.time) -> None:
        self._stream = stream
        self._clock = clock
        self._lock = threading.Lock()

    def emit(self, event: Event) -> None:
        with self._lock:
            self._stream.write(json.dumps(event_json(event, self._clock()), ensure_ascii=False) + "\n")
            self._stream.flush()


class QuietSink:
    """Shows only container logs and failed resources."""

    def __init__(self, console: Console, project: str = "") -> None:
        self._console = console
        self._logs = LogFormatter(project)
        self._lock = threading.Lock()

    def emit(self, event: Event) -> None:
        with self._lock:
            if isinstance(event, LogLine):
                line = self._logs.as_text(event)
            elif isinstance(event, ResourceFailed):
                line = Text.assemble(("error:", "bold red"), f" {event.resource}: {event.error}")
            else:
                return
            self._console.print(line, soft_wrap=True, highlight=False, markup=False)


@contextmanager
def make_sink(progress: str, console: Console, project: str, *, title: str = "") -> Iterator[EventSink]:
    """The sink for ``progress`` (one of :data:`PROGRESS_MODES`), writing to ``console``.

    ``auto`` is the live view on a terminal and plain lines elsewhere; ``tty`` forces the live view.
    """
    if progress not in PROGRESS_MODES:
        raise ValueError(f"unknown progress mode {progress!r}; expected one of {', '.join(PROGRESS_MODES)}")
    if progress == "tty" or (progress == "auto" and console.is_terminal):
        with LiveSink(console, project, title=title) as live:
            yield live
    elif progress == "json":
        yield JsonSink(console.file)
    elif progress == "quiet":
        yield QuietSink(console, project)
    else:
        yield PlainSink(console.file, project)
