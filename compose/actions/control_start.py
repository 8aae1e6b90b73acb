"""Planning ``start``, ``stop`` and ``restart`` of existing containers, in dependency order (pure).

Dependencies come from the project's file when there is one, else from the containers' ``depends_on``
labels, so ``-p NAME`` works without the file.
"""

from __future__ import annotations

import graphlib
from collections.abc import Iterable, Mapping
from dataclasses import replace

from compose import labels
from compose.engine.base import ContainerInfo, Observed
from compose.errors import NotFoundError
from compose.events import Resource
from compose.plan import Action, Operation, Plan, reconcile_stop
from compose.plan.core import Builder

from .control import Scope, per_container

Dependency = tuple[str, str, bool]
"""(service, condition, restart): one entry of a service's ``depends_on``."""
Graph = Mapping[str, tuple[Dependency, ...]]


def _parse(entry: str) -> Dependency:
    service, _, rest = entry.partition(":")
    condition, _, restart = rest.partition(":")
    return service, condition or "service_started", restart == "true"


def dependencies(scope: Scope, observed: Observed) -> dict[str, tuple[Dependency, ...]]:
    """Each service's dependencies, from the file or from the ``com.docker.compose.depends_on`` labels."""
    if scope.project is not None:
        return {
            name: tuple((d.service, d.condition, d.restart) for d in service.depends_on)
            for name, service in scope.project.services.items()
        }
    out: dict[str, tuple[Dependency, ...]] = {}
    for c in observed.containers:
        if not c.oneoff and c.service not in out:
            out[c.service] = tuple(_parse(e) for e in c.labels.get(labels.DEPENDS_ON, "").split(",") if e)
    return out


def _order(services: Iterable[str], graph: Graph) -> list[str]:
    """``services``, dependencies first (ties by name)."""
    wanted = sorted(set(services))
    sorter = graphlib.TopologicalSorter(
        {s: [d for d, _, _ in graph.get(s, ()) if d in wanted] for s in wanted}
    )
    try:
        return list(sorter.static_order())
    except graphlib.CycleError:
        return wanted


def _closure(start: Iterable[str], step: Mapping[str, Iterable[str]]) -> set[str]:
    seen, todo = set(start), list(start)
    while todo:
        for nxt in step.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def _gate(
    b: Builder, observed: Observed, service: str, deps: tuple[Dependency, ...], started: dict[str, str]
) -> tuple[str, ...]:
    """The operations that must be done before ``service`` starts: its dependencies' conditions."""
    gates: list[str] = []
    for dep, condition, _ in deps:
        for c in observed.of_service(dep):
            start = started.get(c.name)
            if condition == "service_started":
                gates.extend([start] if start else [])
                continue
            action: Action = "wait_healthy" if condition == "service_healthy" else "wait_completed"
            op = Operation(
                id=f"container:{c.name}:{action}",
                action=action,
                resource=Resource("container", c.name),
                reason=f"{service} waits for {condition}",
                needs=(start,) if start else (),
                service=dep,
            )
            gates.append(b.add(op))
    return tuple(gates)


def _stopped(c: ContainerInfo) -> bool:
    return not c.running and c.state != "paused"


def plan_start(scope: Scope, observed: Observed) -> Plan:
    """Start the stopped containers of the services named and their dependencies (all when none is named).

    A service of the file that has no container is an error: ``create`` or ``up`` makes them.
    """
    scope.require(observed)
    graph = dependencies(scope, observed)
    named = scope.wanted(observed)
    wanted = _closure(named, {s: [d for d, _, _ in deps] for s, deps in graph.items()})
    b = Builder()
    started: dict[str, str] = {}
    for service in _order(wanted, graph):
        containers = observed.of_service(service)
        if not containers and (scope.project is None or scope.project.services[service].scale > 0):
            raise NotFoundError.at(
                f'service "{service}" has no container to start', hint="create it first: pycompose create"
            )
        b.kept.extend(Resource("container", c.name) for c in containers if not _stopped(c))
        stopped = [c for c in containers if _stopped(c)]
        gate = _gate(b, observed, service, graph.get(service, ()), started) if stopped else ()
        for c in stopped:
            op = Operation(
                id=f"container:{c.name}:start",
                action="start",
                resource=Resource("container", c.name),
                reason=f"container is {c.state}",
                needs=gate,
                existing=c.id,
                service=service,
            )
            started[c.name] = b.add(op)
    return b.plan()


def plan_stop(scope: Scope, observed: Observed) -> Plan:
    """Stop the running containers of the services named (all when none is), dependents first."""
    scope.require(observed)
    return reconcile_stop(replace(observed, containers=tuple(scope.containers(observed))))


def plan_restart(scope: Scope, observed: Observed, *, no_deps: bool = False) -> Plan:
    """Restart the containers of the services named, and of the services that depend on them with
    ``restart: true`` (not with ``no_deps``); dependencies first."""
    scope.require(observed)
    graph = dependencies(scope, observed)
    wanted = set(scope.wanted(observed))
    if scope.services and not no_deps:
        dependents: dict[str, list[str]] = {}
        for service, deps in graph.items():
            for dep, _, restart in deps:
                if restart:
                    dependents.setdefault(dep, []).append(service)
        wanted = _closure(wanted, dependents)
    ops: dict[str, list[str]] = {}
    operations: list[Operation] = []
    for service in _order(wanted, graph):
        needs = tuple(op for dep, _, _ in graph.get(service, ()) for op in ops.get(dep, ()))
        restarts = per_container("restart", observed.of_service(service), "restart", needs=needs)
        ops[service] = [op.id for op in restarts]
        operations.extend(restarts)
    return Plan(tuple(operations))
