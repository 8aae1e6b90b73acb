"""The use cases: up, down, stop, ps. Each receives an engine and a sink; none picks a concrete engine."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import replace
from typing import Literal

from compose import desired, labels
from compose.engine.base import ContainerInfo, Engine
from compose.events import EventSink, Notice, PlanReady, ResourceDone
from compose.executor import execute, wait_ready
from compose.graph import build_graph, service_order, with_dependencies
from compose.model import Project
from compose.plan import (
    Plan,
    Snapshot,
    UpOptions,
    check_services,
    reconcile_down,
    reconcile_stop,
    reconcile_up,
)
from compose.plan import pull as pull_policy
from compose.plan.up import pulls
from compose.record import record
from compose.threads import Batch, at_once

SNAPSHOT_THREADS = 8


@record(kw_only=False)
class DownOptions:
    """The options of ``down`` that change the plan."""

    volumes: bool = False
    remove_orphans: bool = False
    timeout: int | None = None
    rmi: Literal["", "local", "all"] = ""


PLAIN_DOWN = DownOptions()


def snapshot(project: Project, engine: Engine) -> Snapshot:
    """Observe what planning ``up`` needs: the project's objects and the named ones it refers to.

    The look-ups run at once; containers whose configuration hash differs are then inspected, so the
    plan can show their old values.
    """
    services = project.services.values()
    images = sorted({s.image_name(project.name) for s in services})
    periodic = sorted({s.image_name(project.name) for s in services if _periodic(s.pull_policy)})
    networks = [n.name for n in project.networks.values()]
    volumes = [v.name for v in project.volumes.values()]
    batch = Batch(SNAPSHOT_THREADS)
    observing = batch.add(engine.observe, project.name)
    found_networks = batch.map(engine.find_network, networks)
    found_volumes = batch.map(engine.find_volume, volumes)
    image_ids = batch.map(engine.image_id, images)
    tagged = batch.map(engine.image_tagged, periodic)
    batch.run()
    observed = observing.result()
    hashes = {name: s.config_hash for name, s in project.services.items()}
    changed = [
        c.id for c in observed.containers if c.service in hashes and c.config_hash != hashes[c.service]
    ]
    inspected = at_once(engine.inspect_container, changed, SNAPSHOT_THREADS)
    return Snapshot(
        observed=observed,
        networks={name: found.result() for name, found in zip(networks, found_networks, strict=True)},
        volumes={name: found.result() for name, found in zip(volumes, found_volumes, strict=True)},
        images={name: found.result() for name, found in zip(images, image_ids, strict=True)},
        inspected=dict(zip(changed, inspected, strict=True)),
        tagged_ago={name: _ago(t.result()) for name, t in zip(periodic, tagged, strict=True)},
    )


def _periodic(text: str) -> bool:
    try:
        return pull_policy.parse(text or "missing")[0] == "refresh"
    except ValueError:
        return False  # refused when planning


def timeless(project: Project) -> bool:
    """Whether planning ``up`` ignores the clock: no service pulls again after a while (``daily``,
    ``every_2h``), which depends on how long ago its image was pulled."""
    return not any(_periodic(s.pull_policy) for s in project.services.values())


def _ago(tagged: float | None) -> float | None:
    return None if tagged is None else max(0.0, time.time() - tagged)


def check(project: Project, services: Iterable[str] = (), *, no_deps: bool = False) -> list[str]:
    """Everything that can be refused without an engine; returns the services to bring up, in order."""
    desired.check_supported(project)
    named = list(services)
    check_services(project, named)
    order = service_order(project)
    if not named:
        return order
    wanted = set(named) if no_deps else with_dependencies(build_graph(project), named)
    return [s for s in order if s in wanted]


def plan_up(project: Project, engine: Engine, options: UpOptions | None = None) -> Plan:
    options = options or UpOptions()
    order = check(project, options.services, no_deps=options.no_deps)
    return reconcile_up(project, snapshot(project, engine), order, options)


def announce(plan: Plan, sink: EventSink) -> None:
    """Tell the sink what the plan will touch, its warnings, and what is kept as it is."""
    sink.emit(PlanReady(plan.resources(), tuple(plan.render().splitlines())))
    for warning in plan.warnings:
        sink.emit(Notice(warning, "warning"))
    for resource in plan.kept:
        sink.emit(ResourceDone(resource, "Running"))


def settled(project: Project, engine: Engine, sink: EventSink, options: UpOptions | None = None) -> bool:
    """Whether ``up`` would find nothing to do now; if so, ``sink`` is shown what that ``up`` would show
    (the plan's warnings, and each container kept). Nothing is changed."""
    plan = plan_up(project, engine, options)
    if plan.operations:
        return False
    announce(plan, sink)  # what ``up`` does with a plan without operations: nothing to pull or carry out
    return True


def up(
    project: Project,
    engine: Engine,
    sink: EventSink,
    options: UpOptions | None = None,
    *,
    parallel: int = -1,
    timeout: int | None = None,
) -> Plan:
    """Bring the engine to the project; returns the plan that was carried out.

    ``timeout`` is how long a container being recreated or restarted gets to stop.
    """
    plan = plan_up(project, engine, options)
    first = pulls(plan)
    if first.operations:  # pull first, then plan the containers against what the pulls brought
        announce(first, sink)
        execute(first, engine, sink, parallel=parallel)
        plan = plan_up(project, engine, replace(options or UpOptions(), pulled=True))
    announce(plan, sink)
    execute(plan, engine, sink, parallel=parallel, stop_timeout=timeout)
    return replace(plan, operations=(*first.operations, *plan.operations))


def _images_to_remove(
    project_name: str, containers: Iterable[ContainerInfo], project: Project | None, rmi: str
) -> tuple[str, ...]:
    """``--rmi all``: every image the services use; ``local``: those built for the project (no ``image:``)."""
    if not rmi:
        return ()
    if project is not None:
        used = {s.image_name(project_name): bool(s.image) for s in project.services.values()}
    else:
        used = {
            c.labels.get(labels.IMAGE, ""): c.labels.get(labels.IMAGE) != f"{project_name}-{c.service}"
            for c in containers
        }
    return tuple(sorted(name for name, custom in used.items() if name and (rmi == "all" or not custom)))


def plan_down(
    project_name: str, engine: Engine, options: DownOptions = PLAIN_DOWN, project: Project | None = None
) -> Plan:
    observed = engine.observe(project_name)
    services = None if project is None or options.remove_orphans else set(project.services)
    images = _images_to_remove(project_name, observed.containers, project, options.rmi)
    return reconcile_down(observed, volumes=options.volumes, services=services, images=images)


def down(
    project_name: str,
    engine: Engine,
    sink: EventSink,
    options: DownOptions = PLAIN_DOWN,
    project: Project | None = None,
    *,
    parallel: int = -1,
) -> Plan:
    """Remove the project's containers and networks (and volumes with ``options.volumes``)."""
    plan = plan_down(project_name, engine, options, project)
    announce(plan, sink)
    execute(plan, engine, sink, parallel=parallel, stop_timeout=options.timeout)
    return plan


def _waited_for(project_name: str, engine: Engine, services: Iterable[str]) -> list[ContainerInfo]:
    wanted = set(services)
    return [c for c in engine.observe(project_name).containers if c.service in wanted and not c.oneoff]


def wait_services(
    project_name: str, engine: Engine, sink: EventSink, services: Iterable[str], timeout: float | None
) -> None:
    """``up --wait``: every container of ``services`` running or healthy; jobs that exited 0 count as done."""
    containers = _waited_for(project_name, engine, services)
    # one query finds those already healthy or running without a check; only the others are waited for
    wait_ready(engine, sink, containers, timeout, engine.ready(project_name))


def ready_now(project_name: str, engine: Engine, sink: EventSink, services: Iterable[str]) -> bool:
    """Whether :func:`wait_services` would wait for nothing now: each container runs, healthy if it has
    a healthcheck. If so, ``sink`` is shown what it shows."""
    containers = _waited_for(project_name, engine, services)
    ready = engine.ready(project_name)
    if any(c.id not in ready for c in containers):
        return False
    wait_ready(engine, sink, containers, None, ready)
    return True


def stop(project_name: str, engine: Engine, sink: EventSink, *, timeout: int | None = None) -> None:
    """Stop the project's running containers (dependents first), keeping them."""
    stop_plan = reconcile_stop(engine.observe(project_name))
    announce(stop_plan, sink)
    execute(stop_plan, engine, sink, stop_timeout=timeout)


def ps(
    project_name: str, engine: Engine, *, all_states: bool = True, oneoff: bool = False
) -> list[ContainerInfo]:
    """The project's containers, inspected (state and health), by service and number; ``run``'s one-off
    containers too with ``oneoff`` (``ps -a`` lists them, as in Compose)."""
    observed = engine.observe(project_name)
    ids = [c.id for c in observed.containers if oneoff or not c.oneoff]
    infos = at_once(engine.inspect_container, ids, SNAPSHOT_THREADS)  # one inspect each, at once
    if not all_states:
        infos = [c for c in infos if c.running]
    return sorted(infos, key=lambda c: (c.service, c.number))
