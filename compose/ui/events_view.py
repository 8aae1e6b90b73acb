"""``events`` output: one line per event as Compose prints it, or one JSON object per line."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Protocol

NANOS = 1_000_000_000


class EventRow(Protocol):
    """One event (``compose.actions.streams_events.ProjectEvent``)."""

    @property
    def time_ns(self) -> int: ...
    @property
    def type(self) -> str: ...
    @property
    def action(self) -> str: ...
    @property
    def id(self) -> str: ...
    @property
    def service(self) -> str: ...
    @property
    def attributes(self) -> Mapping[str, str]: ...


def _local(time_ns: int) -> tuple[datetime, int]:
    seconds, nanos = divmod(time_ns, NANOS)
    return datetime.fromtimestamp(seconds).astimezone(), nanos


def rfc3339_nano(time_ns: int) -> str:
    """``2026-12-04T20:00:00.123456789+01:00`` in local time (``Z`` for UTC), trailing zeros dropped."""
    moment, nanos = _local(time_ns)
    fraction = f".{nanos:09d}".rstrip("0").rstrip(".")
    offset = moment.strftime("%z")
    zone = "Z" if offset in ("+0000", "-0000", "") else f"{offset[:3]}:{offset[3:]}"
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + fraction + zone


def event_line(event: EventRow) -> str:
    """``2026-12-04 20:00:00.000000 container start <id> (image=..., name=...)``, in local time."""
    moment, nanos = _local(event.time_ns)
    when = f"{moment:%Y-%m-%d %H:%M:%S}.{nanos // 1000:06d}"
    attributes = ", ".join(f"{k}={v}" for k, v in sorted(event.attributes.items()))
    return f"{when} {event.type} {event.action} {event.id} ({attributes})"


def event_json(event: EventRow) -> str:
    """The fields Compose documents: time, type, action, id, service, attributes."""
    return json.dumps(
        {
            "time": rfc3339_nano(event.time_ns),
            "type": event.type,
            "action": event.action,
            "id": event.id,
            "service": event.service,
            "attributes": dict(event.attributes),
        },
        sort_keys=True,
    )
