"""``up`` and ``down``, and following logs in the foreground."""

from __future__ import annotations

import os
import signal
import threading
import time
from typing import Any

import click

from compose import memo, orchestrator
from compose.cli import up_note
from compose.cli.app import Globals, cli, event_sink, pass_globals
from compose.cli.completion import services_argument
from compose.cli.converge import (
    check_exclusive,
    creation_options,
    dry_run,
    locked,
    parse_scale,
    progress,
    replayable,
)
from compose.config import discover
from compose.engine.base import ContainerInfo
from compose.errors import ConfigError
from compose.plan import UpOptions
from compose.record import record


@record(kw_only=False)
class _Attach:
    """Which services' logs ``up`` shows, and when it stops."""

    services: tuple[str, ...]
    attach: tuple[str, ...]
    no_attach: tuple[str, ...]
    abort_on_exit: bool
    exit_code_from: str
    prefix: bool
    timeout: int | None
    unattached: tuple[str, ...] = ()
    """Services with ``attach: false``: not followed unless ``--attach`` names them."""
    shown: tuple[str, ...] = ()
    """Whose logs are followed without ``--attach`` (default: ``services``): those named on the
    command line, and their dependencies only with ``--attach-dependencies``, as in Compose."""
    colour: bool = True
    """Coloured prefixes (not with ``--no-color``)."""
    timestamps: bool = False
    """Each line begins with the time the engine received it (``--timestamps``)."""
    since: float = 0.0
    """When this ``up`` began: logs are shown from then on, also of a container that already exited."""

    def attached(self, service: str) -> bool:
        if self.attach:
            named = service in self.attach
        else:
            named = service in (self.shown or self.services) and service not in self.unattached
        return named and service not in self.no_attach


DRAIN_SECONDS = 5.0  # how long the logs of stopped containers may take to be shown to their end

# flags of ``up`` that contradict each other, besides the creation flags' pairs
_UP_EXCLUSIVE = (
    ("detach", "abort_on_container_exit"),
    ("detach", "exit_code_from"),
    ("wait", "abort_on_container_exit"),
    ("detach", "watch"),
    ("no_build", "watch"),
    ("renew_anon_volumes", "no_recreate"),
)


@cli.command()
@services_argument()
@click.option("-d", "--detach", is_flag=True, help="Run containers in the background.")
@creation_options
@click.option("--always-recreate-deps", is_flag=True, help="Recreate dependent containers.")
@click.option("--no-deps", is_flag=True, help="Don't start linked services.")
@click.option("--no-start", is_flag=True, help="Don't start the services after creating them.")
@click.option("--wait", is_flag=True, help="Wait for services to be running|healthy. Implies detached mode.")
@click.option("--wait-timeout", type=int, default=None, help="Maximum duration to wait, in seconds.")
@click.option("-t", "--timeout", type=int, default=None, help="Shutdown timeout in seconds.")
@click.option("--abort-on-container-exit", is_flag=True, help="Stop all containers if any container stops.")
@click.option("--exit-code-from", default="", metavar="SERVICE", help="Return this service's exit code.")
@click.option("--attach", multiple=True, metavar="SERVICE", help="Restrict attaching to these services.")
@click.option("--no-attach", multiple=True, metavar="SERVICE", help="Don't attach to these services.")
@click.option("--attach-dependencies", is_flag=True, help="Also follow the logs of the dependencies.")
@click.option("--no-log-prefix", is_flag=True, help="Don't print a prefix in logs.")
@click.option("--no-color", is_flag=True, help="Produce monochrome output.")
@click.option("--timestamps", is_flag=True, help="Show timestamps.")
@click.option(
    "-V",
    "--renew-anon-volumes",
    is_flag=True,
    help="Recreate anonymous volumes instead of retrieving data from the previous containers.",
)
@click.option("--quiet-build", is_flag=True, help="Suppress the build output.")
@click.option("-w", "--watch", is_flag=True, help="Watch files (develop.watch) and update the services.")
@pass_globals
def up(g: Globals, /, services: tuple[str, ...], **flags: Any) -> None:
    """Create and start containers."""
    check_exclusive(flags, _UP_EXCLUSIVE)
    options = UpOptions(
        build=flags["build"],
        no_build=flags["no_build"],
        pull=flags["pull"],
        force_recreate=flags["force_recreate"],
        no_recreate=flags["no_recreate"],
        renew_anon_volumes=flags["renew_anon_volumes"],
        always_recreate_deps=flags["always_recreate_deps"],
        no_deps=flags["no_deps"],
        no_start=flags["no_start"],
        remove_orphans=flags["remove_orphans"],
        scale=parse_scale(flags["scale"]),
        services=services,
    )
    detached = flags["detach"] or flags["wait"] or options.no_start
    with memo.noting(detached and not g.dry_run and not flags["watch"]) as note:
        project = g.load().project
        order = orchestrator.check(project, services, no_deps=options.no_deps)
        watching = _watch_rules(project, services) if flags["watch"] else ()
        engine = g.engine()
        if g.dry_run:
            dry_run(g, orchestrator.plan_up(project, engine, options))
        quiet = {"quiet_pull": flags["quiet_pull"], "quiet_build": flags["quiet_build"]}
        started = time.time()
        waited = note.spoil if note else None
        if note:
            note.mark()
        with locked(g, project.name, waited):
            with progress(g, project.name, **quiet) as sink:
                plan = orchestrator.up(
                    project, engine, sink, options, parallel=g.parallel, timeout=flags["timeout"]
                )
                if flags["wait"] and not options.no_start:
                    orchestrator.wait_services(project.name, engine, sink, order, flags["wait_timeout"])
            if note and replayable(sink) and orchestrator.timeless(project):
                waits = order if flags["wait"] and not options.no_start else None
                up_note.leave(note, g, engine, project, options, sink, plan, waits)
    if detached:
        return
    exit_from = flags["exit_code_from"]
    attach = _Attach(
        tuple(order),
        flags["attach"],
        flags["no_attach"],
        flags["abort_on_container_exit"] or bool(exit_from),
        exit_from,
        not flags["no_log_prefix"],
        flags["timeout"],
        tuple(name for name in order if not project.services[name].attach),
        () if not services or flags["attach_dependencies"] else tuple(s for s in order if s in services),
        not flags["no_color"],
        flags["timestamps"],
        started,
    )
    if watching:
        from compose.cli import watch_cmd  # watchfiles and the watch machinery only for --watch

        code = watch_cmd.attach_and_watch(g, project, engine, watching, attach)
    else:
        code = _attach(g, project.name, engine, attach)
    if code:
        raise click.exceptions.Exit(code)


def _watch_rules(project: Any, services: tuple[str, ...]) -> tuple[Any, ...]:
    from compose.cli import watch_cmd

    return tuple(watch_cmd.rules(project, services))


def _watch_exits(engine: Any, containers: list[ContainerInfo], exited: list[ContainerInfo]) -> None:
    """Append each container to ``exited`` when it stops (watching the engine's events)."""
    for info in containers:

        def watch(info: ContainerInfo = info) -> None:
            exited.append(engine.wait_for(info.id, "exited"))

        threading.Thread(target=watch, name=f"exit-{info.name}", daemon=True).start()


def _attach(g: Globals, project: str, engine: Any, opts: _Attach) -> int:
    """Stream the attached containers' logs until they stop; Ctrl-C (or an exit, with abort) stops them all.

    Returns the exit code: that of ``--exit-code-from``'s container, or of the first to exit with abort.
    """
    containers = [
        c
        for c in orchestrator.ps(project, engine)
        if c.service in opts.services and (c.running or (opts.since and c.finished_at >= opts.since))
    ]
    attached = [c for c in containers if opts.attached(c.service)]
    from compose.actions.streams_logs import LogReaders  # the log machinery and Rich only when attached
    from compose.engine.streams import LogOptions
    from compose.ui.log_print import LogPrinter

    g.out.print("Attaching to " + ", ".join(c.name for c in attached), highlight=False)
    printer = LogPrinter(g.out, project, prefix=opts.prefix, colour=opts.colour)
    printer.formatter.reserve([c.name for c in attached])
    options = LogOptions(follow=True, timestamps=opts.timestamps, since=opts.since or None)
    readers = LogReaders(engine, attached, options, printer)
    exited: list[ContainerInfo] = []
    if opts.abort_on_exit:
        _watch_exits(engine, containers, exited)
    try:
        while readers.running() or (opts.abort_on_exit and containers):
            if opts.abort_on_exit and exited:
                g.err.print(f"{exited[0].name} exited with code {exited[0].exit_code}", highlight=False)
                g.err.print("Aborting on container exit...", highlight=False)
                break
            time.sleep(0.1)
    except KeyboardInterrupt:
        g.err.print("Gracefully stopping... (press Ctrl+C again to force)")
        signal.signal(signal.SIGINT, signal.SIG_DFL)
    with event_sink(g, project) as sink:
        orchestrator.stop(project, engine, sink, timeout=opts.timeout)
    readers.drain(DRAIN_SECONDS)
    if opts.exit_code_from:
        infos = [c for c in orchestrator.ps(project, engine) if c.service == opts.exit_code_from]
        return infos[0].exit_code if infos else 0
    return exited[0].exit_code if exited else 0


def _has_file(g: Globals) -> bool:
    """Whether a compose file is found from here (``-p NAME down`` works from labels alone without one)."""
    try:
        discover.find(os.getcwd(), project_dir=g.project_directory)
    except ConfigError:
        return False
    return True


@cli.command()
@click.option("-v", "--volumes", is_flag=True, help="Also remove named volumes and anonymous volumes.")
@click.option("--remove-orphans", is_flag=True, help="Remove containers of services not in the file.")
@click.option(
    "--rmi", type=click.Choice(["local", "all"]), default=None, help="Remove images used by services."
)
@click.option("-t", "--timeout", type=int, default=None, help="Shutdown timeout in seconds.")
@pass_globals
def down(g: Globals, volumes: bool, remove_orphans: bool, rmi: str | None, timeout: int | None) -> None:
    """Stop and remove containers and networks (and volumes with -v)."""
    project = g.load().project if g.files or not g.project_name or _has_file(g) else None
    name = project.name if project else str(g.project_name)
    engine = g.engine()
    options = orchestrator.DownOptions(volumes, remove_orphans, timeout, rmi or "")  # type: ignore[arg-type]
    if g.dry_run:
        dry_run(g, orchestrator.plan_down(name, engine, options, project))
    with locked(g, name), event_sink(g, name) as sink:
        orchestrator.down(name, engine, sink, options, project, parallel=g.parallel)
