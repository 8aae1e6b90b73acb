"""``exec`` and ``attach``: a process in a running container, wired to the local terminal or pipes."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import field

from compose.actions.streams import Target, running_container
from compose.engine.base import ContainerInfo
from compose.engine.full import FullEngine
from compose.engine.streams import ExecSpec, Session
from compose.model import frozen_map
from compose.record import record

Resize = Callable[[int, int], None]
"""Tell the engine the local terminal's size: rows, columns."""
Connect = Callable[[Session, Resize], None]
"""The local side: copies between the session and the terminal (or pipes) until the session ends."""

EXIT_WAIT = 10.0
EXIT_POLL = 0.05
ATTACH_EXIT_WAIT = 2.0


@record
class ExecOptions:
    service: str
    command: tuple[str, ...]
    index: int = 0
    detach: bool = False
    environment: Mapping[str, str] = field(default_factory=frozen_map)
    workdir: str = ""
    user: str = ""
    privileged: bool = False
    tty: bool = False
    interactive: bool = True


def environment(values: Iterable[str], lookup: Mapping[str, str]) -> dict[str, str]:
    """``-e KEY=VALUE`` as given; ``-e KEY`` takes KEY's value from ``lookup`` (dropped when unset)."""
    env = {}
    for value in values:
        key, sep, text = value.partition("=")
        if sep:
            env[key] = text
        elif key in lookup:
            env[key] = lookup[key]
    return env


def _exit_code(engine: FullEngine, exec_id: str, timeout: float) -> int:
    """The process's exit code once the engine has it (it may lag behind the end of the output)."""
    deadline = time.monotonic() + timeout
    while (code := engine.exec_exit_code(exec_id)) is None and time.monotonic() < deadline:
        time.sleep(EXIT_POLL)
    return code or 0


def run_exec(
    engine: FullEngine,
    target: Target,
    options: ExecOptions,
    connect: Connect,
    *,
    exit_wait: float = EXIT_WAIT,
) -> int:
    """Run the command in the service's container; returns its exit code (0 at once with ``detach``)."""
    container = running_container(engine, target, options.service, options.index)
    spec = ExecSpec(
        command=options.command,
        environment=options.environment,
        workdir=options.workdir,
        user=options.user,
        privileged=options.privileged,
        tty=options.tty and not options.detach,
        stdin=options.interactive and not options.detach,
    )
    exec_id = engine.exec_create(container.id, spec)
    if options.detach:
        engine.exec_detached(exec_id)
        return 0
    session = engine.exec_start(exec_id, tty=spec.tty)
    try:
        connect(session, lambda rows, columns: engine.exec_resize(exec_id, rows, columns))
    finally:
        session.close()
    return _exit_code(engine, exec_id, exit_wait)


def run_attach(
    engine: FullEngine,
    container: ContainerInfo,
    connect: Connect,
    *,
    stdin: bool,
    detach_keys: str = "",
    exit_wait: float = ATTACH_EXIT_WAIT,
) -> int:
    """Follow the main process until it ends (its exit code) or the user detaches (0)."""
    session = engine.attach(container.id, stdin=stdin, detach_keys=detach_keys)
    try:
        connect(session, lambda rows, columns: engine.resize(container.id, rows, columns))
    finally:
        session.close()
    info = engine.wait_for(container.id, "exited", exit_wait)
    return 0 if info.running else info.exit_code
