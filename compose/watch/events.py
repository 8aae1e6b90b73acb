"""What watching tells the outside, and the one line each event reads as (``web  Synced 2 files to /app``).

Watching emits these besides the core's events (a rebuild's build and recreate go through ``up``).
"""

from __future__ import annotations

import shlex
from typing import Literal, Protocol

from compose.events import Event
from compose.record import record


@record(kw_only=False)
class WatchStarted:
    paths: tuple[str, ...]


@record(kw_only=False)
class WatchStopped:
    pass


@record(kw_only=False)
class FilesSynced:
    service: str
    copied: int
    deleted: int
    targets: tuple[str, ...]
    containers: int = 1


@record(kw_only=False)
class ServiceActing:
    """A service's containers are being rebuilt (``Rebuilding``) or restarted (``Restarting``)."""

    service: str
    status: Literal["Rebuilding", "Rebuilt", "Restarting", "Restarted"]
    stopped: tuple[tuple[str, float], ...] = ()
    """With ``Restarted``: each container's id and when it stopped (Unix seconds, the engine's clock), the
    time from which the lines of its new run come."""


@record(kw_only=False)
class CommandRan:
    service: str
    container: str
    command: tuple[str, ...]
    exit_code: int
    output: str = ""


@record(kw_only=False)
class WatchProblem:
    """Something failed; watching goes on (``service`` is empty when it concerns no one service)."""

    service: str
    error: str
    level: Literal["warning", "error"] = "error"


WatchEvent = WatchStarted | WatchStopped | FilesSynced | ServiceActing | CommandRan | WatchProblem


class WatchSink(Protocol):
    def emit(self, event: Event | WatchEvent) -> None: ...


def _count(n: int, what: str) -> str:
    return f"{n} {what}" if n == 1 else f"{n} {what}s"


def _synced(event: FilesSynced) -> str:
    parts = []
    if event.copied:
        parts.append(f"Synced {_count(event.copied, 'changed file')} to {', '.join(event.targets)}")
    if event.deleted:
        parts.append(
            f"deleted {_count(event.deleted, 'file')}"
            if parts
            else f"Deleted {_count(event.deleted, 'file')}"
        )
    where = f" in {_count(event.containers, 'container')}" if event.containers > 1 else ""
    return f"{event.service}  {', '.join(parts)}{where}"


def watch_line(event: WatchEvent) -> str:
    """The plain line of a watch event."""
    if isinstance(event, WatchStarted):
        return "Watch enabled"
    if isinstance(event, WatchStopped):
        return "Watch disabled"
    if isinstance(event, FilesSynced):
        return _synced(event)
    if isinstance(event, ServiceActing):
        return f"{event.service}  {event.status}"
    if isinstance(event, CommandRan):
        line = (
            f"{event.service}  Ran `{shlex.join(event.command)}` in {event.container}: exit {event.exit_code}"
        )
        output = event.output.rstrip("\n")
        return f"{line}\n{output}" if event.exit_code and output else line
    head = f"{event.service}  " if event.service else ""
    label = "Error" if event.level == "error" else "WARN"
    return f"{head}{label}: {event.error}"
