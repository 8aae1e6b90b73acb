"""The everyday commands' common ground, and ``kill``, ``pause``, ``unpause``.

A ``Scope`` says which project a command works on: by name, with the loaded project when there is a compose
file, or from the containers' labels alone (``-p NAME`` without a file). ``carry_out`` runs a plan whose
operations the executor knows (start, stop, remove, ...) through it, and the others (kill, pause, unpause,
push) here, each container or image at once, with the same events.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor

from compose.engine.base import ContainerInfo, Observed
from compose.engine.full import FullEngine
from compose.errors import ConfigError, EngineError, NotFoundError, OperationFailedError, Problem
from compose.events import EventSink, Notice, Resource, ResourceDone, ResourceFailed, ResourceWorking
from compose.executor import MAX_WORKERS, execute
from compose.model import Project
from compose.orchestrator import announce
from compose.plan import Action, Operation, Plan, check_services
from compose.plan.core import orphan_warning, removal
from compose.record import record

STATUS: dict[str, tuple[str, str]] = {
    "kill": ("Killing", "Killed"),
    "pause": ("Pausing", "Paused"),
    "unpause": ("Unpausing", "Unpaused"),
    "push": ("Pushing", "Pushed"),
}
"""The actions carried out here, with the status shown while they run and once they are done."""


@record(kw_only=False)
class Scope:
    """The project a command works on, and the services named on its command line (none: all)."""

    name: str
    project: Project | None = None
    services: tuple[str, ...] = ()

    def known(self, observed: Observed) -> list[str]:
        """The project's services: from its file, else those its containers belong to."""
        if self.project is not None:
            return list(self.project.services)
        return sorted({c.service for c in observed.containers if not c.oneoff})

    def check(self, observed: Observed) -> None:
        """Every service named must be known (``no such service: NAME``)."""
        if self.project is not None:
            check_services(self.project, list(self.services))
            return
        known = self.known(observed)
        unknown = [s for s in self.services if s not in known]
        hint = f"the containers of project {self.name!r} belong to: {', '.join(known) or 'none'}"
        if unknown:
            raise ConfigError([Problem(f"no such service: {s}", hint=hint) for s in unknown])

    def require(self, observed: Observed) -> None:
        """Without a file, the project is known only through its containers: it must have some."""
        if self.project is None and not self.known(observed):
            raise NotFoundError.at(
                f'no container found for project "{self.name}"', hint="see `pycompose ls -a` for the projects"
            )

    def wanted(self, observed: Observed) -> list[str]:
        """The services named, checked; all the project's services when none is."""
        self.check(observed)
        return list(self.services) or self.known(observed)

    def containers(self, observed: Observed, *, oneoff: bool = False) -> list[ContainerInfo]:
        """The containers of the wanted services (one-off ones too with ``oneoff``), by service and number."""
        wanted = set(self.wanted(observed))
        found = (c for c in observed.containers if c.service in wanted and (oneoff or not c.oneoff))
        return sorted(found, key=lambda c: (c.service, c.number, c.name))

    def orphans(self, observed: Observed) -> list[ContainerInfo]:
        """Containers of services the project's file no longer has (none without a file)."""
        if self.project is None:
            return []
        known = {*self.project.services, *self.project.disabled_services}
        return [c for c in observed.containers if c.service not in known and not c.oneoff]


def per_container(
    action: Action, containers: Iterable[ContainerInfo], reason: str = "", *, needs: tuple[str, ...] = ()
) -> tuple[Operation, ...]:
    """One operation per container, each after ``needs``."""
    return tuple(
        Operation(
            id=f"container:{c.name}:{action}",
            action=action,
            resource=Resource("container", c.name),
            reason=reason,
            needs=needs,
            existing=c.id,
            service=c.service,
        )
        for c in containers
    )


Call = Callable[[Operation], None]


def _calls(engine: FullEngine, sink: EventSink, signal: str) -> dict[str, Call]:
    def push(op: Operation) -> None:
        engine.push_image(op.resource.name, lambda line: sink.emit(ResourceWorking(op.resource, line[:120])))

    return {
        "kill": lambda op: engine.kill_container(op.existing, signal),
        "pause": lambda op: engine.pause_container(op.existing),
        "unpause": lambda op: engine.unpause_container(op.existing),
        "push": push,
    }


def _run(op: Operation, call: Call, sink: EventSink) -> Problem | None:
    working, done = STATUS[op.action]
    sink.emit(ResourceWorking(op.resource, working))
    try:
        call(op)
    except EngineError as error:
        message = error.problems[0].message if error.problems else str(error)
        sink.emit(ResourceFailed(op.resource, message))
        label = f"service {op.service!r}: " if op.service else ""
        return Problem(f"{op.resource}: {label}{message}")
    sink.emit(ResourceDone(op.resource, done))
    return None


def carry_out(
    plan: Plan,
    engine: FullEngine,
    sink: EventSink,
    *,
    announced: bool = False,
    parallel: int = -1,
    timeout: int | None = None,
    signal: str = "SIGKILL",
    ignore_failures: bool = False,
) -> None:
    """Announce the plan (unless ``announced``) and carry it out; raise OperationFailedError naming each
    failure. With ``ignore_failures`` a failed kill, pause, unpause or push only warns. ``parallel`` bounds
    the engine operations at once, as for ``up`` (-1: no bound)."""
    if not announced:
        announce(plan, sink)
    ours = [op for op in plan.operations if op.action in STATUS]
    theirs = Plan(tuple(op for op in plan.operations if op.action not in STATUS))
    if theirs.operations:
        execute(theirs, engine, sink, parallel=parallel, stop_timeout=timeout)
    calls = _calls(engine, sink, signal)
    workers = min(MAX_WORKERS, len(ours)) if parallel < 1 else parallel
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        problems = [p for p in pool.map(lambda op: _run(op, calls[op.action], sink), ours) if p]
    if problems and not ignore_failures:
        raise OperationFailedError(problems)
    for problem in problems:
        sink.emit(Notice(problem.message, "warning"))


def plan_kill(scope: Scope, observed: Observed, *, signal: str, remove_orphans: bool = False) -> Plan:
    """Kill the running containers (one-off ones too); remove orphans with ``remove_orphans``."""
    scope.require(observed)
    running = [c for c in scope.containers(observed, oneoff=True) if c.running]
    orphans = scope.orphans(observed)
    removals = tuple(removal(c, "--remove-orphans") for c in orphans) if remove_orphans else ()
    warnings = (orphan_warning([c.name for c in orphans]),) if orphans and not remove_orphans else ()
    return Plan((*removals, *per_container("kill", running, signal)), warnings=warnings)


def plan_pause(scope: Scope, observed: Observed) -> Plan:
    return Plan(per_container("pause", (c for c in scope.containers(observed) if c.state == "running")))


def plan_unpause(scope: Scope, observed: Observed) -> Plan:
    return Plan(per_container("unpause", (c for c in scope.containers(observed) if c.state == "paused")))
