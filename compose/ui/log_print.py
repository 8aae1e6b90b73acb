"""Printing container log lines for ``logs`` and ``up``: Compose's coloured ``web-1  | `` prefixes, or
plain text."""

from __future__ import annotations

import threading

from rich.console import Console

from compose.events import Event, LogLine
from compose.ui.logs import LogFormatter


class LogPrinter:
    """An event sink that prints LogLine events (one at a time; threads share it).

    ``prefix=False`` prints the bare text; ``colour=False`` writes plain lines (the text as the container
    wrote it, control characters included).
    """

    def __init__(self, console: Console, project: str, *, prefix: bool = True, colour: bool = True) -> None:
        self.console = console
        self.formatter = LogFormatter(project)
        self.prefix = prefix
        self.colour = colour
        self._lock = threading.Lock()
        self._closed = False

    def close(self) -> None:
        """Print nothing more (threads still reading stop being heard)."""
        with self._lock:
            self._closed = True

    def emit(self, event: Event) -> None:
        if not isinstance(event, LogLine):
            return
        with self._lock:
            if self._closed:
                return
            try:
                self._print(event)
            except BrokenPipeError:
                self._closed = True

    def _print(self, event: LogLine) -> None:
        if self.prefix and self.colour:
            self.console.print(self.formatter.as_text(event), soft_wrap=True)
            return
        line = self.formatter.as_plain(event) if self.prefix else event.text
        self.console.file.write(line + "\n")
        self.console.file.flush()
