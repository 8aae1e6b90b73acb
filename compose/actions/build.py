"""``build``: the images of the services with ``build:``, through the same plan and executor as ``up``."""

from __future__ import annotations

from dataclasses import field

from compose import desired_build
from compose.desired_build import BuildFlags
from compose.engine.base import Engine
from compose.events import EventSink, PlanReady, Resource
from compose.executor import execute
from compose.model import Project
from compose.plan import Operation, Plan, check_services
from compose.record import record


@record
class BuildOptions:
    services: tuple[str, ...] = ()
    """The services named on the command line (empty: every service with ``build:``)."""
    flags: BuildFlags = field(default_factory=BuildFlags)


def plan_build(project: Project, options: BuildOptions | None = None) -> Plan:
    """One build per image; refuses unknown services and unsupported build keys before anything is done."""
    options = options or BuildOptions()
    check_services(project, list(options.services))
    names = [n for n in options.services or project.services if project.services[n].build is not None]
    desired_build.check(project, names)
    operations: dict[str, Operation] = {}
    for name in names:
        spec = desired_build.build(project, project.services[name], options.flags)
        assert spec is not None
        operations.setdefault(
            spec.tag,
            Operation(
                id=f"image:{spec.tag}",
                action="build",
                resource=Resource("image", spec.tag),
                reason=f"service {name}",
                spec=spec,
                service=name,
            ),
        )
    return Plan(tuple(operations.values()))


def build(
    project: Project,
    engine: Engine,
    sink: EventSink,
    options: BuildOptions | None = None,
    *,
    parallel: int = -1,
) -> Plan:
    """Build the images; progress goes to ``sink``. Raises OperationFailedError naming each failed build."""
    plan = plan_build(project, options)
    sink.emit(PlanReady(plan.resources(), tuple(plan.render().splitlines())))
    execute(plan, engine, sink, parallel=parallel)
    return plan
