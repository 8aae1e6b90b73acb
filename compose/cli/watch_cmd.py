"""``watch`` and ``up --watch``: keep the running services up to date with their files (``develop.watch``)."""

from __future__ import annotations

import dataclasses
import json
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol

import click
from rich.console import Console
from rich.text import Text

from compose import orchestrator
from compose.actions.build import BuildOptions, plan_build
from compose.actions.build import build as build_images
from compose.actions.streams_logs import LogReaders
from compose.cli.app import Globals, cli, event_sink, pass_globals
from compose.cli.converge import locked
from compose.engine.base import ContainerInfo
from compose.engine.full import FullEngine
from compose.engine.streams import LogOptions
from compose.errors import EngineError
from compose.events import Event, EventSink, LogLine
from compose.model import Project
from compose.plan import UpOptions
from compose.ui.choose import make_sink
from compose.ui.logs import LogFormatter
from compose.watch import Session, WatchEvent, WatchRule, parse, watch_line
from compose.watch.events import ServiceActing, WatchProblem
from compose.watch.exits import Exits
from compose.watch.spec import built_on_start

INTERRUPTED = 130
"""The exit code when a signal ends watching, as in Compose."""
JOIN_STEP = 0.2


class WatchPrinter:
    """Watch events as lines (JSON objects with ``--progress json``; only problems when quiet), container
    logs with their prefix, and the core's events to ``inner``. ``listeners`` see every event."""

    def __init__(
        self,
        console: Console,
        inner: EventSink,
        mode: str,
        project: str,
        prefix: bool = True,
        colour: bool = True,
    ):
        self.console = console
        self.inner = inner
        self.mode = mode
        self.prefix = prefix
        self.colour = colour
        self.logs = LogFormatter(project)
        self.listeners: list[Callable[[Event | WatchEvent], None]] = []
        self._lock = threading.Lock()

    def emit(self, event: Event | WatchEvent) -> None:
        if isinstance(event, WatchEvent):
            self._watch_event(event)
        elif isinstance(event, LogLine):
            with self._lock:
                text = self._log_text(event)
                self.console.print(text, soft_wrap=True, markup=False, highlight=False)
        else:
            self.inner.emit(event)
        for listener in self.listeners:
            listener(event)

    def _log_text(self, event: LogLine) -> str | Text:
        if not self.prefix:
            return event.text
        return self.logs.as_text(event) if self.colour else self.logs.as_plain(event)

    def _watch_event(self, event: WatchEvent) -> None:
        if self.mode == "quiet" and not isinstance(event, WatchProblem):
            return
        with self._lock:
            if self.mode == "json":
                record = {"type": type(event).__name__, **dataclasses.asdict(event)}
                self.console.file.write(json.dumps(record, ensure_ascii=False) + "\n")
                self.console.file.flush()
            else:
                self.console.print(watch_line(event), soft_wrap=True, markup=False, highlight=False)


@contextmanager
def watch_printer(
    g: Globals, project: str, *, quiet: bool = False, prefix: bool = True, colour: bool = True
) -> Iterator[WatchPrinter]:
    """Line by line while watching (the live view would fight with the lines); ``quiet`` hides builds."""
    mode = "plain" if g.progress in ("auto", "tty") else g.progress
    with make_sink("quiet" if quiet and mode == "plain" else mode, g.out, project) as inner:
        yield WatchPrinter(g.out, inner, mode, project, prefix, colour)


def until_signal(run: Callable[[threading.Event], None]) -> int:
    """Run ``run(stop)``; SIGINT or SIGTERM sets ``stop`` (a second Ctrl-C interrupts at once).

    Returns 130 when a signal ended it, else 0.
    """
    stop = threading.Event()
    caught: list[int] = []

    def on_signal(signum: int, _frame: object) -> None:
        caught.append(signum)
        stop.set()
        signal.signal(signal.SIGINT, signal.default_int_handler)

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        run(stop)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return INTERRUPTED if caught else 0


def rules(project: Project, services: tuple[str, ...]) -> tuple[WatchRule, ...]:
    """The rules to watch, checked before anything touches the engine."""
    return parse(project, services)


def _dry_run(
    g: Globals, project: Project, found: tuple[WatchRule, ...], up: UpOptions | None, builds: tuple[str, ...]
) -> None:
    """``--dry-run watch``: the builds and the ``up`` it would run first, then the rules it would follow."""
    if builds:
        click.echo(plan_build(project, BuildOptions(services=builds)).render(), nl=False)
    if up is not None:
        click.echo(orchestrator.plan_up(project, g.engine(), up).render(), nl=False)
    for rule in found:
        target = f" -> {rule.target}" if rule.target else ""
        click.echo(f"{rule.service}  would watch {rule.path}: {rule.action}{target}")
    raise click.exceptions.Exit(0)


@cli.command()
@click.argument("services", nargs=-1)
@click.option("--no-up", is_flag=True, help="Do not build and start the services before watching.")
@click.option("--prune/--no-prune", default=True, show_default=True, help="Prune dangling images on rebuild.")
@click.option("--quiet", is_flag=True, help="Hide build output.")
@pass_globals
def watch(g: Globals, /, services: tuple[str, ...], no_up: bool, prune: bool, quiet: bool) -> None:
    """Watch the services' files and update their containers when files change."""
    project = g.load().project
    order = orchestrator.check(project, services)
    found = rules(project, services)
    builds = () if no_up else built_on_start(project, order)
    if g.dry_run:
        _dry_run(g, project, found, UpOptions(services=services) if not no_up else None, builds)
    engine = g.engine()
    if not no_up:
        with (
            locked(g, project.name),
            make_sink("quiet" if quiet else g.progress, g.out, project.name) as sink,
        ):
            if builds:
                build_images(project, engine, sink, BuildOptions(services=builds), parallel=g.parallel)
            orchestrator.up(project, engine, sink, UpOptions(services=services), parallel=g.parallel)

    def run(stop: threading.Event) -> None:
        with watch_printer(g, project.name, quiet=quiet) as printer:
            session = Session(project, engine, printer, found, prune=prune, parallel=g.parallel)
            session.initial_sync()
            session.watch(stop)

    raise click.exceptions.Exit(until_signal(run))


class Attached(Protocol):
    """What ``up`` says about attaching (``lifecycle._Attach``)."""

    @property
    def services(self) -> tuple[str, ...]: ...

    @property
    def abort_on_exit(self) -> bool: ...

    @property
    def exit_code_from(self) -> str: ...

    @property
    def prefix(self) -> bool: ...

    @property
    def colour(self) -> bool: ...

    @property
    def timestamps(self) -> bool: ...

    @property
    def timeout(self) -> int | None: ...

    def attached(self, service: str) -> bool: ...


def _follow(
    engine: FullEngine, info: ContainerInfo, sink: EventSink, since: float | None, timestamps: bool = False
) -> None:
    """Follow one container's logs from ``since`` (Unix seconds; None: from the start), in a thread."""
    options = LogOptions(follow=True, since=since or None, timestamps=timestamps)

    def pump() -> None:
        try:
            for line in engine.read_logs(info.id, options):
                sink.emit(LogLine(info.service, info.name, line))
        except EngineError:
            return

    threading.Thread(target=pump, name=f"logs-{info.name}", daemon=True).start()


def _follow_again(engine: FullEngine, project: str, printer: WatchPrinter, opts: Attached) -> None:
    """After a restart or a rebuild, follow the logs of the service's containers again, those that ended
    already too: a restarted one from when it stopped, so that no line of its new run is lost and none of
    the old one is shown twice; a new one from its start."""

    def on_event(event: Event | WatchEvent) -> None:
        if not isinstance(event, ServiceActing) or event.status not in ("Restarted", "Rebuilt"):
            return
        if not opts.attached(event.service):
            return
        stopped = dict(event.stopped)
        for info in engine.observe(project).of_service(event.service):
            _follow(engine, info, printer, stopped.get(info.id), opts.timestamps)

    printer.listeners.append(on_event)


def _until_done(g: Globals, thread: threading.Thread, exits: Exits) -> None:
    """Until watching ends, Ctrl-C, or a container exits (``exits`` follows containers only with abort)."""
    try:
        while thread.is_alive():
            if exits.exited:
                first = exits.exited[0]
                g.err.print(f"{first.name} exited with code {first.exit_code}", highlight=False)
                g.err.print("Aborting on container exit...", highlight=False)
                return
            thread.join(JOIN_STEP)
    except KeyboardInterrupt:
        g.err.print("Gracefully stopping... (press Ctrl+C again to force)")
        signal.signal(signal.SIGINT, signal.SIG_DFL)


def _exit_code(project: str, engine: FullEngine, opts: Attached, exited: list[ContainerInfo]) -> int:
    """That of ``--exit-code-from``'s container, else of the first container that exited (0 without)."""
    if opts.exit_code_from:
        infos = [c for c in orchestrator.ps(project, engine) if c.service == opts.exit_code_from]
        return infos[0].exit_code if infos else 0
    return exited[0].exit_code if exited else 0


def attach_and_watch(
    g: Globals, project: Project, engine: Any, found: tuple[WatchRule, ...], opts: Attached
) -> int:
    """``up --watch``: follow the attached services' logs and watch their files until Ctrl-C (or, with
    ``--abort-on-container-exit``, until a container exits), then stop; returns the exit code."""
    stop = threading.Event()
    exits = Exits(engine, project.name)
    with watch_printer(g, project.name, prefix=opts.prefix, colour=opts.colour) as printer:
        session = Session(project, engine, printer, found, parallel=g.parallel)
        up = [c for c in orchestrator.ps(project.name, engine) if c.running and c.service in opts.services]
        running = [c for c in up if opts.attached(c.service)]
        g.out.print("Attaching to " + ", ".join(c.name for c in running), highlight=False)
        printer.logs.reserve([c.name for c in running])
        LogReaders(engine, running, LogOptions(follow=True, timestamps=opts.timestamps), printer)
        _follow_again(engine, project.name, printer, opts)
        if opts.abort_on_exit:
            printer.listeners.append(exits.on_event)
            exits.follow(up)
        session.initial_sync()
        thread = threading.Thread(target=session.watch, args=(stop,), name="watch", daemon=True)
        thread.start()
        _until_done(g, thread, exits)
        stop.set()
        thread.join()
    with event_sink(g, project.name) as sink:
        orchestrator.stop(project.name, engine, sink, timeout=opts.timeout)
    return _exit_code(project.name, engine, opts, exits.exited)
