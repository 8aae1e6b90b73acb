"""``logs -f`` as Compose follows: containers that start later are read too, from the engine's events.

Compose waits for the containers that ran when it began and for those created or started since (of the
services asked for); it ends once each has died without the engine restarting it, or been stopped or
removed. A container that starts again is read from the moment it died, so no line shows twice. We also
linger a moment at the end, so that a container restarted or recreated by stopping it first (which Compose
recreates by creating the new one first) keeps being followed.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import replace

from compose.actions.streams_events import ProjectEvent, project_events
from compose.actions.streams_logs import LogReaders
from compose.engine.base import ContainerInfo
from compose.engine.full import FullEngine
from compose.engine.streams import LogOptions
from compose.errors import NotFoundError
from compose.record import record

NANOS = 1_000_000_000
REPLAY_NS = 1_000  # a new stream starts this much before the last event (float seconds are coarse)
LINGER = 1.0
WATCHED = ("create", "start", "die", "stop", "destroy")


@record(kw_only=False)
class Read:
    """Read the container's log from ``since`` (None: from its beginning)."""

    info: ContainerInfo
    since: float | None


class Following:
    """Which containers ``logs -f`` waits for and which it reads, event by event (no engine: pure).

    ``began`` is when the containers were listed (a stopped one is read again from then when it starts),
    ``since`` the ``--since`` asked for, ``index`` the ``--index`` (0: every container).
    """

    def __init__(
        self, found: Iterable[ContainerInfo], *, began: float, since: float | None = None, index: int = 0
    ) -> None:
        listed = list(found)
        self.waiting = {c.id for c in listed if c.running}
        self.reading = set(self.waiting)
        self.resume: dict[str, float | None] = {c.id: began for c in listed if not c.running}
        self.since = since
        self.index = index

    @property
    def done(self) -> bool:
        return not self.waiting

    def _known(self, container_id: str) -> bool:
        return container_id in self.reading or container_id in self.resume

    def _wanted(self, info: ContainerInfo) -> bool:
        return self._known(info.id) or not self.index or info.number == self.index

    def _from(self, moment: float) -> float:
        return moment if self.since is None else max(moment, self.since)

    def on_event(
        self, action: str, time_ns: int, info: ContainerInfo | None, container_id: str
    ) -> Read | None:
        """Take in one event of the container (``info``: as it is now; None once removed)."""
        if info is None or action == "destroy":
            self.waiting.discard(container_id)
            self.reading.discard(container_id)
            self.resume.pop(container_id, None)
            return None
        if not self._wanted(info):
            return None
        if action == "create" and not self._known(info.id):
            self.resume[info.id] = self.since
            self.waiting.add(info.id)
        elif action == "start" and info.id not in self.reading:
            self.reading.add(info.id)
            self.waiting.add(info.id)
            return Read(info, self.resume.pop(info.id, self.since))
        elif action in ("die", "stop") and self._known(info.id):
            if action == "die":
                self.reading.discard(info.id)
                self.resume[info.id] = self._from(time_ns / NANOS)
            if not info.running:
                self.waiting.discard(info.id)
        return None


def _inspected(engine: FullEngine, container_id: str) -> ContainerInfo | None:
    try:
        return engine.inspect_container(container_id)
    except NotFoundError:
        return None


class LogWatch:
    """Reads the containers that (re)start, from the project's events, until ``state`` waits for none.

    Then it lingers: when another container is created or starts within ``linger`` seconds (a container
    restarted or recreated by stopping it first), it goes on with that one.
    """

    def __init__(
        self,
        readers: LogReaders,
        project: str,
        services: Iterable[str],
        state: Following,
        options: LogOptions,
        *,
        began: float,
        linger: float = LINGER,
    ) -> None:
        self.readers, self.project, self.services = readers, project, tuple(services)
        self.state, self.options, self.linger = state, options, linger
        self.last_ns = int(began * NANOS)
        self.seen: set[tuple[int, str, str]] = set()

    def run(self) -> None:
        until: float | None = None
        while True:
            if self._consume(until):
                if self.linger <= 0:
                    return
                until = time.time() + self.linger
            elif until is None or self.state.done:
                return  # the events ended, or nothing came back while lingering
            else:
                until = None  # a container came back while lingering: wait for it again

    def _fresh(self, event: ProjectEvent) -> bool:
        """Whether the event is new (the stream starts again a little before the last one it gave)."""
        key = (event.time_ns, event.id, event.action)
        if event.time_ns < self.last_ns or key in self.seen:
            return False
        if event.time_ns > self.last_ns:
            self.last_ns, self.seen = event.time_ns, set()
        self.seen.add(key)
        return True

    def _consume(self, until: float | None) -> bool:
        """Take in events until ``state`` waits for no container any more (True) or they end (False)."""
        since = (self.last_ns - REPLAY_NS) / NANOS
        engine = self.readers.engine
        for event in project_events(engine, self.project, self.services, since=since, until=until):
            if not self._fresh(event) or event.action not in WATCHED:
                continue
            was_done = self.state.done
            found = _inspected(engine, event.id) if event.action != "destroy" else None
            read = self.state.on_event(event.action, event.time_ns, found, event.id)
            if read is not None:
                options = replace(self.options, tail="all", since=read.since)
                self.readers.add(read.info, options, gone_ok=True)
            if self.state.done and not was_done:
                return True
        return False


def follow_logs(
    readers: LogReaders,
    project: str,
    found: Iterable[ContainerInfo],
    options: LogOptions,
    *,
    services: Iterable[str] = (),
    index: int = 0,
    began: float,
    linger: float = LINGER,
) -> None:
    """Watch the project's events for ``logs -f`` in a thread of ``readers`` (nothing to watch when no
    container runs, as in Compose). ``began``: when ``found`` was listed, or just before."""
    state = Following(found, began=began, since=options.since, index=index)
    if state.done:
        return
    watch = LogWatch(readers, project, services, state, options, began=began, linger=linger)
    readers.spawn(watch.run, name="logs-events")
