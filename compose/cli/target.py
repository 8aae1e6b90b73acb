"""Which project and services a stream command (``logs``, ``exec``, ``cp``...) works on.

Kept apart from the commands so that ``exec`` and ``cp`` load none of the log, event and stats views.
"""

from __future__ import annotations

import os

from compose.actions.streams import Target
from compose.cli.app import Globals
from compose.config import discover
from compose.errors import ConfigError

INDEX_HELP = "Index of the container if the service has multiple replicas."


def target(g: Globals) -> Target:
    """The project, from its files when there are any; ``-p NAME`` alone names one without them."""
    if g.project_name and not g.files:
        try:
            discover.find(os.getcwd(), project_dir=g.project_directory)
        except ConfigError:
            return Target(g.project_name)
    project = g.load().project
    return Target(project.name, frozenset(project.services))
