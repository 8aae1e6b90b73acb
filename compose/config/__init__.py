"""Loading a project: find files, read, interpolate, merge, validate, normalize, build the model."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from compose.config import checks, discover, dotenv, merge, normalize, to_model, validate
from compose.config.files import FileLoader
from compose.errors import Location
from compose.graph import build_graph
from compose.model import Project


@dataclass(frozen=True, slots=True)
class LoadOptions:
    working_dir: str = "."
    files: tuple[str, ...] = ()
    project_name: str | None = None
    project_directory: str | None = None
    env_files: tuple[str, ...] = ()
    profiles: tuple[str, ...] = ()
    environment: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))


@dataclass(frozen=True, slots=True)
class Loaded:
    project: Project
    canonical: dict[str, Any]
    environment: Mapping[str, str]
    warnings: tuple[str, ...] = ()


def project_environment(project_dir: str, options: LoadOptions) -> dict[str, str]:
    """The variables for interpolation: the ``.env`` file(s), overridden by the shell."""
    shell = dict(options.environment)
    env_files = options.env_files or (os.path.join(project_dir, ".env"),)
    merged: dict[str, str] = {}
    for path in env_files:
        if options.env_files or os.path.isfile(path):
            merged.update(dotenv.read(path, {**merged, **shell}))
    merged.update(shell)
    return merged


def _unset_warnings(unset: dict[str, Location | None]) -> list[str]:
    return [
        f"{where}: the {name} variable is not set; using an empty string"
        if where
        else f"the {name} variable is not set; using an empty string"
        for name, where in unset.items()
    ]


def load_project(options: LoadOptions) -> Loaded:
    files = discover.find(options.working_dir, options.files, options.project_directory)
    environment = project_environment(files.project_dir, options)
    loader = FileLoader(environment)
    merged = merge.merge_all([loader.load(path) for path in files.paths])
    unset = loader.unset
    validate.check(merged.data, merged.source)
    checks.semantics(merged.data, merged.source)
    name = discover.project_name(
        flag=options.project_name,
        environment=environment,
        declared=merged.data.get("name"),
        project_dir=files.project_dir,
    )
    active = set(options.profiles) or {p for p in environment.get("COMPOSE_PROFILES", "").split(",") if p}
    disabled = checks.split_profiles(merged.data, active)
    ctx = normalize.Context(name, files.project_dir, environment, merged.source)
    canonical = normalize.canonical(merged.data, ctx)
    checks.references(canonical, merged.source, disabled)
    project = to_model.build(
        canonical,
        merged.source,
        working_dir=files.project_dir,
        config_files=files.paths,
        disabled=tuple(disabled),
    )
    build_graph(project)  # a dependency cycle is an error of the files
    return Loaded(project, canonical, environment, tuple(_unset_warnings(unset)))
