"""The dashboard's feed: threads that follow the engine (events, stats, logs) and keep the state under a lock.

The engine's snapshot seeds the state; from then on its event stream changes it at once (a start, a death,
a health verdict, a removal), and each running container's stats and log lines stream in beside it. Keys
arrive as commands (``handle``); a restart runs in its own thread. Whoever draws waits on ``changed``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, TypeVar

from compose import orchestrator
from compose.actions.dashboard_commands import Command, apply_command
from compose.actions.dashboard_state import (
    DashboardState,
    add_log,
    apply_event,
    apply_inspect,
    apply_stats,
    seed,
)
from compose.engine.full import FullEngine
from compose.engine.streams import EngineEvent, LogOptions
from compose.errors import EngineError

T = TypeVar("T")
LOG_TAIL = "100"
"""Log lines read back per container when the dashboard opens."""


def line_time(line: str) -> tuple[int | None, str]:
    """The time (ns since the epoch) a timestamped log line starts with, and the line without it."""
    stamp, _, text = line.partition(" ")
    head, _, fraction = stamp.removesuffix("Z").partition(".")
    try:
        seconds = int(datetime.fromisoformat(head + "+00:00").timestamp())
        nanos = int((fraction + "0" * 9)[:9]) if fraction else 0
    except ValueError:
        return None, line
    return seconds * 1_000_000_000 + nanos, text


def first_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


class DashboardFeed:
    """Keeps a ``DashboardState`` up to date from the engine; safe to read from any thread via ``read``."""

    def __init__(
        self,
        engine: FullEngine,
        project: str,
        *,
        services: Sequence[str] = (),
        clock: Callable[[], float] = time.time,
        stop_timeout: int | None = None,
    ) -> None:
        self._engine = engine
        self._services = tuple(services)
        self._clock = clock
        self._stop_timeout = stop_timeout
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []
        self._newest: dict[str, int] = {}
        """Container id -> the time of the newest log line read from it (ns)."""
        self._stopped: dict[str, int] = {}
        """Container id -> when it last died (ns): its next run's log starts after that."""
        self._since_ns = 0
        self.state = DashboardState(project)
        self.changed = threading.Event()
        """Set whenever the state changes; whoever draws clears it."""

    # -- reading and commanding -------------------------------------------------------------------
    def read(self, view: Callable[[DashboardState], T]) -> T:
        """``view(state)`` under the lock (the state must not escape it)."""
        with self._lock:
            return view(self.state)

    @property
    def closed(self) -> bool:
        with self._lock:
            return self.state.closed

    def handle(self, command: Command) -> None:
        with self._lock:
            if apply_command(self.state, command):
                self.changed.set()
                return
            service = self.state.selected_service
            ids = [c.id for c in self.state.of_service(service)]
            if service in self.state.busy:
                return
            if not ids:
                self.state.message = f"{service} has no containers to restart" if service else ""
                self.changed.set()
                return
            self.state.busy.add(service)
            self.state.message = f"Restarting {service}…"
        self.changed.set()
        self._spawn(f"restart-{service}", self._restart, service, ids)

    def _restart(self, service: str, ids: list[str]) -> None:
        """Stop then start each container of the service; the event stream shows the effect."""
        message = f"Restarted {service}"
        try:
            for container_id in ids:
                self._engine.stop_container(container_id, self._stop_timeout)
                self._engine.start_container(container_id)
        except EngineError as error:
            message = f"Restarting {service} failed: {first_line(error)}"
        with self._lock:
            self.state.busy.discard(service)
            self.state.message = message
        self.changed.set()

    # -- following the engine ---------------------------------------------------------------------
    def start(self) -> None:
        """Take the snapshot, then follow the event stream and each container's streams in threads."""
        since = self._clock()
        self._since_ns = int(since * 1e9)
        infos = orchestrator.ps(self.state.project, self._engine, all_states=True)
        with self._lock:
            seed(self.state, infos, self._services)
        self.changed.set()
        self._spawn("events", self._follow_events, since)
        for info in infos:
            self._spawn(f"logs-{info.name}", self._pump_logs, info.id, self._log_options(tail=LOG_TAIL), None)
            if info.running:
                self._spawn(f"stats-{info.name}", self._pump_stats, info.id)

    def join(self, timeout: float | None = None) -> None:
        """Wait for the threads started so far (they end when their streams do)."""
        with self._lock:
            threads = list(self._threads)
        for thread in threads:
            thread.join(timeout)

    def _spawn(self, name: str, target: Callable[..., None], *args: Any) -> None:
        thread = threading.Thread(target=target, args=args, name=f"dashboard-{name}", daemon=True)
        with self._lock:  # a container that keeps restarting gets new threads each time: forget ended ones
            self._threads = [t for t in self._threads if t.is_alive()]
            self._threads.append(thread)
        thread.start()

    def _follow_events(self, since: float) -> None:
        try:
            for event in self._engine.events(self.state.project, since=since):
                if event.time_ns >= self._since_ns:
                    self._on_event(event)
        except EngineError as error:
            self._say(f"The engine's event stream ended: {first_line(error)}")

    def _on_event(self, event: EngineEvent) -> None:
        with self._lock:
            followup = apply_event(self.state, event)
        if event.action == "die":
            self._stopped[event.id] = event.time_ns
        self.changed.set()
        if followup in ("inspect", "follow"):
            self._inspect(event.id)
        if followup == "follow":
            self._follow_run(event.id)

    def _inspect(self, container_id: str) -> None:
        try:
            info = self._engine.inspect_container(container_id)
        except EngineError:
            return  # gone already: its destroy event follows
        with self._lock:
            if container_id in self.state.containers:
                apply_inspect(self.state, info)
        self.changed.set()

    def _follow_run(self, container_id: str) -> None:
        """Follow a container that just started: its log from where the last run ended, and its stats."""
        with self._lock:
            newest = self._newest.get(container_id)
        after = self._stopped.get(container_id, newest)
        options = self._log_options(since=after / 1e9 if after is not None else None)
        skip = None if container_id in self._stopped else newest
        self._spawn(f"logs-{container_id[:12]}", self._pump_logs, container_id, options, skip)
        self._spawn(f"stats-{container_id[:12]}", self._pump_stats, container_id)

    @staticmethod
    def _log_options(*, tail: str = "all", since: float | None = None) -> LogOptions:
        """Followed, with timestamps: a restarted container's log is read on from where its last run ended."""
        return LogOptions(follow=True, tail=tail, since=since, timestamps=True)

    def _pump_logs(self, container_id: str, options: LogOptions, skip_until: int | None) -> None:
        try:
            for line in self._engine.read_logs(container_id, options):
                at, text = line_time(line)
                if at is not None and skip_until is not None and at <= skip_until:
                    continue
                with self._lock:
                    if at is not None:
                        self._newest[container_id] = max(at, self._newest.get(container_id, 0))
                    add_log(self.state, container_id, text)
                self.changed.set()
        except EngineError:
            return

    def _pump_stats(self, container_id: str) -> None:
        try:
            for sample in self._engine.stats(container_id, stream=True):
                with self._lock:
                    apply_stats(self.state, container_id, sample)
                self.changed.set()
        except EngineError:
            return

    def _say(self, message: str) -> None:
        with self._lock:
            self.state.message = message
        self.changed.set()
