"""``run``: a one-off command on a service, in the foreground (attached to this terminal) or detached."""

from __future__ import annotations

import contextlib
import os
import shlex
import sys
from typing import Any

import click

from compose.actions import run as run_action
from compose.actions.run_args import labels, publish, volume
from compose.actions.streams_exec import environment
from compose.cli.app import Globals, cli, pass_globals
from compose.cli.converge import locked
from compose.cli.streams_term import local_connector
from compose.engine.base import ContainerSpec
from compose.errors import EngineError
from compose.model import Project


def _foreground(engine: Any, spec: ContainerSpec, remove: bool) -> int:
    """Run the one-off attached to this terminal (raw, with its size) or to these pipes; its exit code.

    Without a TTY, the signals this process gets are passed on to the container.
    """
    container_id = engine.create_container(spec)

    def forward(signal_name: str) -> None:
        with contextlib.suppress(EngineError):
            engine.kill_container(container_id, signal_name)

    connect = local_connector(stdin=spec.stdin_open, forward=None if spec.tty else forward)
    try:
        return run_action.run_attached(engine, container_id, spec, connect)
    finally:
        if remove:
            engine.remove_container(container_id, volumes=True)


def _options(
    project: Project, service: str, command: tuple[str, ...], flags: dict[str, Any]
) -> run_action.RunOptions:
    """The one-off as the flags describe it; a TTY only when both ends are terminals (and not -T, -d)."""
    entrypoint = flags["entrypoint"]
    return run_action.RunOptions(
        service=service,
        command=command,
        entrypoint=tuple(shlex.split(entrypoint)) if entrypoint is not None else None,
        environment=environment(flags["env"], os.environ),
        volumes=tuple(volume(text, project) for text in flags["volume"]),
        publish=tuple(p for text in flags["publish"] for p in publish(text)),
        service_ports=flags["service_ports"],
        use_aliases=flags["use_aliases"],
        no_deps=flags["no_deps"],
        name=flags["name"] or "",
        workdir=flags["workdir"] or "",
        user=flags["user"] or "",
        tty=not flags["no_tty"] and not flags["detach"] and sys.stdin.isatty() and sys.stdout.isatty(),
        interactive=flags["interactive"] and not flags["detach"],
        labels=labels(flags["label"]),
        build=flags["build"],
        pull=flags["pull"],
        remove_orphans=flags["remove_orphans"],
        auto_remove=flags["detach"] and flags["remove"],
    )


@cli.command(context_settings={"allow_interspersed_args": False})
@click.argument("service")
@click.argument("command", nargs=-1, type=click.UNPROCESSED)
@click.option("-d", "--detach", is_flag=True, help="Run the container in the background, print its name.")
@click.option("--rm", "remove", is_flag=True, help="Remove the container when it exits.")
@click.option("-e", "--env", multiple=True, metavar="KEY[=VAL]", help="Set an environment variable.")
@click.option("-v", "--volume", multiple=True, metavar="[SRC:]DST[:ro]", help="Mount a volume.")
@click.option("-p", "--publish", multiple=True, metavar="[IP:][HOST:]PORT", help="Publish a port.")
@click.option("--service-ports", is_flag=True, help="Publish the service's ports too.")
@click.option("--use-aliases", is_flag=True, help="Use the service's network aliases.")
@click.option("--no-deps", is_flag=True, help="Don't start the services it depends on.")
@click.option("--entrypoint", default=None, help="Override the image's entrypoint.")
@click.option("--name", default=None, help="Name the container.")
@click.option("-w", "--workdir", default=None, help="Working directory in the container.")
@click.option("-u", "--user", default=None, help="User (name or uid) to run as.")
@click.option(
    "-T", "--no-TTY", "no_tty", is_flag=True, help="No pseudo-TTY (default: one when on a terminal)."
)
@click.option("-i", "--interactive", is_flag=True, default=True, help="Keep standard input open (default).")
@click.option("-l", "--label", multiple=True, metavar="KEY=VAL", help="Add or override a label.")
@click.option("--build", is_flag=True, help="Build the image before starting the container.")
@click.option(
    "--pull", type=click.Choice(["always", "missing", "never"]), default="missing", show_default=True
)
@click.option("--quiet-pull", is_flag=True, help="Pull without printing progress.")
@click.option("--remove-orphans", is_flag=True, help="Remove containers of services not in the file.")
@pass_globals
def run(g: Globals, /, service: str, command: tuple[str, ...], **flags: Any) -> None:
    """Run a one-off command on a service (its dependencies are started first)."""
    project = g.load().project
    options = _options(project, service, command, flags)
    engine = g.engine()
    if g.dry_run:
        click.echo(run_action.dry_run(project, engine, options).render(), nl=False)
        return
    from compose.ui.choose import make_sink

    progress = "quiet" if flags["quiet_pull"] and g.progress == "auto" else g.progress
    with (
        locked(g, project.name),
        make_sink(progress, g.err, project.name) as sink,
    ):
        spec = run_action.prepare(project, engine, sink, options, parallel=g.parallel)
    if flags["detach"]:
        run_action.start_detached(engine, spec)
        click.echo(spec.name)
        return
    code = _foreground(engine, spec, flags["remove"])
    if code:
        raise click.exceptions.Exit(code)
