"""``--progress json``: one JSON object per line per event, documented in docs/progress-json.md.

Every object has ``type`` (the event's class name) and ``time`` (epoch seconds) followed by the
event's own fields (a nested resource becomes ``{"kind", "name"}``). Events about a resource also
carry Compose's ``id`` (``"Container p-web-1"``) and ``status`` keys, and a ``state``: ``working``,
``done`` or ``error``. An error that ends the command is one last ``{"type": "Error", "error": true,
"message": ...}`` object, as Compose prints it.
"""

from __future__ import annotations

import dataclasses
import json
import threading
import time
from collections.abc import Callable
from typing import IO, Any

from compose.events import Event, Resource, ResourceDone, ResourceFailed, ResourceWorking

STATES: dict[type, str] = {ResourceWorking: "working", ResourceDone: "done", ResourceFailed: "error"}


def event_json(event: Event, now: float) -> dict[str, Any]:
    """The JSON object for ``event`` at epoch time ``now``; works for any event dataclass."""
    record: dict[str, Any] = {"type": type(event).__name__, "time": now}
    resource = getattr(event, "resource", None)
    if isinstance(resource, Resource):
        record["id"] = str(resource)
    record.update(dataclasses.asdict(event))
    state = STATES.get(type(event))
    if state is not None:
        record["state"] = state
    if isinstance(event, ResourceFailed):
        record["status"] = "Error"
    return record


def error_json(message: str, now: float) -> dict[str, Any]:
    """The object an error that ends the command is written as."""
    return {"type": "Error", "time": now, "error": True, "message": message}


class JsonSink:
    """Writes :func:`event_json` lines to ``stream``; ``clock`` gives the ``time`` field; thread-safe."""

    def __init__(self, stream: IO[str], clock: Callable[[], float] = time.time) -> None:
        self._stream = stream
        self._clock = clock
        self._lock = threading.Lock()

    def emit(self, event: Event) -> None:
        self._write(event_json(event, self._clock()))

    def error(self, message: str) -> None:
        self._write(error_json(message, self._clock()))

    def _write(self, record: dict[str, Any]) -> None:
        with self._lock:
            self._stream.write(json.dumps(record, ensure_ascii=False) + "\n")
            self._stream.flush()
