"""The command group, its global flags, and the one place that turns errors into exit codes."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import click
from rich.console import Console

from compose import __version__
from compose.config import Loaded, LoadOptions, load_project
from compose.errors import PycomposeError
from compose.events import EventSink
from compose.ui.choose import make_sink
from compose.ui.errors import render_error, render_warning


@dataclass
class Globals:
    files: tuple[str, ...]
    project_name: str | None
    project_directory: str | None
    env_files: tuple[str, ...]
    profiles: tuple[str, ...]
    progress: str
    parallel: int
    out: Console
    err: Console
    dry_run: bool = False
    detailed_exit_code: bool = False

    def options(self, *, resolve_paths: bool = True, consistency: bool = True) -> LoadOptions:
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
        loaded = load_project(self.options(resolve_paths=resolve_paths, consistency=consistency))
        for warning in loaded.warnings:
            render_warning(warning, self.err)
        return loaded

    def project_name_only(self) -> str:
        """The project name, from the flag when the files may be gone (``down``, ``ps``)."""
        if self.project_name and not self.files:
            return self.project_name
        return self.load().project.name

    def engine(self) -> Any:
        from compose.engine.docker import DockerEngine

        return DockerEngine()


pass_globals = click.make_pass_decorator(Globals)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-f", "--file", "files", multiple=True, metavar="FILE", help="Compose file (repeatable).")
@click.option("-p", "--project-name", help="Project name.")
@click.option("--project-directory", help="Project directory (default: the first file's directory).")
@click.option("--env-file", "env_files", multiple=True, help="Environment file (repeatable).")
@click.option("--profile", "profiles", multiple=True, help="Profile to enable (repeatable).")
@click.option(
    "--progress",
    type=click.Choice(["auto", "tty", "plain", "json", "quiet"]),
    default="auto",
    show_default=True,
    help="How to show progress.",
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
    parallel: int,
    dry_run: bool,
    detailed_exit_code: bool,
) -> None:
    """Define and run multi-container applications from a compose.yaml."""
    no_color = bool(os.environ.get("NO_COLOR"))
    ctx.obj = Globals(
        files,
        project_name,
        project_directory,
        env_files,
        profiles,
        progress,
        parallel,
        Console(no_color=no_color, highlight=False),
        Console(stderr=True, no_color=no_color, highlight=False),
        dry_run=dry_run,
        detailed_exit_code=detailed_exit_code,
    )


@contextmanager
def event_sink(g: Globals, project: str) -> Iterator[EventSink]:
    with make_sink(g.progress, g.out, project) as sink:
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


def main(argv: list[str] | None = None) -> None:
    err = Console(stderr=True, highlight=False, no_color=bool(os.environ.get("NO_COLOR")))
    try:
        code = cli.main(args=argv, prog_name="pycompose", standalone_mode=False)
    except PycomposeError as error:
        render_error(error, err)
        sys.exit(error.exit_code)
    except click.exceptions.Abort:
        sys.exit(130)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else 0)
