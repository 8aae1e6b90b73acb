"""``logs``: the containers' output as LogLine events, every container at once."""

from __future__ import annotations

import threading
from collections.abc import Iterable

from compose.engine.base import ContainerInfo
from compose.engine.full import FullEngine
from compose.engine.streams import LogOptions
from compose.errors import PycomposeError
from compose.events import EventSink, LogLine


class LogReaders:
    """One thread per container, emitting its lines; with ``options.follow`` each ends when its container
    stops. ``wait()`` returns when all have ended (Ctrl-C can interrupt it) and raises the first error."""

    def __init__(
        self, engine: FullEngine, containers: Iterable[ContainerInfo], options: LogOptions, sink: EventSink
    ) -> None:
        self.errors: list[PycomposeError] = []
        self.threads = [
            threading.Thread(target=self._pump, args=(engine, info, options, sink), daemon=True)
            for info in containers
        ]
        for thread in self.threads:
            thread.start()

    def _pump(self, engine: FullEngine, info: ContainerInfo, options: LogOptions, sink: EventSink) -> None:
        try:
            for line in engine.read_logs(info.id, options):
                sink.emit(LogLine(info.service, info.name, line))
        except PycomposeError as error:
            self.errors.append(error)

    def wait(self, poll: float = 0.1) -> None:
        for thread in self.threads:
            while thread.is_alive():
                thread.join(poll)
        if self.errors:
            raise self.errors[0]
