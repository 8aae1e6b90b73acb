"""The use cases: up, down, ps, logs. Each receives an engine and a sink; none picks a concrete engine."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass

from compose import desired
from compose.engine.base import ContainerInfo, Engine
from compose.events import EventSink, LogLine, Notice, PlanReady, ResourceDone
from compose.executor import execute
from compose.graph import build_graph, start_order
from compose.model import Project
from compose.plan import Plan, Snapshot, UpOptions, reconcile_down, reconcile_up


@dataclass(frozen=True, slots=True)
class DownOptions:
    volumes: bool = False
    remove_orphans: bool = False
    timeout: int | None = None


def snapshot(project: Project, engine: Engine) -> Snapshot:
    """Observe what planning ``up`` needs: the project's objects and the named ones it refers to."""
    images = {s.image_name(project.name) for s in project.services.values()}
    return Snapshot(
        observed=engine.observe(project.name),
        networks={n.name: engine.find_network(n.name) for n in project.networks.values()},
        volumes={v.name: engine.find_volume(v.name) for v in project.volumes.values()},
        images={name: engine.image_id(name) for name in sorted(images)},
    )


def check(project: Project) -> list[str]:
    """Everything that can be refused without an engine; returns the start order."""
    desired.check_supported(project)
    return start_order(build_graph(project))


def plan_up(project: Project, engine: Engine, options: UpOptions | None = None) -> Plan:
    order = check(project)
    return reconcile_up(project, snapshot(project, engine), order, options or UpOptions())


def _announce(plan: Plan, sink: EventSink) -> None:
    sink.emit(PlanReady(plan.resources(), tuple(plan.render().splitlines())))
    for warning in plan.warnings:
        sink.emit(Notice(warning, "warning"))
    for resource in plan.kept:
        sink.emit(ResourceDone(resource, "Running"))


def up(
    project: Project, engine: Engine, sink: EventSink, options: UpOptions | None = None, *, parallel: int = 8
) -> Plan:
    """Bring the engine to the project; returns the plan that was carried out."""
    plan = plan_up(project, engine, options)
    _announce(plan, sink)
    execute(plan, engine, sink, parallel=parallel)
    return plan


def down(
    project_name: str,
    engine: Engine,
    sink: EventSink,
    options: DownOptions = DownOptions(),
    project: Project | None = None,
    *,
    parallel: int = 8,
) -> Plan:
    """Remove the project's containers and networks (and volumes with ``options.volumes``)."""
    observed = engine.observe(project_name)
    services = None if project is None or options.remove_orphans else set(project.services)
    plan = reconcile_down(observed, volumes=options.volumes, services=services)
    _announce(plan, sink)
    execute(plan, engine, sink, parallel=parallel, stop_timeout=options.timeout)
    return plan


def stop(project_name: str, engine: Engine, sink: EventSink, *, timeout: int | None = None) -> None:
    """Stop the project's running containers (dependents first), keeping them."""
    observed = engine.observe(project_name)
    running = tuple(c for c in observed.containers if c.running)
    plan = reconcile_down(type(observed)(containers=running), volumes=False)
    stops = tuple(
        type(op)(
            id=op.id,
            action="stop",
            resource=op.resource,
            reason="stop",
            needs=op.needs,
            existing=op.existing,
            service=op.service,
        )
        for op in plan.operations
        if op.resource.kind == "container"
    )
    stop_plan = Plan(stops)
    _announce(stop_plan, sink)
    execute(stop_plan, engine, sink, stop_timeout=timeout)


def ps(project_name: str, engine: Engine, *, all_states: bool = True) -> list[ContainerInfo]:
    """The project's containers, inspected (state and health), by service and number."""
    observed = engine.observe(project_name)
    infos = [engine.inspect_container(c.id) for c in observed.containers if not c.oneoff]
    if not all_states:
        infos = [c for c in infos if c.running]
    return sorted(infos, key=lambda c: (c.service, c.number))


def follow_logs(
    engine: Engine,
    containers: Iterable[ContainerInfo],
    sink: EventSink,
    *,
    follow: bool = True,
    tail: str = "all",
) -> list[threading.Thread]:
    """Stream the logs of each container to the sink as LogLine events, one thread per container."""
    threads = []
    for info in containers:

        def pump(info: ContainerInfo = info) -> None:
            for line in engine.logs(info.id, follow=follow, tail=tail):
                sink.emit(LogLine(info.service, info.name, line))

        thread = threading.Thread(target=pump, name=f"logs-{info.name}", daemon=True)
        thread.start()
        threads.append(thread)
    return threads
