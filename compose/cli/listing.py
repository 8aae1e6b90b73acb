"""``ps``: the project's containers."""

from __future__ import annotations

import time
from typing import Any

import click

from compose import orchestrator
from compose.cli.app import Globals, cli, pass_globals
from compose.cli.completion import services_argument
from compose.errors import NotFoundError
from compose.model import Project
from compose.ui import ps_view

STATES = ("paused", "restarting", "removing", "running", "dead", "created", "exited")


def _statuses(status: tuple[str, ...], filters: tuple[str, ...]) -> set[str]:
    """``--status`` values and ``--filter status=...`` (the one filter Compose supports)."""
    wanted = set(status)
    for item in filters:
        key, sep, value = item.partition("=")
        if key != "status" or not sep:
            raise click.BadParameter(
                f"unsupported filter {item!r} (supported: status=STATE)", param_hint="--filter"
            )
        if value not in STATES:
            raise click.BadParameter(f"invalid status {value!r} (one of: {', '.join(STATES)})")
        wanted.add(value)
    return wanted


def _check_services(names: tuple[str, ...], found: set[str], project: Project | None) -> None:
    """Unknown services are an error, judged by the file when there is one, else by the containers."""
    if project is not None:
        found = found | set(project.services)
    unknown = [n for n in names if n not in found]
    if unknown:
        raise NotFoundError.at(f"no such service: {', '.join(unknown)}")


def _orphans(project: Project | None, infos: list[Any]) -> list[Any]:
    """``--orphans=false``: only the containers of services the file declares (all, without a file)."""
    return infos if project is None else [i for i in infos if i.service in project.services]


@cli.command()
@services_argument()
@click.option("-a", "--all", "all_states", is_flag=True, help="Show stopped containers (and run's) too.")
@click.option("-q", "--quiet", is_flag=True, help="Only container ids.")
@click.option("--services", "only_services", is_flag=True, help="Only service names.")
@click.option("--status", multiple=True, type=click.Choice(STATES), help="Only containers in this state.")
@click.option("--filter", "filters", multiple=True, metavar="status=STATE", help="Filter by a property.")
@click.option("--format", "fmt", default="table", show_default=True, help="table, json, or a template.")
@click.option("--no-trunc", is_flag=True, help="Don't truncate the command.")
@click.option("--orphans", type=bool, default=True, show_default=True, help="Include orphaned services.")
@pass_globals
def ps(g: Globals, /, services: tuple[str, ...], **flags: Any) -> None:
    """List the project's containers."""
    if flags["quiet"] and flags["only_services"]:
        raise click.UsageError("--quiet and --services cannot be combined")
    statuses = _statuses(flags["status"], flags["filters"])
    everything = flags["all_states"] or bool(statuses)
    project = None if g.project_name and not g.files else g.load().project  # loaded once, if at all
    name = project.name if project is not None else str(g.project_name)
    infos = orchestrator.ps(name, g.engine(), all_states=True, oneoff=flags["all_states"])
    _check_services(services, {i.service for i in infos}, project)
    infos = [
        i
        for i in infos
        if (everything or i.running or i.state == "paused")
        and (not statuses or i.state in statuses)
        and (not services or i.service in services)
    ]
    if not flags["orphans"]:
        infos = _orphans(project, infos)
    _print(flags, infos)


def _print(flags: dict[str, Any], infos: list[Any]) -> None:
    if flags["quiet"] or flags["only_services"]:
        for line in dict.fromkeys(i.id if flags["quiet"] else i.service for i in infos):
            click.echo(line)
        return
    now = time.time()
    if flags["fmt"] == "json":
        click.echo(ps_view.json_lines(infos, now), nl=False)
        return
    try:
        click.echo(ps_view.render(flags["fmt"], infos, now, truncate=not flags["no_trunc"]), nl=False)
    except ps_view.TemplateError as exc:
        raise click.BadParameter(str(exc), param_hint="--format") from None
