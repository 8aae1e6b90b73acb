"""``exec`` and ``attach``: a process in a service's running container, on this terminal."""

from __future__ import annotations

import contextlib
import os
import sys

import click

from compose.actions.streams import running_container
from compose.actions.streams_exec import ExecOptions, environment, run_attach, run_exec
from compose.cli.app import Globals, cli, pass_globals
from compose.cli.streams_term import local_connector
from compose.cli.target import INDEX_HELP, target
from compose.errors import EngineError

TRUE = ("1", "t", "true", "y", "yes", "on")
FALSE = ("0", "f", "false", "n", "no", "off")


def _terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


class DockerBoolFlags(click.Command):
    """Also takes docker's ``--flag=false`` for the boolean flags that have a ``--no-`` form
    (``--sig-proxy=false``, ``--interactive=false``); only before the first argument."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, self._normalized(args))

    def _normalized(self, args: list[str]) -> list[str]:
        options = [p for p in self.params if isinstance(p, click.Option)]
        valued = {name for p in options if not p.is_flag for name in p.opts}
        paired = {name: p.secondary_opts[0] for p in options if p.secondary_opts for name in p.opts}
        out, rest = [], list(args)
        while rest:
            arg = rest.pop(0)
            name, sep, value = arg.partition("=")
            if sep and name in paired and value.lower() in TRUE + FALSE:
                out.append(name if value.lower() in TRUE else paired[name])
                continue
            out.append(arg)
            if arg in valued and rest:
                out.append(rest.pop(0))
            elif not arg.startswith("-"):
                return out + rest
        return out


@cli.command(
    "exec",
    cls=DockerBoolFlags,
    context_settings={"allow_interspersed_args": False, "ignore_unknown_options": True},
)
@click.argument("service")
@click.argument("command", nargs=-1, required=True, type=click.UNPROCESSED)
@click.option("-d", "--detach", is_flag=True, help="Detached mode: Run command in the background.")
@click.option("-e", "--env", multiple=True, metavar="KEY=VAL", help="Set environment variables (repeatable).")
@click.option("-w", "--workdir", default="", help="Path to workdir directory for this command.")
@click.option("-u", "--user", default="", help="Run the command as this user.")
@click.option(
    "-T",
    "--no-tty",
    "--no-TTY",
    "no_tty",
    is_flag=True,
    help="Disable pseudo-TTY allocation (default: a TTY when standard input and output are terminals).",
)
@click.option("--index", type=int, default=0, help=INDEX_HELP)
@click.option("--privileged", is_flag=True, help="Give extended privileges to the process.")
@click.option("-i", "--interactive/--no-interactive", default=True, hidden=True, help="Keep STDIN open.")
@click.option("-t", "--tty", "tty_", is_flag=True, hidden=True, help="Allocate a TTY (the default: no-op).")
@pass_globals
def exec_(
    g: Globals,
    /,
    service: str,
    command: tuple[str, ...],
    detach: bool,
    env: tuple[str, ...],
    workdir: str,
    user: str,
    no_tty: bool,
    index: int,
    privileged: bool,
    interactive: bool,
    tty_: bool,
) -> None:
    """Execute a command in a running container; exits with the command's exit code."""
    options = ExecOptions(
        service=service,
        command=command,
        index=index,
        detach=detach,
        environment=environment(env, os.environ),
        workdir=workdir,
        user=user,
        privileged=privileged,
        tty=not no_tty and _terminal(),
        interactive=interactive,
    )
    code = run_exec(g.engine(), target(g), options, local_connector(stdin=interactive))
    if code:
        raise click.exceptions.Exit(code)


@cli.command(cls=DockerBoolFlags)
@click.argument("service")
@click.option("--index", type=int, default=0, help=INDEX_HELP)
@click.option("--no-stdin", is_flag=True, help="Do not attach STDIN.")
@click.option(
    "--sig-proxy/--no-sig-proxy",
    default=True,
    show_default=True,
    help="Proxy all received signals to the process (when it has no TTY); also --sig-proxy=false.",
)
@click.option("--detach-keys", default="", help="Override the key sequence for detaching from a container.")
@pass_globals
def attach(
    g: Globals, /, service: str, index: int, no_stdin: bool, sig_proxy: bool, detach_keys: str
) -> None:
    """Attach this terminal to a service's running container (its main process)."""
    engine, where = g.engine(), target(g)
    container = running_container(engine, where, service, index)

    def forward(name: str) -> None:
        with contextlib.suppress(EngineError):
            engine.kill_container(container.id, name)

    stdin = not no_stdin and sys.stdin.isatty()
    connect = local_connector(stdin=stdin, forward=forward if sig_proxy else None)
    code = run_attach(engine, container, connect, stdin=stdin, detach_keys=detach_keys)
    if code:
        raise click.exceptions.Exit(code)
