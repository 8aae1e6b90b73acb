"""Planning ``down``: remove a project's objects, found by label, dependents first (pure)."""

from __future__ import annotations

from compose import labels
from compose.engine.base import ContainerInfo, Observed
from compose.events import Resource, ResourceKind

from .core import Builder, Operation, Plan, orphan_warning, removal, stop_id, stopping


def _dependents_of(containers: tuple[ContainerInfo, ...]) -> dict[str, set[str]]:
    """service -> services that depend on it, read from the depends_on labels."""
    out: dict[str, set[str]] = {}
    for c in containers:
        for entry in filter(None, c.labels.get(labels.DEPENDS_ON, "").split(",")):
            out.setdefault(entry.split(":")[0], set()).add(c.service)
    return out


def _dependents_first(
    containers: tuple[ContainerInfo, ...], action: str
) -> list[tuple[ContainerInfo, tuple[str, ...]]]:
    """Each container with the ids of the ``action`` ops of its dependents' containers, which go first."""
    dependents = _dependents_of(containers)
    by_service: dict[str, list[str]] = {}
    for c in containers:
        by_service.setdefault(c.service, []).append(f"container:{c.name}:{action}")
    return [
        (c, tuple(op for s in sorted(dependents.get(c.service, ())) for op in by_service.get(s, ())))
        for c in sorted(containers, key=lambda c: (c.service, c.number))
    ]


def reconcile_stop(observed: Observed) -> Plan:
    """Stop the running containers, dependents first, keeping them."""
    running = tuple(c for c in observed.containers if c.running)
    return Plan(tuple(stopping(c, "stop", needs) for c, needs in _dependents_first(running, "stop")))


def reconcile_down(
    observed: Observed, *, volumes: bool, services: set[str] | None = None, images: tuple[str, ...] = ()
) -> Plan:
    """Remove the project's containers (dependents first), then its networks and, with ``volumes``, volumes.

    ``services`` limits the containers to those services (the others are orphans and are kept); ``images``
    are removed once the containers are gone (``--rmi``).
    """
    b = Builder()
    containers = tuple(c for c in observed.containers if services is None or c.service in services)
    orphans = [c.name for c in observed.containers if c not in containers]
    if orphans:
        b.warnings.append(orphan_warning(orphans))
    # A container stops once its dependents have stopped; each is removed right after its own stop, so the
    # removals run beside the next stops instead of in their path.
    stops = {stop_id(c.name) for c in containers if c.running}
    removals: list[str] = []
    for c, dependents in _dependents_first(containers, "stop"):
        needs = tuple(op for op in dependents if op in stops)
        if c.running:
            b.add(stopping(c, "down", needs))
            needs = (stop_id(c.name),)
        removals.append(b.add(removal(c, "down", needs, volumes)))
    after = tuple(removals)
    gone: list[tuple[ResourceKind, str, str, tuple[str, ...]]] = []
    if not orphans:
        gone += [("network", net.name, "down", after) for net in observed.networks]
    if volumes:
        gone += [
            ("volume", name, f"down -v (anonymous volume of {c.name})", (f"container:{c.name}:remove",))
            for c in containers
            for name in filter(None, c.labels.get(labels.ANONYMOUS_VOLUMES, "").split(","))
        ]
        gone += [("volume", vol.name, "down -v", after) for vol in observed.volumes]
    gone += [("image", image, "--rmi", after) for image in images]
    for kind, name, reason, needs in gone:
        op = Operation(
            id=f"{kind}:{name}:remove",
            action="remove",
            resource=Resource(kind, name),
            reason=reason,
            needs=needs,
        )
        b.add(op)
    return b.plan()
