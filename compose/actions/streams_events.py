"""``events``: the project's container events as Compose reports them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import field

from compose import labels
from compose.engine.full import FullEngine
from compose.model import frozen_map
from compose.record import record


@record
class ProjectEvent:
    """One event of a service's container; ``attributes`` leave out the ``com.docker.compose.*`` labels."""

    time_ns: int
    type: str
    action: str
    id: str
    service: str
    attributes: Mapping[str, str] = field(default_factory=frozen_map)


def project_events(
    engine: FullEngine,
    project: str,
    services: Iterable[str] = (),
    *,
    since: float | None = None,
    until: float | None = None,
) -> Iterator[ProjectEvent]:
    """The events of the project's containers (of ``services`` when named), without one-off containers."""
    wanted = set(services)
    for event in engine.events(project, since=since, until=until):
        found = event.attributes
        service = found.get(labels.SERVICE, "")
        if event.type != "container" or found.get(labels.ONEOFF) == "True":
            continue
        if wanted and service not in wanted:
            continue
        yield ProjectEvent(
            time_ns=event.time_ns,
            type=event.type,
            action=event.action,
            id=event.id,
            service=service,
            attributes={k: v for k, v in found.items() if not k.startswith(labels.PREFIX)},
        )
