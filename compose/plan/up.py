"""Planning ``up``: compare what the project wants with what the engine has, per container (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

from compose import desired, desired_build, labels
from compose.engine.base import (
    ContainerInfo,
    ContainerSpec,
    NetworkInfo,
    NetworkSpec,
    Observed,
    VolumeInfo,
    VolumeSpec,
)
from compose.errors import ConfigError, NotFoundError, Problem
from compose.events import Resource, ResourceKind
from compose.model import Dependency, Project, Service, frozen_map
from compose.record import record

from . import pull, reasons
from .core import Action, Builder, Operation, Plan, orphan_warning, removal


@record(kw_only=False)
class Snapshot:
    """Everything observed before planning ``up``."""

    observed: Observed
    networks: Mapping[str, NetworkInfo | None]
    volumes: Mapping[str, VolumeInfo | None]
    images: Mapping[str, str | None]
    inspected: Mapping[str, ContainerInfo] = field(default_factory=frozen_map)
    """Containers whose configuration hash differs, inspected (by id): their old values explain a change."""
    tagged_ago: Mapping[str, float | None] = field(default_factory=frozen_map)
    """How long ago, in seconds, the engine last tagged each image a periodic pull policy looks at."""


Pull = pull.Flag
Policy = Literal["force", "never", "diverged"]


@record
class UpOptions:
    """The options of ``up`` (and of ``create``) that change the plan."""

    build: bool = False
    no_build: bool = False
    pull: Pull = "policy"
    """``policy``: each service's ``pull_policy``; anything else replaces them all."""
    pulled: bool = False
    """The pulls were carried out already (``up`` pulls first, then plans again against what came)."""
    force_recreate: bool = False
    no_recreate: bool = False
    renew_anon_volumes: bool = False
    """``-V``: recreated containers get new anonymous volumes, and the named services are recreated."""
    always_recreate_deps: bool = False
    no_deps: bool = False
    no_start: bool = False
    remove_orphans: bool = False
    scale: Mapping[str, int] = field(default_factory=frozen_map)
    services: tuple[str, ...] = ()
    """The services named on the command line (empty: all); the others planned are their dependencies."""

    def policy(self, service: str) -> tuple[Policy, str]:
        """Whether the service's containers are recreated always, never, or when they diverge; and why."""
        named = not self.services or service in self.services
        if self.no_recreate:
            return "never", ""
        if named and self.force_recreate:
            return "force", "--force-recreate"
        if named and self.renew_anon_volumes:
            return "force", "--renew-anon-volumes"
        if not named and self.always_recreate_deps:
            return "force", "--always-recreate-deps"
        return "diverged", ""

    def replicas(self, service: Service) -> int:
        return self.scale.get(service.name, service.scale)


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


def _resources(project: Project, snap: Snapshot, b: Builder) -> dict[str, str]:
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


def _orphans(project: Project, snap: Snapshot, options: UpOptions, b: Builder) -> None:
    known = {*project.services, *project.disabled_services}
    orphans = [c for c in snap.observed.containers if c.service not in known and not c.oneoff]
    if orphans and not options.remove_orphans:
        b.warnings.append(orphan_warning([c.name for c in orphans]))
        return
    for c in sorted(orphans, key=lambda c: (c.service, -c.number)):
        b.add(removal(c, f"orphan: service {c.service!r} is not in the project"))


def _inherit_volumes(spec: ContainerSpec, found: ContainerInfo) -> ContainerSpec:
    """A recreated container mounts the anonymous volumes of the one it replaces: their data stays."""
    inherited = {
        m.target: found.volumes[m.target]
        for m in spec.mounts
        if m.type == "volume" and not m.source and m.target in found.volumes
    }
    if not inherited:
        return spec
    mounts = tuple(
        replace(m, source=inherited[m.target]) if m.target in inherited else m for m in spec.mounts
    )
    names = ",".join(sorted(inherited.values()))
    return replace(spec, mounts=mounts, labels={**spec.labels, labels.ANONYMOUS_VOLUMES: names})


def _missing_image(service: Service, name: str, flag: str, hint: str) -> NotFoundError:
    return NotFoundError.at(
        f"image {name} of service {service.name!r} is not present, and {flag}",
        service.where("image" if service.image else "build"),
        f"services.{service.name}",
        hint,
    )


def _never_pulled(service: Service, name: str, found: pull.PullPolicy) -> NotFoundError:
    """The image is missing, and the policy (``never``) forbids pulling it."""
    flag = found.source.startswith("--")
    said = f"{found.source} was given" if flag else f"its {found.source}"
    hint = f"pull it first (docker pull {name}), or " + (
        f"drop {found.source}" if flag else "change its pull_policy"
    )
    where = service.where("image" if flag else "pull_policy")
    return NotFoundError.at(
        f"image {name} of service {service.name!r} is not present, and {said}",
        where,
        f"services.{service.name}",
        hint,
    )


@dataclass
class _Up:
    """Plans ``up`` one service at a time, dependencies first."""

    project: Project
    snap: Snapshot
    options: UpOptions
    b: Builder = field(default_factory=Builder)
    creates: dict[str, str] = field(default_factory=dict)
    names: dict[str, list[str]] = field(default_factory=dict)
    """service -> its containers' names, once planned."""
    start_of: dict[str, str] = field(default_factory=dict)
    """container name -> the op after which it runs (absent when it is kept running)."""
    recreated: set[str] = field(default_factory=set)
    created: dict[str, list[str]] = field(default_factory=dict)
    """service -> the ops that create its containers (what a container referring to them waits for)."""
    specs: dict[str, ContainerSpec] = field(default_factory=dict)
    """container name -> what it is created from (its start op carries it: the health it will report)."""

    def image(self, service: Service) -> tuple[str | None, bool]:
        """The op that provides the service's image, and whether it builds a new one.

        As in Compose, a service that names its ``image`` has it pulled as its policy says, even when it can
        build it: the pull comes first (``up`` carries out the pulls, then plans again with ``pulled``), its
        failure only warns when the service can build, and the build happens only if no image came.
        """
        name = service.image_name(self.project.name)
        build = desired_build.build(self.project, service)
        found = pull.policy(service, self.options.pull, build=self.options.build)
        present = self.snap.images.get(name) is not None
        buildable = build is not None and not self.options.no_build
        pulls_now = bool(service.image) and not self.options.pulled
        why = pull.due(found, present, self.snap.tagged_ago.get(name)) if pulls_now else ""
        if buildable and (found.kind == "build" or (not present and not why)):
            reason = found.source if present else "image not found"
            image = Resource("image", name)
            op = Operation(id=f"image:{name}", action="build", resource=image, reason=reason, spec=build)
            return self.b.add(replace(op, service=service.name)), True
        if why:
            if buildable:
                why += "; built if the pull fails"
            op = Operation(id=f"image:{name}", action="pull", resource=Resource("image", name), reason=why)
            return self.b.add(replace(op, service=service.name, optional=buildable)), False
        if build is not None and not present:
            raise _missing_image(service, name, "--no-build was given", "build it first, or drop --no-build")
        if not present and not self.options.pulled:
            raise _never_pulled(service, name, found)
        return None, False

    def needs(self, service: Service) -> tuple[str, ...]:
        """The creation of the networks and volumes the service uses."""
        names = [self.project.networks[net.name].name for net in service.networks]
        names += [
            self.project.volumes[m.source].name
            for m in service.volumes
            if m.type == "volume" and m.source in self.project.volumes
        ]
        return tuple(self.creates[n] for n in names if n in self.creates)

    def diverged(self, service: Service, spec: ContainerSpec, found: ContainerInfo, rebuilt: bool) -> str:
        if found.config_hash != service.config_hash:
            return reasons.config_changes(service, self.snap.inspected.get(found.id, found))
        current = self.snap.images.get(spec.image)
        if rebuilt or (current and found.image_id and found.image_id != current):
            return "image changed"
        bound = [s for s in service.bound_to() if s in self.recreated]
        if bound:  # it joined the namespaces of, or links to, a container that is replaced
            return f"service {bound[0]} it shares namespaces with or links to was recreated"
        return reasons.missing_attachments(spec, found)

    def restart_reason(self, service: Service) -> str:
        recreated = [d.service for d in service.depends_on if d.restart and d.service in self.recreated]
        return f"dependency {recreated[0]} was recreated" if recreated else ""

    def replicas(self, service: Service) -> list[tuple[int, ContainerInfo | None]]:
        """(number, existing container) of each wanted replica; plans removing the surplus."""
        wanted = self.options.replicas(service)
        if wanted > 1 and service.container_name:
            raise ConfigError.at(
                f"service {service.name!r} has a container_name, so it cannot have {wanted} containers",
                service.where("container_name"),
                f"services.{service.name}.container_name",
                "remove container_name, or scale the service to 1",
            )
        existing = self.snap.observed.of_service(service.name)
        for extra in reversed(existing[wanted:]):
            self.b.add(removal(extra, f"scale is {wanted}"))
        kept = existing[:wanted]
        used = {c.number for c in kept}
        free = (n for n in range(1, wanted + len(used) + 1) if n not in used)
        new: list[tuple[int, ContainerInfo | None]] = [(next(free), None) for _ in range(wanted - len(kept))]
        return [*((c.number, c) for c in kept), *new]

    def container(
        self,
        service: Service,
        number: int,
        found: ContainerInfo | None,
        needs: tuple[str, ...],
        rebuilt: bool,
    ) -> tuple[str, Action | None, str, str]:
        """Plan its creation; returns its name, the action that starts it, the reason, the create op."""
        spec = desired.container(self.project, service, number)
        self.specs[spec.name] = spec
        resource = Resource("container", spec.name)
        policy, why = self.options.policy(service.name)
        if found is not None and policy == "diverged":
            why = self.diverged(service, spec, found, rebuilt)
        if found is not None and not why:
            if not found.running:
                return spec.name, "start", f"container is {found.state}", ""
            restart = self.restart_reason(service)
            if not restart:
                self.b.kept.append(resource)
            return spec.name, "restart" if restart else None, restart, ""
        if found is not None:
            self.recreated.add(service.name)
            spec = spec if self.options.renew_anon_volumes else _inherit_volumes(spec, found)
        create = Operation(
            id=f"container:{spec.name}:create",
            action="create" if found is None else "recreate",
            resource=resource,
            reason=why or "not found",
            needs=needs,
            spec=spec,
            existing=found.id if found else "",
            service=service.name,
        )
        return spec.name, "start", "", self.b.add(create)

    def service(self, name: str) -> None:
        service = self.project.services[name]
        image_op, rebuilt = self.image(service)
        needs = (*self.needs(service), *((image_op,) if image_op else ()))
        needs += tuple(op for other in service.shared_with() for op in self.created.get(other, ()))
        planned = [
            self.container(service, number, found, needs, rebuilt) for number, found in self.replicas(service)
        ]
        self.names[name] = [p[0] for p in planned]
        self.created[name] = [p[3] for p in planned if p[3]]
        if self.options.no_start:
            return
        gate = self.gate(service) if any(action for _, action, _, _ in planned) else ()
        for container, action, reason, created in planned:
            if action is None:
                continue
            self.start_of[container] = self.b.add(
                Operation(
                    id=f"container:{container}:{action}",
                    action=action,
                    resource=Resource("container", container),
                    reason=reason,
                    needs=(*((created,) if created else ()), *gate),
                    spec=self.specs.get(container),
                    service=name,
                )
            )

    def gate(self, service: Service) -> tuple[str, ...]:
        """The ops that must finish before ``service`` starts: its dependencies' conditions."""
        gates: list[str] = []
        for dep in service.depends_on:
            if dep.service not in self.project.services and not dep.required:
                self.b.warnings.append(
                    f"service {service.name!r} depends on {dep.service!r}, which is not in the project"
                    " (required: false): starting without it"
                )
            for name in self.names.get(dep.service, ()):
                start = self.start_of.get(name)
                if dep.condition != "service_started":
                    gates.append(self.wait(service, dep, name, start))
                elif start:
                    gates.append(start)
        return tuple(gates)

    def wait(self, service: Service, dep: Dependency, container: str, start: str | None) -> str:
        action: Action = "wait_healthy" if dep.condition == "service_healthy" else "wait_completed"
        return self.b.add(
            Operation(
                id=f"container:{container}:{action}",
                action=action,
                resource=Resource("container", container),
                reason=f"{service.name} waits for {dep.condition}",
                needs=(start,) if start else (),
                service=dep.service,
                optional=not dep.required,
            )
        )


def check_services(project: Project, names: list[str]) -> None:
    """Services named on the command line must exist."""
    unknown = [s for s in names if s not in project.services]
    if unknown:
        raise ConfigError(
            [Problem(f"no such service: {s}", hint="see `pycompose config --services`") for s in unknown]
        )


def reconcile_up(
    project: Project, snap: Snapshot, order: list[str], options: UpOptions | None = None
) -> Plan:
    """The operations that bring the engine to the project.

    ``order`` lists the services to bring up, dependencies first (with ``--no-deps``, only those named).
    """
    up = _Up(project, snap, options or UpOptions())
    pull.check(project)
    _check_external(project, snap)
    up.creates = _resources(project, snap, up.b)
    _orphans(project, snap, up.options, up.b)
    for name in order:
        up.service(name)
    return up.b.plan()


def pulls(plan: Plan) -> Plan:
    """The plan's pulls alone: ``up`` carries them out first, as Compose does, so the containers are then
    planned against the images they brought (a pulled image with a new id recreates its containers)."""
    return Plan(tuple(op for op in plan.operations if op.action == "pull"))
