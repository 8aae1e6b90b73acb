"""``logs``: the containers' output as LogLine events, every container at once."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable

from compose.engine.base import ContainerInfo
from compose.engine.full import FullEngine
from compose.engine.streams import LogOptions
from compose.errors import NotFoundError, PycomposeError
from compose.events import EventSink, LogLine


class LogReaders:
    """One thread per container, emitting its lines; with ``options.follow`` each ends when its container
    stops. More readers (and other work, such as watching events) can join while it runs. ``wait()``
    returns when all have ended (Ctrl-C can interrupt it) and raises the first error."""

    def __init__(
        self, engine: FullEngine, containers: Iterable[ContainerInfo], options: LogOptions, sink: EventSink
    ) -> None:
        self.engine = engine
        self.sink = sink
        self.errors: list[PycomposeError] = []
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()
        for info in containers:
            self.add(info, options)

    def spawn(self, work: Callable[[], None], name: str = "") -> None:
        """Run ``work`` in a thread that ``wait()`` waits for; its ``PycomposeError`` ends the wait."""
        thread = threading.Thread(target=self._run, args=(work,), name=name or None, daemon=True)
        with self._lock:
            self._threads.append(thread)
        thread.start()

    def _run(self, work: Callable[[], None]) -> None:
        try:
            work()
        except PycomposeError as error:
            self.errors.append(error)

    def add(self, info: ContainerInfo, options: LogOptions, *, gone_ok: bool = False) -> None:
        """Read the container's log; with ``gone_ok`` a container already removed has nothing to say."""
        self.spawn(lambda: self._pump(info, options, gone_ok), name=f"logs-{info.name}")

    def _pump(self, info: ContainerInfo, options: LogOptions, gone_ok: bool) -> None:
        try:
            for line in self.engine.read_logs(info.id, options):
                self.sink.emit(LogLine(info.service, info.name, line))
        except NotFoundError:
            if not gone_ok:
                raise

    def _alive(self) -> list[threading.Thread]:
        with self._lock:
            return [thread for thread in self._threads if thread.is_alive()]

    def running(self) -> bool:
        """Whether a reader (or other work) has not ended yet."""
        return bool(self._alive())

    def drain(self, timeout: float) -> None:
        """Wait up to ``timeout`` seconds for the readers to end, once their containers have stopped, so
        that their last lines are shown (a quick job's may come after its exit was seen)."""
        deadline = time.monotonic() + timeout
        while (alive := self._alive()) and (left := deadline - time.monotonic()) > 0:
            alive[0].join(min(left, 0.1))

    def wait(self, poll: float = 0.1) -> None:
        while alive := self._alive():
            alive[0].join(poll)
        if self.errors:
            raise self.errors[0]
