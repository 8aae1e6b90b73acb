"""Which project a container-control command works on."""

from __future__ import annotations

import os

from compose.actions.control import Scope
from compose.cli.app import Globals
from compose.config import discover
from compose.errors import ConfigError


def scope(g: Globals, services: tuple[str, ...] = ()) -> Scope:
    """The project from its file; with ``-p NAME`` and no file to be found, from its containers' labels."""
    if g.project_name and not g.files and not os.environ.get("COMPOSE_FILE"):
        try:
            discover.find(os.getcwd(), project_dir=g.project_directory)
        except ConfigError:
            return Scope(g.project_name, None, services)
    project = g.load().project
    return Scope(project.name, project, services)
