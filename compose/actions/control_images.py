"""``pull`` and ``push``: the services' images from and to their registries."""

from __future__ import annotations

import time
from typing import Literal

from compose.engine.full import FullEngine
from compose.errors import ConfigError, OperationFailedError
from compose.events import Event, EventSink, Notice, Resource, ResourceDone, ResourceFailed
from compose.executor import execute
from compose.graph import build_graph, with_dependencies
from compose.model import Project, Service
from compose.orchestrator import announce
from compose.plan import Operation, Plan, check_services
from compose.plan import pull as pull_policy
from compose.record import record

from .control import carry_out

PullPolicy = Literal["", "missing", "always"]
"""``pull --policy``: empty leaves each service its own."""
BUILD_FROM_SOURCE = "Some service image(s) must be built from source by running:"


@record(kw_only=False)
class ImagePlan:
    """The pulls or pushes to do, and the images skipped with why (``Skipped - ...``)."""

    plan: Plan
    skipped: tuple[tuple[Resource, str], ...] = ()
    buildable: tuple[str, ...] = ()
    """The services whose pulled image the project can also build."""

    def announce(self, sink: EventSink) -> None:
        announce(self.plan, sink)
        for resource, why in self.skipped:
            sink.emit(ResourceDone(resource, f"Skipped - {why}"))


def _selected(project: Project, services: tuple[str, ...], include_deps: bool) -> list[str]:
    check_services(project, list(services))
    if not services:
        return list(project.services)
    if not include_deps:
        return list(services)
    wanted = with_dependencies(build_graph(project), list(services))
    return [s for s in project.services if s in wanted]


def _moving(image: str) -> bool:
    """Whether the reference names a tag that moves: ``latest``, said or not, or a digest."""
    last = image.split("/")[-1]
    return "@" in last or ":" not in last or last.endswith(":latest")


def _skip(service: Service, present: bool, tagged_ago: float | None, policy: PullPolicy) -> str:
    """Why ``pull`` leaves the service's image alone (``""``: it pulls it), as Compose decides: a service
    without a policy is always pulled; ``missing`` pulls a present image again only under a moving tag."""
    if policy:
        found = pull_policy.PullPolicy(policy, source=f"--policy {policy}")
    elif not service.pull_policy:
        return ""
    else:
        found = pull_policy.policy(service)
    if found.kind in ("never", "build"):
        return f"{found.source} (service {service.name})"
    if found.kind == "missing" and present and not _moving(service.image):
        return "Image is already present locally"
    if found.kind == "refresh" and not pull_policy.due(found, present, tagged_ago):
        return f"Image is not due for refresh ({found.source})"
    return ""


def plan_pull(
    project: Project,
    engine: FullEngine,
    services: tuple[str, ...] = (),
    *,
    include_deps: bool = False,
    policy: PullPolicy = "",
    ignore_buildable: bool = False,
) -> ImagePlan:
    """Pull the image of each service that names one, as its ``pull_policy`` says (``policy``, when given,
    says it for all); with ``ignore_buildable``, not those the project can build."""
    ops: dict[str, Operation] = {}
    skipped: list[tuple[Resource, str]] = []
    for name in _selected(project, services, include_deps):
        service = project.services[name]
        image = service.image_name(project.name)
        resource = Resource("image", image)
        why = "" if service.image else f"No image to be pulled (service {name} is built)"
        if service.image and image not in ops:
            present = engine.image_id(image) is not None
            why = _skip(service, present, _ago(engine, service) if present else None, policy)
        if not why and ignore_buildable and service.build is not None:
            why = f"Image can be built (service {name})"
        if why:
            skipped.append((resource, why))
        elif image not in ops:
            ops[image] = Operation(
                id=f"image:{image}", action="pull", resource=resource, reason=f"service {name}", service=name
            )
    buildable = tuple(op.service for op in ops.values() if project.services[op.service].build is not None)
    return ImagePlan(Plan(tuple(ops.values())), tuple(skipped), buildable)


def _ago(engine: FullEngine, service: Service) -> float | None:
    """How long ago the engine tagged the service's image, for a periodic policy (None otherwise)."""
    if not service.pull_policy or pull_policy.parse(service.pull_policy)[0] != "refresh":
        return None
    tagged = engine.image_tagged(service.image)
    return None if tagged is None else max(0.0, time.time() - tagged)


def pull(
    image_plan: ImagePlan,
    engine: FullEngine,
    sink: EventSink,
    *,
    parallel: int = -1,
    ignore_failures: bool = False,
) -> None:
    """Pull the images; a failure (the registry unreachable, the image unknown) is an error naming the image,
    or with ``ignore_failures`` a warning. A failed image the project builds gets a warning saying so."""
    image_plan.announce(sink)
    failed = _FailedServices(sink, image_plan.plan)
    try:
        execute(image_plan.plan, engine, failed, parallel=parallel)
    except OperationFailedError as error:
        built = [s for s in image_plan.buildable if s in failed.services]
        if built:
            sink.emit(Notice(f"{BUILD_FROM_SOURCE}\n    pycompose build {' '.join(built)}", "warning"))
        if not ignore_failures:
            raise
        for problem in error.problems:
            sink.emit(Notice(problem.message, "warning"))


class _FailedServices:
    """Passes events on, and notes the services whose operation failed."""

    def __init__(self, sink: EventSink, plan: Plan) -> None:
        self.sink = sink
        self.by_resource = {op.resource: op.service for op in plan.operations}
        self.services: set[str] = set()

    def emit(self, event: Event) -> None:
        if isinstance(event, ResourceFailed):
            self.services.add(self.by_resource.get(event.resource, ""))
        self.sink.emit(event)


def plan_push(project: Project, services: tuple[str, ...] = ()) -> ImagePlan:
    """Push the image of each service that builds one under an ``image:`` name.

    A service named on the command line that has no ``image:`` is an error (there is no name to push its
    image under); unnamed, it is skipped, as are services that build nothing.
    """
    ops: dict[str, Operation] = {}
    skipped: list[tuple[Resource, str]] = []
    for name in _selected(project, services, False):
        service = project.services[name]
        resource = Resource("image", service.image_name(project.name))
        if not service.image and name in services:
            raise ConfigError.at(
                f"service {name!r} has no image name to push its image under",
                service.where("build"),
                f"services.{name}",
                "add `image: REGISTRY/REPOSITORY:TAG` to the service: its build is tagged and pushed so",
            )
        if not service.image:
            skipped.append((resource, f"service {name} has no image: name to push it under"))
        elif service.build is None:
            skipped.append((resource, f"service {name} builds nothing (its image is pulled)"))
        else:
            ops.setdefault(
                service.image,
                Operation(
                    id=f"image:{service.image}:push",
                    action="push",
                    resource=resource,
                    reason=f"service {name}",
                    service=name,
                ),
            )
    return ImagePlan(Plan(tuple(ops.values())), tuple(skipped))


def push(
    image_plan: ImagePlan,
    engine: FullEngine,
    sink: EventSink,
    *,
    parallel: int = -1,
    ignore_failures: bool = False,
) -> None:
    """Push the images; with ``ignore_failures`` a failed push only warns."""
    image_plan.announce(sink)
    carry_out(
        image_plan.plan, engine, sink, announced=True, parallel=parallel, ignore_failures=ignore_failures
    )
