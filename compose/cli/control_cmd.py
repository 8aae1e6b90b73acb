"""The everyday commands that change containers: create, start, stop, restart, kill, rm, pause, unpause,
scale, wait. The read-only ones are in ``control_list``, pull and push in ``control_pull``."""

from __future__ import annotations

import sys
from typing import Any

import click

from compose import orchestrator
from compose.actions import control, control_query
from compose.actions.control import Scope
from compose.actions.control_remove import plan_rm
from compose.actions.control_start import plan_restart, plan_start, plan_stop
from compose.cli.app import Globals, cli, event_sink, pass_globals
from compose.cli.completion import services_argument
from compose.cli.control_scope import scope
from compose.cli.converge import check_exclusive, creation_options, dry_run, locked, parse_scale, progress
from compose.engine.base import ContainerInfo
from compose.plan import Plan, UpOptions

TIMEOUT_HELP = "Specify a shutdown timeout in seconds."


def _apply(g: Globals, target: Scope, engine: Any, plan: Plan, **options: Any) -> None:
    """Print the plan with --dry-run, else carry it out with progress."""
    if g.dry_run:
        dry_run(g, plan)
    with event_sink(g, target.name) as sink:
        control.carry_out(plan, engine, sink, parallel=g.parallel, **options)


@cli.command()
@services_argument()
@creation_options
@pass_globals
def create(g: Globals, /, services: tuple[str, ...], scale: tuple[str, ...], **flags: Any) -> None:
    """Create containers for services (without starting them); nothing here asks, so -y changes nothing."""
    check_exclusive(flags)
    quiet_pull = flags.pop("quiet_pull")
    flags.pop("yes")
    options = UpOptions(**flags, scale=parse_scale(scale), services=services, no_start=True)
    _up(g, options, quiet_pull=quiet_pull)


def _up(g: Globals, options: UpOptions, *, quiet_pull: bool = False) -> None:
    project = g.load().project
    orchestrator.check(project, options.services, no_deps=options.no_deps)
    engine = g.engine()
    if g.dry_run:
        dry_run(g, orchestrator.plan_up(project, engine, options))
    with locked(g, project.name), progress(g, project.name, quiet_pull=quiet_pull) as sink:
        orchestrator.up(project, engine, sink, options, parallel=g.parallel)


@cli.command(name="scale")
@click.argument("replicas", nargs=-1, required=True, metavar="SERVICE=REPLICAS...")
@click.option("--no-deps", is_flag=True, help="Don't start linked services.")
@pass_globals
def scale_cmd(g: Globals, replicas: tuple[str, ...], no_deps: bool) -> None:
    """Scale services: create or remove containers so each runs the number asked for."""
    wanted: dict[str, int] = {}
    for value in replicas:
        name, sep, number = value.partition("=")
        if not name or not sep or not number.isdigit():
            raise click.BadParameter(
                f"expected SERVICE=REPLICAS, got {value!r}", param_hint="SERVICE=REPLICAS"
            )
        wanted[name] = int(number)
    _up(g, UpOptions(scale=wanted, services=tuple(wanted), no_deps=no_deps))


@cli.command()
@services_argument()
@pass_globals
def start(g: Globals, services: tuple[str, ...]) -> None:
    """Start existing containers (and those of their dependencies)."""
    target, engine = scope(g, services), g.engine()
    _apply(g, target, engine, plan_start(target, engine.observe(target.name)))


@cli.command()
@services_argument()
@click.option("-t", "--timeout", type=int, default=None, help=TIMEOUT_HELP)
@pass_globals
def stop(g: Globals, services: tuple[str, ...], timeout: int | None) -> None:
    """Stop running containers without removing them (dependents first)."""
    target, engine = scope(g, services), g.engine()
    _apply(g, target, engine, plan_stop(target, engine.observe(target.name)), timeout=timeout)


@cli.command()
@services_argument()
@click.option("-t", "--timeout", type=int, default=None, help=TIMEOUT_HELP)
@click.option("--no-deps", is_flag=True, help="Don't restart dependent services.")
@pass_globals
def restart(g: Globals, services: tuple[str, ...], timeout: int | None, no_deps: bool) -> None:
    """Restart containers (and those that depend on them with restart: true)."""
    target, engine = scope(g, services), g.engine()
    plan = plan_restart(target, engine.observe(target.name), no_deps=no_deps)
    _apply(g, target, engine, plan, timeout=timeout)


@cli.command()
@services_argument()
@click.option("-s", "--signal", default="SIGKILL", show_default=True, help="SIGNAL to send to the container.")
@click.option("--remove-orphans", is_flag=True, help="Remove containers of services not in the file.")
@pass_globals
def kill(g: Globals, services: tuple[str, ...], signal: str, remove_orphans: bool) -> None:
    """Force stop containers."""
    target, engine = scope(g, services), g.engine()
    plan = control.plan_kill(
        target, engine.observe(target.name), signal=signal, remove_orphans=remove_orphans
    )
    if not any(op.action == "kill" for op in plan.operations):
        g.err.print("no container to kill", highlight=False)
    _apply(g, target, engine, plan, signal=signal)


@cli.command()
@services_argument()
@pass_globals
def pause(g: Globals, services: tuple[str, ...]) -> None:
    """Pause the services' running containers."""
    target, engine = scope(g, services), g.engine()
    _apply(g, target, engine, control.plan_pause(target, engine.observe(target.name)))


@cli.command()
@services_argument()
@pass_globals
def unpause(g: Globals, services: tuple[str, ...]) -> None:
    """Unpause the services' paused containers."""
    target, engine = scope(g, services), g.engine()
    _apply(g, target, engine, control.plan_unpause(target, engine.observe(target.name)))


def confirmed(message: str) -> bool:
    """Ask on standard output; read the answer from standard input (no answer, as without a TTY, is no)."""
    click.echo(message)
    click.echo("Are you sure? [yN] ", nl=False)
    answer = sys.stdin.readline()
    if not answer.endswith("\n"):
        click.echo()
    return answer.strip().lower() in ("y", "yes", "true")


@cli.command()
@services_argument()
@click.option("-f", "--force", is_flag=True, help="Don't ask to confirm removal.")
@click.option(
    "-s", "--stop", "stop_first", is_flag=True, help="Stop the containers, if required, before removing."
)
@click.option("-v", "--volumes", is_flag=True, help="Remove any anonymous volumes attached to containers.")
@pass_globals
def rm(g: Globals, services: tuple[str, ...], force: bool, stop_first: bool, volumes: bool) -> None:
    """Remove stopped service containers (asks first, unless -f)."""
    target, engine = scope(g, services), g.engine()
    plan = plan_rm(target, engine.observe(target.name), stop=stop_first, volumes=volumes)
    names = [
        op.resource.name
        for op in plan.operations
        if op.resource.kind == "container" and op.action == "remove"
    ]
    if not names:
        g.err.print("No stopped containers", highlight=False)
        return
    if g.dry_run:
        dry_run(g, plan)
    message = f"Going to remove {', '.join(names)}"
    if force:
        click.echo(message)
    elif not confirmed(message):
        return
    _apply(g, target, engine, plan)


@cli.command()
@services_argument(required=True)
@click.option("--down-project", is_flag=True, help="Drop the project once the containers have stopped.")
@pass_globals
def wait(g: Globals, services: tuple[str, ...], down_project: bool) -> None:
    """Block until the services' containers stop; print their exit codes, exit with the last one's."""
    target, engine = scope(g, services), g.engine()

    def exited(info: ContainerInfo) -> None:
        click.echo(f'container "{info.name}" exited with status code {info.exit_code}')

    code = control_query.wait(target, engine, exited)
    if down_project:
        options = orchestrator.DownOptions(remove_orphans=True)
        with locked(g, target.name), event_sink(g, target.name) as sink:
            orchestrator.down(target.name, engine, sink, options, target.project, parallel=g.parallel)
    if code:
        raise click.exceptions.Exit(code)
