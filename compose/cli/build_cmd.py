"""``build``: build or rebuild the services' images."""

from __future__ import annotations

import os

import click

from compose.actions.build import BuildOptions, plan_build
from compose.actions.build import build as build_images
from compose.cli.app import Globals, cli, event_sink, pass_globals
from compose.desired_build import BuildFlags
from compose.events import NullSink


def build_args(values: tuple[str, ...]) -> dict[str, str]:
    """``KEY=VAL`` as given; a bare ``KEY`` takes its value from the environment (skipped when unset)."""
    out = {}
    for value in values:
        key, sep, val = value.partition("=")
        if not key:
            raise click.BadParameter(f"expected KEY=VALUE, got {value!r}", param_hint="--build-arg")
        if sep:
            out[key] = val
        elif key in os.environ:
            out[key] = os.environ[key]
    return out


@cli.command()
@click.argument("services", nargs=-1)
@click.option("--no-cache", is_flag=True, help="Do not use the cache when building the images.")
@click.option("--pull", is_flag=True, help="Always try to pull newer versions of the base images.")
@click.option(
    "--build-arg", "build_arg", multiple=True, metavar="KEY=VAL", help="Build argument (repeatable)."
)
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@click.option("--push", is_flag=True, help="Push the images after building (not supported: use push).")
@pass_globals
def build(
    g: Globals,
    /,
    services: tuple[str, ...],
    no_cache: bool,
    pull: bool,
    build_arg: tuple[str, ...],
    **flags: bool,
) -> None:
    """Build or rebuild the services' images (tagged <project>-<service> unless image: is set)."""
    if flags["push"]:
        raise click.UsageError("build --push is not supported; run `pycompose push` after the build")
    options = BuildOptions(
        services=services, flags=BuildFlags(no_cache=no_cache, pull=pull, args=build_args(build_arg))
    )
    project = g.load().project
    if g.dry_run:
        click.echo(plan_build(project, options).render(), nl=False)
        return
    engine = g.engine()
    if flags["quiet"]:
        build_images(project, engine, NullSink(), options, parallel=g.parallel)
        return
    with event_sink(g, project.name) as sink:
        build_images(project, engine, sink, options, parallel=g.parallel)
