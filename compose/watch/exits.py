"""Containers that stop on their own while ``up --watch`` follows them (``--abort-on-container-exit``).

A container that a watch action stops has not exited: while its service is being restarted or rebuilt,
a stop is not counted, and once the action is over the service's running containers (new ones after a
rebuild) are waited on again. The action is over at ``Restarted`` or ``Rebuilt``, or at the problem that
ended it (a rebuild's problem concerns no one service, so it ends every action).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from compose.engine.base import ContainerInfo, Engine
from compose.errors import EngineError
from compose.events import Event
from compose.watch.events import ServiceActing, WatchEvent, WatchProblem

BEGIN = ("Restarting", "Rebuilding")


class Exits:
    """Waits on containers; ``exited`` lists, in order, those that stopped while no action concerned them."""

    def __init__(self, engine: Engine, project: str) -> None:
        self.engine = engine
        self.project = project
        self.exited: list[ContainerInfo] = []
        self._acting: dict[str, threading.Event] = {}
        """service -> set when the watch action on it is over."""
        self._waiting: set[str] = set()
        self._lock = threading.Lock()

    def follow(self, containers: Iterable[ContainerInfo]) -> None:
        """Wait on each container (once: one already waited on is left as it is)."""
        for info in containers:
            with self._lock:
                if info.id in self._waiting:
                    continue
                self._waiting.add(info.id)
            threading.Thread(target=self._wait, args=(info,), name=f"exit-{info.name}", daemon=True).start()

    def on_event(self, event: Event | WatchEvent) -> None:
        """Learn from watch's events when an action on a service begins and ends."""
        if isinstance(event, ServiceActing):
            if event.status in BEGIN:
                with self._lock:
                    self._acting.setdefault(event.service, threading.Event())
            else:
                self._over(event.service, done=True)
        elif isinstance(event, WatchProblem) and event.level == "error":
            self._over(event.service, done=False)

    def _over(self, service: str, *, done: bool) -> None:
        """The action on ``service`` (every one for "") is over. When it was ``done``, each of the
        service's containers was started again, and one that has stopped since has exited; after a
        failure only the running ones are waited on (the others may have been stopped before)."""
        with self._lock:
            names = [service] if service else list(self._acting)
            ended = [self._acting.pop(name) for name in names if name in self._acting]
        for action in ended:
            action.set()
        for name in names:
            found = self.engine.observe(self.project).of_service(name)
            self.follow(c for c in found if done or c.running)

    def _action(self, service: str) -> threading.Event | None:
        with self._lock:
            return self._acting.get(service)

    def _wait(self, info: ContainerInfo) -> None:
        try:
            while True:
                stopped = self.engine.wait_for(info.id, "exited")
                action = self._action(info.service)
                if action is None and not self.engine.inspect_container(info.id).running:
                    with self._lock:
                        self.exited.append(stopped)
                    return
                if action is not None:
                    action.wait()  # then the container runs again, or is gone (rebuilt)
        except EngineError:
            return  # removed: a rebuild replaced it
        finally:
            with self._lock:
                self._waiting.discard(info.id)
