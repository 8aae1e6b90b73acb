"""The command group, its global flags, and the one place that turns errors into exit codes."""

from __future__ import annotations

import importlib
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import click

from compose import __version__
from compose.errors import PycomposeError

if TYPE_CHECKING:  # the loader, Rich and the engine are imported on first use: `version` starts fast
    from rich.console import Console

    from compose.config import Loaded, LoadOptions
    from compose.events import EventSink

# every command and the module that defines it, imported only when the command runs
COMMANDS = {
    "version": "compose.cli.app",
    "config": "compose.cli.config_cmd",
    "graph": "compose.cli.graph_cmd",
    "up": "compose.cli.lifecycle",
    "down": "compose.cli.lifecycle",
    "ps": "compose.cli.listing",
    **dict.fromkeys(
        ["create", "start", "stop", "restart", "kill", "rm", "pause", "unpause", "wait", "scale"],
        "compose.cli.control_cmd",
    ),
    **dict.fromkeys(["top", "port", "images", "ls", "volumes"], "compose.cli.control_list"),
    **dict.fromkeys(["pull", "push"], "compose.cli.control_pull"),
    **dict.fromkeys(["logs", "events", "stats"], "compose.cli.streams_cmd"),
    **dict.fromkeys(["exec", "attach"], "compose.cli.streams_exec_cmd"),
    "cp": "compose.cli.streams_cp_cmd",
    "run": "compose.cli.run_cmd",
    "build": "compose.cli.build_cmd",
    "watch": "compose.cli.watch_cmd",
    "dashboard": "compose.cli.dashboard_cmd",
    "completion": "compose.cli.completion_cmd",
}


ANSI_MODES = ("auto", "never", "always")
PROGRESS_MODES = ("auto", "tty", "plain", "json", "quiet")


def _console(*, stderr: bool = False, ansi: str = "auto") -> Console:
    """A console for ``--ansi`` (``always``: control sequences even off a terminal) and NO_COLOR."""
    from rich.console import Console

    no_color = bool(os.environ.get("NO_COLOR")) or ansi == "never"
    terminal = {"never": False, "always": True}.get(ansi)
    return Console(stderr=stderr, no_color=no_color, force_terminal=terminal, highlight=False)


def _check_display(progress: str, ansi: str) -> None:
    """Refuse the combinations Compose refuses."""
    if progress == "tty" and ansi == "never":
        raise click.UsageError("can't use --progress tty while ANSI support is disabled")
    if progress == "plain" and ansi == "always":
        raise click.UsageError("can't use --progress plain while ANSI support is forced")


@dataclass
class Globals:
    """The global options, shared by every command; the project and the engine are made on first use."""

    files: tuple[str, ...]
    project_name: str | None
    project_directory: str | None
    env_files: tuple[str, ...]
    profiles: tuple[str, ...]
    progress: str
    parallel: int
    dry_run: bool = False
    detailed_exit_code: bool = False
    ansi: str = "auto"

    @cached_property
    def out(self) -> Console:
        return _console(ansi=self.ansi)

    @cached_property
    def err(self) -> Console:
        """Where progress, warnings and errors go (standard error, as in Compose)."""
        return _console(stderr=True, ansi=self.ansi)

    def options(self, *, resolve_paths: bool = True, consistency: bool = True) -> LoadOptions:
        from compose.config import LoadOptions

        return LoadOptions(
            working_dir=os.getcwd(),
            files=self.files,
            project_name=self.project_name,
            project_directory=self.project_directory,
            env_files=self.env_files,
            profiles=self.profiles,
            resolve_paths=resolve_paths,
            consistency=consistency,
        )

    def load(self, *, resolve_paths: bool = True, consistency: bool = True) -> Loaded:
        from compose.config import load_project

        loaded = load_project(self.options(resolve_paths=resolve_paths, consistency=consistency))
        for warning in loaded.warnings:
            self.warn(warning)
        return loaded

    def warn(self, text: str) -> None:
        """A warning on standard error: a ``Notice`` object with ``--progress json``; none when quiet."""
        if self.progress == "json":
            from compose.events import Notice
            from compose.ui.json_sink import JsonSink

            JsonSink(self.err.file).emit(Notice(text, "warning"))
        elif self.progress != "quiet":
            from compose.ui.errors import render_warning

            render_warning(text, self.err)

    def inform(self, text: str) -> None:
        """A line on standard error: a ``Notice`` object with ``--progress json``; nothing when quiet."""
        if self.progress == "json":
            from compose.events import Notice
            from compose.ui.json_sink import JsonSink

            JsonSink(self.err.file).emit(Notice(text, "info"))
        elif self.progress != "quiet":
            self.err.print(text, highlight=False, markup=False)

    def project_name_only(self) -> str:
        """The project name, from the flag when the files may be gone (``down``, ``ps``)."""
        if self.project_name and not self.files:
            return self.project_name
        return self.load().project.name

    def engine(self) -> Any:
        from compose.engine.docker import DockerEngine

        return DockerEngine()


pass_globals = click.make_pass_decorator(Globals)
# the global flags of the running command, for reporting an error that ends it
_current: Globals | None = None


class LazyGroup(click.Group):
    """A group whose commands are imported when one is asked for (help lists them all)."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            try:
                importlib.import_module(COMMANDS[cmd_name])
            except ModuleNotFoundError as exc:
                if exc.name != COMMANDS[cmd_name]:
                    raise
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name in COMMANDS if self.get_command(ctx, name) is not None)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-f", "--file", "files", multiple=True, metavar="FILE", help="Compose file (repeatable).")
@click.option("-p", "--project-name", help="Project name.")
@click.option("--project-directory", help="Project directory (default: the first file's directory).")
@click.option("--env-file", "env_files", multiple=True, help="Environment file (repeatable).")
@click.option("--profile", "profiles", multiple=True, help="Profile to enable (repeatable).")
@click.option(
    "--progress",
    type=click.Choice(PROGRESS_MODES),
    default="auto",
    show_default=True,
    envvar="COMPOSE_PROGRESS",
    help="How to show progress (on standard error).",
)
@click.option(
    "--ansi",
    type=click.Choice(ANSI_MODES),
    default="auto",
    show_default=True,
    envvar="COMPOSE_ANSI",
    help="When to print ANSI control characters.",
)
@click.option(
    "--parallel", type=int, default=-1, show_default=True, help="Engine operations at once (-1: no limit)."
)
@click.option("--dry-run", is_flag=True, help="Print what would be done, and why; change nothing.")
@click.option(
    "--detailed-exit-code",
    is_flag=True,
    help="With --dry-run: exit 2 when something would change, 0 when nothing would.",
)
@click.version_option(__version__, "--version", "-v", prog_name="pycompose")
@click.pass_context
def cli(
    ctx: click.Context,
    files: tuple[str, ...],
    project_name: str | None,
    project_directory: str | None,
    env_files: tuple[str, ...],
    profiles: tuple[str, ...],
    progress: str,
    ansi: str,
    parallel: int,
    dry_run: bool,
    detailed_exit_code: bool,
) -> None:
    """Define and run multi-container applications from a compose.yaml."""
    global _current
    _check_display(progress, ansi)
    ctx.obj = _current = Globals(
        files,
        project_name,
        project_directory,
        env_files,
        profiles,
        progress,
        parallel,
        dry_run=dry_run,
        detailed_exit_code=detailed_exit_code,
        ansi=ansi,
    )


@contextmanager
def event_sink(g: Globals, project: str, progress: str | None = None) -> Iterator[EventSink]:
    """The renderer of ``progress`` (the ``--progress`` flag's by default) on standard error."""
    from compose.ui.choose import make_sink, plain_sink

    mode = progress or g.progress
    direct = plain_sink(mode, g.ansi, sys.stderr, project, lambda: g.err)
    if direct is not None:
        yield direct
        return
    with make_sink(mode, g.err, project) as sink:
        yield sink


@cli.command()
@click.option("--short", is_flag=True, help="Only the version number.")
@click.option(
    "-f", "--format", "fmt", type=click.Choice(["pretty", "json"]), default="pretty", show_default=True
)
def version(short: bool, fmt: str) -> None:
    """Show the pycompose version."""
    if short:
        click.echo(__version__)
    elif fmt == "json":
        click.echo(json.dumps({"version": __version__}))
    else:
        click.echo(f"pycompose version {__version__}")


def _report(error: PycomposeError, g: Globals | None) -> None:
    """The error that ends the command: a JSON object with ``--progress json``, else for people."""
    if g is not None and g.progress == "json":
        from compose.ui.json_sink import JsonSink

        JsonSink(g.err.file).error(str(error))
        return
    from compose.ui.errors import render_error

    render_error(error, g.err if g is not None else _console(stderr=True))


def main(argv: list[str] | None = None) -> None:
    global _current
    _current = None
    try:
        code = cli.main(args=argv, prog_name="pycompose", standalone_mode=False)
    except PycomposeError as error:
        _report(error, _current)
        sys.exit(error.exit_code)
    except click.exceptions.Abort:
        sys.exit(130)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else 0)
