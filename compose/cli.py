"""The command line: parses arguments, picks the engine and the output, renders errors. The only exit."""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

import click
from rich.console import Console

from compose import __version__, labels, orchestrator
from compose.config import Loaded, LoadOptions, load_project
from compose.config import output as config_output
from compose.errors import PycomposeError
from compose.events import Event, EventSink, LogLine
from compose.plan import UpOptions
from compose.ui.choose import make_sink
from compose.ui.errors import render_error, render_warning
from compose.ui.logs import LogFormatter
from compose.ui.table import columns

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class Globals:
    files: tuple[str, ...]
    project_name: str | None
    project_directory: str | None
    env_files: tuple[str, ...]
    profiles: tuple[str, ...]
    progress: str
    parallel: int
    out: Console
    err: Console

    def load(self) -> Loaded:
        loaded = load_project(
            LoadOptions(
                working_dir=os.getcwd(),
                files=self.files,
                project_name=self.project_name,
                project_directory=self.project_directory,
                env_files=self.env_files,
                profiles=self.profiles,
            )
        )
        for warning in loaded.warnings:
            render_warning(warning, self.err)
        return loaded

    def project_name_only(self) -> str:
        """The project name, from the flag when the files may be gone (``down``, ``ps``)."""
        if self.project_name and not self.files:
            return self.project_name
        return self.load().project.name

    def engine(self) -> Any:
        from compose.engine.docker import DockerEngine

        return DockerEngine()


pass_globals = click.make_pass_decorator(Globals)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-f", "--file", "files", multiple=True, metavar="FILE", help="Compose file (repeatable).")
@click.option("-p", "--project-name", help="Project name.")
@click.option("--project-directory", help="Project directory (default: the first file's directory).")
@click.option("--env-file", "env_files", multiple=True, help="Environment file (repeatable).")
@click.option("--profile", "profiles", multiple=True, help="Profile to enable (repeatable).")
@click.option(
    "--progress",
    type=click.Choice(["auto", "tty", "plain", "json", "quiet"]),
    default="auto",
    show_default=True,
    help="How to show progress.",
)
@click.option("--parallel", type=int, default=8, show_default=True, help="Engine operations at once.")
@click.version_option(__version__, "--version", "-v", prog_name="pycompose")
@click.pass_context
def cli(
    ctx: click.Context,
    files: tuple[str, ...],
    project_name: str | None,
    project_directory: str | None,
    env_files: tuple[str, ...],
    profiles: tuple[str, ...],
    progress: str,
    parallel: int,
) -> None:
    """Define and run multi-container applications from a compose.yaml."""
    no_color = bool(os.environ.get("NO_COLOR"))
    ctx.obj = Globals(
        files,
        project_name,
        project_directory,
        env_files,
        profiles,
        progress,
        parallel,
        Console(no_color=no_color, highlight=False),
        Console(stderr=True, no_color=no_color, highlight=False),
    )


@contextmanager
def _sink(g: Globals, project: str) -> Iterator[EventSink]:
    with make_sink(g.progress, g.out, project) as sink:
        yield sink


@cli.command()
@click.option("-d", "--detach", is_flag=True, help="Run containers in the background.")
@click.option("--build", is_flag=True, help="Build images before starting containers.")
@click.option("--force-recreate", is_flag=True, help="Recreate containers even if nothing changed.")
@click.option("--no-recreate", is_flag=True, help="Keep existing containers even if they changed.")
@click.option("-t", "--timeout", type=int, default=None, help="Shutdown timeout in seconds (Ctrl-C).")
@pass_globals
def up(
    g: Globals, detach: bool, build: bool, force_recreate: bool, no_recreate: bool, timeout: int | None
) -> None:
    """Create and start containers."""
    if force_recreate and no_recreate:
        raise click.UsageError("--force-recreate and --no-recreate cannot be combined")
    project = g.load().project
    orchestrator.check(project)
    engine = g.engine()
    with _sink(g, project.name) as sink:
        orchestrator.up(
            project, engine, sink, UpOptions(build, force_recreate, no_recreate), parallel=g.parallel
        )
    if not detach:
        _attach(g, project.name, engine, timeout)


class _LogPrinter:
    def __init__(self, console: Console, project: str) -> None:
        self.console = console
        self.formatter = LogFormatter(project)
        self.lock = threading.Lock()

    def emit(self, event: Event) -> None:
        if isinstance(event, LogLine):
            with self.lock:
                self.console.print(self.formatter.as_text(event), soft_wrap=True)


def _attach(g: Globals, project: str, engine: Any, timeout: int | None) -> None:
    """Stream every container's logs until they all stop; Ctrl-C stops them."""
    containers = [c for c in orchestrator.ps(project, engine) if c.running]
    g.out.print("Attaching to " + ", ".join(c.name for c in containers), highlight=False)
    printer = _LogPrinter(g.out, project)
    printer.formatter.reserve([c.name for c in containers])
    threads = orchestrator.follow_logs(engine, containers, printer)
    try:
        while any(t.is_alive() for t in threads):
            for thread in threads:
                thread.join(timeout=0.2)
    except KeyboardInterrupt:
        g.err.print("Gracefully stopping... (press Ctrl+C again to force)")
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        with _sink(g, project) as sink:
            orchestrator.stop(project, engine, sink, timeout=timeout)


@cli.command()
@click.option("-v", "--volumes", is_flag=True, help="Also remove named volumes and anonymous volumes.")
@click.option("--remove-orphans", is_flag=True, help="Remove containers of services not in the file.")
@click.option("-t", "--timeout", type=int, default=None, help="Shutdown timeout in seconds.")
@pass_globals
def down(g: Globals, volumes: bool, remove_orphans: bool, timeout: int | None) -> None:
    """Stop and remove containers and networks (and volumes with -v)."""
    project = None
    if g.files or not g.project_name:
        project = g.load().project
    name = project.name if project else str(g.project_name)
    engine = g.engine()
    options = orchestrator.DownOptions(volumes=volumes, remove_orphans=remove_orphans, timeout=timeout)
    with _sink(g, name) as sink:
        orchestrator.down(name, engine, sink, options, project, parallel=g.parallel)


def _status(info: Any) -> str:
    text = info.state
    if info.state == "exited":
        text = f"exited ({info.exit_code})"
    return f"{text} ({info.health})" if info.health else text


@cli.command()
@click.option("-a", "--all", "all_states", is_flag=True, help="Show stopped containers too.")
@click.option("-q", "--quiet", is_flag=True, help="Only container ids.")
@click.option("--services", is_flag=True, help="Only service names.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@pass_globals
def ps(g: Globals, all_states: bool, quiet: bool, services: bool, fmt: str) -> None:
    """List the project's containers."""
    infos = orchestrator.ps(g.project_name_only(), g.engine(), all_states=all_states)
    if quiet or services:
        for line in dict.fromkeys(i.id if quiet else i.service for i in infos):
            g.out.print(line, highlight=False)
        return
    if fmt == "json":
        rows = [
            {
                "Name": i.name,
                "Service": i.service,
                "State": i.state,
                "Health": i.health,
                "ExitCode": i.exit_code,
                "Image": i.labels.get(labels.IMAGE, ""),
                "Ports": ", ".join(i.ports),
            }
            for i in infos
        ]
        click.echo(json.dumps(rows))
        return
    table: list[tuple[str, ...]] = [("NAME", "IMAGE", "SERVICE", "STATUS", "PORTS")]
    table += [
        (i.name, i.labels.get(labels.IMAGE, ""), i.service, _status(i), ", ".join(i.ports))
        for i in infos
    ]
    click.echo(columns(table))


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["yaml", "json"]), default="yaml", show_default=True)
@click.option("-q", "--quiet", is_flag=True, help="Only validate; print nothing.")
@click.option("--services", is_flag=True, help="Print the service names, one per line.")
@click.option("--volumes", is_flag=True, help="Print the volume names, one per line.")
@click.option("--networks", is_flag=True, help="Print the network names, one per line.")
@pass_globals
def config(g: Globals, fmt: str, quiet: bool, services: bool, volumes: bool, networks: bool) -> None:
    """Validate the project and print its normalized model."""
    loaded = g.load()
    if quiet:
        return
    for flag, items in (
        (services, loaded.project.services),
        (volumes, loaded.project.volumes),
        (networks, loaded.project.networks),
    ):
        if flag:
            click.echo("\n".join(items) + ("\n" if items else ""), nl=False)
            return
    render = config_output.to_json if fmt == "json" else config_output.to_yaml
    click.echo(render(loaded.canonical), nl=False)


@cli.command()
@click.option("--short", is_flag=True, help="Only the version number.")
def version(short: bool) -> None:
    """Show the pycompose version."""
    click.echo(__version__ if short else f"pycompose version {__version__}")


def main(argv: list[str] | None = None) -> None:
    err = Console(stderr=True, highlight=False, no_color=bool(os.environ.get("NO_COLOR")))
    try:
        cli.main(args=argv, prog_name="pycompose", standalone_mode=False)
    except PycomposeError as error:
        render_error(error, err)
        sys.exit(error.exit_code)
    except click.exceptions.Abort:
        sys.exit(130)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    sys.exit(0)


if __name__ == "__main__":
    main()
