"""``graph``: the services' dependency graph, as a tree or as dot / mermaid text."""

from __future__ import annotations

import click

from compose.cli.app import Globals, cli, pass_globals
from compose.graph import build_graph, dependencies
from compose.ui import graph_view


@cli.command()
@click.option(
    "--format", "fmt", type=click.Choice(["tree", "dot", "mermaid"]), default="tree", show_default=True
)
@pass_globals
def graph(g: Globals, /, fmt: str) -> None:
    """Show which service needs which, with the condition of each dependency."""
    project = g.load().project
    deps = dependencies(build_graph(project))
    if fmt == "tree":
        g.out.print(graph_view.tree(deps, project.name))
        return
    render = graph_view.dot if fmt == "dot" else graph_view.mermaid
    click.echo(render(deps, project.name), nl=False)
