"""``run``: a one-off command on a service, in the foreground (attached to this terminal) or detached."""

from __future__ import annotations

import contextlib
import os
import shlex
import signal
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import click

from compose.actions import run as run_action
from compose.actions.run_args import labels, publish, volume
from compose.actions.streams_exec import environment
from compose.cli import streams_term
from compose.cli.app import Globals, cli, pass_globals
from compose.cli.converge import locked, progress, pull_option
from compose.cli.streams_term import PROXIED_SIGNALS, local_connector
from compose.config import dotenv
from compose.engine.base import ContainerSpec
from compose.errors import EngineError
from compose.model import Project


def _forwarding(forward: Callable[[str], None]) -> contextlib.AbstractContextManager[None]:
    """The signals this process gets go to the container instead (with a TTY too, as Compose does)."""
    return streams_term._handling(PROXIED_SIGNALS, lambda number, _: forward(signal.Signals(number).name))


def _foreground(engine: Any, container_id: str, spec: ContainerSpec, remove: bool) -> int:
    """Run the created one-off attached to this terminal (raw, with its size) or to these pipes; its exit
    code. The signals this process gets are passed on to the container."""

    def forward(signal_name: str) -> None:
        with contextlib.suppress(EngineError):
            engine.kill_container(container_id, signal_name)

    connect = local_connector(stdin=spec.stdin_open)
    try:
        with _forwarding(forward):
            return run_action.run_attached(engine, container_id, spec, connect)
    finally:
        if remove:
            engine.remove_container(container_id, volumes=True)


def _tty(flags: dict[str, Any]) -> bool:
    """A TTY when both ends are terminals, unless -T, -t=false or -d (-t and -T contradict each other)."""
    if flags["tty"] is not None and flags["no_tty"]:
        raise click.UsageError("--tty and --no-TTY can't be used together")
    wanted = flags["tty"] if flags["tty"] is not None else not flags["no_tty"]
    return wanted and not flags["detach"] and sys.stdin.isatty() and sys.stdout.isatty()


def env_from_files(paths: Iterable[str], environment: Mapping[str, str]) -> dict[str, str]:
    """``environment`` (``-e``'s variables), then those of each ``--env-from-file`` (read as an env file;
    ``${VAR}`` sees the variables so far) that are not set yet: ``-e`` wins, then the first file."""
    merged = dict(environment)
    for path in paths:
        for key, value in dotenv.read(path, merged).items():
            merged.setdefault(key, value)
    return merged


def _options(
    project: Project, service: str, command: tuple[str, ...], flags: dict[str, Any]
) -> run_action.RunOptions:
    """The one-off as the flags describe it; a TTY only when both ends are terminals (and not -T, -d)."""
    entrypoint = flags["entrypoint"]
    return run_action.RunOptions(
        service=service,
        command=command,
        entrypoint=tuple(shlex.split(entrypoint)) if entrypoint is not None else None,
        environment=env_from_files(flags["env_from_file"], environment(flags["env"], os.environ)),
        volumes=tuple(volume(text, project) for text in flags["volume"]),
        publish=tuple(p for text in flags["publish"] for p in publish(text)),
        service_ports=flags["service_ports"],
        use_aliases=flags["use_aliases"],
        no_deps=flags["no_deps"],
        name=flags["name"] or "",
        workdir=flags["workdir"] or "",
        user=flags["user"] or "",
        tty=_tty(flags),
        interactive=flags["interactive"] and not flags["detach"],
        labels=labels(flags["label"]),
        cap_add=flags["cap_add"],
        cap_drop=flags["cap_drop"],
        build=flags["build"],
        pull=flags["pull"],
        remove_orphans=flags["remove_orphans"],
        auto_remove=flags["detach"] and flags["remove"],
    )


# The docker CLI's boolean flags take ``=VALUE``: each spelling, and the flags meaning true and false
_SWITCHES = {
    **dict.fromkeys(("-i", "--interactive"), ("--interactive", "--no-interactive")),
    **dict.fromkeys(("-t", "--tty"), ("--tty", "--no-tty")),
    **dict.fromkeys(("-T", "--no-TTY"), ("--no-TTY", "--tty")),
}
_TRUTH = {
    **dict.fromkeys(("1", "t", "T", "true", "TRUE", "True"), True),
    **dict.fromkeys(("0", "f", "F", "false", "FALSE", "False"), False),
}


def _takes_value(arg: str, valued: set[str]) -> bool:
    """Whether the option token is followed by its value (``-e``, ``--env``, or ``-de`` ending with one)."""
    if arg in valued:
        return True
    if arg.startswith("--") or len(arg) < 3:
        return False
    return f"-{arg[-1]}" in valued and all(f"-{c}" not in valued for c in arg[1:-1])


def bool_values(args: list[str], valued: set[str]) -> list[str]:
    """``-i=false``, ``--interactive=false`` (and ``-t``, ``-T``) as flags click reads, up to the service
    name; ``valued`` are the options followed by a value."""
    out: list[str] = []
    rest = iter(args)
    for arg in rest:
        if arg == "--" or not arg.startswith("-") or arg == "-":
            return [*out, arg, *rest]
        name, sep, value = arg.partition("=")
        if sep and name in _SWITCHES:
            if value not in _TRUTH:
                raise click.BadParameter(f"invalid boolean {value!r}", param_hint=name)
            out.append(_SWITCHES[name][0 if _TRUTH[value] else 1])
            continue
        out.append(arg)
        if _takes_value(arg, valued):
            out.extend(value for value in [next(rest, None)] if value is not None)
    return out


class _RunCommand(click.Command):
    """``run``, reading ``-i=false`` as the docker CLI does."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        valued = {o for p in self.params if isinstance(p, click.Option) and not p.is_flag for o in p.opts}
        return super().parse_args(ctx, bool_values(args, valued))


@cli.command(cls=_RunCommand, context_settings={"allow_interspersed_args": False})
@click.argument("service")
@click.argument("command", nargs=-1, type=click.UNPROCESSED)
@click.option("-d", "--detach", is_flag=True, help="Run the container in the background, print its name.")
@click.option("--rm", "remove", is_flag=True, help="Remove the container when it exits.")
@click.option("-e", "--env", multiple=True, metavar="KEY[=VAL]", help="Set an environment variable.")
@click.option(
    "--env-from-file", multiple=True, metavar="FILE", help="Set environment variables from a file (-e wins)."
)
@click.option("-v", "--volume", multiple=True, metavar="[SRC:]DST[:ro]", help="Mount a volume.")
@click.option("-p", "--publish", multiple=True, metavar="[IP:][HOST:]PORT", help="Publish a port.")
@click.option("-P", "--service-ports", is_flag=True, help="Publish the service's ports too.")
@click.option("--use-aliases", is_flag=True, help="Use the service's network aliases.")
@click.option("--no-deps", is_flag=True, help="Don't start the services it depends on.")
@click.option("--entrypoint", default=None, help="Override the image's entrypoint.")
@click.option("--name", default=None, help="Name the container.")
@click.option("-w", "--workdir", default=None, help="Working directory in the container.")
@click.option("-u", "--user", default=None, help="User (name or uid) to run as.")
@click.option(
    "-T", "--no-TTY", "no_tty", is_flag=True, help="No pseudo-TTY (default: one when on a terminal)."
)
@click.option("-t", "--tty/--no-tty", "tty", default=None, hidden=True)
@click.option(
    "--interactive/--no-interactive",
    "-i",
    default=True,
    help="Keep standard input open (default; -i=false to close it).",
)
@click.option("-l", "--label", multiple=True, metavar="KEY=VAL", help="Add or override a label.")
@click.option("--cap-add", multiple=True, metavar="CAP", help="Add a Linux capability.")
@click.option("--cap-drop", multiple=True, metavar="CAP", help="Drop a Linux capability.")
@click.option("--build", is_flag=True, help="Build the image before starting the container.")
@pull_option
@click.option("-q", "--quiet", is_flag=True, help="No progress: only what the container writes.")
@click.option("--quiet-pull", is_flag=True, help="Pull without printing progress information.")
@click.option("--quiet-build", is_flag=True, help="Suppress the build output.")
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
    with locked(g, project.name):  # everything run creates, the one-off too
        quiet = {k: flags[k] for k in ("quiet", "quiet_pull", "quiet_build")}
        with progress(g, project.name, **quiet) as sink:
            spec = run_action.prepare(project, engine, sink, options, parallel=g.parallel)
        container_id = engine.create_container(spec)
        if flags["detach"]:
            engine.start_container(container_id)
    if flags["detach"]:
        click.echo(spec.name)
        return
    code = _foreground(engine, container_id, spec, flags["remove"])
    if code:
        raise click.exceptions.Exit(code)
