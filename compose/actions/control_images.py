"""``pull`` and ``push``: the services' images from and to their registries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from compose.engine.full import FullEngine
from compose.errors import ConfigError, OperationFailedError
from compose.events import EventSink, Notice, Resource, ResourceDone
from compose.executor import execute
from compose.graph import build_graph, with_dependencies
from compose.model import Project
from compose.orchestrator import announce
from compose.plan import Operation, Plan, check_services

from .control import carry_out

PullPolicy = Literal["", "missing", "always"]


@dataclass(frozen=True, slots=True)
class ImagePlan:
    """The pulls or pushes to do, and the images skipped with why (``Skipped - ...``)."""

    plan: Plan
    skipped: tuple[tuple[Resource, str], ...] = ()

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


def plan_pull(
    project: Project,
    engine: FullEngine,
    services: tuple[str, ...] = (),
    *,
    include_deps: bool = False,
    policy: PullPolicy = "",
) -> ImagePlan:
    """Pull the image of each service that names one and has nothing to build; with policy ``missing``, only
    the images the engine does not have."""
    ops: dict[str, Operation] = {}
    skipped: list[tuple[Resource, str]] = []
    for name in _selected(project, services, include_deps):
        service = project.services[name]
        image = service.image_name(project.name)
        resource = Resource("image", image)
        if not service.image:
            skipped.append((resource, f"No image to be pulled (service {name} is built)"))
        elif service.build is not None:
            skipped.append((resource, f"Image can be built (service {name})"))
        elif policy == "missing" and engine.image_id(image) is not None:
            skipped.append((resource, "Image is already present locally"))
        elif image not in ops:
            ops[image] = Operation(
                id=f"image:{image}", action="pull", resource=resource, reason=f"service {name}", service=name
            )
    return ImagePlan(Plan(tuple(ops.values())), tuple(skipped))


def pull(
    image_plan: ImagePlan,
    engine: FullEngine,
    sink: EventSink,
    *,
    parallel: int = -1,
    ignore_failures: bool = False,
) -> None:
    """Pull the images; a failure (the registry unreachable, the image unknown) is an error naming the image,
    or with ``ignore_failures`` a warning."""
    image_plan.announce(sink)
    try:
        execute(image_plan.plan, engine, sink, parallel=parallel)
    except OperationFailedError as error:
        if not ignore_failures:
            raise
        for problem in error.problems:
            sink.emit(Notice(problem.message, "warning"))


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
