"""Which containers the streaming commands (logs, exec, cp, attach, events, stats) act on."""

from __future__ import annotations

from collections.abc import Iterable

from compose.engine.base import ContainerInfo
from compose.engine.full import FullEngine
from compose.errors import ConfigError, NotFoundError, Problem
from compose.record import record

SERVICES_HINT = "see `pycompose config --services`"


@record(kw_only=False)
class Target:
    """A project by name, with its services when its files were read (else they are known from its
    containers: ``pycompose -p NAME logs`` works without the files)."""

    project: str
    services: frozenset[str] | None = None


def _observed(engine: FullEngine, target: Target, *, oneoff: bool) -> list[ContainerInfo]:
    found = [c for c in engine.observe(target.project).containers if oneoff or not c.oneoff]
    return sorted(found, key=lambda c: (c.service, c.oneoff, c.number, c.name))


def check_services(engine: FullEngine, target: Target, services: Iterable[str]) -> None:
    """Every named service exists (in the files, or among the project's containers without them)."""
    named = list(services)
    if not named:
        return
    known = target.services
    if known is None:
        known = frozenset(c.service for c in _observed(engine, target, oneoff=True))
    unknown = [s for s in named if s not in known]
    if unknown:
        hint = SERVICES_HINT if target.services is not None else ""
        raise ConfigError([Problem(f"no such service: {s}", hint=hint) for s in unknown])


def containers(
    engine: FullEngine,
    target: Target,
    services: Iterable[str] = (),
    *,
    index: int = 0,
    oneoff: bool = False,
    running: bool = False,
) -> list[ContainerInfo]:
    """The project's containers (of ``services`` when named), by service and number."""
    named = list(dict.fromkeys(services))
    check_services(engine, target, named)
    found = [c for c in _observed(engine, target, oneoff=oneoff) if not named or c.service in named]
    if index:
        found = [c for c in found if c.number == index]
    return [c for c in found if c.running] if running else found


def running_container(engine: FullEngine, target: Target, service: str, index: int = 0) -> ContainerInfo:
    """The container ``exec`` and ``attach`` use: number ``index``, else the service's first running one."""
    found = containers(engine, target, [service], index=index, running=True)
    if not found:
        suffix = f" container #{index}" if index else ""
        raise NotFoundError.at(f'service "{service}" is not running{suffix}')
    return found[0]
