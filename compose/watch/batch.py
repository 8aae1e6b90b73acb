"""What a batch of changed paths asks of each service: files to sync, a restart, commands, a rebuild."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from compose.engine.sync import CommandSpec
from compose.record import record
from compose.watch.match import Matcher, PathMapping


@record
class ServiceWork:
    service: str
    rebuild: bool = False
    sync: tuple[PathMapping, ...] = ()
    restart: bool = False
    execs: tuple[CommandSpec, ...] = ()
    """Each ``sync+exec`` rule's command once, in rule order."""


@dataclass
class _Pending:
    rebuild: bool = False
    restart: bool = False

    def __post_init__(self) -> None:
        self.sync: dict[str, PathMapping] = {}
        self.execs: dict[int, CommandSpec] = {}


def _apply(pending: _Pending, matcher: Matcher, mapping: PathMapping, order: int) -> None:
    rule = matcher.rule
    pending.rebuild |= rule.action == "rebuild"
    pending.restart |= rule.restarts
    if rule.syncs:
        pending.sync.setdefault(mapping.container, mapping)
    if rule.exec is not None and rule.action == "sync+exec":
        pending.execs.setdefault(order, rule.exec)


def plan_batch(matchers: Sequence[Matcher], paths: Iterable[str]) -> list[ServiceWork]:
    """The work of each service some rule matched, by service name.

    A changed directory that a sync rule concerns stands for the files under it that the rule concerns.
    """
    pending: dict[str, _Pending] = {}
    for path in paths:
        for order, matcher in enumerate(matchers):
            found = matcher.mappings(path) if matcher.rule.syncs else [matcher.mapping(path)]
            for mapping in found:
                if mapping is not None:
                    _apply(pending.setdefault(matcher.rule.service, _Pending()), matcher, mapping, order)
    return [
        ServiceWork(
            service=name,
            rebuild=work.rebuild,
            sync=tuple(work.sync.values()),
            restart=work.restart,
            execs=tuple(work.execs[i] for i in sorted(work.execs)),
        )
        for name, work in sorted(pending.items())
    ]
