"""A watch session: file changes from ``watchfiles``, gathered into batches, each batch applied."""

from __future__ import annotations

import itertools
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from functools import partial

from compose.engine.full import FullEngine
from compose.errors import ConfigError
from compose.model import Project
from compose.watch import initial
from compose.watch.apply import Applier
from compose.watch.batch import plan_batch
from compose.watch.debounce import Debouncer
from compose.watch.events import WatchProblem, WatchSink, WatchStarted, WatchStopped
from compose.watch.match import Matcher, is_within, matchers
from compose.watch.spec import NOTHING_TO_WATCH, WatchRule

TICK_MS = 100
"""How often, at most, the loop wakes without a change to see whether a batch is due or watching ended."""


def watch_roots(rules: Iterable[WatchRule]) -> tuple[str, ...]:
    """The directories to watch: each rule's path, or for a file (or a path not there yet) the nearest
    existing directory above it; nested ones are left out (watching is recursive)."""
    found = set()
    for rule in rules:
        path = rule.path
        while not os.path.isdir(path) and os.path.dirname(path) != path:
            path = os.path.dirname(path)
        found.add(path)
    return tuple(sorted(p for p in found if not any(q != p and is_within(q, p) for q in found)))


def file_changes(roots: tuple[str, ...], stop: threading.Event) -> Iterator[set[str]]:
    """The paths changed (added, modified or deleted) since the last yield; an empty set every ``TICK_MS``
    without changes. Ends when ``stop`` is set."""
    import watchfiles

    for changes in watchfiles.watch(
        *roots,
        watch_filter=None,
        stop_event=stop,
        yield_on_timeout=True,
        rust_timeout=TICK_MS,
        raise_interrupt=False,
    ):
        yield {path for _change, path in changes}


def run(
    source: Iterable[Iterable[str]],
    debouncer: Debouncer,
    handle: Callable[[tuple[str, ...]], None],
    stop: threading.Event,
) -> None:
    """Feed each change set to the debouncer and hand each due batch to ``handle``, until ``stop``."""
    for paths in source:
        debouncer.add(paths)
        batch = debouncer.take()
        if batch:
            handle(batch)
        if stop.is_set():
            return


def _bind_mounted(project: Project, rule: WatchRule) -> bool:
    mounts = project.services[rule.service].volumes
    return any(m.type == "bind" and m.source and is_within(m.source, rule.path) for m in mounts)


class Session:
    """Watching one project's rules: ``initial_sync`` once, then ``watch`` until its stop event is set."""

    def __init__(
        self,
        project: Project,
        engine: FullEngine,
        sink: WatchSink,
        rules: tuple[WatchRule, ...],
        *,
        prune: bool = True,
        parallel: int = -1,
    ) -> None:
        self.sink = sink
        kept = []
        for rule in rules:
            if rule.syncs and _bind_mounted(project, rule):
                problem = f"path '{rule.path}' is also bind mounted: it is not watched"
                sink.emit(WatchProblem(rule.service, problem, "warning"))
            else:
                kept.append(rule)
        if not kept:
            raise ConfigError.at(NOTHING_TO_WATCH)
        self.rules = tuple(kept)
        self.matchers: list[Matcher] = matchers(project, self.rules)
        self.applier = Applier(project, engine, sink, prune=prune, parallel=parallel)

    def handle(self, paths: Iterable[str]) -> None:
        self.applier.apply(plan_batch(self.matchers, paths))

    def initial_sync(self) -> None:
        """Copy the files of each ``initial_sync`` rule's path that are newer than the service's image
        into its containers (``compose.watch.initial`` has the rule)."""
        for matcher in self.matchers:
            rule = matcher.rule
            if rule.initial_sync and rule.syncs and os.path.exists(rule.path):
                self.applier.guarded(rule.service, partial(self._initial_sync, matcher))

    def _initial_sync(self, matcher: Matcher) -> None:
        applier, service = self.applier, matcher.rule.service
        created = initial.image_created(applier.engine, applier.project.name, service)
        mappings = initial.newer_files(matcher, applier.project.services[service], created)
        if mappings:
            applier.sync(service, mappings)

    def watch(
        self,
        stop: threading.Event,
        source: Iterable[Iterable[str]] | None = None,
        debouncer: Debouncer | None = None,
    ) -> None:
        """Apply each batch of changes until ``stop`` is set (``source`` stands for the files in tests)."""
        roots = watch_roots(self.rules)
        changes = iter(source if source is not None else file_changes(roots, stop))
        first = next(changes, set())  # the watcher is in place once it has given its first change set
        self.sink.emit(WatchStarted(roots))
        try:
            run(itertools.chain([first], changes), debouncer or Debouncer(), self.handle, stop)
        finally:
            self.sink.emit(WatchStopped())
