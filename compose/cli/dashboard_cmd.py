"""``dashboard``: a full-screen live view of a running project, steered with the keyboard."""

from __future__ import annotations

import logging
import sys
import time
from dataclasses import fields

import click
from rich.console import Console, RenderableType
from rich.live import Live

from compose.actions.dashboard_feed import DashboardFeed
from compose.actions.dashboard_state import Container, DashboardState
from compose.cli.app import Globals, cli, pass_globals
from compose.ui.dashboard_keys import command
from compose.ui.dashboard_terminal import KeyReader, cbreak
from compose.ui.dashboard_view import ContainerRow, DashboardView, LogView, ServiceRow, render

FRAME_SECONDS = 0.1
"""At most this often a redraw (stats of many containers arrive all the time)."""
IDLE_SECONDS = 1.0
"""A redraw at least this often, even when nothing was reported."""
LOG_LINES_SHOWN = 200


def _row(container: Container) -> ContainerRow:
    """The container's row: the view's fields, copied (the state changes under the feed's lock)."""
    return ContainerRow(**{f.name: getattr(container, f.name) for f in fields(ContainerRow)})


def view_of(state: DashboardState) -> DashboardView:
    """What the screen shows of the feed's state."""
    services = tuple(
        ServiceRow(name, tuple(_row(c) for c in state.of_service(name)), busy=name in state.busy)
        for name in state.services
    )
    lines = list(state.logs.get(state.selected_service, ()))[-LOG_LINES_SHOWN:]
    return DashboardView(
        project=state.project,
        services=services,
        selected=state.selected,
        mode=state.mode,
        logs=tuple(LogView(entry.container, entry.text) for entry in lines),
        message=state.message,
    )


def on_key(feed: DashboardFeed, key: str) -> None:
    wanted = command(key)
    if wanted is not None:
        feed.handle(wanted)


def run(feed: DashboardFeed, console: Console, fd: int) -> None:
    """Draw the feed's state full-screen until ``q``; redrawn when the state changes, and every second."""

    def screen() -> RenderableType:
        return render(feed.read(view_of), height=console.size.height)

    live = Live(console=console, screen=True, auto_refresh=False, get_renderable=screen)
    with cbreak(fd), live, KeyReader(fd, lambda key: on_key(feed, key)):
        live.refresh()  # the first frame at once
        while not feed.closed:
            feed.changed.wait(IDLE_SECONDS)
            feed.changed.clear()
            live.refresh()
            time.sleep(FRAME_SECONDS)


def _project(g: Globals) -> tuple[str, list[str]]:
    """The project's name and its services; with ``-p`` alone no file is read (services from labels)."""
    if g.project_name and not g.files:
        return g.project_name, []
    project = g.load().project
    return project.name, list(project.services)


@cli.command()
@click.option("-t", "--timeout", type=int, help="Seconds a restarted container gets to stop.")
@pass_globals
def dashboard(g: Globals, timeout: int | None) -> None:
    """A full-screen live view of the project: services, health, ports, CPU, memory and logs.

    Keys: up/down or j/k select a service, r restarts it, l shows its log (l or Esc back), q quits.
    """
    if not (sys.stdin.isatty() and g.out.is_terminal):
        raise click.UsageError("dashboard needs a terminal (standard input and output)")
    name, services = _project(g)
    engine = g.engine()
    # streams beyond the HTTP pool's size would be reported on standard error, over the screen
    logging.getLogger("urllib3").setLevel(logging.ERROR)
    feed = DashboardFeed(engine, name, services=services, stop_timeout=timeout)
    feed.start()
    run(feed, g.out, sys.stdin.fileno())
