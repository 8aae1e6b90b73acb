"""Plans: operations with their reasons and the operations each one needs first (pure values).

A Plan can be rendered as text (``--dry-run``) and is carried out by the executor, which decides nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from compose.engine.base import BuildSpec, ContainerInfo, ContainerSpec, NetworkSpec, VolumeSpec
from compose.events import Resource
from compose.record import record

Action = Literal[
    "create",
    "recreate",
    "start",
    "restart",
    "build",
    "pull",
    "wait_healthy",
    "wait_completed",
    "stop",
    "remove",
    "kill",
    "pause",
    "unpause",
    "push",
]
"""What an operation does; the executor carries out the first ten, ``compose.actions`` the last four."""
Spec = NetworkSpec | VolumeSpec | BuildSpec | ContainerSpec | None


@record
class Operation:
    """One step of a plan: an action on a resource, with its reason and the steps it waits for."""

    id: str
    action: Action
    resource: Resource
    reason: str = ""
    needs: tuple[str, ...] = ()
    spec: Spec = None
    existing: str = ""
    service: str = ""
    volumes: bool = False
    optional: bool = False
    """A failure only warns: a ``required: false`` dependency, or pulling an image the service can build."""


@record(kw_only=False)
class Plan:
    """What a command will do: its operations, what it keeps as it is, and its warnings."""

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


@dataclass
class Builder:
    """Collects a plan's operations while it is reconciled; ``plan()`` makes the value."""

    ops: list[Operation] = field(default_factory=list)
    kept: list[Resource] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)

    def add(self, op: Operation) -> str:
        if op.id not in self.ids:
            self.ids.add(op.id)
            self.ops.append(op)
        return op.id

    def plan(self) -> Plan:
        return Plan(tuple(self.ops), tuple(self.kept), tuple(self.warnings))


def orphan_warning(names: list[str]) -> str:
    return (
        f"Found orphan containers ({', '.join(sorted(names))}) for this project."
        " If you removed or renamed this service in your compose file, you can run this command"
        " with the --remove-orphans flag to clean it up."
    )


def stop_id(container: str) -> str:
    """The id of a plan's stop of a container; a removal that needs it does not stop the container again."""
    return f"container:{container}:stop"


def _on_container(
    c: ContainerInfo, action: Action, reason: str, needs: tuple[str, ...], volumes: bool = False
) -> Operation:
    return Operation(
        id=f"container:{c.name}:{action}",
        action=action,
        resource=Resource("container", c.name),
        reason=reason,
        needs=needs,
        existing=c.id,
        service=c.service,
        volumes=volumes,
    )


def stopping(c: ContainerInfo, reason: str, needs: tuple[str, ...] = ()) -> Operation:
    return _on_container(c, "stop", reason, needs)


def removal(c: ContainerInfo, reason: str, needs: tuple[str, ...] = (), volumes: bool = False) -> Operation:
    return _on_container(c, "remove", reason, needs, volumes)
