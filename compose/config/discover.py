"""Which files make the project, where it lives and what it is called."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping

from compose.errors import ConfigError
from compose.reads import is_file
from compose.record import record

DEFAULT_FILES = ("compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml")
OVERRIDES = {
    "compose.yaml": ("compose.override.yaml", "compose.override.yml"),
    "compose.yml": ("compose.override.yml", "compose.override.yaml"),
    "docker-compose.yml": ("docker-compose.override.yml", "docker-compose.override.yaml"),
    "docker-compose.yaml": ("docker-compose.override.yaml", "docker-compose.override.yml"),
}
_VALID_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


@record(kw_only=False)
class Files:
    """The compose files to load, and the project directory they give."""

    paths: tuple[str, ...]
    project_dir: str


def find(working_dir: str, explicit: tuple[str, ...] = (), project_dir: str | None = None) -> Files:
    """The compose files to load: ``-f`` files, else the first default name in ``working_dir`` or above."""
    if explicit:
        paths = tuple(p if p == "-" else os.path.abspath(os.path.join(working_dir, p)) for p in explicit)
        first = next((p for p in paths if p != "-"), None)
        base = project_dir or (os.path.dirname(first) if first else working_dir)
        return Files(paths, os.path.abspath(base))
    searched: list[str] = []
    directory = os.path.abspath(working_dir)
    while True:
        searched.append(directory)
        for name in DEFAULT_FILES:
            candidate = os.path.join(directory, name)
            if is_file(candidate):
                overrides = [os.path.join(directory, o) for o in OVERRIDES[name]]
                extra = next((o for o in overrides if is_file(o)), None)
                paths = (candidate, extra) if extra else (candidate,)
                return Files(paths, os.path.abspath(project_dir or directory))
        parent = os.path.dirname(directory)
        if parent == directory:
            break
        directory = parent
    raise ConfigError.at(
        f"no compose file found: looked for {', '.join(DEFAULT_FILES)} in {searched[0]} and its parents",
        hint="create a compose.yaml, or name one with -f FILE",
    )


def from_environment(environment: Mapping[str, str]) -> tuple[str, ...]:
    """``COMPOSE_FILE``, split on ``COMPOSE_PATH_SEPARATOR`` (default ``:``)."""
    value = environment.get("COMPOSE_FILE", "")
    separator = environment.get("COMPOSE_PATH_SEPARATOR") or os.pathsep
    return tuple(part for part in value.split(separator) if part)


def normalize_name(raw: str) -> str:
    """A directory name made into a project name as Compose does: lowercase, only [a-z0-9_-]."""
    name = re.sub(r"[^a-z0-9_-]", "", raw.lower())
    return name.lstrip("_-")


def check_name(name: str, origin: str) -> str:
    if not _VALID_NAME.match(name):
        raise ConfigError.at(
            f"invalid project name {name!r} (from {origin})",
            hint="a project name has only lowercase letters, digits, dashes and underscores, "
            "and starts with a letter or digit",
        )
    return name


def project_name(*, flag: str | None, environment: dict[str, str], declared: object, project_dir: str) -> str:
    """``-p``, then ``COMPOSE_PROJECT_NAME``, then the top-level ``name:``, then the directory."""
    if flag:
        return check_name(flag, "-p")
    if environment.get("COMPOSE_PROJECT_NAME"):
        return check_name(environment["COMPOSE_PROJECT_NAME"], "COMPOSE_PROJECT_NAME")
    if isinstance(declared, str) and declared:
        return check_name(normalize_name(declared) or declared, "the top-level name:")
    name = normalize_name(os.path.basename(os.path.abspath(project_dir)))
    return check_name(name or "default", f"the directory {project_dir}")
