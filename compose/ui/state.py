"""What the live view shows, built by folding events into a plain dataclass.

``ViewState`` holds no lock: the sink that owns it serialises calls to :func:`apply`.
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

    def elapsed(self, now: float) -> float:
        """Seconds since work on the resource began, frozen once it is done or failed."""
        if self.started is None:
            return 0.0
        end = self.finished if self.finished is not None else now
        return max(0.0, end - self.started)


@dataclass
class ViewState:
    title: str = ""
    rows: list[Row] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    ok: bool | None = None
    """``None`` while running, then the ``Finished.ok`` value."""
    _index: dict[Resource, Row] = field(default_factory=dict, repr=False)

    def row(self, resource: Resource, now: float) -> Row:
        """The row for ``resource``, appended if it was never seen."""
        found = self._index.get(resource)
        if found is None:
            found = Row(resource, first_seen=now)
            self._index[resource] = found
            self.rows.append(found)
        return found

    @property
    def done(self) -> int:
        return sum(1 for r in self.rows if r.phase == "done")

    @property
    def total(self) -> int:
        return len(self.rows)


def _begin(row: Row, now: float) -> None:
    if row.started is None:
        row.started = now


def apply(state: ViewState, event: Event, now: float) -> None:
    """Fold one event into ``state``; ``now`` is a monotonic time in seconds. Log lines change nothing."""
    if isinstance(event, PlanReady):
        for resource in event.resources:
            state.row(resource, now)
    elif isinstance(event, ResourceWorking):
        row = state.row(event.resource, now)
        _begin(row, now)
        row.phase, row.status, row.finished, row.error = "working", event.status, None, ""
    elif isinstance(event, ResourceDone):
        row = state.row(event.resource, now)
        _begin(row, now)
        row.phase, row.status, row.finished, row.error = "done", event.status, now, ""
    elif isinstance(event, ResourceFailed):
        row = state.row(event.resource, now)
        _begin(row, now)
        row.phase, row.status, row.finished, row.error = "error", "Error", now, event.error
    elif isinstance(event, Notice):
        state.notices.append(event)
        del state.notices[:-MAX_NOTICES]
    elif isinstance(event, Finished):
        state.ok = event.ok
