"""``config``: validate the project and print its normalized model."""

from __future__ import annotations

import click

from compose.cli.app import Globals, cli, pass_globals
from compose.config import output as config_output


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
