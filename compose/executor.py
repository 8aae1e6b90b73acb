"""Carrying out a plan: each operation runs as soon as the operations it needs are done, in parallel.

The executor decides nothing: it follows the plan, reports progress as events, and waits on health or
completion where the plan says so. A failed operation stops only the operations that need it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from compose.engine.base import (
    BuildSpec,
    ContainerInfo,
    ContainerSpec,
    Engine,
    Health,
    NetworkSpec,
    VolumeSpec,
)
from compose.errors import EngineError, OperationFailedError, Problem
from compose.events import EventSink, Notice, Resource, ResourceDone, ResourceFailed, ResourceWorking
from compose.plan import Operation, Plan
from compose.plan.core import stop_id
from compose.threads import at_once

if TYPE_CHECKING:
    from concurrent.futures import Future

LOG_LINES = 5
# Waiting on health or completion holds a thread but no engine work: waits get their own, larger pool.
MAX_WORKERS = 64
WAIT_THREADS = 256


@dataclass
class _Run:
    """What every operation of one execution shares: the engine, the event sink, the timeouts."""

    engine: Engine
    sink: EventSink
    stop_timeout: int | None = None

    def working(self, op: Operation, status: str) -> None:
        self.sink.emit(ResourceWorking(op.resource, status))

    def done(self, op: Operation, status: str, health: str = "") -> None:
        self.sink.emit(ResourceDone(op.resource, status, health))

    def __call__(self, op: Operation) -> None:
        handler = _HANDLERS[(op.resource.kind, op.action)]
        handler(self, op)


def _create_network(run: _Run, op: Operation) -> None:
    assert isinstance(op.spec, NetworkSpec)
    run.working(op, "Creating")
    run.engine.create_network(op.spec)
    run.done(op, "Created")


def _create_volume(run: _Run, op: Operation) -> None:
    assert isinstance(op.spec, VolumeSpec)
    run.working(op, "Creating")
    run.engine.create_volume(op.spec)
    run.done(op, "Created")


def _build(run: _Run, op: Operation) -> None:
    assert isinstance(op.spec, BuildSpec)
    run.working(op, "Building")
    run.engine.build_image(op.spec, lambda line: run.working(op, f"Building: {line}"[:120]))
    run.done(op, "Built")


def _pull(run: _Run, op: Operation) -> None:
    run.working(op, "Pulling")
    run.engine.pull_image(op.resource.name, lambda line: run.working(op, f"Pulling: {line}"[:120]))
    run.done(op, "Pulled")


def _create_container(run: _Run, op: Operation) -> None:
    assert isinstance(op.spec, ContainerSpec)
    if op.action == "recreate":
        run.working(op, "Recreate")
        run.engine.stop_container(op.existing, run.stop_timeout)
        run.engine.remove_container(op.existing)
    else:
        run.working(op, "Creating")
    run.engine.create_container(op.spec)
    run.done(op, "Recreated" if op.action == "recreate" else "Created")


def _checked(op: Operation) -> bool:
    """Whether the container being started has a healthcheck (so its health begins as ``starting``)."""
    spec = op.spec
    return isinstance(spec, ContainerSpec) and spec.healthcheck is not None and not spec.disable_healthcheck


def _start(run: _Run, op: Operation) -> None:
    run.working(op, "Starting")
    run.engine.start_container(op.resource.name)
    run.done(op, "Started", "starting" if _checked(op) else "")


def _restart(run: _Run, op: Operation) -> None:
    run.working(op, "Restarting")
    run.engine.stop_container(op.resource.name, run.stop_timeout)
    run.engine.start_container(op.resource.name)
    run.done(op, "Restarted", "starting" if _checked(op) else "")


def _last_words(run: _Run, info: ContainerInfo) -> str:
    """The last healthcheck output, else the last log lines, of a container that let its dependents down."""
    if info.health_log:
        return f"; last healthcheck output: {info.health_log}"
    try:
        lines = list(run.engine.logs(info.id, follow=False, tail=str(LOG_LINES)))
    except EngineError:
        return ""
    return "; last log lines:\n" + "\n".join(f"    {line}" for line in lines) if lines else ""


def _wait_healthy(run: _Run, op: Operation) -> None:
    run.working(op, "Waiting")
    info = run.engine.wait_for(op.resource.name, "healthy")
    if info.health == "healthy":
        run.done(op, "Healthy", "healthy")
        return
    if info.running and not info.health:
        raise OperationFailedError.at(
            f"container {info.name} has no healthcheck configured",
            hint="add a healthcheck, or use condition: service_started",
        )
    if info.health == "unhealthy":
        message = f"dependency failed to start: container {info.name} is unhealthy"
    else:
        message = f"dependency failed to start: container {info.name} exited ({info.exit_code})"
    raise OperationFailedError.at(message + _last_words(run, info))


def _wait_completed(run: _Run, op: Operation) -> None:
    run.working(op, "Waiting")
    info = run.engine.wait_for(op.resource.name, "exited")
    if info.exit_code != 0:
        raise OperationFailedError.at(
            f"service {op.service!r} didn't complete successfully: exit {info.exit_code}"
            + _last_words(run, info)
        )
    run.done(op, "Exited")


def _remove_container(run: _Run, op: Operation) -> None:
    if stop_id(op.resource.name) not in op.needs:  # else the plan stopped it in an operation of its own
        run.working(op, "Stopping")
        run.engine.stop_container(op.existing or op.resource.name, run.stop_timeout)
    run.working(op, "Removing")
    run.engine.remove_container(op.existing or op.resource.name, volumes=op.volumes)
    run.done(op, "Removed")


def _stop_container(run: _Run, op: Operation) -> None:
    run.working(op, "Stopping")
    run.engine.stop_container(op.existing or op.resource.name, run.stop_timeout)
    run.done(op, "Stopped")


def _remove_network(run: _Run, op: Operation) -> None:
    run.working(op, "Removing")
    run.engine.remove_network(op.resource.name)
    run.done(op, "Removed")


def _remove_volume(run: _Run, op: Operation) -> None:
    run.working(op, "Removing")
    run.engine.remove_volume(op.resource.name)
    run.done(op, "Removed")


def _remove_image(run: _Run, op: Operation) -> None:
    run.working(op, "Removing")
    run.engine.remove_image(op.resource.name)
    run.done(op, "Removed")


_HANDLERS: dict[tuple[str, str], Callable[[_Run, Operation], None]] = {
    ("network", "create"): _create_network,
    ("volume", "create"): _create_volume,
    ("image", "build"): _build,
    ("image", "pull"): _pull,
    ("container", "create"): _create_container,
    ("container", "recreate"): _create_container,
    ("container", "start"): _start,
    ("container", "restart"): _restart,
    ("container", "wait_healthy"): _wait_healthy,
    ("container", "wait_completed"): _wait_completed,
    ("container", "remove"): _remove_container,
    ("container", "stop"): _stop_container,
    ("network", "remove"): _remove_network,
    ("volume", "remove"): _remove_volume,
    ("image", "remove"): _remove_image,
}
WAITS = ("wait_healthy", "wait_completed")


@dataclass
class _State:
    """Which operations of a plan are pending, done, failed or skipped."""

    pending: dict[str, Operation]
    done: set[str] = field(default_factory=set)
    failed: dict[str, Problem] = field(default_factory=dict)
    skipped: set[str] = field(default_factory=set)
    running: dict[Future[None], Operation] = field(default_factory=dict)


def execute(
    plan: Plan, engine: Engine, sink: EventSink, *, parallel: int = -1, stop_timeout: int | None = None
) -> None:
    """Run every operation of the plan; raise OperationFailedError naming each failure.

    ``parallel`` bounds the engine operations at once; -1 (the default, as in Compose) is no bound
    beyond one thread per operation, up to MAX_WORKERS.
    """
    if not plan.operations:
        return
    from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait  # only with work to run

    run = _Run(engine, sink, stop_timeout)
    state = _State({op.id: op for op in plan.operations})
    workers = min(MAX_WORKERS, max(1, len(plan.operations))) if parallel < 1 else parallel
    with (
        ThreadPoolExecutor(max_workers=workers) as pool,
        ThreadPoolExecutor(max_workers=WAIT_THREADS, thread_name_prefix="wait") as waits,
    ):
        while state.pending or state.running:
            _skip_blocked(state, sink)
            for op in [op for op in state.pending.values() if all(n in state.done for n in op.needs)]:
                del state.pending[op.id]
                state.running[(waits if op.action in WAITS else pool).submit(run, op)] = op
            if not state.running:
                break
            finished, _ = wait(state.running, return_when=FIRST_COMPLETED)
            for future in finished:
                _collect(state, state.running.pop(future), future, sink)
    if state.failed:
        raise OperationFailedError(list(state.failed.values()))


def _collect(state: _State, op: Operation, future: Future[None], sink: EventSink) -> None:
    error = future.exception()
    if error is None:
        state.done.add(op.id)
        return
    if not isinstance(error, EngineError):
        raise error
    if op.optional:
        if op.action == "pull":  # the service can build its image
            sink.emit(Notice(f"{op.resource}: {error} (ignored: the service can build it)", "warning"))
            sink.emit(ResourceDone(op.resource, "Not pulled"))
        else:
            sink.emit(Notice(f"{op.resource}: {error} (required: false, continuing)", "warning"))
        state.done.add(op.id)
        return
    label = f"service {op.service!r}: " if op.service else ""
    problems = error.problems or [Problem(str(error))]
    for problem in problems:
        state.failed[op.id] = Problem(
            f"{op.resource}: {label}{problem.message}", problem.location, problem.path, problem.hint
        )
    sink.emit(ResourceFailed(op.resource, problems[0].message))


def _skip_blocked(state: _State, sink: EventSink) -> None:
    changed = True
    while changed:
        changed = False
        for op in list(state.pending.values()):
            if any(n in state.failed or n in state.skipped for n in op.needs):
                del state.pending[op.id]
                state.skipped.add(op.id)
                sink.emit(ResourceFailed(op.resource, "not done: a dependency failed"))
                changed = True


def _ready(engine: Engine, info: ContainerInfo, timeout: float | None) -> tuple[ContainerInfo, str]:
    """Wait until a container runs (healthy, when it has a healthcheck) or has exited; '' when it is fine."""
    info = engine.wait_for(info.id, "running", timeout)
    if info.health == "healthy" or (info.running and not info.health):
        return info, ""
    if not info.running and info.state != "created" and info.exit_code == 0:
        return info, ""
    if info.health == "unhealthy":
        return info, f"container {info.name} is unhealthy"
    if info.running or info.state == "created":
        return info, f"container {info.name} is not ready after {timeout}s"
    return info, f"container {info.name} exited ({info.exit_code})"


def wait_ready(
    engine: Engine,
    sink: EventSink,
    containers: list[ContainerInfo],
    timeout: float | None,
    ready: Mapping[str, Health] | None = None,
) -> None:
    """Wait until each container runs (healthy, with a healthcheck) or exited 0; raise naming the others.
    ``ready`` (id -> health, from ``Engine.ready``) names those that need no waiting."""
    known = ready or {}
    waiting = [c for c in containers if c.id not in known]
    waited = at_once(lambda c: _ready(engine, c, timeout), waiting, len(waiting))
    results = [(replace(c, health=known[c.id]), "") for c in containers if c.id in known] + waited
    problems = []
    for info, problem in results:
        resource = Resource("container", info.name)
        if problem:
            sink.emit(ResourceFailed(resource, problem))
            problems.append(Problem(problem))
        else:
            sink.emit(ResourceDone(resource, "Healthy" if info.health else info.state.capitalize()))
    if problems:
        raise OperationFailedError(problems)
