"""``pull`` and ``push``: the services' images from and to their registries."""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from typing import Any

import click

from compose.actions import control_images as images
from compose.cli.app import Globals, cli, event_sink, pass_globals
from compose.cli.completion import services_argument
from compose.events import EventSink, NullSink


def _sink(g: Globals, project: str, quiet: bool) -> AbstractContextManager[EventSink]:
    return nullcontext(NullSink()) if quiet else event_sink(g, project)


@cli.command()
@services_argument()
@click.option(
    "--ignore-pull-failures", is_flag=True, help="Pull what it can and ignore images with pull failures."
)
@click.option("--ignore-buildable", is_flag=True, help="Ignore images that can be built.")
@click.option("--include-deps", is_flag=True, help="Also pull services declared as dependencies.")
@click.option("-q", "--quiet", is_flag=True, help="Pull without printing progress information.")
@click.option(
    "--policy",
    type=click.Choice(["missing", "always"]),
    default=None,
    help="Apply this pull policy instead of the services' pull_policy.",
)
@pass_globals
def pull(g: Globals, /, services: tuple[str, ...], **flags: Any) -> None:
    """Pull service images, as their pull_policy says (without one: always)."""
    project, engine = g.load().project, g.engine()
    plan = images.plan_pull(
        project,
        engine,
        services,
        include_deps=flags["include_deps"],
        policy=flags["policy"] or "",
        ignore_buildable=flags["ignore_buildable"],
    )
    with _sink(g, project.name, flags["quiet"]) as sink:
        images.pull(plan, engine, sink, parallel=g.parallel, ignore_failures=flags["ignore_pull_failures"])


@cli.command()
@services_argument()
@click.option(
    "--ignore-push-failures", is_flag=True, help="Push what it can and ignore images with push failures."
)
@click.option("-q", "--quiet", is_flag=True, help="Push without printing progress information.")
@pass_globals
def push(g: Globals, services: tuple[str, ...], ignore_push_failures: bool, quiet: bool) -> None:
    """Push the images the services build, under their image: names."""
    project = g.load().project
    plan = images.plan_push(project, services)
    engine = g.engine()
    with _sink(g, project.name, quiet) as sink:
        images.push(plan, engine, sink, parallel=g.parallel, ignore_failures=ignore_push_failures)
