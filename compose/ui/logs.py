"""Container log lines, prefixed like Compose: ``web-1  | text`` with a stable colour per service."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from compose.events import LogLine

if TYPE_CHECKING:
    from rich.text import Text

PALETTE: tuple[str, ...] = (
    "cyan",
    "yellow",
    "green",
    "magenta",
    "blue",
    "bright_cyan",
    "bright_yellow",
    "bright_green",
    "bright_magenta",
    "bright_blue",
)


class LogFormatter:
    """Formats log lines; colours follow the order in which services first appear.

    The prefix is the container name without ``<project>-`` (or ``<project>_``), padded on the right
    to the widest prefix seen so far so that the ``|`` columns line up. Safe to share between threads.
    """

    def __init__(self, project: str) -> None:
        self._project = project
        self._colours: dict[str, str] = {}
        self._width = 0
        self._lock = threading.Lock()

    def reserve(self, containers: list[str]) -> None:
        """Pad from the start to the widest of these containers' prefixes (as Compose does)."""
        with self._lock:
            self._width = max([self._width, *(len(self.short_name(c)) for c in containers)])

    def short_name(self, container: str) -> str:
        for sep in ("-", "_"):
            head = f"{self._project}{sep}"
            if self._project and container.startswith(head) and len(container) > len(head):
                return container[len(head) :]
        return container

    def colour(self, service: str) -> str:
        with self._lock:
            return self._colour(service)

    def _colour(self, service: str) -> str:
        if service not in self._colours:
            self._colours[service] = PALETTE[len(self._colours) % len(PALETTE)]
        return self._colours[service]

    def _prefix(self, event: LogLine) -> tuple[str, str]:
        name = self.short_name(event.container)
        with self._lock:
            self._width = max(self._width, len(name))
            return f"{name.ljust(self._width)} | ", self._colour(event.service)

    def as_plain(self, event: LogLine) -> str:
        prefix, _ = self._prefix(event)
        return prefix + event.text

    def as_text(self, event: LogLine) -> Text:
        from rich.text import Text  # only where lines are shown in colour

        prefix, colour = self._prefix(event)
        text = Text()
        text.append(prefix, style=colour)
        text.append_text(Text.from_ansi(event.text))
        return text
