"""``cp``: copy files and folders between a service's containers and here."""

from __future__ import annotations

import sys

import click

from compose.actions.streams_cp import CopyOptions, copy
from compose.cli.app import Globals, cli, event_sink, pass_globals
from compose.cli.target import INDEX_HELP, target


@cli.command(
    options_metavar="[OPTIONS]",
    short_help="Copy files/folders between a service container and the local filesystem.",
)
@click.argument("source", metavar="SERVICE:SRC_PATH|SRC_PATH|-")
@click.argument("destination", metavar="DEST_PATH|-|SERVICE:DEST_PATH")
@click.option("--all", "all_", is_flag=True, help="Include containers created by the run command.")
@click.option("-a", "--archive", is_flag=True, help="Archive mode (copy all uid/gid information).")
@click.option("-L", "--follow-link", is_flag=True, help="Always follow symbol link in SRC_PATH.")
@click.option("--index", type=int, default=0, help=INDEX_HELP)
@pass_globals
def cp(
    g: Globals, /, source: str, destination: str, all_: bool, archive: bool, follow_link: bool, index: int
) -> None:
    """Copy files/folders between a service container and the local filesystem.

    \b
    pycompose cp [OPTIONS] SERVICE:SRC_PATH DEST_PATH|-
    pycompose cp [OPTIONS] SRC_PATH|- SERVICE:DEST_PATH

    Into a service, the copy goes to each of its containers (one with --index); out of a service, it
    comes from its first container. `-` is a tar archive on standard output or input.
    """
    options = CopyOptions(archive=archive, follow_link=follow_link, index=index, all=all_)
    where = target(g)
    streams = (sys.stdin.buffer, sys.stdout.buffer)
    with event_sink(g, where.project) as sink:
        copy(g.engine(), where, source, destination, options, sink, streams)
