"""What an ``up`` leaves for the next one (``compose.memo``): a note of itself when it found nothing to do;
else a note of what the same ``up`` would find right after it, and for ``up -d --wait`` also one for the
same command line without ``--wait``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TextIO

import click

from compose import memo, orchestrator
from compose.cli.app import Globals
from compose.cli.converge import shown_again
from compose.errors import PycomposeError
from compose.events import EventSink
from compose.model import Project
from compose.plan import Plan, UpOptions


def leave(
    note: memo.Note,
    g: Globals,
    engine: Any,
    project: Project,
    options: UpOptions,
    sink: EventSink,
    plan: Plan,
    waits: list[str] | None,
) -> None:
    """Note this ``up`` for the next one: as it is, if it found nothing to do; else what the same ``up``
    would find right now, if that is nothing (with ``--wait``: and every service in ``waits`` is ready,
    so that the rerun waits for nothing; its planning alone is then noted for the same command line
    without ``--wait``, as it is the whole of that one's rerun)."""
    if not plan.operations:
        note.keep(project.name)
        return
    if getattr(engine, "wire", None) is None:  # only the SDK reaches it: its requests would spoil any note
        return
    fresh = g.engine()  # as the next run's: nothing this one learnt spares a request

    def step(check: Callable[[EventSink], bool]) -> Callable[[TextIO], bool]:
        """A part of the rerun, showing on the stream it is given what ``sink`` would show."""

        def run(stream: TextIO) -> bool:
            try:  # only a shortcut for the next run: this one has done its work, whatever happens here
                return check(shown_again(sink, stream, project.name))
            except PycomposeError:
                return False

        return run

    plan_again = step(lambda shown: orchestrator.settled(project, fresh, shown, options))
    wait_again = step(lambda shown: orchestrator.ready_now(project.name, fresh, shown, waits or ()))
    if waits is None:
        note.keep_next(project.name, [(plan_again, note.argv)])
    else:
        note.keep_next(project.name, [(plan_again, without_wait(note.argv)), (wait_again, note.argv)])


def without_wait(argv: list[str]) -> list[str] | None:
    """The same command line without ``--wait`` (and ``--wait-timeout``), if click reads it as this very
    ``up -d`` less the wait; ``None`` if it does not, or is not detached."""
    context = click.get_current_context()
    params = context.params
    if not params.get("detach") or context.command is None:
        return None
    for i, token in enumerate(argv):
        own = argv[i + 1 :]
        if token != "up" or _parsed(context.command, own) != params:
            continue
        rest = _less_wait(own)
        if rest is not None and _parsed(context.command, rest) == {
            **params,
            "wait": False,
            "wait_timeout": None,
        }:
            return [*argv[: i + 1], *rest]
    return None


def _less_wait(args: list[str]) -> list[str] | None:
    if args.count("--wait") != 1:
        return None
    rest: list[str] = []
    skip = False
    for token in args:
        if skip:
            skip = False
        elif token == "--wait-timeout":
            skip = True
        elif token != "--wait" and not token.startswith("--wait-timeout="):
            rest.append(token)
    return rest


def _parsed(command: click.Command, args: list[str]) -> dict[str, Any] | None:
    """What click makes of ``args`` for ``command`` (``None``: an error)."""
    try:
        with command.make_context(command.name or "up", list(args)) as context:
            return context.params
    except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
        return None
