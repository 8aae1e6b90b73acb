"""The commands that show what runs: top, port, images, ls, volumes."""

from __future__ import annotations

import json

import click

from compose.actions import control_query as query
from compose.cli.app import Globals, cli, pass_globals
from compose.cli.completion import service_argument, services_argument
from compose.cli.control_scope import scope
from compose.ui.table import columns

FORMAT = click.Choice(["table", "json"])
SIZE_UNITS = ("B", "kB", "MB", "GB", "TB", "PB")
SHORT_ID = 12


def human_size(size: float) -> str:
    """Bytes in decimal units with three significant digits, as the docker CLI shows them (``4.26MB``)."""
    unit = 0
    while size >= 1000 and unit < len(SIZE_UNITS) - 1:
        size /= 1000
        unit += 1
    return f"{size:.3g}{SIZE_UNITS[unit]}"


def _bare(image_id: str) -> str:
    return image_id.partition(":")[2] or image_id


@cli.command()
@services_argument()
@pass_globals
def top(g: Globals, services: tuple[str, ...]) -> None:
    """Display the running processes of each container."""
    for container, processes in query.top(scope(g, services), g.engine()):
        click.echo(container.name)
        click.echo(columns([processes.titles, *processes.rows]))
        click.echo()


@cli.command()
@service_argument()
@click.argument("private_port", type=click.IntRange(1, 65535), metavar="PRIVATE_PORT")
@click.option("--index", type=int, default=0, help="Index of the container if service has multiple replicas.")
@click.option("--protocol", type=click.Choice(["tcp", "udp"]), default="tcp", show_default=True)
@pass_globals
def port(g: Globals, service: str, private_port: int, index: int, protocol: str) -> None:
    """Print the public port for a port binding (HOST:PORT)."""
    target = scope(g, (service,))
    click.echo(query.port(target, g.engine(), service, private_port, protocol=protocol, index=index))


@cli.command()
@services_argument()
@click.option("--format", "fmt", type=FORMAT, default="table", show_default=True, help="Format the output.")
@click.option("-q", "--quiet", is_flag=True, help="Only display IDs.")
@pass_globals
def images(g: Globals, services: tuple[str, ...], fmt: str, quiet: bool) -> None:
    """List images used by the created containers."""
    rows = query.images(scope(g, services), g.engine())
    if quiet:
        for image_id in dict.fromkeys(_bare(r.image.id) for r in rows):
            click.echo(image_id)
    elif fmt == "json":
        platform = [f"{r.image.os}/{r.image.architecture}" if r.image.os else "" for r in rows]
        found = [
            {
                "ID": r.image.id,
                "ContainerName": r.container,
                "Repository": r.repository,
                "Tag": r.tag,
                "Platform": p,
                "Size": r.image.size,
                "Created": r.image.created,
            }
            for r, p in zip(rows, platform, strict=True)
        ]
        click.echo(json.dumps(found))
    else:
        table = [("CONTAINER", "REPOSITORY", "TAG", "IMAGE ID", "SIZE")]
        table += [
            (
                r.container,
                r.repository or "<none>",
                r.tag or "<none>",
                _bare(r.image.id)[:SHORT_ID],
                human_size(r.image.size),
            )
            for r in rows
        ]
        click.echo(columns(table))


def _name_filters(values: tuple[str, ...]) -> tuple[str, ...]:
    names = []
    for value in values:
        key, sep, name = value.partition("=")
        if key != "name" or not sep:
            raise click.BadParameter(
                f"invalid filter {value!r} (ls accepts name=NAME)", param_hint="--filter"
            )
        names.append(name)
    return tuple(names)


@cli.command()
@click.option("-a", "--all", "all_states", is_flag=True, help="Show all stopped Compose projects.")
@click.option("-q", "--quiet", is_flag=True, help="Only display project names.")
@click.option("--format", "fmt", type=FORMAT, default="table", show_default=True, help="Format the output.")
@click.option(
    "--filter", "filters", multiple=True, metavar="name=NAME", help="Filter output by project name."
)
@pass_globals
def ls(g: Globals, all_states: bool, quiet: bool, fmt: str, filters: tuple[str, ...]) -> None:
    """List running compose projects (every one the engine has, found by its containers' labels)."""
    projects = query.list_projects(g.engine(), all_states=all_states, names=_name_filters(filters))
    if quiet:
        for p in projects:
            click.echo(p.name)
    elif fmt == "json":
        found = [{"Name": p.name, "Status": p.status, "ConfigFiles": p.config_files} for p in projects]
        click.echo(json.dumps(found))
    else:
        click.echo(
            columns(
                [("NAME", "STATUS", "CONFIG FILES"), *((p.name, p.status, p.config_files) for p in projects)]
            )
        )


@cli.command()
@services_argument()
@click.option("--format", "fmt", type=FORMAT, default="table", show_default=True, help="Format the output.")
@click.option("-q", "--quiet", is_flag=True, help="Only display volume names.")
@pass_globals
def volumes(g: Globals, services: tuple[str, ...], fmt: str, quiet: bool) -> None:
    """List the project's volumes (those the services' running containers mount, with services named)."""
    found = query.volumes(scope(g, services), g.engine())
    if quiet:
        for v in found:
            click.echo(v.name)
    elif fmt == "json":
        for v in found:
            labels = ",".join(f"{k}={val}" for k, val in sorted(v.labels.items()))
            row = {"Driver": v.driver, "Labels": labels, "Mountpoint": v.mountpoint, "Name": v.name}
            row.update({"Scope": v.scope, **dict.fromkeys(NOT_AVAILABLE, "N/A")})
            click.echo(json.dumps(row, sort_keys=True))
    else:
        click.echo(columns([("DRIVER", "VOLUME NAME"), *((v.driver, v.name) for v in found)]))


NOT_AVAILABLE = ("Availability", "Group", "Links", "Size", "Status")
"""Fields the docker CLI prints for a volume that only cluster volumes or ``system df`` fill in."""
