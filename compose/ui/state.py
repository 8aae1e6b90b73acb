"""What the live view shows, built by folding events into a plain dataclass.

The view is generic over commands: any ``ResourceWorking``/``ResourceDone``/``ResourceFailed`` makes or
updates a row, whatever the status text is. ``ViewState`` holds no lock: the sink that owns it
serialises calls to :func:`apply`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from compose.events import (
    Event,
    Finished,
    Notice,
    PlanReady,
    Resource,
    ResourceDone,
    ResourceFailed,
    ResourceWorking,
)

Phase = Literal["pending", "working", "done", "error"]

MAX_NOTICES = 5
# rows are grouped by kind in this order, then kept in the order they were first seen
KIND_ORDER = {"network": 0, "volume": 1, "image": 2, "container": 3}
# what a container's done status says about whether it runs; statuses not listed change nothing
RUNNING_AFTER = {
    "Started": True,
    "Healthy": True,
    "Running": True,
    "Restarted": True,
    "Unpaused": True,
    "Created": False,
    "Recreated": False,
    "Stopped": False,
    "Killed": False,
    "Exited": False,
    "Removed": False,
    "Paused": False,
}


@dataclass
class Row:
    """One resource's line: what is happening to it and since when (monotonic seconds)."""

    resource: Resource
    first_seen: float
    status: str = ""
    phase: Phase = "pending"
    started: float | None = None
    finished: float | None = None
    error: str = ""
    running: bool | None = None
    """For containers: whether the last done status left it running (``None``: not known)."""

    def elapsed(self, now: float) -> float:
        """Seconds since work on the resource began, frozen once it is done or failed."""
        if self.started is None:
            return 0.0
        end = self.finished if self.finished is not None else now
        return max(0.0, end - self.started)


@dataclass
class ViewState:
    project: str = ""
    rows: list[Row] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    ok: bool | None = None
    """``None`` while running, then the ``Finished.ok`` value."""
    _index: dict[Resource, Row] = field(default_factory=dict, repr=False)

    def row(self, resource: Resource, now: float) -> Row:
        """The row for ``resource``, added if it was never seen."""
        found = self._index.get(resource)
        if found is None:
            found = Row(resource, first_seen=now)
            self._index[resource] = found
            self.rows.append(found)
        return found

    def ordered(self) -> list[Row]:
        """The rows by kind (networks, volumes, images, containers), each kind in first-seen order."""
        return sorted(self.rows, key=lambda r: KIND_ORDER.get(r.resource.kind, len(KIND_ORDER)))

    @property
    def done(self) -> int:
        return sum(1 for r in self.rows if r.phase == "done")

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def containers(self) -> int:
        return sum(1 for r in self.rows if r.resource.kind == "container")

    @property
    def running(self) -> int:
        return sum(1 for r in self.rows if r.resource.kind == "container" and r.running)


def _begin(row: Row, now: float) -> None:
    if row.started is None:
        row.started = now


def _update(state: ViewState, resource: Resource, phase: Phase, status: str, now: float) -> Row:
    row = state.row(resource, now)
    _begin(row, now)
    row.phase, row.status, row.error = phase, status, ""
    row.finished = None if phase == "working" else now
    return row


def apply(state: ViewState, event: Event, now: float) -> None:
    """Fold one event into ``state``; ``now`` is a monotonic time in seconds. Log lines change nothing."""
    if isinstance(event, PlanReady):
        for resource in event.resources:
            state.row(resource, now)
    elif isinstance(event, ResourceWorking):
        _update(state, event.resource, "working", event.status, now)
    elif isinstance(event, ResourceDone):
        row = _update(state, event.resource, "done", event.text, now)
        row.running = RUNNING_AFTER.get(event.status, row.running)
    elif isinstance(event, ResourceFailed):
        _update(state, event.resource, "error", "Error", now).error = event.error
    elif isinstance(event, Notice):
        state.notices.append(event)
        del state.notices[:-MAX_NOTICES]
    elif isinstance(event, Finished):
        state.ok = event.ok
