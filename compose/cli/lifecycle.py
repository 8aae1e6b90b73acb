"""``up`` and ``down``, and following logs in the foreground."""

from __future__ import annotations

import signal
import threading
from typing import Any

import click
from rich.console import Console

from compose import orchestrator
from compose.cli.app import Globals, cli, event_sink, pass_globals
from compose.events import Event, LogLine
from compose.plan import UpOptions
from compose.ui.logs import LogFormatter


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
    with event_sink(g, project.name) as sink:
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
        with event_sink(g, project) as sink:
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
    with event_sink(g, name) as sink:
        orchestrator.down(name, engine, sink, options, project, parallel=g.parallel)
