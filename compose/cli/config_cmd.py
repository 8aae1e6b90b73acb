"""``config``: validate the project and print its normalized model (or parts of it)."""

from __future__ import annotations

import os
from collections.abc import Callable

import click

from compose.cli.app import Globals, cli, pass_globals
from compose.config import Loaded, load_uninterpolated
from compose.config import output as config_output
from compose.config.variables import collect
from compose.ui.table import columns


def _lines(items: object) -> str:
    return "".join(f"{item}\n" for item in items)  # type: ignore[attr-defined]


def _variables(g: Globals, loaded: Loaded) -> str:
    raw = load_uninterpolated(g.options())
    rows = [("NAME", "REQUIRED", "DEFAULT VALUE", "ALTERNATE VALUE")]
    rows += [(v.name, str(v.required).lower(), v.default or "", v.alternate or "") for v in collect(raw)]
    return columns(rows) + "\n"


def _hashes(loaded: Loaded, which: str) -> str:
    services = loaded.project.services
    names = list(services) if which == "*" else [n.strip() for n in which.split(",")]
    unknown = [n for n in names if n not in services]
    if unknown:
        raise click.UsageError(f"no such service: {', '.join(unknown)}")
    return _lines(f"{name} {services[name].config_hash}" for name in names)


def _listing(g: Globals, loaded: Loaded, flags: dict[str, bool]) -> str | None:
    project = loaded.project
    listings: dict[str, Callable[[], str]] = {
        "services": lambda: _lines(project.services),
        "volumes": lambda: _lines(project.volumes),
        "networks": lambda: _lines(project.networks),
        "profiles": lambda: _lines(loaded.profiles),
        "images": lambda: _lines(s.image_name(project.name) for s in project.services.values()),
        "environment": lambda: _lines(f"{k}={v}" for k, v in sorted(loaded.environment.items())),
        "variables": lambda: _variables(g, loaded),
    }
    chosen = [name for name, on in flags.items() if on]
    if len(chosen) > 1:
        raise click.UsageError("choose one of --" + ", --".join(chosen))
    return listings[chosen[0]]() if chosen else None


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["yaml", "json"]), default="yaml", show_default=True)
@click.option("-q", "--quiet", is_flag=True, help="Only validate; print nothing.")
@click.option("--services", is_flag=True, help="Print the service names, one per line.")
@click.option("--volumes", is_flag=True, help="Print the volume names, one per line.")
@click.option("--networks", is_flag=True, help="Print the network names, one per line.")
@click.option("--profiles", is_flag=True, help="Print the profiles the services declare.")
@click.option("--images", is_flag=True, help="Print the image of each service.")
@click.option("--environment", is_flag=True, help="Print the variables used for interpolation.")
@click.option("--variables", is_flag=True, help="Print the variables the files use, with their defaults.")
@click.option(
    "--hash", "hash_of", metavar="SERVICES", help='Print the configuration hash of services ("*" for all).'
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file instead of stdout.")
@click.option(
    "--no-interpolate", is_flag=True, help="Keep ${VARIABLES} as written (prints the merged files)."
)
@click.option("--no-normalize", is_flag=True, help="Print the merged files without normalizing them.")
@click.option("--no-path-resolution", is_flag=True, help="Keep relative paths relative.")
@click.option("--no-consistency", is_flag=True, help="Skip the checks of references between resources.")
@pass_globals
def config(
    g: Globals,
    /,
    fmt: str,
    quiet: bool,
    hash_of: str | None,
    output: str | None,
    no_interpolate: bool,
    no_normalize: bool,
    no_path_resolution: bool,
    no_consistency: bool,
    **flags: bool,
) -> None:
    """Validate the project and print its normalized model."""
    render = config_output.to_json if fmt == "json" else config_output.to_yaml
    if no_interpolate:
        text = render(load_uninterpolated(g.options()), escape=False)
    else:
        loaded = g.load(resolve_paths=not no_path_resolution, consistency=not no_consistency)
        listing = _hashes(loaded, hash_of) if hash_of else _listing(g, loaded, flags)
        text = listing if listing is not None else render(loaded.merged if no_normalize else loaded.canonical)
    if quiet:
        return
    if output:
        with open(os.path.abspath(output), "w", encoding="utf-8") as handle:
            handle.write(text)
        return
    click.echo(text, nl=False)
