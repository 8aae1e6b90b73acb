"""``develop.watch``: the rules of each service, read from its canonical data into frozen dataclasses."""

from __future__ import annotations

import os
import shlex
from collections.abc import Iterable, Mapping
from typing import Any, Literal, cast

from compose.engine.sync import CommandSpec
from compose.errors import ConfigError, Location, Problem
from compose.model import Project, Service, frozen_map
from compose.record import record

Action = Literal["sync", "rebuild", "restart", "sync+restart", "sync+exec"]
SYNC_ACTIONS = frozenset({"sync", "sync+restart", "sync+exec"})
NOTHING_TO_WATCH = (
    "none of the selected services is configured for watch, consider setting a 'develop' section"
)


@record
class WatchRule:
    """One ``develop.watch`` entry for one path (an entry listing several paths gives several rules)."""

    service: str
    path: str
    """Absolute, on the host."""
    action: Action
    target: str = ""
    """Where the path lands in the container (sync actions)."""
    ignore: tuple[str, ...] = ()
    """``.dockerignore``-style patterns, relative to ``path``."""
    include: tuple[str, ...] = ()
    """When given, only matching paths count; relative to ``path``."""
    initial_sync: bool = False
    exec: CommandSpec | None = None
    """What ``sync+exec`` runs in each container after syncing."""
    index: int = 0
    """The entry's position in the service's ``develop.watch`` list."""

    @property
    def syncs(self) -> bool:
        return self.action in SYNC_ACTIONS

    @property
    def restarts(self) -> bool:
        return self.action in ("restart", "sync+restart")


def _texts(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    return (str(value),) if isinstance(value, str) else tuple(str(v) for v in value)


def _environment(value: Any) -> Mapping[str, str]:
    if isinstance(value, Mapping):
        return frozen_map({str(k): "" if v is None else str(v) for k, v in value.items()})
    pairs = (str(item).partition("=") for item in value or ())
    return frozen_map({key: text for key, _, text in pairs})


def _exec(value: Any) -> CommandSpec | None:
    if not isinstance(value, Mapping):
        return None
    command = value.get("command")
    return CommandSpec(
        command=tuple(shlex.split(command)) if isinstance(command, str) else _texts(command),
        user=str(value.get("user") or ""),
        working_dir=str(value.get("working_dir") or ""),
        environment=_environment(value.get("environment")),
        privileged=bool(value.get("privileged")),
    )


def _entry_rules(service: Service, index: int, entry: Mapping[str, Any], base: str) -> list[WatchRule]:
    return [
        WatchRule(
            service=service.name,
            path=os.path.normpath(os.path.join(base, os.path.expanduser(path))),
            action=cast(Action, str(entry.get("action"))),
            target=str(entry.get("target") or ""),
            ignore=_texts(entry.get("ignore")),
            include=_texts(entry.get("include")),
            initial_sync=bool(entry.get("initial_sync")),
            exec=_exec(entry.get("exec")),
            index=index,
        )
        for path in _texts(entry.get("path"))
    ]


def _problems(service: Service, rule: WatchRule) -> list[Problem]:
    where = f"services.{service.name}.develop.watch[{rule.index}]"
    at: Location | None = service.where("develop")
    found = []
    if rule.action == "rebuild" and service.build is None:
        found.append(
            Problem(
                f"can't watch service {service.name!r} with action rebuild without a build context",
                at,
                f"{where}.action",
                "add a build section to the service, or use another action",
            )
        )
    if rule.syncs and not rule.target:
        found.append(Problem(f"target is required for action {rule.action}", at, f"{where}.target"))
    if rule.action == "sync+exec" and (rule.exec is None or not rule.exec.command):
        found.append(Problem("action sync+exec needs exec.command", at, f"{where}.exec"))
    return found


def base_directory(project: Project, service: Service) -> str:
    """The directory a service's relative watch paths start from, as Compose resolves them.

    A service that came in through ``include`` or ``extends.file`` keeps the meaning of its paths: they
    start from the directory of the file that defined its ``develop`` key (the key's location says which).
    In the project's own files (``-f`` files and overrides, wherever they are) they start from the project
    directory. A ``develop`` merged from several files takes the location of the one that won.
    """
    at = service.where("develop") if "develop" in service.key_origins else None
    if at is None or not os.path.isabs(at.file):
        return project.working_dir
    own = {os.path.normpath(f) for f in project.config_files}
    return project.working_dir if os.path.normpath(at.file) in own else os.path.dirname(at.file)


def service_rules(project: Project, service: Service) -> list[WatchRule]:
    """The service's rules, in file order (empty without ``develop.watch``); paths are made absolute."""
    develop = service.extra.get("develop") or {}
    entries = develop.get("watch") or [] if isinstance(develop, Mapping) else []
    base = base_directory(project, service)
    return [
        rule
        for index, entry in enumerate(entries)
        if isinstance(entry, Mapping)
        for rule in _entry_rules(service, index, entry, base)
    ]


def parse(project: Project, services: Iterable[str] = ()) -> tuple[WatchRule, ...]:
    """Every rule of the named services (all when none), checked; a ``ConfigError`` names each mistake.

    A service without ``develop.watch`` is left out; none left at all is an error, as in Compose.
    """
    named = list(services) or list(project.services)
    rules: list[WatchRule] = []
    problems: list[Problem] = []
    for service in (project.services[name] for name in named if name in project.services):
        found = service_rules(project, service)
        for rule in found:
            problems.extend(_problems(service, rule))
        rules.extend(found)
    if problems:
        raise ConfigError(sorted(problems, key=Problem.sort_key))
    if not rules:
        raise ConfigError.at(NOTHING_TO_WATCH)
    return tuple(rules)


def built_on_start(project: Project, services: Iterable[str]) -> tuple[str, ...]:
    """The services ``watch`` builds before its ``up``: those with ``build:`` and a ``develop`` section.

    Compose gives them the ``build`` pull policy when watching starts, whether their image exists or not,
    so that what changed while no one watched (a rebuild rule's files) is in their containers before
    watching begins; ``up`` then recreates the containers whose image changed.
    """
    found = (project.services[name] for name in services if name in project.services)
    return tuple(s.name for s in found if s.build is not None and s.extra.get("develop"))
