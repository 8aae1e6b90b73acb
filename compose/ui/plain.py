"""One line per event, no colours, for logs and pipes."""

from __future__ import annotations

import threading
from typing import IO

from compose.events import Event, LogLine, Notice, ResourceDone, ResourceFailed, ResourceWorking
from compose.ui.logs import LogFormatter


def plain_line(event: Event, logs: LogFormatter) -> str | None:
    """The line for ``event``, or ``None`` for events plain output does not show."""
    if isinstance(event, ResourceDone):
        return f" {event.resource}  {event.text}"
    if isinstance(event, ResourceWorking):
        return f" {event.resource}  {event.status}"
    if isinstance(event, ResourceFailed):
        return f" {event.resource}  Error: {event.error}"
    if isinstance(event, LogLine):
        return logs.as_plain(event)
    if isinstance(event, Notice):
        return f"WARN: {event.text}" if event.level == "warning" else event.text
    return None


class PlainSink:
    """Writes :func:`plain_line` for each event to ``stream``, flushing each line; thread-safe."""

    def __init__(self, stream: IO[str], project: str = "") -> None:
        self._stream = stream
        self._logs = LogFormatter(project)
        self._lock = threading.Lock()

    def emit(self, event: Event) -> None:
        with self._lock:
            line = plain_line(event, self._logs)
            if line is not None:
                self._stream.write(line + "\n")
                self._stream.flush()
