"""``ps``: the project's containers."""

from __future__ import annotations

import json
from typing import Any

import click

from compose import labels, orchestrator
from compose.cli.app import Globals, cli, pass_globals
from compose.ui.table import columns


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
    infos = orchestrator.ps(g.project_name_only(), g.engine(), all_states=all_states, oneoff=all_states)
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
        (i.name, i.labels.get(labels.IMAGE, ""), i.service, _status(i), ", ".join(i.ports)) for i in infos
    ]
    click.echo(columns(table))
