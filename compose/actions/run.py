"""``run``: a one-off container of a service, after its dependencies are up (as Compose does it).

The one-off is named ``<project>-<service>-run-<12 hex>`` and labelled ``com.docker.compose.oneoff=True``;
it has no published ports unless asked, and of network aliases only its name (the service's with
``use_aliases``).
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import field, replace

from compose import desired, labels, orchestrator
from compose.actions.run_args import capabilities
from compose.actions.streams_exec import Connect
from compose.engine.base import ContainerSpec, Engine, MountSpec, PortSpec
from compose.engine.full import FullEngine
from compose.events import EventSink, Resource
from compose.executor import execute
from compose.model import Project, Service, frozen_map
from compose.plan import Operation, Plan, UpOptions, reconcile_up
from compose.plan.up import Pull, pulls
from compose.record import record

SLUG = labels.PREFIX + "slug"
ONE_OFF_NUMBER = "-1"  # what Compose writes as the container number of a one-off


@record
class RunOptions:
    service: str
    command: tuple[str, ...] = ()
    """Empty: the service's command."""
    entrypoint: tuple[str, ...] | None = None
    environment: Mapping[str, str] = field(default_factory=frozen_map)
    volumes: tuple[MountSpec, ...] = ()
    publish: tuple[PortSpec, ...] = ()
    service_ports: bool = False
    use_aliases: bool = False
    no_deps: bool = False
    name: str = ""
    workdir: str = ""
    user: str = ""
    tty: bool = False
    interactive: bool = True
    labels: Mapping[str, str] = field(default_factory=frozen_map)
    cap_add: tuple[str, ...] = ()
    cap_drop: tuple[str, ...] = ()
    build: bool = False
    pull: Pull = "policy"
    remove_orphans: bool = False
    auto_remove: bool = False
    """The engine removes the one-off once it exits (``-d --rm``; in the foreground, ``run`` removes it)."""


def new_slug() -> str:
    """64 hex digits, like an engine id; the name takes the first 12."""
    return secrets.token_hex(32)


def one_off_spec(project: Project, service: Service, options: RunOptions, slug: str) -> ContainerSpec:
    """The one-off container: the service's container, changed as ``run`` changes it (pure)."""
    base = desired.container(project, service, 1)
    command = options.command or (() if options.entrypoint is not None else service.command)
    targets = {m.target for m in options.volumes}
    name = options.name or f"{project.name}-{service.name}-run-{slug[:12]}"
    cap_add, cap_drop = capabilities(base.host.cap_add, base.host.cap_drop, options.cap_add, options.cap_drop)
    return replace(
        base,
        name=name,
        labels={
            **base.labels,
            **options.labels,
            labels.NUMBER: ONE_OFF_NUMBER,
            labels.ONEOFF: "True",
            SLUG: slug,
        },
        command=command,
        entrypoint=service.entrypoint if options.entrypoint is None else options.entrypoint,
        environment={**base.environment, **options.environment},
        ports=(*(base.ports if options.service_ports else ()), *options.publish),
        mounts=(*(m for m in base.mounts if m.target not in targets), *options.volumes),
        networks=tuple(
            replace(n, aliases=(name, *(n.aliases[1:] if options.use_aliases else ()))) for n in base.networks
        ),
        restart="no",
        working_dir=options.workdir or base.working_dir,
        user=options.user or base.user,
        tty=options.tty,
        stdin_open=options.interactive,
        stdin_once=options.interactive,
        auto_remove=options.auto_remove,
        host=replace(base.host, cap_add=cap_add, cap_drop=cap_drop),
    )


def _own(op: Operation, service: str) -> bool:
    return op.resource.kind == "container" and op.service == service


def plan_run(project: Project, engine: Engine, options: RunOptions, *, pulled: bool = False) -> Plan:
    """``up`` of the service and its dependencies (none with ``no_deps``), less the service's own containers:
    its image is provided, and the conditions it puts on its dependencies are awaited. Refuses early.

    ``pulled``: the pulls were carried out already (``prepare`` pulls first, as ``up`` does)."""
    order = orchestrator.check(project, [options.service], no_deps=options.no_deps)
    up_options = UpOptions(
        build=options.build,
        pull=options.pull,
        pulled=pulled,
        remove_orphans=options.remove_orphans,
        services=tuple(order),
    )
    snap = orchestrator.snapshot(project, engine)
    plan = reconcile_up(project, snap, order, up_options)
    service = project.services[options.service]
    own = {c.name for c in snap.observed.of_service(service.name)}
    own |= {desired.container_name(project, service, n) for n in range(1, service.scale + 1)}
    return replace(
        plan,
        operations=tuple(op for op in plan.operations if not _own(op, service.name)),
        kept=tuple(r for r in plan.kept if r.name not in own),
    )


def dry_run(project: Project, engine: Engine, options: RunOptions) -> Plan:
    """What ``run`` would do: the plan of ``plan_run``, then the one-off's creation and start."""
    plan = plan_run(project, engine, options)
    spec = one_off_spec(project, project.services[options.service], options, new_slug())
    resource = Resource("container", spec.name)
    create = Operation(
        id=f"container:{spec.name}:create", action="create", resource=resource, reason="one-off"
    )
    start = Operation(
        id=f"container:{spec.name}:start", action="start", resource=resource, needs=(create.id,)
    )
    return replace(plan, operations=(*plan.operations, create, start))


def prepare(
    project: Project, engine: Engine, sink: EventSink, options: RunOptions, *, parallel: int = -1
) -> ContainerSpec:
    """Everything before the one-off is created (pulls first); returns its spec."""
    plan = plan_run(project, engine, options)
    first = pulls(plan)
    if first.operations:
        orchestrator.announce(first, sink)
        execute(first, engine, sink, parallel=parallel)
        plan = plan_run(project, engine, options, pulled=True)
    if plan.operations or plan.warnings:
        orchestrator.announce(plan, sink)
        execute(plan, engine, sink, parallel=parallel)
    return one_off_spec(project, project.services[options.service], options, new_slug())


def run_attached(engine: FullEngine, container_id: str, spec: ContainerSpec, connect: Connect) -> int:
    """Attach to the created one-off, start it, and let ``connect`` copy its input and output until it
    ends; returns its exit code. Attaching comes first, so no output is lost."""
    session = engine.attach(container_id, stdin=spec.stdin_open)
    try:
        engine.start_container(container_id)
        connect(session, lambda rows, columns: engine.resize(container_id, rows, columns))
    finally:
        session.close()
    return engine.wait_for(container_id, "exited").exit_code
