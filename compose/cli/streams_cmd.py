"""``logs``, ``events`` and ``stats``: what the project's containers say and use."""

from __future__ import annotations

import time

import click

from compose.actions.streams import check_services, containers
from compose.actions.streams_events import project_events
from compose.actions.streams_follow import follow_logs
from compose.actions.streams_logs import LogReaders
from compose.actions.streams_stats import ContainerStats, StatsFeed, read_once
from compose.actions.streams_time import parse_time
from compose.cli.app import Globals, cli, pass_globals
from compose.cli.target import INDEX_HELP, target
from compose.engine.streams import LogOptions
from compose.ui.choose import live_view_fits
from compose.ui.events_view import event_json, event_line
from compose.ui.log_print import LogPrinter
from compose.ui.stats_view import check_template, live_stats, stats_json, stats_text
from compose.ui.template import TemplateError

TIME_HELP = "(e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)"
STATS_PERIOD = 1.0
FORMAT_HELP = (
    "Format output using a custom template: 'table' (the default columns), 'table TEMPLATE' (a table of "
    "the fields named), 'json' (one JSON object a line) or 'TEMPLATE' (e.g. '{{.Name}}\\t{{.CPUPerc}}'; "
    "fields: Container, Name, ID, CPUPerc, MemUsage, MemPerc, NetIO, BlockIO, PIDs)."
)


def when(value: str, flag: str, now: float) -> float | None:
    if not value:
        return None
    try:
        return parse_time(value, now)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint=flag) from None


def _tail(value: str) -> str:
    """``all`` or a number of lines (a negative number means all, as in docker)."""
    if value == "all" or value.lstrip("-").isdigit():
        return "all" if value.startswith("-") else value
    raise click.BadParameter(f"expected a number of lines or 'all', got {value!r}", param_hint="--tail")


@cli.command()
@click.argument("services", nargs=-1)
@click.option("-f", "--follow", is_flag=True, help="Follow log output.")
@click.option(
    "-n", "--tail", default="all", show_default=True, help="Lines to show from the end of each log."
)
@click.option("--since", default="", help=f"Show logs since timestamp {TIME_HELP}.")
@click.option("--until", default="", help=f"Show logs before a timestamp {TIME_HELP}.")
@click.option("-t", "--timestamps", is_flag=True, help="Show timestamps.")
@click.option("--no-color", is_flag=True, help="Produce monochrome output.")
@click.option("--no-log-prefix", is_flag=True, help="Don't print prefix in logs.")
@click.option("--index", type=int, default=0, help=INDEX_HELP)
@pass_globals
def logs(
    g: Globals,
    /,
    services: tuple[str, ...],
    follow: bool,
    tail: str,
    since: str,
    until: str,
    timestamps: bool,
    no_color: bool,
    no_log_prefix: bool,
    index: int,
) -> None:
    """View output from containers (with -f also those that start later, until none runs)."""
    now = time.time()
    options = LogOptions(
        follow=follow,
        tail=_tail(tail),
        since=when(since, "--since", now),
        until=when(until, "--until", now),
        timestamps=timestamps,
    )
    engine, where = g.engine(), target(g)
    found = containers(engine, where, services, index=index)
    printer = LogPrinter(g.out, where.project, prefix=not no_log_prefix, colour=not no_color)
    printer.formatter.reserve([c.name for c in found])
    readers = LogReaders(engine, found, options, printer)
    if follow:
        follow_logs(readers, where.project, found, options, services=services, index=index, began=now)
    try:
        readers.wait()
    except KeyboardInterrupt:
        printer.close()


@cli.command()
@click.argument("services", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Output events as a stream of json objects.")
@click.option("--since", default="", help=f"Show all events created since timestamp {TIME_HELP}.")
@click.option("--until", default="", help=f"Stream events until this timestamp {TIME_HELP}.")
@pass_globals
def events(g: Globals, /, services: tuple[str, ...], as_json: bool, since: str, until: str) -> None:
    """Receive real time events from the project's containers."""
    now = time.time()
    start, end = when(since, "--since", now), when(until, "--until", now)
    engine, where = g.engine(), target(g)
    check_services(engine, where, services)
    try:
        for event in project_events(engine, where.project, services, since=start, until=end):
            click.echo(event_json(event) if as_json else event_line(event))
    except KeyboardInterrupt:
        return


@cli.command()
@click.argument("services", nargs=-1)
@click.option(
    "-a", "--all", "all_states", is_flag=True, help="Show all containers (default shows just running)."
)
@click.option("--format", "fmt", default="table", show_default=True, help=FORMAT_HELP)
@click.option("--no-stream", is_flag=True, help="Disable streaming stats and only pull the first result.")
@click.option("--no-trunc", is_flag=True, help="Do not truncate output.")
@pass_globals
def stats(
    g: Globals, /, services: tuple[str, ...], all_states: bool, fmt: str, no_stream: bool, no_trunc: bool
) -> None:
    """Display a live stream of the containers' resource usage statistics."""
    if fmt != "json":
        try:
            check_template(fmt)
        except TemplateError as exc:
            raise click.BadParameter(str(exc), param_hint="--format") from None
    began = time.time()
    engine, where = g.engine(), target(g)
    found = containers(engine, where, services, running=not all_states)
    if no_stream:
        text = _stats_output(read_once(engine, found), fmt, no_trunc)
        if text:
            click.echo(text)
        return
    feed = StatsFeed(engine, found, keep_stopped=all_states)
    feed.watch(where.project, services, since=began)
    try:
        _stream_stats(g, feed, fmt, no_trunc)
    except KeyboardInterrupt:
        return


def _stats_output(rows: list[ContainerStats], fmt: str, no_trunc: bool) -> str:
    if fmt == "json":
        return "\n".join(stats_json(row, no_trunc=no_trunc) for row in rows)
    return stats_text(rows, no_trunc=no_trunc, template=fmt)


def _stream_stats(g: Globals, feed: StatsFeed, fmt: str, no_trunc: bool) -> None:
    """Until Ctrl-C: redrawn in place on a terminal, else printed again every second (a table then a blank
    line, or lines)."""

    def text() -> str:
        return _stats_output(feed.rows(), fmt, no_trunc)

    table = fmt.startswith("table")
    if fmt != "json" and live_view_fits(g.out):
        with live_stats(g.out, text, header=table):
            while True:
                time.sleep(STATS_PERIOD)
    while True:
        time.sleep(STATS_PERIOD)
        shown = text()
        if shown or table:
            click.echo(shown + "\n" if table else shown)
