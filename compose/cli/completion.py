"""Shell completion of service names, read from the project the command line points at."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from click.shell_completion import CompletionItem

F = TypeVar("F", bound=Callable[..., Any])


def _root_params(ctx: click.Context) -> dict[str, Any]:
    return ctx.find_root().params


def service_names(ctx: click.Context) -> list[str]:
    """The project's services (profiles included), or none when the files cannot be loaded."""
    from compose.config import LoadOptions, load_project
    from compose.errors import PycomposeError

    params = _root_params(ctx)
    options = LoadOptions(
        working_dir=os.getcwd(),
        files=tuple(params.get("files") or ()),
        project_name=params.get("project_name"),
        project_directory=params.get("project_directory"),
        env_files=tuple(params.get("env_files") or ()),
        profiles=tuple(params.get("profiles") or ()),
        consistency=False,
    )
    try:
        project = load_project(options).project
    except (PycomposeError, OSError):
        return []
    return sorted({*project.services, *project.disabled_services})


def complete_services(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    from click.shell_completion import CompletionItem  # only when a shell asks

    taken = set(ctx.params.get(param.name or "", ()) or ())
    return [
        CompletionItem(name)
        for name in service_names(ctx)
        if name.startswith(incomplete) and name not in taken
    ]


def services_argument(*, required: bool = False) -> Callable[[F], F]:
    """``SERVICE...``, completed from the project."""
    return click.argument("services", nargs=-1, required=required, shell_complete=complete_services)


def service_argument() -> Callable[[F], F]:
    """One ``SERVICE``, completed from the project."""
    return click.argument("service", shell_complete=complete_services)
