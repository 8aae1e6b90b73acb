"""Planning: compare what the project wants with what the engine has, and list the operations (pure).

A Plan is a value: operations with their reasons and the operations each one needs first. It can be
rendered as text (``--dry-run``) and is carried out by the executor, which decides nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from compose import desired, labels
from compose.engine.base import (
    BuildSpec,
    ContainerInfo,
    ContainerSpec,
    NetworkInfo,
    NetworkSpec,
    Observed,
    VolumeInfo,
    VolumeSpec,
)
from compose.errors import NotFoundError, Problem
from compose.events import Resource, ResourceKind
from compose.model import Project, Service

Action = Literal[
    "create", "recreate", "start", "build", "pull", "wait_healthy", "wait_completed", "stop", "remove"
]
Spec = NetworkSpec | VolumeSpec | BuildSpec | ContainerSpec | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Operation:
    id: str
    action: Action
    resource: Resource
    reason: str = ""
    needs: tuple[str, ...] = ()
    spec: Spec = None
    existing: str = ""
    service: str = ""
    volumes: bool = False


@dataclass(frozen=True, slots=True)
class Plan:
    operations: tuple[Operation, ...]
    kept: tuple[Resource, ...] = ()
    warnings: tuple[str, ...] = ()

    def resources(self) -> tuple[Resource, ...]:
        seen = dict.fromkeys([*(op.resource for op in self.operations), *self.kept])
        return tuple(seen)

    def render(self) -> str:
        """One line per operation: resource, action, reason."""
        if not self.operations:
            return "nothing to do\n"
        width = max(len(str(op.resource)) for op in self.operations)
        action = max(len(op.action) for op in self.operations)
        lines = [
            f"{op.resource!s:<{width}}  {op.action:<{action}}  {op.reason}".rstrip() for op in self.operations
        ]
        return "\n".join(lines) + "\n"


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Everything observed before planning ``up``."""

    observed: Observed
    networks: Mapping[str, NetworkInfo | None]
    volumes: Mapping[str, VolumeInfo | None]
    images: Mapping[str, str | None]


@dataclass(frozen=True, slots=True)
class UpOptions:
    build: bool = False
    force_recreate: bool = False
    no_recreate: bool = False


@dataclass
class _Builder:
    ops: list[Operation] = field(default_factory=list)
    kept: list[Resource] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def add(self, op: Operation) -> str:
        self.ops.append(op)
        return op.id

    def plan(self) -> Plan:
        return Plan(tuple(self.ops), tuple(self.kept), tuple(self.warnings))


def _missing_external(kind: str, key: str, name: str, origin: object) -> NotFoundError:
    return NotFoundError(
        [
            Problem(
                f"{kind} {name!r} is declared as external, but could not be found",
                origin,  # type: ignore[arg-type]
                f"{kind}s.{key}",
                f"create it first (docker {kind} create {name}), or remove external: true",
            )
        ]
    )


def _check_external(project: Project, snap: Snapshot) -> None:
    for key, net in project.networks.items():
        if net.external and snap.networks.get(net.name) is None:
            raise _missing_external("network", key, net.name, net.origin)
    for key, vol in project.volumes.items():
        if vol.external and snap.volumes.get(vol.name) is None:
            raise _missing_external("volume", key, vol.name, vol.origin)


def _resources(project: Project, snap: Snapshot, b: _Builder) -> dict[str, str]:
    """Plan networks and volumes; returns the op id that creates each, by engine name."""
    creates: dict[str, str] = {}
    wanted: list[tuple[ResourceKind, NetworkSpec | VolumeSpec, NetworkInfo | VolumeInfo | None]] = [
        *(("network", spec, snap.networks.get(spec.name)) for spec in desired.networks(project)),
        *(("volume", spec, snap.volumes.get(spec.name)) for spec in desired.volumes(project)),
    ]
    for kind, spec, found in wanted:
        if found is None:
            resource = Resource(kind, spec.name)
            op = Operation(
                id=f"{kind}:{spec.name}", action="create", resource=resource, reason="not found", spec=spec
            )
            creates[spec.name] = b.add(op)
        elif found.labels.get(labels.PROJECT) != project.name:
            b.warnings.append(
                f"{kind} {spec.name} already exists but was not created for project {project.name!r};"
                " using it (set external: true to say so)"
            )
    return creates


def _image(project: Project, service: Service, snap: Snapshot, options: UpOptions, b: _Builder) -> str | None:
    name = service.image_name(project.name)
    build = desired.build(project, service)
    present = snap.images.get(name) is not None
    if build and (options.build or not present):
        reason = "--build" if present else "image not found"
        return b.add(
            Operation(
                id=f"image:{name}",
                action="build",
                resource=Resource("image", name),
                reason=reason,
                spec=build,
                service=service.name,
            )
        )
    if not build and not present:
        return b.add(
            Operation(
                id=f"image:{name}",
                action="pull",
                resource=Resource("image", name),
                reason="image not found locally",
                service=service.name,
            )
        )
    return None


def _recreate_reason(
    service: Service, found: ContainerInfo, snap: Snapshot, options: UpOptions, rebuilt: bool, image: str
) -> str:
    if options.no_recreate:
        return ""
    if options.force_recreate:
        return "--force-recreate"
    if found.config_hash != service.config_hash:
        return "configuration changed"
    if rebuilt or (snap.images.get(image) and found.image_id != snap.images.get(image)):
        return "image changed"
    return ""


def _container(
    project: Project,
    service: Service,
    snap: Snapshot,
    options: UpOptions,
    b: _Builder,
    needs: tuple[str, ...],
    image_op: str | None,
    gate: Callable[[], tuple[str, ...]],
) -> str | None:
    """Plan the service's container; returns the id of the op after which it runs (None if kept)."""
    spec = desired.container(project, service, 1)
    resource = Resource("container", spec.name)
    existing = snap.observed.of_service(service.name)
    for extra in existing[1:]:
        b.add(
            Operation(
                id=f"container:{extra.name}:remove",
                action="remove",
                resource=Resource("container", extra.name),
                reason="scale is 1",
                existing=extra.id,
                service=service.name,
            )
        )
    found = existing[0] if existing else None
    deps = tuple(n for n in (*needs, image_op) if n)
    created = None
    if found is None:
        created = b.add(
            Operation(
                id=f"container:{spec.name}:create",
                action="create",
                resource=resource,
                reason="not found",
                needs=deps,
                spec=spec,
                service=service.name,
            )
        )
    else:
        reason = _recreate_reason(service, found, snap, options, image_op is not None, spec.image)
        if reason:
            created = b.add(
                Operation(
                    id=f"container:{spec.name}:create",
                    action="recreate",
                    resource=resource,
                    reason=reason,
                    needs=deps,
                    spec=spec,
                    existing=found.id,
                    service=service.name,
                )
            )
        elif found.running:
            b.kept.append(resource)
            return None
    return b.add(
        Operation(
            id=f"container:{spec.name}:start",
            action="start",
            resource=resource,
            reason="" if created else f"container is {found.state if found else ''}",
            needs=(*((created,) if created else ()), *gate()),
            existing=found.id if found else "",
            service=service.name,
        )
    )


def _gate(project: Project, service: Service, started: dict[str, str | None], b: _Builder) -> tuple[str, ...]:
    """The ops that must finish before ``service`` starts: its dependencies' conditions."""
    gates = []
    for dep in service.depends_on:
        if dep.service not in started:
            continue
        start = started[dep.service]
        if dep.condition == "service_started":
            if start:
                gates.append(start)
            continue
        action: Action = "wait_healthy" if dep.condition == "service_healthy" else "wait_completed"
        name = desired.container_name(project, project.services[dep.service], 1)
        op_id = f"container:{name}:{action}"
        if op_id not in {op.id for op in b.ops}:
            b.add(
                Operation(
                    id=op_id,
                    action=action,
                    resource=Resource("container", name),
                    reason=f"{service.name} waits for {dep.condition}",
                    needs=(start,) if start else (),
                    service=dep.service,
                )
            )
        gates.append(op_id)
    return tuple(gates)


def reconcile_up(
    project: Project, snap: Snapshot, order: list[str], options: UpOptions | None = None
) -> Plan:
    """The operations that bring the engine to the project; ``order`` lists services dependencies first."""
    options = options or UpOptions()
    b = _Builder()
    _check_external(project, snap)
    creates = _resources(project, snap, b)
    started: dict[str, str | None] = {}
    for name in order:
        service = project.services[name]
        needs = tuple(
            creates[n]
            for n in (
                *(project.networks[net.name].name for net in service.networks),
                *(
                    project.volumes[m.source].name
                    for m in service.volumes
                    if m.type == "volume" and m.source in project.volumes
                ),
            )
            if n in creates
        )
        image_op = _image(project, service, snap, options, b)
        gate = lambda service=service: _gate(project, service, started, b)  # noqa: E731
        started[name] = _container(project, service, snap, options, b, needs, image_op, gate)
    return b.plan()


def _dependents_of(containers: tuple[ContainerInfo, ...]) -> dict[str, set[str]]:
    """service -> services that depend on it, read from the depends_on labels."""
    out: dict[str, set[str]] = {}
    for c in containers:
        for entry in filter(None, c.labels.get(labels.DEPENDS_ON, "").split(",")):
            out.setdefault(entry.split(":")[0], set()).add(c.service)
    return out


def reconcile_down(observed: Observed, *, volumes: bool, services: set[str] | None = None) -> Plan:
    """Remove the project's containers (dependents first), then its networks and, with ``volumes``, volumes.

    ``services`` limits the containers to those services (the others are orphans and are kept).
    """
    b = _Builder()
    containers = tuple(c for c in observed.containers if services is None or c.service in services)
    orphans = [c.name for c in observed.containers if c not in containers]
    if orphans:
        b.warnings.append(
            f"found orphan containers ({', '.join(orphans)}); use --remove-orphans to remove them"
        )
    dependents = _dependents_of(containers)
    by_service: dict[str, list[str]] = {}
    for c in containers:
        by_service.setdefault(c.service, []).append(f"container:{c.name}:remove")
    removals = []
    for c in sorted(containers, key=lambda c: (c.service, c.number)):
        needs = tuple(op for s in sorted(dependents.get(c.service, ())) for op in by_service.get(s, ()))
        removals.append(
            b.add(
                Operation(
                    id=f"container:{c.name}:remove",
                    action="remove",
                    resource=Resource("container", c.name),
                    reason="down",
                    needs=needs,
                    existing=c.id,
                    service=c.service,
                    volumes=volumes,
                )
            )
        )
    if not orphans:
        for net in observed.networks:
            b.add(
                Operation(
                    id=f"network:{net.name}:remove",
                    action="remove",
                    resource=Resource("network", net.name),
                    reason="down",
                    needs=tuple(removals),
                    existing=net.id,
                )
            )
    if volumes:
        for vol in observed.volumes:
            b.add(
                Operation(
                    id=f"volume:{vol.name}:remove",
                    action="remove",
                    resource=Resource("volume", vol.name),
                    reason="down -v",
                    needs=tuple(removals),
                )
            )
    return b.plan()
